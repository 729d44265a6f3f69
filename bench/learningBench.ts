/**
 * `npm run bench -- learning`: learning from scratch (issue 13). For each training seed the
 * controller file drone-avoid-scratch-snn (no innate map: every lidar → motor weight equal) is
 * trained on drone-forest-v1, and so is its zero-reward control (the same training with the
 * reward replaced by 0); the trained, untrained (initial.json of the same run) and control
 * controllers are evaluated frozen on the SAME held-out episodes (eval split, seed 0), with
 * 95 % Wilson intervals. A last row is the best fixed-gain version of the same controller: the
 * lidar → side-step projections given the innate map base + g·|sin θ| (sector-side generator)
 * for each g of FIXED_GAINS, not trained; its best g is reported.
 *
 * The trained controller is `best.json`, picked by `train` on 30 frozen validation episodes every
 * 20 rounds (eval-split seeds k ≥ 1 000 000, disjoint from the held-out ones); `last.json` is
 * reported beside it. Full: 5 training seeds × 200 training episodes, 100 held-out episodes (about
 * an hour on one quiet core). `--quick`: 1 seed, 40 training episodes, 10 validation and 30 held-out
 * episodes. Measured figures: docs/learning-notes.md.
 *
 * `--mode body-change` (bodyChangeBench.ts): the same controller trained on the intact body,
 * then trained online on a mirrored lidar, dead front-left beams and a weak lateral actuator,
 * against the fixed reactive baseline and the zero-reward control.
 *
 * `--mode corridor` (corridorLearningBench.ts): drone-corridor-scratch-snn learned from scratch on
 * drone-corridor-v1, with its zero-reward control, on 100 held-out corridors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEpisodePool } from '../experiments/episodePool.js';
import type { EvalSummary } from '../experiments/evalSummary.js';
import { trainController } from '../experiments/train.js';
import { DRONE_FOREST_V1 } from '../scenarios/droneForest.js';
import type { BenchRow, BenchSuite } from './suite.js';
import { nowSeconds } from './suite.js';
import { evalFile, scratchLearningRow, successCi95 } from './heldOutEval.js';

const FILE = 'controllers/files/drone-avoid-scratch-snn.yaml';
/** Training seeds the README does not use. */
const SEEDS = [11, 42, 2026, 101, 303];
/** Seed of the held-out evaluation episodes (eval split; training never draws from it). */
const FIXED_GAINS = [50, 100, 200, 400];

/** The same controller file with an innate side-step map of gain g (pA) instead of uniform weights; no plasticity is used (evaluated frozen). */
export function fixedGainVariant(text: string, gain_pA: number): string {
  const side = (post: string, s: number) =>
    text.includes(`name: prox-${post}, pre: prox, post: ${post}, connectivity: { kind: all-to-all }, weight: 30,`)
      ? [`name: prox-${post}, pre: prox, post: ${post}, connectivity: { kind: all-to-all }, weight: 30,`, `name: prox-${post}, pre: prox, post: ${post}, generate: { kind: sector-side, sectors: 8, neuronsPerSector: 6, base_pA: 30, innate_pA: ${gain_pA}, side: ${s} },`]
      : null;
  let out = text.replace('id: drone-avoid-scratch-snn', `id: drone-avoid-fixed-gain-${gain_pA}`);
  for (const [post, s] of [['slide_left', 1], ['slide_right', -1]] as const) {
    const r = side(post, s);
    if (!r) throw new Error(`fixedGainVariant: ${FILE} no longer has the uniform prox-${post} projection this bench rewrites`);
    out = out.replace(r[0], r[1]);
  }
  return out;
}


export const learningBench: BenchSuite = {
  name: 'learning',
  description: 'learning from scratch: drone-avoid-scratch-snn on drone-forest-v1 — trained vs untrained vs zero-reward control vs best fixed gain, same held-out episodes',
  modes: ['body-change', 'corridor'],
  async run({ quick, log, mode }) {
    if (mode === 'body-change') return (await import('./bodyChangeBench.js')).runBodyChange({ quick, log });
    if (mode === 'corridor') return (await import('./corridorLearningBench.js')).runCorridorLearning({ quick, log });
    const seeds = quick ? SEEDS.slice(0, 1) : SEEDS;
    const episodes = quick ? 40 : 200;
    const evalEpisodes = quick ? 30 : 100;
    const root = mkdtempSync(join(tmpdir(), 'spikeloop-bench-learning-'));
    const pool = await createEpisodePool({ workers: 1, catalog: (await import('../experiments/defaultCatalog.js')).catalog });
    const rows: BenchRow[] = [];
    try {
      for (const seed of seeds) {
        const common = { scenario: DRONE_FOREST_V1, controller: FILE, episodes, seed, evalEpisodes: 0, validateEvery: quick ? 10 : 20, validateEpisodes: quick ? 10 : 30, pool } as const;
        const t0 = nowSeconds();
        const dir = join(root, `s${seed}`);
        await trainController({ ...common, outDir: dir });
        const trainWall = nowSeconds() - t0;
        const zeroDir = join(root, `s${seed}-zero`);
        await trainController({ ...common, outDir: zeroDir, control: 'zero-reward' });
        const row = await scratchLearningRow(pool, { case: `forest-scratch-s${seed}`, scenario: DRONE_FOREST_V1, file: FILE, seed, episodes, evalEpisodes, trainWall_s: trainWall, dir, zeroDir });
        log(`  seed ${seed}: trained ${row.success} [${row.success_ci95_low}, ${row.success_ci95_high}], untrained ${row.untrained_success}, zero-reward ${row.zero_reward_success}, training ${trainWall.toFixed(0)} s`);
        rows.push(row);
      }
      const s = rows.map((r) => r.success as number);
      rows.push({
        case: 'forest-scratch-summary',
        seeds: seeds.length,
        mean_success: s.reduce((a, b) => a + b, 0) / s.length,
        min_success: Math.min(...s),
        mean_untrained_success: rows.reduce((a, r) => a + (r.untrained_success as number), 0) / seeds.length,
        mean_zero_reward_success: rows.reduce((a, r) => a + (r.zero_reward_success as number), 0) / seeds.length,
      });
      // The best fixed gain of the same controller (not trained), on the same held-out episodes.
      const text = readFileSync(FILE, 'utf8');
      let best: { gain: number; s: EvalSummary } | null = null;
      for (const gain of quick ? FIXED_GAINS.slice(1, 3) : FIXED_GAINS) {
        const f = join(root, `fixed-${gain}.yaml`);
        writeFileSync(f, fixedGainVariant(text, gain));
        const r = await evalFile(pool, DRONE_FOREST_V1, f, evalEpisodes, `fixed gain ${gain} pA`);
        log(`  fixed gain ${gain} pA: ${r.success_rate}`);
        if (!best || r.success_rate > best.s.success_rate) best = { gain, s: r };
      }
      rows.push({
        case: 'forest-fixed-gain-best',
        gains_tried_pA: (quick ? FIXED_GAINS.slice(1, 3) : FIXED_GAINS).join(' '),
        best_gain_pA: best!.gain,
        success: best!.s.success_rate,
        success_ci95_low: successCi95(best!.s)[0],
        success_ci95_high: successCi95(best!.s)[1],
        eval_episodes: evalEpisodes,
      });
    } finally {
      await pool.close();
      rmSync(root, { recursive: true, force: true });
    }
    return rows;
  },
};
