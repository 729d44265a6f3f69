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
import type { EpisodePool } from '../experiments/episodePool.js';
import { evaluateController } from '../experiments/evaluate.js';
import type { EvalSummary } from '../experiments/evalSummary.js';
import { resolveController } from '../experiments/resolveController.js';
import { trainController } from '../experiments/train.js';
import { DRONE_CORRIDOR_V1 } from '../scenarios/droneCorridor.js';
import type { BenchRow } from './suite.js';
import { nowSeconds } from './suite.js';

const FILE = 'controllers/files/drone-corridor-scratch-snn.yaml';
/** Training seeds the README does not otherwise use (the forest rows' seeds). */
export const CORRIDOR_SEEDS = [11, 42, 2026, 101, 303];
const EVAL_SEED = 0;

const ci = (s: EvalSummary) => s.success_rate_ci95 ?? [null, null];

async function evalFile(pool: EpisodePool, file: string, episodes: number, label: string): Promise<EvalSummary> {
  const { controller } = resolveController(file, DRONE_CORRIDOR_V1, EVAL_SEED);
  return (await evaluateController({ scenario: DRONE_CORRIDOR_V1, controller, label, episodes, seed: EVAL_SEED, pool, learning: false })).summary;
}

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
      const trained = await evalFile(pool, join(dir, 'best.json'), evalEpisodes, 'trained');
      const last = await evalFile(pool, join(dir, 'last.json'), evalEpisodes, 'trained (last)');
      const untrained = await evalFile(pool, join(dir, 'initial.json'), evalEpisodes, 'untrained');
      const zero = await evalFile(pool, join(zeroDir, 'last.json'), evalEpisodes, 'zero-reward control');
      rows.push({
        case: `corridor-scratch-s${seed}`,
        scenario: DRONE_CORRIDOR_V1.id,
        controller: FILE,
        train_seed: seed,
        train_episodes: episodes,
        eval_seed: EVAL_SEED,
        eval_episodes: evalEpisodes,
        success: trained.success_rate,
        success_ci95_low: ci(trained)[0],
        success_ci95_high: ci(trained)[1],
        last_success: last.success_rate,
        untrained_success: untrained.success_rate,
        zero_reward_success: zero.success_rate,
        zero_reward_ci95_low: ci(zero)[0],
        zero_reward_ci95_high: ci(zero)[1],
        collision_rate: trained.collision_rate,
        mean_time_to_goal_s: trained.mean_time_to_goal_s,
        train_wall_s: trainWall,
      });
      log(`  corridor seed ${seed}: trained ${trained.success_rate} [${ci(trained).join(', ')}], last ${last.success_rate}, untrained ${untrained.success_rate}, zero-reward ${zero.success_rate}, training ${trainWall.toFixed(0)} s`);
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
