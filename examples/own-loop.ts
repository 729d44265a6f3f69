/**
 * Drive an environment from your own loop, Gymnasium-style: `makeEnv('drone-forest-v1')`, a
 * hand-written (non-spiking) policy that reads the lidar and writes velocity commands, and a few
 * seeded episodes. The observation and action are named channels (Float32Arrays, reused between
 * steps); each step reports the reward, its named terms, and whether the episode ended.
 *
 *   npx tsx examples/own-loop.ts
 */
import { pathToFileURL } from 'node:url';
import { makeEnv } from 'spikeloop';
import type { Channels } from 'spikeloop';

/**
 * A potential field: every lidar beam closer than 2.5 m pushes the drone sideways, away from
 * its side, more the closer it is; forward speed drops when the way ahead is blocked; a
 * proportional term holds 1 m altitude.
 */
export function policy(obs: Readonly<Channels>, action: Channels): void {
  const lidar = obs.lidar!; // 37 ranges (m), beam i at (−90 + 5i)°: right … left
  let side = 0;
  let front = 0;
  for (let i = 0; i < lidar.length; i++) {
    const angle = ((-90 + 5 * i) * Math.PI) / 180;
    const near = Math.max(0, (2.5 - lidar[i]!) / 2.5); // 0 … 1
    side -= near * Math.sin(angle) * Math.cos(angle) * 2;
    if (Math.abs(angle) < 0.35) front = Math.max(front, near);
  }
  action.cmd_linear![0] = 1 - 0.7 * front; // forward (m/s, heading frame)
  action.cmd_linear![1] = Math.max(-1.5, Math.min(1.5, side + (side >= 0 ? 1 : -1) * 1.5 * front)); // +y is left
  action.cmd_linear![2] = 1.5 * (1 - obs.odom_position![2]!); // altitude hold
  action.cmd_yaw_rate![0] = 0;
}

export interface EpisodeSummary {
  readonly seed: number;
  readonly steps: number;
  readonly return: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly metrics: Readonly<Record<string, number>>;
}

export function main(seeds: readonly number[] = [1, 2]): EpisodeSummary[] {
  const env = makeEnv('drone-forest-v1');
  try {
    return seeds.map((seed) => {
      let { observation } = env.reset(seed);
      let ret = 0;
      for (;;) {
        policy(observation, env.action); // fill env.action in place
        const r = env.step();
        ret += r.reward;
        observation = r.observation;
        if (r.terminated || r.truncated) {
          return { seed, steps: r.info.steps, return: ret, terminated: r.terminated, truncated: r.truncated, metrics: { ...r.info.metrics } };
        }
      }
    });
  } finally {
    env.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const e of main()) {
    console.log(`seed ${e.seed}: ${e.steps} steps, return ${e.return.toFixed(2)}, success ${e.metrics.success}, collisions ${e.metrics.collisions}`);
  }
}
