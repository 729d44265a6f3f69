/**
 * 'drone-avoid-events' — a non-spiking baseline for the event-camera drone scenarios
 * (drone-forest-events-v1, drone-corridor-events-v1): the potential-field law of
 * 'drone-avoid-reactive' driven by event activity instead of lidar ranges.
 *
 * The cue: only the top band of the image (rows 0 … 11, elevations above about 21° for the
 * 64×48, 90° camera) is counted. The sky is untextured, so events there come from obstacle
 * surfaces moving in the image; and a 4 m trunk seen from 1 m height reaches that band only
 * when nearer than about 7.8 m, so the band acts as a distance gate, also against the
 * rotation-induced events of distant trunks (a depth-independent image flow). Within the band,
 * image speed grows as distance shrinks, so nearer surfaces give more events.
 *
 * Per control step of length Δt, the band is split into S column sectors (sector 0 leftmost at
 * azimuth θ_k > 0, FLU); a sector's activity is its ON + OFF events per pixel per second,
 * low-passed with τ, and its proximity p_k = min(1, activity / saturation). Then the lidar
 * baseline's potential-field law (potentialFieldSteering.ts) steers on those proximities.
 *
 * Reads `events_on`, `events_off` and, of odometry, the heading (`odom_orientation`, for the
 * goal bearing) and the height (`odom_position` z, for the innate altitude hold). Gains were set
 * by hand on a few training seeds of drone-forest-events-v1.
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { EVENT_CAMERA_64X48 } from '../../sim/sensors/rasterEventCamera.js';
import type { ControllerPreset, PresetBuildOptions, PresetController } from './preset.js';
import { AVOID_ACTUATORS } from './droneAvoidFeatures.js';
import { potentialFieldSteering, sectorSteeringWeights } from './potentialFieldSteering.js';

const W = EVENT_CAMERA_64X48.width_px;
const H = EVENT_CAMERA_64X48.height_px;

export const EVENT_AVOID = {
  /** Rows counted, from the top. */
  rows: 8,
  sectors: 8,
  tau_s: 0.1,
  /** Activity (events per pixel per second) read as proximity 1. */
  saturation_hz: 40,
  goalGain_perS: 1.2,
  obstacleGain_radps: 3,
  maxYawRate_radps: 1.5,
  maxSpeed_mps: 1.5,
  minSpeed_mps: 0.3,
  altitude_m: 1,
  altitudeGain_perS: 1.5,
} as const;

export const EVENT_AVOID_SENSORS: readonly ChannelSpec[] = [
  { name: 'events_on', size: W * H, low: 0, high: Infinity, unit: '1', doc: `ON events per pixel since the last step, ${W}×${H} row-major` },
  { name: 'events_off', size: W * H, low: 0, high: Infinity, unit: '1', doc: `OFF events per pixel since the last step, ${W}×${H} row-major` },
  { name: 'odom_position', size: 3, low: -Infinity, high: Infinity, unit: 'm', doc: 'world (ENU) position; only z is used' },
  { name: 'odom_orientation', size: 4, low: -1, high: 1, unit: '1', doc: 'quaternion x, y, z, w; the heading gives the goal bearing' },
];

class EventAvoidController implements PresetController {
  readonly preset = 'drone-avoid-events';
  readonly sensors = EVENT_AVOID_SENSORS;
  readonly actuators = AVOID_ACTUATORS;
  readonly network = null;
  learning = false;
  private readonly sectorRate = new Float64Array(EVENT_AVOID.sectors);
  private readonly count = new Float64Array(EVENT_AVOID.sectors);
  private readonly prox = new Float64Array(EVENT_AVOID.sectors);
  private readonly cosSide: Float64Array;
  private readonly frontWeight: Float64Array;

  constructor(readonly options: PresetBuildOptions) {
    const f = W / 2 / Math.tan(EVENT_CAMERA_64X48.horizontalFov_rad / 2);
    const S = EVENT_AVOID.sectors;
    // Sector k's centre column, as an azimuth (+ left).
    const azimuth = Array.from({ length: S }, (_, k) => Math.atan((W / 2 - ((k + 0.5) * W) / S) / f));
    ({ cosSide: this.cosSide, frontWeight: this.frontWeight } = sectorSteeringWeights(azimuth));
  }

  reset(): void {
    this.sectorRate.fill(0);
  }

  act(obs: Channels, _reward: number, dt_s: number, out: Channels): void {
    const c = EVENT_AVOID;
    const on = obs['events_on']!;
    const off = obs['events_off']!;
    const S = c.sectors;
    const cnt = this.count;
    cnt.fill(0);
    for (let v = 0; v < c.rows; v++) {
      const row = v * W;
      for (let u = 0; u < W; u++) cnt[((u * S) / W) | 0]! += on[row + u]! + off[row + u]!;
    }
    const dt = dt_s > 0 ? dt_s : 1 / this.options.controlRate_Hz;
    const a = 1 - Math.exp(-dt / c.tau_s);
    const perSector = (c.rows * W) / S;
    for (let k = 0; k < S; k++) {
      this.sectorRate[k]! += a * (cnt[k]! / perSector / dt - this.sectorRate[k]!);
      this.prox[k] = Math.min(1, this.sectorRate[k]! / c.saturation_hz);
    }
    potentialFieldSteering(this.prox, this.cosSide, this.frontWeight, c, obs, out);
  }

  parameters(): Record<string, Float32Array> {
    return {};
  }
}

export const DRONE_AVOID_EVENTS: ControllerPreset = {
  id: 'drone-avoid-events',
  summary: 'non-spiking event-camera avoidance: potential field on event activity in the upper image band (baseline for the event drone scenarios)',
  bodyKind: 'quadrotor',
  spiking: false,
  sensors: EVENT_AVOID_SENSORS,
  actuators: AVOID_ACTUATORS,
  create: (opts) => new EventAvoidController(opts),
};
