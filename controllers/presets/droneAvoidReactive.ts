/**
 * 'drone-avoid-reactive' — the hand-tuned, non-spiking baseline for the drone crossing
 * scenarios: a potential-field steering law on the same features the spiking controller sees.
 *
 *   yaw_rate = k_g · bearing − k_o · Σ_k p_k · cos(θ_k) · sign(θ_k)   (clipped to ±maxYawRate)
 *   speed    = v_max · (1 − p_front), at least v_min
 *
 * with p_k the proximity of sector k at angle θ_k (droneAvoidFeatures.ts), so an obstacle on the
 * left (θ > 0) turns the drone right and one straight ahead slows it down. Gains were tuned by
 * hand on training seeds of drone-forest-v1.
 */
import type { Channels } from '../../loop/channels.js';
import type { ControllerPreset, PresetBuildOptions, PresetController } from './preset.js';
import { AVOID_ACTUATORS, AVOID_SENSORS, altitudeHold, goalBearing, sectorAngle, sectorProximity } from './droneAvoidFeatures.js';

export const REACTIVE_AVOID = {
  sectors: 12,
  range_m: 3,
  goalGain_perS: 1.2,
  obstacleGain_radps: 4,
  maxYawRate_radps: 2.5,
  maxSpeed_mps: 1.5,
  minSpeed_mps: 0.3,
  altitude_m: 1,
  altitudeGain_perS: 1.5,
} as const;

class ReactiveAvoidController implements PresetController {
  readonly preset = 'drone-avoid-reactive';
  readonly sensors = AVOID_SENSORS;
  readonly actuators = AVOID_ACTUATORS;
  readonly network = null;
  learning = false;
  private readonly prox = new Float32Array(REACTIVE_AVOID.sectors);
  private readonly cosSide = new Float64Array(REACTIVE_AVOID.sectors);
  private readonly frontWeight = new Float64Array(REACTIVE_AVOID.sectors);

  constructor(readonly options: PresetBuildOptions) {
    for (let k = 0; k < REACTIVE_AVOID.sectors; k++) {
      const a = sectorAngle(k, REACTIVE_AVOID.sectors);
      this.cosSide[k] = Math.cos(a) * Math.sign(a);
      this.frontWeight[k] = Math.max(0, Math.cos(2 * a));
    }
  }

  reset(): void {}

  act(obs: Channels, _reward: number, _dt_s: number, out: Channels): void {
    const c = REACTIVE_AVOID;
    sectorProximity(obs['lidar']!, c.range_m, this.prox);
    let push = 0;
    let front = 0;
    for (let k = 0; k < c.sectors; k++) {
      const p = this.prox[k]!;
      push += p * this.cosSide[k]!;
      const f = p * this.frontWeight[k]!;
      if (f > front) front = f;
    }
    let yaw = c.goalGain_perS * goalBearing(obs) - c.obstacleGain_radps * push;
    yaw = yaw > c.maxYawRate_radps ? c.maxYawRate_radps : yaw < -c.maxYawRate_radps ? -c.maxYawRate_radps : yaw;
    const lin = out['cmd_linear']!;
    lin[0] = Math.max(c.minSpeed_mps, c.maxSpeed_mps * (1 - front));
    lin[1] = 0;
    lin[2] = altitudeHold(obs, c.altitude_m, c.altitudeGain_perS);
    out['cmd_yaw_rate']![0] = yaw;
  }

  parameters(): Record<string, Float32Array> {
    return {};
  }
}

export const DRONE_AVOID_REACTIVE: ControllerPreset = {
  id: 'drone-avoid-reactive',
  summary: 'non-spiking potential-field avoidance (baseline for the drone crossing scenarios)',
  bodyKind: 'quadrotor',
  spiking: false,
  sensors: AVOID_SENSORS,
  actuators: AVOID_ACTUATORS,
  create: (opts) => new ReactiveAvoidController(opts),
};
