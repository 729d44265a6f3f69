/**
 * `/spikeloop/episode` events: one std_msgs/String holding JSON
 * `{scenario, seed, episode, event: 'start'|'end', outcome?, return?, metrics?}`. Non-finite
 * numbers (a NaN `time_to_goal_s`) are written as null, and every non-ASCII character as a
 * `\uXXXX` escape (ROS strings are bytes; the CDR writer needs ASCII).
 */

export interface EpisodeEvent {
  readonly scenario: string;
  readonly seed: number;
  /** Index of the episode in this recording/run, from 0. */
  readonly episode: number;
  readonly event: 'start' | 'end';
  /** 'terminated' | 'truncated' | 'error' (end only). */
  readonly outcome?: string;
  readonly return?: number;
  readonly metrics?: Readonly<Record<string, number>>;
}

/** The JSON text of an event (ASCII only). */
export function episodeEventJson(e: EpisodeEvent): string {
  const json = JSON.stringify(e, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Parses an event back (metrics that were NaN come back as null). */
export function parseEpisodeEvent(text: string): EpisodeEvent {
  const e = JSON.parse(text) as EpisodeEvent;
  if (typeof e !== 'object' || e === null || (e.event !== 'start' && e.event !== 'end') || typeof e.scenario !== 'string') {
    throw new RangeError(`parseEpisodeEvent: not an episode event: ${text.length > 80 ? `${text.slice(0, 77)}…` : text}`);
  }
  return e;
}
