/**
 * Episode announcements of a simulator on `spikeloop/episode` (std_msgs/String holding JSON, the
 * recordings' format — bridges/recording/episodeEvent.ts — with the final reward and step count),
 * so that a controller node on the other side of ROS can reset its state with the episode's
 * seed — exactly what the direct loop does — and let a learning controller take the final
 * reward. A real robot never sends them.
 */
import type { EpisodeEvent as RecordedEpisodeEvent } from '../../recording/episodeEvent.js';
import { episodeEventJson, parseEpisodeEvent as parseRecordedEvent } from '../../recording/episodeEvent.js';

export const EPISODE_TOPIC = 'spikeloop/episode';

export interface EpisodeStart {
  readonly event: 'start';
  readonly scenario: string;
  readonly episode: number;
  readonly seed: number;
}

export interface EpisodeEnd {
  readonly event: 'end';
  readonly scenario: string;
  readonly episode: number;
  readonly seed: number;
  readonly outcome: 'terminated' | 'truncated' | 'error';
  /** The last control step's reward (the controller's `finish` takes it). */
  readonly reward: number;
  readonly return: number;
  readonly steps: number;
  readonly metrics: Readonly<Record<string, number | null>>;
}

export type EpisodeEvent = EpisodeStart | EpisodeEnd;

/** The JSON text of an event (ASCII, NaN metrics as null). */
export function episodeEventText(e: EpisodeEvent): string {
  return episodeEventJson(e as unknown as RecordedEpisodeEvent);
}

/** The event in a message's text, or a RangeError saying what is wrong with it. */
export function parseEpisodeEvent(text: string): EpisodeEvent {
  let o: { event?: unknown; seed?: unknown; reward?: unknown };
  try {
    o = parseRecordedEvent(text);
  } catch (e) {
    throw new RangeError(`${EPISODE_TOPIC}: ${e instanceof SyntaxError ? `expected JSON, got ${JSON.stringify(text.slice(0, 80))}` : (e as Error).message}`);
  }
  if (!Number.isSafeInteger(o.seed) || (o.seed as number) < 0) throw new RangeError(`${EPISODE_TOPIC}: expected 'seed' as an integer ≥ 0, got ${JSON.stringify(o.seed)}`);
  if (o.event === 'end' && typeof o.reward !== 'number') throw new RangeError(`${EPISODE_TOPIC}: an 'end' event needs a numeric 'reward'`);
  return o as unknown as EpisodeEvent;
}
