/**
 * Actuator failure as a body wrapper: from time `at_s` on (seconds of `advance` since reset;
 * within TIME_TOLERANCE_s counts as reached), one element of one actuator channel is corrupted
 * before the inner body sees the command:
 *
 *  - `zero`:  u ← 0 (a dead motor or a cut wire);
 *  - `stuck`: u ← the value last commanded before the failure (0 if none since reset);
 *  - `scale`: u ← factor · u (a weakened motor, a reversed one for factor < 0).
 *
 * With the tick schedule of loop/controlTick.ts (command at t = n·T, then advance), the first
 * corrupted command is that of step n = ⌈at_s / T⌉. The caller's action is left untouched: the
 * corruption goes into a copy allocated once.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { allocateChannels } from '../channels.js';
import { timeReached } from '../timeTolerance.js';
import { BodyWrapper } from './bodyWrapper.js';
import { copyAction } from './copyAction.js';

export const ACTUATOR_FAILURE_MODES = ['zero', 'stuck', 'scale'] as const;
export type ActuatorFailureMode = (typeof ACTUATOR_FAILURE_MODES)[number];

export interface ActuatorFailure {
  /** Actuator channel name. */
  readonly channel: string;
  /** Element of the channel (0-based). */
  readonly index: number;
  /** Failure onset (s since reset, counted from `advance`). */
  readonly at_s: number;
  readonly mode: ActuatorFailureMode;
  /** Gain for mode `scale` (required there, not allowed otherwise). */
  readonly factor?: number;
}

export class ActuatorFailureBody extends BodyWrapper {
  readonly failure: ActuatorFailure;
  private readonly copy: Channels;
  private readonly names: readonly string[];
  private t_s = 0;
  private lastGood = 0;

  constructor(inner: Body, failure: ActuatorFailure) {
    super(inner);
    validateFailure(inner, failure);
    this.failure = { ...failure };
    this.copy = allocateChannels(inner.actuators);
    this.names = inner.actuators.map((s) => s.name);
  }

  /** Whether the failure is active now. */
  get failed(): boolean {
    return timeReached(this.t_s, this.failure.at_s);
  }

  override reset(seed: number): void {
    super.reset(seed);
    this.t_s = 0;
    this.lastGood = 0;
  }

  override advance(dt_s: number): void {
    super.advance(dt_s);
    this.t_s += dt_s;
  }

  override command(action: Channels): void {
    copyAction('withActuatorFailure', this.names, action, this.copy);
    const f = this.failure;
    const u = this.copy[f.channel]!;
    if (!this.failed) this.lastGood = u[f.index]!;
    else {
      switch (f.mode) {
        case 'zero':
          u[f.index] = 0;
          break;
        case 'stuck':
          u[f.index] = this.lastGood;
          break;
        case 'scale':
          u[f.index] = f.factor! * u[f.index]!;
          break;
      }
    }
    this.inner.command(this.copy);
  }
}

function validateFailure(body: Body, f: ActuatorFailure): void {
  const spec = body.actuators.find((s) => s.name === f?.channel);
  if (!spec) throw new RangeError(`withActuatorFailure: no actuator channel '${f?.channel}'; the body has ${body.actuators.map((s) => `'${s.name}'`).join(', ')}`);
  if (!(Number.isInteger(f.index) && f.index >= 0 && f.index < spec.size)) {
    throw new RangeError(`withActuatorFailure: index must be an integer in [0, ${spec.size - 1}] for '${f.channel}' (size ${spec.size}), got ${f.index}`);
  }
  if (!(Number.isFinite(f.at_s) && f.at_s >= 0)) throw new RangeError(`withActuatorFailure: at_s must be a finite time ≥ 0 s, got ${f.at_s}`);
  if (!(ACTUATOR_FAILURE_MODES as readonly string[]).includes(f.mode)) {
    throw new RangeError(`withActuatorFailure: mode must be one of ${ACTUATOR_FAILURE_MODES.map((m) => `'${m}'`).join(', ')}, got '${String(f.mode)}'`);
  }
  if (f.mode === 'scale' && !Number.isFinite(f.factor)) throw new RangeError(`withActuatorFailure: mode 'scale' needs a finite factor, got ${f.factor}`);
  if (f.mode !== 'scale' && f.factor !== undefined) throw new RangeError(`withActuatorFailure: factor applies to mode 'scale' only, not '${f.mode}'`);
}

/** `body` with one actuator element failing from `failure.at_s` on. */
export function withActuatorFailure(body: Body, failure: ActuatorFailure): ActuatorFailureBody {
  return new ActuatorFailureBody(body, failure);
}
