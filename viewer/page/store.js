// @ts-check
/**
 * The page's memory of the stream: per topic, the messages in arrival order with their times
 * (seconds, as a Float64Array for binary search). Live and replay fill the same store; what is
 * drawn is always "the state at the play-head time t": the latest message of each topic with
 * time ≤ t, and for plots and the raster, the messages in a window ending at t.
 *
 * Episodes: a live stream may run several episodes. When a live episode starts (an
 * `/spikeloop/episode` message with event 'start') or a topic's time goes backwards (a clock
 * that restarts at zero), the store forgets the previous episode, keeping only the last message
 * of each latched topic (scene, static transforms), which the new episode's own supersede.
 */

/** Topics a page gets first on connecting (as the server's LATCHED_TOPICS). */
export const LATCHED_TOPICS = new Set(['/spikeloop/scene', '/tf_static', '/spikeloop/episode']);

/** A message's time in seconds from its t_ns (a JSON number, or a decimal string when large). */
export function seconds(t_ns) {
  if (typeof t_ns === 'number') return t_ns / 1e9;
  const big = BigInt(t_ns);
  const s = big / 1000000000n;
  return Number(s) + Number(big - s * 1000000000n) / 1e9;
}

/** The messages of one topic. */
export class Series {
  constructor(topic, type) {
    this.topic = topic;
    this.type = type;
    this.times = new Float64Array(256);
    /** @type {any[]} */
    this.messages = [];
  }

  get length() {
    return this.messages.length;
  }

  push(t, message) {
    const n = this.messages.length;
    if (n === this.times.length) {
      const grown = new Float64Array(2 * n);
      grown.set(this.times);
      this.times = grown;
    }
    this.times[n] = t;
    this.messages.push(message);
  }

  lastTime() {
    return this.messages.length > 0 ? this.times[this.messages.length - 1] : -Infinity;
  }

  /** Index of the last message with time ≤ t (−1 if none). Equal times: the last one. */
  indexAt(t) {
    let lo = 0;
    let hi = this.messages.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The latest message with time ≤ t, or null. */
  at(t) {
    const i = this.indexAt(t);
    return i >= 0 ? this.messages[i] : null;
  }

  /** Index of the first message with time > t. */
  indexAfter(t) {
    return this.indexAt(t) + 1;
  }
}

export class Store {
  constructor() {
    /** @type {Map<string, Series>} */
    this.topics = new Map();
    /** 'live' or 'replay' (from the hello frame). */
    this.mode = 'live';
    this.start_s = Infinity;
    this.end_s = -Infinity;
    /** Messages received (all episodes). */
    this.received = 0;
    /** Bumped on every change, so views redraw only when needed. */
    this.version = 0;
    /** Bumped when the store forgets an episode. */
    this.episode = 0;
    /** Spikes received (pairs in /spikeloop/spikes/* messages). */
    this.spikesReceived = 0;
    /** Replay: the whole recording has arrived. */
    this.complete = false;
  }

  /** @returns {Series | undefined} */
  series(topic) {
    return this.topics.get(topic);
  }

  /** The latest message of `topic` with time ≤ t, or null. */
  at(topic, t) {
    return this.topics.get(topic)?.at(t) ?? null;
  }

  /** Like `at`, but a latched topic's first message stands for the times before it. */
  latchedAt(topic, t) {
    const s = this.topics.get(topic);
    if (!s || s.length === 0) return null;
    return s.at(t) ?? s.messages[0];
  }

  /** Adds one wire message {topic, type, t_ns, message}. */
  add(w) {
    const t = seconds(w.t_ns);
    let s = this.topics.get(w.topic);
    const newEpisode =
      (s !== undefined && t < s.lastTime() - 1e-9 && !LATCHED_TOPICS.has(w.topic)) ||
      (this.mode === 'live' && w.topic === '/spikeloop/episode' && episodeEvent(w.message) === 'start' && this.hasEpisodeData());
    if (newEpisode) {
      this.forgetEpisode();
      s = this.topics.get(w.topic);
    }
    if (s === undefined) {
      s = new Series(w.topic, w.type);
      this.topics.set(w.topic, s);
    }
    s.push(t, w.message);
    this.received++;
    if (w.topic.startsWith('/spikeloop/spikes/')) this.spikesReceived += spikeCount(w.message);
    if (t < this.start_s) this.start_s = t;
    if (t > this.end_s) this.end_s = t;
    this.version++;
  }

  hasEpisodeData() {
    for (const [topic, s] of this.topics) if (!LATCHED_TOPICS.has(topic) && s.length > 0) return true;
    return false;
  }

  forgetEpisode() {
    const kept = new Map();
    for (const [topic, s] of this.topics) {
      if (!LATCHED_TOPICS.has(topic) || s.length === 0 || topic === '/spikeloop/episode') continue;
      const fresh = new Series(topic, s.type);
      fresh.push(s.lastTime(), s.messages[s.length - 1]);
      kept.set(topic, fresh);
    }
    this.topics = kept;
    this.start_s = Infinity;
    this.end_s = -Infinity;
    for (const s of kept.values()) {
      this.start_s = Math.min(this.start_s, s.times[0]);
      this.end_s = Math.max(this.end_s, s.times[0]);
    }
    this.episode++;
    this.version++;
  }

  /** Topics under a prefix (e.g. the spike populations), sorted by name. */
  topicsUnder(prefix) {
    return [...this.topics.keys()].filter((t) => t.startsWith(prefix)).sort();
  }
}

/** The `event` of a /spikeloop/episode message (std_msgs/String holding JSON), or null. */
export function episodeEvent(message) {
  try {
    return JSON.parse(message?.data ?? '')?.event ?? null;
  } catch {
    return null;
  }
}

/** Number of spikes in a UInt32MultiArray of (neuron, step) pairs. */
export function spikeCount(message) {
  const d = message?.data;
  return Array.isArray(d) ? d.length >> 1 : 0;
}
