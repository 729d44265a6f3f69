// @ts-check
/**
 * The play head: the time t whose state the page draws. Replay: plays from the start at
 * `speed` × wall time, stops at the end, can be paused, stepped and scrubbed. Live: follows the
 * newest message ("live edge") until paused or scrubbed back; `goLive()` returns to the edge.
 */
export class Playhead {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    this.time_s = 0;
    this.playing = true;
    this.speed = 1;
    this.followLive = true;
    this.started = false;
  }

  /** Advances by `dtWall_s` of wall time; returns true when the time changed. */
  tick(dtWall_s) {
    const s = this.store;
    if (!(s.end_s >= s.start_s)) return false;
    const before = this.time_s;
    if (!this.started) {
      this.started = true;
      this.time_s = s.mode === 'live' ? s.end_s : s.start_s;
    }
    if (this.playing) {
      if (s.mode === 'live' && this.followLive) this.time_s = s.end_s;
      else {
        this.time_s = Math.min(this.time_s + dtWall_s * this.speed, s.end_s);
        if (s.mode === 'live' && this.time_s >= s.end_s) this.followLive = true;
        else if (s.mode === 'replay' && this.time_s >= s.end_s && s.complete) this.playing = false;
      }
    }
    this.time_s = Math.min(Math.max(this.time_s, s.start_s), s.end_s);
    return this.time_s !== before;
  }

  togglePlay() {
    const s = this.store;
    if (!this.playing && s.mode === 'replay' && this.time_s >= s.end_s) this.time_s = s.start_s;
    this.playing = !this.playing;
    if (!this.playing) this.followLive = false;
  }

  /** Pauses and moves to the next message of `topic` after the current time. */
  step(topic) {
    this.playing = false;
    this.followLive = false;
    const series = this.store.series(topic);
    if (!series) return;
    const i = series.indexAfter(this.time_s + 1e-9);
    if (i < series.length) this.time_s = series.times[i];
  }

  /** Jumps to t (clamped to the recorded span); stops following the live edge. */
  seek(t) {
    this.followLive = false;
    this.started = true;
    this.time_s = Math.min(Math.max(t, this.store.start_s), this.store.end_s);
  }

  goLive() {
    this.followLive = true;
    this.playing = true;
  }
}
