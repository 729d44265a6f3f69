/**
 * `npm run bench -- sim`: physics steps per wall second and real-time factor for the simulated
 * bodies — (a) the quadrotor among 100 static cylinders with a 16-beam lidar, (b) the 4-DOF arm
 * with contacts, (c) the event camera at 32×24. One row per case; see each case's module doc.
 */
import type { BenchRow, BenchSuite } from './suite.js';
import { runDroneForestLidar16 } from './simCases/droneForestLidar16.js';

export const simBench: BenchSuite = {
  name: 'sim',
  description: 'cannon-es bodies: physics steps per wall second and real-time factor (single core)',
  run: async ({ quick, log }) => {
    const rows: BenchRow[] = [];
    const drone = await runDroneForestLidar16(quick);
    log(`drone-forest-lidar16: ${(drone['realtime_factor'] as number).toFixed(0)}× real time, ${(drone['physics_steps_per_s'] as number).toFixed(0)} steps/s`);
    rows.push(drone);
    return rows;
  },
};
