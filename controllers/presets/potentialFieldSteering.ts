/**
 * The potential-field steering law shared by the non-spiking drone baselines
 * ('drone-avoid-reactive' on lidar sectors, 'drone-avoid-events' on event-activity sectors):
 *
 *   yaw_rate = k_g · bearing − k_o · Σ_k p_k · cos(θ_k) · sign(θ_k)   (clipped to ±maxYawRate)
 *   speed    = v_max · (1 − max_k p_k · max(0, cos 2θ_k)), at least v_min
 *
 * with p_k ∈ [0, 1] the proximity of sector k at azimuth θ_k (FLU, + left), so an obstacle on the
 * left turns the drone right and one straight ahead slows it down. The baselines differ only in
 * how they measure p_k; keeping one law means a gain change or fix reaches both.
 */
import type { Channels } from '../../loop/channels.js';
import { altitudeHold, goalBearing } from './droneAvoidFeatures.js';

export interface PotentialFieldGains {
  readonly goalGain_perS: number;
  readonly obstacleGain_radps: number;
  readonly maxYawRate_radps: number;
  readonly maxSpeed_mps: number;
  readonly minSpeed_mps: number;
  readonly altitude_m: number;
  readonly altitudeGain_perS: number;
}

/** Per-sector constants of the law: cos(θ_k)·sign(θ_k) and max(0, cos 2θ_k). */
export function sectorSteeringWeights(azimuth_rad: ArrayLike<number>): { cosSide: Float64Array; frontWeight: Float64Array } {
  const n = azimuth_rad.length;
  const cosSide = new Float64Array(n);
  const frontWeight = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = azimuth_rad[k]!;
    cosSide[k] = Math.cos(a) * Math.sign(a);
    frontWeight[k] = Math.max(0, Math.cos(2 * a));
  }
  return { cosSide, frontWeight };
}

/** Writes cmd_linear and cmd_yaw_rate from sector proximities; allocates nothing. */
export function potentialFieldSteering(
  prox: ArrayLike<number>,
  cosSide: Float64Array,
  frontWeight: Float64Array,
  g: PotentialFieldGains,
  obs: Channels,
  out: Channels,
): void {
  let push = 0;
  let front = 0;
  for (let k = 0; k < prox.length; k++) {
    const p = prox[k]!;
    push += p * cosSide[k]!;
    const f = p * frontWeight[k]!;
    if (f > front) front = f;
  }
  let yaw = g.goalGain_perS * goalBearing(obs) - g.obstacleGain_radps * push;
  yaw = yaw > g.maxYawRate_radps ? g.maxYawRate_radps : yaw < -g.maxYawRate_radps ? -g.maxYawRate_radps : yaw;
  const lin = out['cmd_linear']!;
  lin[0] = Math.max(g.minSpeed_mps, g.maxSpeed_mps * (1 - front));
  lin[1] = 0;
  lin[2] = altitudeHold(obs, g.altitude_m, g.altitudeGain_perS);
  out['cmd_yaw_rate']![0] = yaw;
}
