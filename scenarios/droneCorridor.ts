/**
 * drone-corridor-v1 — fly a narrow corridor with turns to its far end.
 *
 * Description: a Crazyflie 2.x starts at (0, 0, 1) m in a walled corridor 2.4 m wide made of
 *   4 straight pieces of 5 m whose headings alternate left/right by 20–35° (drawn from the
 *   seed; corridorLayout.ts). The goal is the line x = x_end − 0.5 m near the corridor's end.
 * Action: `cmd_linear` [3] m/s (vx, vy in the heading frame; vz up), `cmd_yaw_rate` [1] rad/s.
 * Observation: as drone-forest-v1 — `lidar` [37] m, `odom_*`, `collision` [1].
 * Reward: as drone-forest-v1 (droneCrossingTask.ts): `progress`, `clearance` shaping,
 *   `collision` −10, `bounds` −10, `goal` +10.
 * Start: at the corridor entrance, heading along its first piece.
 * End: terminated at the goal line (success), on touching a wall, or leaving |y| ≤ 12 m,
 *   0.2 m ≤ z ≤ 3 m; truncated after 40 s.
 * Versions: v1 — first version.
 */
import type { Body } from '../loop/body.js';
import type { Corridor, CorridorParams } from './corridorLayout.js';
import { corridorLayout } from './corridorLayout.js';
import { createAvoidanceBody } from './droneAvoidanceBody.js';
import { DroneCrossingTask } from './droneCrossingTask.js';
import { CROSSING_HEIGHT_M, FOREST_CROSSING } from './droneForest.js';
import { defineScenario } from './defineScenario.js';
import { quadrotorOf } from './quadrotorOf.js';
import type { Scenario } from './scenario.js';

export const CORRIDOR_V1: CorridorParams = {
  segments: 4,
  segmentLength_m: 5,
  halfWidth_m: 1.2,
  minTurn_rad: (20 * Math.PI) / 180,
  maxTurn_rad: (35 * Math.PI) / 180,
  wallHeight_m: 3,
  wallHalfThickness_m: 0.05,
};

/** The goal line x = x_end − 0.5 m near the corridor's end, and where it crosses the centre line (m). */
function corridorGoal(layout: Corridor): readonly [number, number] {
  const end = layout.centre[layout.centre.length - 1]!;
  return [end[0] - 0.5, end[1]];
}

export const DRONE_CORRIDOR_V1: Scenario = defineScenario({
  id: 'drone-corridor-v1',
  summary: 'Crazyflie flies a 2.4 m-wide walled corridor with four seeded turns to its end',
  bodyKind: 'quadrotor',
  controlRate_Hz: 50,
  timeLimit_s: 40,
  controllers: { spiking: 'drone-avoid-snn', baseline: 'drone-avoid-reactive' },
  training: { episodes: 48, batch: 4, plasticity: 'train-only' },
  createBody: () => {
    return createAvoidanceBody({
      layout: (seed) => corridorLayout(CORRIDOR_V1, seed).walls,
      yaw_rad: (seed: number) => {
        const c = corridorLayout(CORRIDOR_V1, seed).centre;
        return Math.atan2(c[1]![1] - c[0]![1], c[1]![0] - c[0]![0]);
      },
    });
  },
  createTask: (body: Body, seed: number) => {
    const c = corridorLayout(CORRIDOR_V1, seed);
    return new DroneCrossingTask(quadrotorOf(body, 'drone-corridor-v1'), c.walls, { ...FOREST_CROSSING, goalX_m: corridorGoal(c)[0], yLimit_m: 12 });
  },
  describeScene: (seed: number) => {
    const [x, y] = corridorGoal(corridorLayout(CORRIDOR_V1, seed));
    return { goal_m: [x, y, CROSSING_HEIGHT_M] };
  },
});
