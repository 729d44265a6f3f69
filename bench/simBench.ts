/**
 * `npm run bench -- sim`: physics steps per wall second and real-time factor for the simulated
 * bodies — (a) the quadrotor among 100 static cylinders with a 16-beam lidar, (b) the 4-DOF arm
 * with contacts, (c) the ray-cast event camera at 32×24, (d) the rasterised event camera at 64×48 / 1 kHz
 * in the forest (with the ray-cast one beside it), (e) drone-forest-events-v1's whole loop. One row
 * per case; see each case's module doc.
 */
import type { BenchRow, BenchSuite } from './suite.js';
import { runDroneForestLidar16 } from './simCases/droneForestLidar16.js';
import { runArm4Contacts } from './simCases/arm4Contacts.js';
import { runEventCamera32x24 } from './simCases/eventCamera32x24.js';
import { runEventCameraForest64x48 } from './simCases/eventCameraForest64x48.js';
import { runDroneForestEventsLoop } from './simCases/droneForestEventsLoop.js';

const CASES: readonly (readonly [string, (quick: boolean) => Promise<BenchRow>])[] = [
  ['drone-forest-lidar16', runDroneForestLidar16],
  ['arm4-contacts', runArm4Contacts],
  ['event-camera-32x24', runEventCamera32x24],
  ['event-camera-forest-64x48', runEventCameraForest64x48],
  ['drone-forest-events-loop', runDroneForestEventsLoop],
];

export const simBench: BenchSuite = {
  name: 'sim',
  description: 'cannon-es bodies: physics steps per wall second and real-time factor (single core)',
  run: async ({ quick, log }) => {
    const rows: BenchRow[] = [];
    for (const [name, run] of CASES) {
      const row = await run(quick);
      const rtf = row['realtime_factor'];
      log(`${name}: ${typeof rtf === 'number' ? rtf.toFixed(0) : String(rtf)}× real time`);
      rows.push(row);
    }
    return rows;
  },
};
