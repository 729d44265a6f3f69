/**
 * drone-forest-events-v1 — cross the drone-forest-v1 forest seeing obstacles only through events.
 *
 * Description: drone-forest-v1's world and task (a Crazyflie 2.x from (0, 0, 1) m towards the
 *   goal line x = 20 m through 34 seeded trees), but the obstacle sensor is a forward event
 *   camera (droneEventCamera.ts: 64×48 px, 90° field of view, rendered at 1 kHz, ESIM/v2e pixel
 *   model with mismatch, refractory period and shot noise) instead of the lidar. Ground and
 *   trunks carry a solid stripe texture, so the drone's own motion produces events.
 * Action: `cmd_linear` [3] m/s (vx, vy in the heading frame; vz up), `cmd_yaw_rate` [1] rad/s.
 * Observation: `events_on` [3072], `events_off` [3072] — events per pixel since the previous
 *   control step, row-major from the top-left of the 64×48 image; odometry `odom_position` [3] m,
 *   `odom_orientation` [4], `odom_linear_velocity` [3] m/s, `odom_angular_velocity` [3] rad/s;
 *   `collision` [1]. Obstacles are to be sensed from events only: odometry is there for the goal
 *   direction (the heading, from `odom_orientation`) and altitude hold (`odom_position` z). The
 *   event baseline reads exactly those; odometry x, y would locate the drone but not the trees.
 * Reward: as drone-forest-v1 (droneCrossingTask.ts): `progress`, `clearance` shaping,
 *   `collision` −10, `bounds` −10, `goal` +10; same metrics.
 * Start: as drone-forest-v1 (fixed pose; the forest changes with the seed's 'world' stream; shot
 *   noise follows the episode seed, the threshold mismatch pattern is fixed).
 * End: as drone-forest-v1 — goal line (success), a tree touched, out of the flight box;
 *   truncated after 40 s.
 * Controllers: the non-spiking event baseline 'drone-avoid-events' fills both slots until the
 *   spiking vision controller of issue 18 exists.
 * Versions: v1 — first version.
 */
import type { Body } from '../loop/body.js';
import { forestLayout } from '../sim/world/forestLayout.js';
import { defineScenario } from './defineScenario.js';
import { createAvoidanceBody } from './droneAvoidanceBody.js';
import { DroneCrossingTask } from './droneCrossingTask.js';
import { CROSSING_HEIGHT_M, FOREST_CROSSING, FOREST_V1 } from './droneForest.js';
import { EVENT_DRONE_SENSORS } from './droneEventCamera.js';
import { quadrotorOf } from './quadrotorOf.js';
import type { Scenario } from './scenario.js';

export const DRONE_FOREST_EVENTS_V1: Scenario = defineScenario({
  id: 'drone-forest-events-v1',
  summary: 'drone-forest-v1 seen through a 64×48 event camera at 1 kHz instead of the lidar (events + odometry)',
  bodyKind: 'quadrotor',
  controlRate_Hz: 50,
  timeLimit_s: 40,
  controllers: { spiking: 'drone-avoid-events', baseline: 'drone-avoid-events' },
  training: { episodes: 100, batch: 1, plasticity: 'train-only' },
  createBody: () => createAvoidanceBody({ layout: (seed) => forestLayout(FOREST_V1, seed), sensors: EVENT_DRONE_SENSORS }),
  createTask: (body: Body, seed: number) => new DroneCrossingTask(quadrotorOf(body, 'drone-forest-events-v1'), forestLayout(FOREST_V1, seed), FOREST_CROSSING),
  describeScene: () => ({ goal_m: [FOREST_CROSSING.goalX_m, 0, CROSSING_HEIGHT_M] }),
});
