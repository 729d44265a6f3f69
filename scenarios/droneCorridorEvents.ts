/**
 * drone-corridor-events-v1 — fly drone-corridor-v1's walled corridor seeing the walls only through events.
 *
 * Description: drone-corridor-v1's world and task (a 2.4 m-wide corridor of four 5 m pieces
 *   turning 20–35° left/right by seed), with the forward event camera of droneEventCamera.ts
 *   (64×48 px at 1 kHz) instead of the lidar; walls and ground carry the solid stripe texture.
 * Action: `cmd_linear` [3] m/s, `cmd_yaw_rate` [1] rad/s (as drone-corridor-v1).
 * Observation: `events_on` [3072], `events_off` [3072] (events per pixel since the previous
 *   control step, row-major from the top-left), `odom_*`, `collision` [1]. Walls are to be sensed
 *   from events only; odometry is for the goal direction (heading) and altitude hold (z).
 * Reward: as drone-corridor-v1 (droneCrossingTask.ts); same metrics.
 * Start / End: as drone-corridor-v1 (goal line near the corridor's end; a wall touched; out of
 *   |y| ≤ 12 m, 0.2 m ≤ z ≤ 3 m; truncated after 40 s).
 * Controllers: the non-spiking event baseline 'drone-avoid-events' in both slots for now.
 * Versions: v1 — first version.
 */
import type { Body } from '../loop/body.js';
import type { Corridor } from './corridorLayout.js';
import { corridorLayout } from './corridorLayout.js';
import { createAvoidanceBody } from './droneAvoidanceBody.js';
import { DroneCrossingTask } from './droneCrossingTask.js';
import { CORRIDOR_V1 } from './droneCorridor.js';
import { CROSSING_HEIGHT_M, FOREST_CROSSING } from './droneForest.js';
import { quadrotorOf } from './quadrotorOf.js';
import { defineScenario } from './defineScenario.js';
import { EVENT_DRONE_SENSORS } from './droneEventCamera.js';
import type { Scenario } from './scenario.js';

export const DRONE_CORRIDOR_EVENTS_V1: Scenario = defineScenario({
  id: 'drone-corridor-events-v1',
  summary: 'drone-corridor-v1 seen through a 64×48 event camera at 1 kHz instead of the lidar (events + odometry)',
  bodyKind: 'quadrotor',
  controlRate_Hz: 50,
  timeLimit_s: 40,
  controllers: { spiking: 'drone-avoid-events', baseline: 'drone-avoid-events' },
  training: { episodes: 48, batch: 4, plasticity: 'train-only' },
  createBody: () =>
    createAvoidanceBody({
      layout: (seed) => corridorLayout(CORRIDOR_V1, seed).walls,
      yaw_rad: (seed: number) => {
        const c = corridorLayout(CORRIDOR_V1, seed).centre;
        return Math.atan2(c[1]![1] - c[0]![1], c[1]![0] - c[0]![0]);
      },
      sensors: EVENT_DRONE_SENSORS,
    }),
  createTask: (body: Body, seed: number) => {
    const c = corridorLayout(CORRIDOR_V1, seed);
    return new DroneCrossingTask(quadrotorOf(body, 'drone-corridor-events-v1'), c.walls, { ...FOREST_CROSSING, goalX_m: corridorGoal(c)[0], yLimit_m: 12 });
  },
  describeScene: (seed: number) => {
    const [x, y] = corridorGoal(corridorLayout(CORRIDOR_V1, seed));
    return { goal_m: [x, y, CROSSING_HEIGHT_M] };
  },
});

/** As drone-corridor-v1: the goal line x = x_end − 0.5 m and where it crosses the centre line (m). */
function corridorGoal(layout: Corridor): readonly [number, number] {
  const end = layout.centre[layout.centre.length - 1]!;
  return [end[0] - 0.5, end[1]];
}
