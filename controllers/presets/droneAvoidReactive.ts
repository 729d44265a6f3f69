/**
 * 'drone-avoid-reactive' — the hand-tuned, non-spiking baseline for the drone crossing
 * scenarios: the potential-field steering law (potentialFieldSteering.ts) on the same lidar
 * sector proximities the spiking controller sees (droneAvoidFeatures.ts). Gains were tuned by
 * hand on training seeds of drone-forest-v1.
 */
import type { Channels } from '../../loop/channels.js';
import type { ControllerPreset, PresetBuildOptions, PresetController } from './preset.js';
import { AVOID_ACTUATORS, AVOID_SENSORS, sectorAngle, sectorProximity } from './droneAvoidFeatures.js';
import { potentialFieldSteering, sectorSteeringWeights } from './potentialFieldSteering.js';

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
  private readonly cosSide: Float64Array;
  private readonly frontWeight: Float64Array;

  constructor(readonly options: PresetBuildOptions) {
    const azimuth = Array.from({ length: REACTIVE_AVOID.sectors }, (_, k) => sectorAngle(k, REACTIVE_AVOID.sectors));
    ({ cosSide: this.cosSide, frontWeight: this.frontWeight } = sectorSteeringWeights(azimuth));
  }

  reset(): void {}

  act(obs: Channels, _reward: number, _dt_s: number, out: Channels): void {
    sectorProximity(obs['lidar']!, REACTIVE_AVOID.range_m, this.prox);
    potentialFieldSteering(this.prox, this.cosSide, this.frontWeight, REACTIVE_AVOID, obs, out);
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
