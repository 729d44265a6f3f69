/**
 * Write a new scenario — a layout and a reward — and register it by a versioned id.
 *
 * 'drone-goal-v1': a Crazyflie (velocity commands, odometry) starts 1 m above the origin among
 * a few seeded pillars and must reach a goal point drawn from the episode's seed. The task
 * judges from the observation only (odometry and the collision flag), so the same reward could
 * run on a real drone. Reward terms, by name: `progress` (metres closer to the goal this step),
 * `goal` (+10 on arrival), `collision` (−10). Ends: goal within 0.3 m or a collision
 * (terminated), 20 s (truncated, by the loop's time-limit wrapper).
 *
 * Registered, it is a scenario like the built-in ones: `makeEnv('drone-goal-v1')`,
 * `findScenario`, and experiments in this process (worker threads load only built-in ones).
 *
 *   npx tsx examples/new-scenario.ts
 */
import { pathToFileURL } from 'node:url';
import { findScenario, makeEnv, registerScenario, Rng, runScenarioEpisode, withTimeLimit } from 'spikeloop';
import type { Body, Channels, Controller, EpisodeResult, EpisodeStatus, RewardBreakdown, Scenario, Task } from 'spikeloop';
import { CRAZYFLIE_2X, hoverRpm, QuadrotorBody } from 'spikeloop/sim';
import type { CylinderObstacle } from 'spikeloop/sim';

/** The goal of episode `seed`: 4–6 m ahead, up to 2 m to either side, 1 m up. */
export function goalOf(seed: number): [number, number, number] {
  const rng = new Rng(seed, 'goal');
  return [rng.range(4, 6), rng.range(-2, 2), 1];
}

/** The layout: three pillars between start and goal, placed by the seed (never on the goal). */
function pillars(seed: number): CylinderObstacle[] {
  const rng = new Rng(seed, 'pillars');
  const [gx, gy] = goalOf(seed);
  const out: CylinderObstacle[] = [];
  while (out.length < 3) {
    const x = rng.range(1.5, 3.5);
    const y = rng.range(-2, 2);
    if (Math.hypot(x - gx, y - gy) > 1) out.push({ kind: 'cylinder', center_m: [x, y, 1.5], radius_m: 0.15, height_m: 3 });
  }
  return out;
}

class GoalTask implements Task {
  private state: EpisodeStatus = 'running';
  private lastDistance = NaN;
  private reachedAt = NaN;
  private collisions = 0;
  constructor(private readonly goal: readonly [number, number, number]) {}

  evaluate(obs: Channels, t_s: number): RewardBreakdown {
    const p = obs.odom_position!;
    const d = Math.hypot(p[0]! - this.goal[0], p[1]! - this.goal[1], p[2]! - this.goal[2]);
    const terms = { progress: Number.isNaN(this.lastDistance) ? 0 : this.lastDistance - d, goal: 0, collision: 0 };
    this.lastDistance = d;
    if (obs.collision![0]! > 0) {
      terms.collision = -10;
      this.collisions++;
      this.state = 'terminated';
    } else if (d < 0.3) {
      terms.goal = 10;
      this.reachedAt = t_s;
      this.state = 'terminated';
    }
    return { total: terms.progress + terms.goal + terms.collision, terms };
  }
  status(): EpisodeStatus {
    return this.state;
  }
  metrics(): Record<string, number> {
    return { success: Number.isNaN(this.reachedAt) ? 0 : 1, collisions: this.collisions, time_to_goal_s: this.reachedAt, distance_m: this.lastDistance };
  }
}

export const DRONE_GOAL_V1: Scenario = {
  id: 'drone-goal-v1',
  summary: 'Crazyflie flies to a seeded goal point past three pillars (odometry, velocity commands)',
  bodyKind: 'quadrotor',
  controlRate_Hz: 50,
  timeLimit_s: 20,
  // Built-in preset ids the CLI would use; this example flies its own controller instead.
  controllers: { spiking: 'drone-avoid-snn', baseline: 'drone-avoid-reactive' },
  training: { episodes: 20, batch: 1, plasticity: 'train-only' },
  createBody: () =>
    new QuadrotorBody({
      control: { level: 'velocity' },
      layout: pillars,
      start: { position_m: [0, 0, 1], initialRpm: hoverRpm(CRAZYFLIE_2X) },
      sensors: { imu: false },
    }),
  createTask: (_body: Body, seed: number) => withTimeLimit(new GoalTask(goalOf(seed)), DRONE_GOAL_V1.timeLimit_s),
};

/** A non-spiking controller: fly straight at the goal (it knows the goal from the seed). */
function goalSeeker(body: Body): Controller {
  let goal = goalOf(0);
  return {
    sensors: body.sensors,
    actuators: body.actuators,
    reset: (seed) => void (goal = goalOf(seed)),
    act: (obs, _reward, _dt, out) => {
      const p = obs.odom_position!;
      const clip = (v: number) => Math.max(-1, Math.min(1, v));
      out.cmd_linear!.set([clip(goal[0] - p[0]!), clip(goal[1] - p[1]!), clip(goal[2] - p[2]!)]);
      out.cmd_yaw_rate![0] = 0;
    },
  };
}

export interface NewScenarioResult {
  readonly episodes: readonly EpisodeResult[];
  /** Steps of one episode through makeEnv with a hover policy (it never reaches the goal). */
  readonly envSteps: number;
  readonly envTruncated: boolean;
}

export function main(seeds: readonly number[] = [1, 2, 3]): NewScenarioResult {
  registerScenario(DRONE_GOAL_V1);
  const scenario = findScenario('drone-goal-v1'); // found by id, like any built-in one
  const body = scenario.createBody();
  const episodes = seeds.map((seed) => runScenarioEpisode(scenario, body, goalSeeker(body), { seed }));
  body.close?.();

  // The same id through the Gymnasium-style env: hovering in place runs into the time limit.
  const env = makeEnv('drone-goal-v1');
  env.reset(seeds[0]!);
  let r;
  do r = env.step(); // env.action starts at zero: hover
  while (!r.terminated && !r.truncated);
  env.close();
  return { episodes, envSteps: r.info.steps, envTruncated: r.truncated };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = main();
  for (const e of r.episodes) console.log(`seed ${e.seed}: ${e.outcome} after ${e.duration_s.toFixed(2)} s, return ${e.return.toFixed(2)}, terms ${JSON.stringify(e.rewardTerms)}, success ${e.metrics.success}`);
  console.log(`hovering through makeEnv: ${r.envSteps} steps, truncated: ${r.envTruncated}`);
}
