/**
 * Non-spiking feature blocks a controller file lists by name, so it is explicit what is spiking
 * and what is not: each computes a few numbers from the observation once per control period, at
 * its start (before the reward is turned into modulator pulses). Encoders turn them into spikes
 * (`inputs`), teaching rules read them (a reflex command as the teaching signal, a critic's
 * state), and commands add them to decoded values (innate reflexes).
 *
 * Registry: `FEATURE_BLOCKS`, a Map by kind. Adding one: an entry here (params schema, the
 * channels it reads, a factory) and a test.
 */
import { z } from 'zod';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { sectorProximity, yawOf } from '../presets/droneAvoidFeatures.js';
import { HoldState } from '../presets/dronePositionHold.js';
import { ARM_REACH_SNN_PARAMS, polarErrorFeatures } from '../presets/armReachSnn.js';
import type { KindShape } from './specSchemaParts.js';
import { channelName, finite, nonNegative, positive, positiveInt } from './specSchemaParts.js';

/** A feature block built for one controller: `size` values, refreshed by `compute`. */
export interface FeatureBlock {
  readonly size: number;
  /** Writes the block's values for this control period. Allocates nothing. */
  compute(obs: Channels, out: Float64Array): void;
  /** Forgets per-episode state (a latched set-point). */
  reset(): void;
}

/** A sensor channel a block reads: the parameter naming it and the fewest elements it needs. */
export interface ChannelUse {
  /** Parameter key that names the channel ('' when the kind reads a fixed channel). */
  readonly key: string;
  readonly channel: string;
  readonly minSize: number;
}

export interface FeatureKind extends KindShape {
  readonly summary: string;
  reads(p: Record<string, unknown>): readonly ChannelUse[];
  /** `sensors`: the controller's sensor channels by name (already checked to hold `reads`). */
  create(p: Record<string, unknown>, sensors: ReadonlyMap<string, ChannelSpec>): FeatureBlock;
}

function featureKind<S extends z.core.$ZodLooseShape>(def: {
  summary: string;
  params: S;
  reads(p: z.infer<z.ZodObject<S>>): readonly ChannelUse[];
  create(p: z.infer<z.ZodObject<S>>, sensors: ReadonlyMap<string, ChannelSpec>): FeatureBlock;
}): FeatureKind {
  return def as unknown as FeatureKind;
}

const stateless = (size: number, compute: FeatureBlock['compute']): FeatureBlock => ({ size, compute, reset: () => {} });

export const FEATURE_BLOCKS: ReadonlyMap<string, FeatureKind> = new Map<string, FeatureKind>([
  [
    'sector-proximity',
    featureKind({
      summary: 'front lidar → S sector proximities, max over each sector’s beams of clip(1 − d/range, 0, 1)',
      params: { name: z.string(), channel: channelName(), sectors: positiveInt(), range_m: positive() },
      reads: (p) => [{ key: 'channel', channel: p.channel, minSize: 1 }],
      create: (p) => {
        // Sector maxima are taken in float32, as the TypeScript presets do.
        const scratch = new Float32Array(p.sectors);
        return stateless(p.sectors, (obs, out) => {
          sectorProximity(obs[p.channel]!, p.range_m, scratch);
          for (let k = 0; k < scratch.length; k++) out[k] = scratch[k]!;
        });
      },
    }),
  ],
  [
    'goal-bearing',
    featureKind({
      summary: 'bearing (rad, + left, in (−π, π]) from the heading of an x, y, z, w quaternion to the world +x direction',
      params: { name: z.string(), channel: channelName() },
      reads: (p) => [{ key: 'channel', channel: p.channel, minSize: 4 }],
      create: (p) =>
        stateless(1, (obs, out) => {
          const b = -yawOf(obs[p.channel]!);
          out[0] = b > Math.PI ? b - 2 * Math.PI : b <= -Math.PI ? b + 2 * Math.PI : b;
        }),
    }),
  ],
  [
    'altitude-hold',
    featureKind({
      summary: 'innate altitude reflex: vertical speed gain·(altitude − z) from a position channel, limited to ±limit',
      params: { name: z.string(), channel: channelName(), altitude_m: finite(), gain_perS: nonNegative(), limit_mps: positive().default(0.5) },
      reads: (p) => [{ key: 'channel', channel: p.channel, minSize: 3 }],
      create: (p) =>
        stateless(1, (obs, out) => {
          const v = p.gain_perS * (p.altitude_m - obs[p.channel]![2]!);
          out[0] = v > p.limit_mps ? p.limit_mps : v < -p.limit_mps ? -p.limit_mps : v;
        }),
    }),
  ],
  [
    'position-hold-reflex',
    featureKind({
      summary: 'innate position reflex −k_p·e − k_d·v (world x, y, z; m/s) about the position latched at the first period after reset (odom_position, odom_orientation, odom_linear_velocity)',
      params: { name: z.string(), gain_perS: nonNegative(), damping: nonNegative() },
      reads: () => [
        { key: '', channel: 'odom_position', minSize: 3 },
        { key: '', channel: 'odom_orientation', minSize: 4 },
        { key: '', channel: 'odom_linear_velocity', minSize: 3 },
      ],
      create: (p) => {
        const h = new HoldState();
        return {
          size: 3,
          compute: (obs, out) => {
            h.update(obs);
            const k = p.gain_perS;
            const d = p.damping;
            out[0] = -k * h.error[0]! - d * h.velocity[0]!;
            out[1] = -k * h.error[1]! - d * h.velocity[1]!;
            out[2] = -k * h.error[2]! - d * h.velocity[2]!;
          },
          reset: () => h.clear(),
        };
      },
    }),
  ],
  [
    'joint-pd-reflex',
    featureKind({
      summary: 'innate joint PD reflex kp_k·(target_k − q_k) − kd_k·q̇_k (N·m), one value per joint',
      params: { name: z.string(), position: channelName(), velocity: channelName(), target: channelName(), kp: z.array(finite()).min(1), kd: z.array(finite()).min(1) },
      reads: (p) => [
        { key: 'position', channel: p.position, minSize: p.kp.length },
        { key: 'velocity', channel: p.velocity, minSize: p.kp.length },
        { key: 'target', channel: p.target, minSize: p.kp.length },
      ],
      create: (p) => {
        if (p.kd.length !== p.kp.length) throw new RangeError(`kd: expected ${p.kp.length} gains (one per kp), got ${p.kd.length}`);
        return stateless(p.kp.length, (obs, out) => {
          const q = obs[p.position]!;
          const qd = obs[p.velocity]!;
          const t = obs[p.target]!;
          for (let k = 0; k < out.length; k++) out[k] = p.kp[k]! * (t[k]! - q[k]!) - p.kd[k]! * qd[k]!;
        });
      },
    }),
  ],
  [
    'polar-error',
    featureKind({
      summary: 'planar arm: elevation and distance errors tool → target about the shoulder, squashed by tanh(e / scale) (joint_origin, ee_position, target_position)',
      params: { name: z.string(), elevationScale_rad: positive(), distanceScale_m: positive() },
      reads: () => [
        { key: '', channel: 'joint_origin', minSize: 3 },
        { key: '', channel: 'ee_position', minSize: 3 },
        { key: '', channel: 'target_position', minSize: 3 },
      ],
      create: (p) => {
        const params = { ...ARM_REACH_SNN_PARAMS, elevationScale_rad: p.elevationScale_rad, distanceScale_m: p.distanceScale_m };
        const scratch = new Float32Array(2);
        return stateless(2, (obs, out) => {
          polarErrorFeatures(obs, params, scratch);
          out[0] = scratch[0]!;
          out[1] = scratch[1]!;
        });
      },
    }),
  ],
  [
    'channel',
    featureKind({
      summary: 'a sensor channel as it is (e.g. a posture target)',
      params: { name: z.string(), channel: channelName() },
      reads: (p) => [{ key: 'channel', channel: p.channel, minSize: 1 }],
      create: (p, sensors) => {
        const size = sensors.get(p.channel)!.size;
        return stateless(size, (obs, out) => {
          const c = obs[p.channel]!;
          for (let k = 0; k < size; k++) out[k] = c[k]!;
        });
      },
    }),
  ],
]);
