/**
 * Non-spiking stages applied, in order, to an actuator command after its elements are summed
 * from decoded values and feature blocks (and clipped): a frame conversion, an innate reflex
 * that needs the command so far, a limit that keeps the direction. Each works in place on the
 * command (float64) and allocates nothing.
 *
 * Registry: `COMMAND_STAGES`, a Map by kind.
 */
import { z } from 'zod';
import type { Channels } from '../../loop/channels.js';
import { headingOf } from '../presets/dronePositionHold.js';
import { ARM_REACH_JOINTS, addObstacleReflex, limitRates } from '../presets/planarArmReach.js';
import type { ChannelUse } from './featureBlocks.js';
import type { KindShape } from './specSchemaParts.js';
import { channelName, positive } from './specSchemaParts.js';

export interface CommandStage extends KindShape {
  readonly summary: string;
  /** Command sizes it works on (undefined: any). */
  readonly commandSize?: number;
  reads(p: Record<string, unknown>): readonly ChannelUse[];
  create(p: Record<string, unknown>): (obs: Channels, command: Float64Array) => void;
}

function stage<S extends z.core.$ZodLooseShape>(def: {
  summary: string;
  params: S;
  commandSize?: number;
  reads?: (p: z.infer<z.ZodObject<S>>) => readonly ChannelUse[];
  create(p: z.infer<z.ZodObject<S>>): (obs: Channels, command: Float64Array) => void;
}): CommandStage {
  return { reads: () => [], ...def } as unknown as CommandStage;
}

export const COMMAND_STAGES: ReadonlyMap<string, CommandStage> = new Map<string, CommandStage>([
  [
    'world-to-heading',
    stage({
      summary: 'a world-frame (ENU) velocity (vx, vy, vz) → the heading frame of cmd_vel (rotation by −ψ, ψ the yaw of an orientation quaternion); vz unchanged',
      params: { orientation: channelName() },
      commandSize: 3,
      reads: (p) => [{ key: 'orientation', channel: p.orientation, minSize: 4 }],
      create: (p) => (obs, v) => {
        const psi = headingOf(obs[p.orientation]!);
        const c = Math.cos(psi);
        const s = Math.sin(psi);
        const vx = v[0]!;
        const vy = v[1]!;
        v[0] = c * vx + s * vy;
        v[1] = -s * vx + c * vy;
      },
    }),
  ],
  [
    'arm-obstacle-reflex',
    stage({
      summary: 'planar two-joint arm: adds joint rates pushing the links away from the obstacle sphere inside its influence distance (potential field; joint_origin, ee_position, obstacle)',
      params: { influence_m: positive(), speed_mps: positive(), halfWidth_m: positive() },
      commandSize: ARM_REACH_JOINTS,
      reads: () => [
        { key: '', channel: 'joint_origin', minSize: 3 * ARM_REACH_JOINTS },
        { key: '', channel: 'ee_position', minSize: 3 },
        { key: '', channel: 'obstacle', minSize: 4 },
      ],
      create: (p) => (obs, v) => addObstacleReflex(obs, p, v),
    }),
  ],
  [
    'limit-max',
    stage({
      summary: 'scales the whole command down so that no element exceeds ±max (keeps its direction)',
      params: { max: positive() },
      create: (p) => (_obs, v) => limitRates(v, p.max),
    }),
  ],
]);
