/**
 * 'arm-reach-pid' — the non-spiking reaching baseline: resolved-rate control with a
 * proportional law on the tool position (Whitney 1969), damped least squares through the
 * singularity, plus the obstacle reflex of planarArmReach.ts:
 *
 *   v* = k_p (target − tool),  |v*| ≤ v_max          (x–z, m/s)
 *   q̇ = Jᵀ (J Jᵀ + λ² I)⁻¹ v* + q̇_obstacle,  max|q̇_i| ≤ q̇_max (scaled as a vector).
 *
 * The joint motors' velocity servo removes steady-state error (a velocity target of 0 holds the
 * pose against gravity), so no integral term is needed. Gains are fixed; nothing is learned.
 */
import type { Channels } from '../../loop/channels.js';
import type { ControllerPreset, PresetBuildOptions, PresetController } from './preset.js';
import type { ObstacleReflexParams } from './planarArmReach.js';
import {
  ARM_OBSTACLE_REFLEX,
  ARM_REACH_ACTUATORS,
  ARM_REACH_JOINTS,
  ARM_REACH_SENSORS,
  addObstacleReflex,
  dampedLeastSquares2,
  limitRates,
  toolJacobianXZ,
} from './planarArmReach.js';

export interface ArmReachPidParams {
  /** Proportional gain on the tool position error (1/s). */
  readonly kp_perS: number;
  /** Tool speed limit. */
  readonly maxSpeed_mps: number;
  /** DLS damping λ. */
  readonly damping_m: number;
  /** Joint rate limit (below the motors' 4 rad/s). */
  readonly maxRate_radps: number;
  readonly obstacle: ObstacleReflexParams;
}

export const ARM_REACH_PID_PARAMS: ArmReachPidParams = {
  kp_perS: 5,
  maxSpeed_mps: 0.6,
  damping_m: 0.03,
  maxRate_radps: 3.5,
  obstacle: ARM_OBSTACLE_REFLEX,
};

export class ArmReachPidController implements PresetController {
  readonly preset = 'arm-reach-pid';
  readonly sensors = ARM_REACH_SENSORS;
  readonly actuators = ARM_REACH_ACTUATORS;
  readonly network = null;
  /** Ignored: nothing is learned. */
  learning = false;
  private readonly J = new Float64Array(2 * ARM_REACH_JOINTS);
  private readonly qd = new Float64Array(ARM_REACH_JOINTS);

  constructor(
    readonly options: PresetBuildOptions,
    private readonly p: ArmReachPidParams = ARM_REACH_PID_PARAMS,
  ) {}

  reset(_seed: number): void {}

  act(obs: Channels, _reward: number, _dt_s: number, out: Channels): void {
    const p = this.p;
    const ee = obs.ee_position!;
    const tg = obs.target_position!;
    let vx = p.kp_perS * (tg[0]! - ee[0]!);
    let vz = p.kp_perS * (tg[2]! - ee[2]!);
    const v = Math.sqrt(vx * vx + vz * vz);
    if (v > p.maxSpeed_mps) {
      vx *= p.maxSpeed_mps / v;
      vz *= p.maxSpeed_mps / v;
    }
    dampedLeastSquares2(toolJacobianXZ(obs, this.J), vx, vz, p.damping_m, this.qd);
    addObstacleReflex(obs, p.obstacle, this.qd);
    limitRates(this.qd, p.maxRate_radps);
    const u = out.joint_velocity_target!;
    for (let i = 0; i < ARM_REACH_JOINTS; i++) u[i] = this.qd[i]!;
  }

  parameters(): Record<string, Float32Array> {
    return {};
  }
}

export const ARM_REACH_PID: ControllerPreset = {
  id: 'arm-reach-pid',
  summary: 'resolved-rate P control of the tool (damped least squares) with a potential-field obstacle reflex; non-spiking baseline',
  bodyKind: 'arm',
  spiking: false,
  sensors: ARM_REACH_SENSORS,
  actuators: ARM_REACH_ACTUATORS,
  create: (opts) => new ArmReachPidController(opts),
};
