/**
 * Recording as a body wrapper: every `observe` and every `command` is appended to a `Recorder`
 * (recorder.ts) with the current episode and its time (seconds of `advance` since reset). Each
 * `reset(seed)` starts a new episode in the recorder. Appending copies into preallocated,
 * geometrically grown columns, so the per-step cost allocates nothing in steady state.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { BodyWrapper } from './bodyWrapper.js';
import type { Recorder } from './recorder.js';

export class RecordingBody extends BodyWrapper {
  private episode = -1;
  private t_s = 0;

  constructor(
    inner: Body,
    readonly recorder: Recorder,
  ) {
    super(inner);
    recorder.bind(inner.sensors, inner.actuators);
  }

  override reset(seed: number): void {
    super.reset(seed);
    this.episode = this.recorder.beginEpisode(seed);
    this.t_s = 0;
  }

  override observe(out: Channels): void {
    this.inner.observe(out);
    this.recorder.observations!.append(this.current('observe'), this.t_s, out);
  }

  override command(action: Channels): void {
    this.inner.command(action);
    this.recorder.commands!.append(this.current('command'), this.t_s, action);
  }

  override advance(dt_s: number): void {
    super.advance(dt_s);
    this.t_s += dt_s;
  }

  private current(what: string): number {
    if (this.episode < 0) throw new Error(`withRecording: ${what} before reset(seed); reset the body first so the recording knows its episode`);
    return this.episode;
  }
}

/** `body` with every observation and command appended to `recorder`. */
export function withRecording(body: Body, recorder: Recorder): RecordingBody {
  return new RecordingBody(body, recorder);
}
