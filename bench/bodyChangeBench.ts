/**
 * `npm run bench -- learning --mode body-change`: re-learning after a body change (issue 13).
 *
 * For each training seed S, the controller file drone-avoid-scratch-snn is first trained on the
 * INTACT drone-forest-v1 (the forest-scratch protocol of learningBench.ts: 200 episodes, best.json
 * picked on 30 frozen validation episodes every 20 rounds) — or taken from
 * `$SPIKELOOP_BENCH_INTACT` (a directory path with `{seed}`, holding that run's best.json). Then,
 * for each body change of BODY_CHANGES:
 *  - the fixed reactive baseline (drone-avoid-reactive, no plasticity) on the damaged body;
 *  - the intact-trained controller, frozen, on the damaged body (on the intact one only when the
 *    bench trained it: the forest-scratch rows measure that);
 *  - the same controller trained ONLINE on the damaged body for N = 50 episodes (`train --controller
 *    intact/best.json --perturb <spec>`: plasticity on in every episode, weights carried from one
 *    episode to the next), its frozen validation (30 damaged-body episodes on the validation seeds,
 *    k ≥ 1 000 000) every 10 episodes; episodes to reach ≥ 90 % = the first validation point at
 *    ≥ 0.9; held-out success of last.json, the weights after N episodes (no checkpoint picking);
 *  - its zero-reward control: the same online training with the reward replaced by 0 (the TD
 *    error is then γ·V(s′) − V(s) of the intact-trained critic, so the weights still move), held-out
 *    success of last.json (not validated: its validation would pick nothing).
 * Every held-out figure is a frozen evaluation (plasticity off) on the SAME 100 episodes (eval
 * split, seed 0) with its 95 % Wilson interval. `--quick`: 1 seed, mirror-lidar only, 20 online
 * episodes, 10 validation and 30 held-out episodes (needs $SPIKELOOP_BENCH_INTACT, or it trains
 * the intact controller for 40 episodes). `$SPIKELOOP_BENCH_SEEDS=11,42` runs some seeds only.
 * Each row is also logged as one `row {json}` line as soon as it is measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../experiments/defaultCatalog.js';
import { createEpisodePool } from '../experiments/episodePool.js';
import type { EvalSummary } from '../experiments/evalSummary.js';
import { trainController } from '../experiments/train.js';
import { DRONE_FOREST_V1 } from '../scenarios/droneForest.js';
import type { BenchRow } from './suite.js';
import { nowSeconds } from './suite.js';
import { EVAL_SEED, evalFile, successCi95 } from './heldOutEval.js';

const FILE = 'controllers/files/drone-avoid-scratch-snn.yaml';
const BASELINE = 'drone-avoid-reactive';
/** The training seeds of the forest-scratch rows (the README does not use them elsewhere). */
export const BODY_CHANGE_SEEDS = [11, 42, 2026, 101, 303];
/** Body changes, as the versioned scenarios fix them (drone-forest-mirrored-v1, -dead-beams-v1, -weak-v1). */
export const BODY_CHANGES = [
  { name: 'mirrored lidar', perturb: 'mirror-lidar' },
  { name: 'dead front-left beams', perturb: 'dead-beams:19-27' },
  { name: 'weak lateral actuator', perturb: 'weak-actuator:cmd_linear[1]=0.5' },
] as const;
/** Success the online re-learning must reach on the frozen validation (issue 13). */
const TARGET = 0.9;

/** First validation point (episodes done) with success ≥ target, or null. */
export function episodesToReach(points: readonly { episodes_done: number; success_rate: number }[], target: number): number | null {
  for (const p of points) if (p.success_rate >= target) return p.episodes_done;
  return null;
}

export async function runBodyChange({ quick, log }: { quick: boolean; log: (line: string) => void }): Promise<BenchRow[]> {
  const seedsEnv = process.env.SPIKELOOP_BENCH_SEEDS;
  const seeds = seedsEnv ? seedsEnv.split(',').map((s) => Number(s.trim())) : quick ? BODY_CHANGE_SEEDS.slice(0, 1) : BODY_CHANGE_SEEDS;
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`SPIKELOOP_BENCH_SEEDS='${seedsEnv}': give integers ≥ 0, comma-separated`);
  const intactTemplate = process.env.SPIKELOOP_BENCH_INTACT;
  const changes = quick ? BODY_CHANGES.slice(0, 1) : BODY_CHANGES;
  const online = quick ? 20 : 50;
  const validateEvery = quick ? 5 : 10;
  const validateEpisodes = quick ? 10 : 30;
  const evalEpisodes = quick ? 30 : 100;
  const root = mkdtempSync(join(tmpdir(), 'spikeloop-bench-body-change-'));
  const pool = await createEpisodePool({ workers: 1, catalog });
  const rows: BenchRow[] = [];
  const emit = (row: BenchRow) => {
    rows.push(row);
    log(`row ${JSON.stringify(row)}`);
  };
  const evalOn = (file: string, perturb: readonly string[], label: string): Promise<EvalSummary> => evalFile(pool, DRONE_FOREST_V1, file, evalEpisodes, label, perturb);
  try {
    // The fixed baseline does not depend on the training seed: once per body.
    const baseline = new Map<string, EvalSummary>();
    for (const c of [{ perturb: '' }, ...changes]) {
      const s = await evalOn(BASELINE, c.perturb ? [c.perturb] : [], BASELINE);
      baseline.set(c.perturb, s);
      log(`  ${BASELINE} on ${c.perturb || 'the intact body'}: ${s.success_rate} [${successCi95(s).join(', ')}]`);
    }
    for (const seed of seeds) {
      let intactFile: string;
      let intactWall: number | null = null;
      let intactEpisodes: number | null = null;
      if (intactTemplate) {
        intactFile = join(intactTemplate.replaceAll('{seed}', String(seed)), 'best.json');
      } else {
        const dir = join(root, `intact-${seed}`);
        intactEpisodes = quick ? 40 : 200;
        const t0 = nowSeconds();
        await trainController({ scenario: DRONE_FOREST_V1, controller: FILE, episodes: intactEpisodes, seed, evalEpisodes: 0, validateEvery: quick ? 10 : 20, validateEpisodes: quick ? 10 : 30, pool, outDir: dir });
        intactWall = nowSeconds() - t0;
        intactFile = join(dir, 'best.json');
      }
      const intact = intactWall === null ? null : await evalOn(intactFile, [], 'intact-trained, intact body');
      if (intact) log(`  seed ${seed}: intact-trained on the intact body ${intact.success_rate}`);
      for (const c of changes) {
        const frozen = await evalOn(intactFile, [c.perturb], 'intact-trained, frozen');
        const common = { scenario: DRONE_FOREST_V1, controller: intactFile, episodes: online, seed, evalEpisodes: 0, validateEvery, validateEpisodes, pool, perturb: [c.perturb] } as const;
        const dir = join(root, `${c.perturb.replace(/[^a-z0-9]+/gi, '_')}-${seed}`);
        const t0 = nowSeconds();
        const trained = await trainController({ ...common, outDir: dir });
        const trainWall = nowSeconds() - t0;
        const zeroDir = `${dir}-zero`;
        await trainController({ ...common, outDir: zeroDir, control: 'zero-reward', validateEvery: 100_000, validateEpisodes: 2 });
        const last = await evalOn(join(dir, 'last.json'), [c.perturb], 'online-trained (last)');
        const zeroLast = await evalOn(join(zeroDir, 'last.json'), [c.perturb], 'zero-reward control (last)');
        const validation = trained.state.validation;
        const base = baseline.get(c.perturb)!;
        emit({
          case: `body-${c.perturb.split(':')[0]}-s${seed}`,
          body_change: c.name,
          perturb: c.perturb,
          scenario: DRONE_FOREST_V1.id,
          controller: FILE,
          train_seed: seed,
          intact_train_episodes: intactEpisodes,
          intact_train_wall_s: intactWall,
          intact_success: intact?.success_rate ?? null,
          eval_seed: EVAL_SEED,
          eval_episodes: evalEpisodes,
          baseline_success: base.success_rate,
          baseline_ci95_low: successCi95(base)[0],
          baseline_ci95_high: successCi95(base)[1],
          frozen_success: frozen.success_rate,
          frozen_ci95_low: successCi95(frozen)[0],
          frozen_ci95_high: successCi95(frozen)[1],
          online_episodes: online,
          online_success: last.success_rate,
          online_ci95_low: successCi95(last)[0],
          online_ci95_high: successCi95(last)[1],
          episodes_to_90: episodesToReach(validation, TARGET),
          validation: validation.map((p) => `${p.episodes_done}:${p.success_rate.toFixed(2)}`).join(' '),
          validate_episodes: validateEpisodes,
          zero_reward_success: zeroLast.success_rate,
          zero_reward_ci95_low: successCi95(zeroLast)[0],
          zero_reward_ci95_high: successCi95(zeroLast)[1],
          online_minus_baseline: last.success_rate - base.success_rate,
          online_train_wall_s: trainWall,
        });
      }
    }
    for (const c of changes) {
      const r = rows.filter((x) => x.perturb === c.perturb);
      const mean = (k: string) => r.reduce((a, x) => a + (x[k] as number), 0) / r.length;
      const reached = r.map((x) => x.episodes_to_90).filter((e): e is number => typeof e === 'number');
      emit({
        case: `body-${c.perturb.split(':')[0]}-summary`,
        perturb: c.perturb,
        seeds: r.length,
        baseline_success: r[0]?.baseline_success ?? null,
        mean_frozen_success: mean('frozen_success'),
        mean_online_success: mean('online_success'),
        min_online_success: Math.min(...r.map((x) => x.online_success as number)),
        mean_zero_reward_success: mean('zero_reward_success'),
        seeds_reaching_90: reached.length,
        max_episodes_to_90: reached.length === r.length ? Math.max(...reached) : null,
        mean_online_train_wall_s: mean('online_train_wall_s'),
      });
    }
  } finally {
    await pool.close();
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
