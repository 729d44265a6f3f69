/**
 * An in-memory recording of a body's traffic: every observation and every command, each with
 * its episode and time, in growable struct-of-arrays columns (one Float32Array per channel,
 * frames × size, row-major; one time and one episode column per stream). Growth doubles the
 * capacity, so appending costs amortised O(1) and allocates only log₂(frames) times.
 *
 * The recorder knows nothing of file formats: recordingFile.ts writes and reads the JSON format,
 * and other formats (MCAP in bridges/) read the same columns.
 */
import type { ChannelSpec, Channels } from '../channels.js';

/** One stream of frames (observations or commands) with fixed channels. */
export class RecordedStream {
  readonly specs: readonly ChannelSpec[];
  /** Frames recorded. */
  frames = 0;
  private capacity: number;
  private episodeCol: Uint32Array;
  private timeCol: Float64Array;
  private readonly cols: Float32Array[];
  private readonly names: readonly string[];
  private readonly sizes: Int32Array;

  constructor(specs: readonly ChannelSpec[], capacity = 256) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`RecordedStream: capacity must be an integer ≥ 1 frames, got ${capacity}`);
    this.specs = specs.map((s) => ({ ...s }));
    this.names = specs.map((s) => s.name);
    this.sizes = Int32Array.from(specs, (s) => s.size);
    this.capacity = capacity;
    this.episodeCol = new Uint32Array(capacity);
    this.timeCol = new Float64Array(capacity);
    this.cols = specs.map((s) => new Float32Array(capacity * s.size));
  }

  /**
   * A stream holding the given columns (copied): `values[c]` is channel c's frames × size values.
   * Used by readers of recording files; lengths must agree.
   */
  static fromColumns(specs: readonly ChannelSpec[], episode: Uint32Array, t_s: Float64Array, values: readonly Float32Array[]): RecordedStream {
    const frames = t_s.length;
    if (episode.length !== frames || values.length !== specs.length || specs.some((s, c) => values[c]!.length !== frames * s.size)) {
      throw new RangeError(`RecordedStream.fromColumns: column lengths do not match ${frames} frames of [${specKey(specs)}]`);
    }
    const s = new RecordedStream(specs, Math.max(1, frames));
    s.episodeCol.set(episode);
    s.timeCol.set(t_s);
    for (let c = 0; c < values.length; c++) s.cols[c]!.set(values[c]!);
    s.frames = frames;
    return s;
  }

  /** Appends one frame: `channels` must hold every channel of `specs` (extra ones are ignored). */
  append(episode: number, t_s: number, channels: Channels): void {
    if (this.frames === this.capacity) this.grow(2 * this.capacity);
    const k = this.frames;
    for (let c = 0; c < this.names.length; c++) {
      const src = channels[this.names[c]!];
      const n = this.sizes[c]!;
      if (src === undefined || src.length !== n) {
        throw new RangeError(`Recorder: channel '${this.names[c]}' ${src === undefined ? 'is missing' : `has ${src.length} elements`}, expected ${n}`);
      }
      this.cols[c]!.set(src, k * n);
    }
    this.episodeCol[k] = episode;
    this.timeCol[k] = t_s;
    this.frames = k + 1;
  }

  /** Episode index of each frame (a view of the first `frames` entries). */
  episodes(): Uint32Array {
    return this.episodeCol.subarray(0, this.frames);
  }

  /** Time of each frame (s since that episode's reset; a view). */
  times(): Float64Array {
    return this.timeCol.subarray(0, this.frames);
  }

  /** All values of one channel, frames × size row-major (a view). */
  channel(name: string): Float32Array {
    const c = this.names.indexOf(name);
    if (c < 0) throw new RangeError(`Recorder: no channel '${name}'; recorded channels are ${this.names.map((n) => `'${n}'`).join(', ')}`);
    return this.cols[c]!.subarray(0, this.frames * this.sizes[c]!);
  }

  /** The values of one channel in frame `k` (a view). */
  value(k: number, name: string): Float32Array {
    if (!(Number.isInteger(k) && k >= 0 && k < this.frames)) throw new RangeError(`Recorder: frame must be an integer in [0, ${this.frames - 1}], got ${k}`);
    const c = this.names.indexOf(name);
    if (c < 0) throw new RangeError(`Recorder: no channel '${name}'; recorded channels are ${this.names.map((n) => `'${n}'`).join(', ')}`);
    const n = this.sizes[c]!;
    return this.cols[c]!.subarray(k * n, (k + 1) * n);
  }

  private grow(capacity: number): void {
    const e = new Uint32Array(capacity);
    e.set(this.episodeCol);
    this.episodeCol = e;
    const t = new Float64Array(capacity);
    t.set(this.timeCol);
    this.timeCol = t;
    for (let c = 0; c < this.cols.length; c++) {
      const v = new Float32Array(capacity * this.sizes[c]!);
      v.set(this.cols[c]!);
      this.cols[c] = v;
    }
    this.capacity = capacity;
  }
}

/** Everything a body saw and was told over one or more episodes. */
export class Recorder {
  /** Observation frames (null until bound to a body). */
  observations: RecordedStream | null = null;
  /** Command frames (null until bound to a body). */
  commands: RecordedStream | null = null;
  /** Seed of each episode; frames carry the episode's index in this list. */
  readonly seeds: number[] = [];

  constructor(
    /** Initial frames per stream. */
    readonly capacity = 256,
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`createRecorder: capacity must be an integer ≥ 1 frames, got ${capacity}`);
  }

  /** Sets the channels to record; a recorder serves one kind of body (same specs) for its lifetime. */
  bind(sensors: readonly ChannelSpec[], actuators: readonly ChannelSpec[]): void {
    if (this.observations === null || this.commands === null) {
      this.observations = new RecordedStream(sensors, this.capacity);
      this.commands = new RecordedStream(actuators, this.capacity);
      return;
    }
    const same = (a: readonly ChannelSpec[], b: readonly ChannelSpec[]) => specKey(a) === specKey(b);
    if (!same(this.observations.specs, sensors) || !same(this.commands.specs, actuators)) {
      throw new RangeError(`Recorder: already records a body with sensors [${specKey(this.observations.specs)}] and actuators [${specKey(this.commands.specs)}]; use a new recorder for a different body`);
    }
  }

  /** Starts an episode; returns its index. */
  beginEpisode(seed: number): number {
    this.seeds.push(seed);
    return this.seeds.length - 1;
  }
}

function specKey(specs: readonly ChannelSpec[]): string {
  return specs.map((s) => `${s.name}:${s.size}:${s.unit}:${s.low}:${s.high}`).join(', ');
}

/** A new, empty recorder (bind it to a body with `withRecording`). */
export function createRecorder(opts: { readonly capacity?: number } = {}): Recorder {
  return new Recorder(opts.capacity ?? 256);
}
