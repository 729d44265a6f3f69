/**
 * `npm run bench -- learning --mode corridor`: drone-corridor-v1 learned from scratch (issue 13,
 * item 2). For each training seed the controller file drone-corridor-scratch-snn (no innate map:
 * every sensor → motor weight equal; side-step, speed and yaw learned) is trained on the
 * corridor, and so is its zero-reward control (the same training with the reward replaced by 0);
 * the trained (`best.json`, picked by `train` on 30 frozen validation episodes every 2 rounds —
 * eval-split seeds k ≥ 1 000 000, disjoint from the held-out ones), the last weights, the
 * untrained (initial.json of the same run) and the control are evaluated frozen on the SAME 100
 * held-out corridors (eval split, seed 0), with 95 % Wilson intervals.
 *
 * Full: 5 training seeds × 96 training episodes (24 rounds of 4). `--quick`: 1 seed, 48 training
 * episodes, 10 validation episodes every 2 rounds, 30 held-out episodes. Measured figures:
 * docs/learning-notes.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../experiments/defaultCatalog.js';
import { createEpisodePool } from '../experiments/episodePool.js';
import { trainController } from '../experiments/train.js';
import { DRONE_CORRIDOR_V1 } from '../scenarios/droneCorridor.js';
import type { BenchRow } from './suite.js';
import { nowSeconds } from './suite.js';
import { scratchLearningRow } from './heldOutEval.js';

const FILE = 'controllers/files/drone-corridor-scratch-snn.yaml';
/** Training seeds the README does not otherwise use (the forest rows' seeds). */
export const CORRIDOR_SEEDS = [11, 42, 2026, 101, 303];

export async function runCorridorLearning({ quick, log }: { quick: boolean; log: (line: string) => void }): Promise<BenchRow[]> {
  const seeds = quick ? CORRIDOR_SEEDS.slice(0, 1) : CORRIDOR_SEEDS;
  const episodes = quick ? 48 : 96;
  const evalEpisodes = quick ? 30 : 100;
  const root = mkdtempSync(join(tmpdir(), 'spikeloop-bench-corridor-'));
  const pool = await createEpisodePool({ workers: 1, catalog });
  const rows: BenchRow[] = [];
  try {
    for (const seed of seeds) {
      const common = { scenario: DRONE_CORRIDOR_V1, controller: FILE, episodes, seed, evalEpisodes: 0, validateEpisodes: quick ? 10 : 30, pool } as const;
      const dir = join(root, `s${seed}`);
      const t0 = nowSeconds();
      await trainController({ ...common, validateEvery: 2, outDir: dir });
      const trainWall = nowSeconds() - t0;
      const zeroDir = join(root, `s${seed}-zero`);
      // The control's weights cannot move (δ ≡ 0 with a zero critic), so it is validated only at the end.
      await trainController({ ...common, validateEvery: episodes / 4, outDir: zeroDir, control: 'zero-reward' });
      const row = await scratchLearningRow(pool, { case: `corridor-scratch-s${seed}`, scenario: DRONE_CORRIDOR_V1, file: FILE, seed, episodes, evalEpisodes, trainWall_s: trainWall, dir, zeroDir });
      rows.push(row);
      log(`  corridor seed ${seed}: trained ${row.success} [${row.success_ci95_low}, ${row.success_ci95_high}], last ${row.last_success}, untrained ${row.untrained_success}, zero-reward ${row.zero_reward_success}, training ${trainWall.toFixed(0)} s`);
    }
    const s = rows.map((r) => r.success as number);
    rows.push({
      case: 'corridor-scratch-summary',
      seeds: seeds.length,
      mean_success: s.reduce((a, b) => a + b, 0) / s.length,
      min_success: Math.min(...s),
      mean_last_success: rows.reduce((a, r) => a + (r.last_success as number), 0) / seeds.length,
      mean_untrained_success: rows.reduce((a, r) => a + (r.untrained_success as number), 0) / seeds.length,
      mean_zero_reward_success: rows.reduce((a, r) => a + (r.zero_reward_success as number), 0) / seeds.length,
    });
  } finally {
    await pool.close();
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
