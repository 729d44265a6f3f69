/**
 * Telemetry as wrappers (like loop/wrappers/withRecording.ts): the body wrapper writes the
 * sensor and command topics of a `SimTelemetry` as the loop observes, commands and advances, and
 * starts an episode on every reset; the task wrapper writes the reward each evaluation.
 * Per step they add only the telemetry's own writes (preallocated messages).
 */
import type { Body } from '../../loop/body.js';
import type { Channels } from '../../loop/channels.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../../loop/task.js';
import { BodyWrapper } from '../../loop/wrappers/bodyWrapper.js';
import type { SimTelemetry } from './simTelemetry.js';

export class TelemetryBody extends BodyWrapper {
  constructor(
    inner: Body,
    readonly telemetry: SimTelemetry,
  ) {
    super(inner);
  }

  override reset(seed: number): void {
    super.reset(seed);
    this.telemetry.beginEpisode(seed);
  }

  override observe(out: Channels): void {
    this.inner.observe(out);
    this.telemetry.observed(out);
  }

  override command(action: Channels): void {
    this.inner.command(action);
    this.telemetry.commanded(action);
  }

  override advance(dt_s: number): void {
    this.inner.advance(dt_s);
    this.telemetry.advanced(dt_s);
  }
}

/** `body` with its telemetry written on every reset, observe, command and advance. */
export function withTelemetry(body: Body, telemetry: SimTelemetry): TelemetryBody {
  return new TelemetryBody(body, telemetry);
}

/** `task` with the reward of every evaluation written to `/spikeloop/reward`. */
export function withRewardTelemetry(task: Task, telemetry: SimTelemetry): Task {
  return {
    evaluate(obs: Channels, t_s: number): RewardBreakdown {
      const r = task.evaluate(obs, t_s);
      telemetry.rewarded(r.total);
      return r;
    },
    status(): EpisodeStatus {
      return task.status();
    },
    metrics(): Record<string, number> {
      return task.metrics();
    },
  };
}
