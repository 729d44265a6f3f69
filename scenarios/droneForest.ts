/**
 * drone-forest-v1 — cross a field of random trees to a goal line.
 *
 * Description: a Crazyflie 2.x starts at (0, 0, 1) m facing +x. Between x = 3 m and x = 17 m,
 *   |y| ≤ 5 m, stand `FOREST_V1.count` upright cylinders (radius 0.15–0.3 m, ≥ 1.2 m apart,
 *   drawn from the seed). The goal is the line x = 20 m.
 * Action: `cmd_linear` [3] m/s (vx, vy in the heading frame; vz up) and `cmd_yaw_rate` [1] rad/s.
 * Observation: `lidar` [37] m (front half-plane, 5° apart, +Inf = nothing within 5 m),
 *   `odom_position` [3] m, `odom_orientation` [4], `odom_linear_velocity` [3] m/s (body),
 *   `odom_angular_velocity` [3] rad/s, `collision` [1].
 * Reward: `progress` 1 per metre towards the goal line; `clearance` shaping 5·ΔΦ with
 *   Φ = −max(0, 1 − c/1 m)² on the clearance c; `collision` −10; `bounds` −10; `goal` +10
 *   (droneCrossingTask.ts).
 * Start: position and heading fixed; only the forest changes with the seed ('world' stream).
 * End: terminated on reaching x ≥ 20 m (success), touching a tree, or leaving |y| ≤ 8 m,
 *   0.2 m ≤ z ≤ 3 m; truncated after 40 s.
 * Versions: v1 — first version.
 */
import type { Body } from '../loop/body.js';
import { defineScenario } from './defineScenario.js';
import { quadrotorOf } from './quadrotorOf.js';
import type { ForestParams } from '../sim/world/forestLayout.js';
import { forestLayout } from '../sim/world/forestLayout.js';
import { createAvoidanceBody } from './droneAvoidanceBody.js';
import type { CrossingParams } from './droneCrossingTask.js';
import { DroneCrossingTask } from './droneCrossingTask.js';
import type { Scenario } from './scenario.js';

export const FOREST_V1: ForestParams = {
  count: 34,
  xMin_m: 3,
  xMax_m: 17,
  yMin_m: -5,
  yMax_m: 5,
  radiusMin_m: 0.15,
  radiusMax_m: 0.3,
  height_m: 4,
  minGap_m: 1.2,
  clearRadius_m: 2,
  startX_m: 0,
  startY_m: 0,
};

export const FOREST_CROSSING: CrossingParams = {
  goalX_m: 20,
  yLimit_m: 8,
  zMin_m: 0.2,
  zMax_m: 3,
  progressPerM: 1,
  clearanceGain: 5,
  clearanceRange_m: 1,
  collisionPenalty: 10,
  goalReward: 10,
};

/** Flight height of the crossing scenarios' start (createAvoidanceBody's default start), where their goal is drawn (m). */
export const CROSSING_HEIGHT_M = 1;

export const DRONE_FOREST_V1: Scenario = defineScenario({
  id: 'drone-forest-v1',
  summary: 'Crazyflie crosses a seeded forest of 34 trees to a goal line 20 m ahead (lidar, velocity commands)',
  bodyKind: 'quadrotor',
  controlRate_Hz: 50,
  timeLimit_s: 40,
  controllers: { spiking: 'drone-avoid-snn', baseline: 'drone-avoid-reactive' },
  training: { episodes: 100, batch: 1, plasticity: 'train-only' },
  createBody: () => createAvoidanceBody({ layout: (seed) => forestLayout(FOREST_V1, seed) }),
  createTask: (body: Body, seed: number) => new DroneCrossingTask(quadrotorOf(body, 'drone-forest-v1'), forestLayout(FOREST_V1, seed), FOREST_CROSSING),
  // The goal line's crossing point straight ahead, at flight height.
  describeScene: () => ({ goal_m: [FOREST_CROSSING.goalX_m, 0, CROSSING_HEIGHT_M] }),
});
