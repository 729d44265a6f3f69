/**
 * 'arm-hold-pid' — the non-spiking posture baseline: an independent PID per joint on the joint
 * error e = q* − q, with the derivative on the measured rate (no derivative kick) and a clamped
 * integrator (anti-windup: the integral term never exceeds the joint's torque limit):
 *
 *   τ_i = kp_i e_i + ki_i ∫e_i dt − kd_i q̇_i,   |ki_i ∫e_i dt| ≤ τmax_i,   |τ_i| ≤ τmax_i.
 *
 * The integrator is what removes the steady error from gravity and the payload, so every load
 * change costs a transient of a few integral time constants. Gains were tuned on the arm
 * (see the README figures): the fastest integral action that stays well damped at 100 Hz.
 */
import type { Channels } from '../../loop/channels.js';
import { ARM_HOLD_ACTUATORS, ARM_HOLD_JOINTS, ARM_HOLD_SENSORS } from './armHoldChannels.js';
import type { ControllerPreset, PresetBuildOptions, PresetController } from './preset.js';

export interface ArmHoldPidParams {
  readonly kp_NmPerRad: readonly number[];
  readonly ki_NmPerRadS: readonly number[];
  readonly kd_NmsPerRad: readonly number[];
  readonly maxTorque_Nm: readonly number[];
}

export const ARM_HOLD_PID_PARAMS: ArmHoldPidParams = {
  kp_NmPerRad: [60, 20],
  ki_NmPerRadS: [120, 40],
  kd_NmsPerRad: [3, 0.6],
  maxTorque_Nm: [12, 5],
};

export class ArmHoldPidController implements PresetController {
  readonly preset = 'arm-hold-pid';
  readonly sensors = ARM_HOLD_SENSORS;
  readonly actuators = ARM_HOLD_ACTUATORS;
  readonly network = null;
  /** Ignored: nothing is learned (the integrator is controller state, cleared at reset). */
  learning = false;
  private readonly integral = new Float64Array(ARM_HOLD_JOINTS);

  constructor(
    readonly options: PresetBuildOptions,
    private readonly p: ArmHoldPidParams = ARM_HOLD_PID_PARAMS,
  ) {
    for (const k of ['kp_NmPerRad', 'ki_NmPerRadS', 'kd_NmsPerRad', 'maxTorque_Nm'] as const) {
      if (p[k].length !== ARM_HOLD_JOINTS || !p[k].every((v) => Number.isFinite(v) && v >= 0)) {
        throw new RangeError(`arm-hold-pid: ${k} must hold ${ARM_HOLD_JOINTS} finite gains ≥ 0, got [${p[k].join(', ')}]`);
      }
    }
  }

  reset(_seed: number): void {
    this.integral.fill(0);
  }

  act(obs: Channels, _reward: number, dt_s: number, out: Channels): void {
    const p = this.p;
    const q = obs.joint_position!;
    const qd = obs.joint_velocity!;
    const target = obs.posture_target!;
    const u = out.joint_torque!;
    for (let i = 0; i < ARM_HOLD_JOINTS; i++) {
      const e = target[i]! - q[i]!;
      const ki = p.ki_NmPerRadS[i]!;
      const tmax = p.maxTorque_Nm[i]!;
      if (ki > 0) {
        const lim = tmax / ki;
        let s = this.integral[i]! + e * dt_s;
        s = s > lim ? lim : s < -lim ? -lim : s;
        this.integral[i] = s;
      }
      const tau = p.kp_NmPerRad[i]! * e + ki * this.integral[i]! - p.kd_NmsPerRad[i]! * qd[i]!;
      u[i] = tau > tmax ? tmax : tau < -tmax ? -tmax : tau;
    }
  }

  parameters(): Record<string, Float32Array> {
    return {};
  }
}

export const ARM_HOLD_PID: ControllerPreset = {
  id: 'arm-hold-pid',
  summary: 'independent joint PID (derivative on rate, clamped integrator) for posture holding in torque mode; non-spiking baseline',
  bodyKind: 'arm',
  spiking: false,
  sensors: ARM_HOLD_SENSORS,
  actuators: ARM_HOLD_ACTUATORS,
  create: (opts) => new ArmHoldPidController(opts),
};
