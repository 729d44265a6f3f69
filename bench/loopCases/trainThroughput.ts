/**
 * Benchmark cases `<scenario>-train-<K>w`: training throughput of `spikeloop train`
 * (experiments/train.ts, `trainController`) with K worker threads — a small fixed budget of
 * training episodes from the scenario's untrained spiking preset (seed 1), in rounds of the
 * scenario's batch, validated on a few held-out episodes before the first round and after the
 * last, no final evaluation or report episodes. Output goes to a temporary directory, removed
 * afterwards.
 *
 * Figures (the pool is wrapped by TimedPool to separate training from validation jobs):
 *   episodes_per_min   = training episodes / wall time of the training rounds' episode jobs;
 *   realtime_factor    = their simulated seconds / that wall time (all threads together);
 *   overhead_us_per_step = thread time not spent inside an episode during those jobs, per control
 *                        step, counting the min(K, batch) threads a round can use (dispatch,
 *                        controller snapshots, parameter copies, and threads idle at the end of a
 *                        round while its last episode finishes). With batch 1 (drone-forest-v1
 *                        since 609f20f) a round is one episode: a second thread cannot help;
 *   end_to_end_episodes_per_min = training episodes / wall time of the whole `trainController`
 *                        call (validation, batch updates, checkpoints, curve.csv included);
 *   pool_start_s       = starting the K threads (K = 1 runs in the calling thread: no start-up);
 *   eval_episodes_per_min = held-out episodes of the trained controller per minute through
 *                        `evaluateController` on the same pool (what `spikeloop eval` runs):
 *                        independent episodes, the throughput K threads give when there is
 *                        parallel work (evaluation, or training with batch ≥ K).
 *   cpu_capacity_threads = for K ≥ 2, the cores' worth of CPU K threads got just before the run
 *                        (parallelCapacity.ts): ≈ K on an idle machine, ≈ 1 when other load
 *                        leaves no core spare (then no speed-up is possible).
 * K threads give bit-identical training (episodes are placed by index, not completion order);
 * `identical_to_1_worker` checks it on the final weights and the learning curve.
 *
 * K = 1 runs in the benchmark's own thread and K ≥ 2 in fresh worker threads whose JIT starts
 * cold: run this case first in a process so that K = 1 starts cold too, as the CLI does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readControllerFile, restoreController } from '../../controllers/presets/controllerFile.js';
import { findPresetIn } from '../../experiments/catalog.js';
import { catalog } from '../../experiments/defaultCatalog.js';
import { evaluateController } from '../../experiments/evaluate.js';
import { createEpisodePool } from '../../experiments/episodePool.js';
import { roundsFor, trainController } from '../../experiments/train.js';
import type { Scenario } from '../../scenarios/scenario.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';
import { parallelCapacity } from './parallelCapacity.js';
import { TimedPool } from './timedPool.js';

export interface TrainThroughputCase {
  readonly scenario: Scenario;
  /** Worker counts to compare, starting with 1 (the reference for speed-up and identity). */
  readonly workers: readonly number[];
  /** Training episodes per run. */
  readonly episodes: number;
  /** Held-out episodes per validation (two validations per run). */
  readonly validateEpisodes: number;
  /** Held-out episodes of the evaluation after training. */
  readonly evalEpisodes: number;
}

interface Fingerprint {
  readonly weights: string;
  readonly returns: string;
}

async function trainOnce(c: TrainThroughputCase, workers: number): Promise<{ row: Omit<BenchRow, 'case'>; fp: Fingerprint }> {
  const dir = mkdtempSync(join(tmpdir(), 'spikeloop-bench-train-'));
  try {
    const load = loadavg()[0]!;
    const t0 = nowSeconds();
    const pool = new TimedPool(await createEpisodePool({ workers, catalog }));
    const poolStart = nowSeconds() - t0;
    let result;
    let evaluation;
    let eval_s;
    try {
      result = await trainController({
        scenario: c.scenario,
        outDir: dir,
        catalog,
        episodes: c.episodes,
        seed: 1,
        pool,
        validateEvery: roundsFor(c.episodes, c.scenario.training.batch),
        validateEpisodes: c.validateEpisodes,
        evalEpisodes: 0,
      });
      const saved = readControllerFile(result.files.last);
      const trained = restoreController(saved, findPresetIn(catalog, saved.preset), result.files.last);
      const te = nowSeconds();
      evaluation = await evaluateController({ scenario: c.scenario, controller: trained, label: 'trained', episodes: c.evalEpisodes, seed: 1, pool: pool.inner });
      eval_s = nowSeconds() - te;
    } finally {
      await pool.close();
    }
    const tr = pool.training;
    if (result.interrupted || tr.episodes !== c.episodes) throw new Error(`train with ${workers} workers: ran ${tr.episodes} of ${c.episodes} training episodes`);
    const errors = result.curve.filter((r) => r.error !== '').length;
    const fp: Fingerprint = {
      weights: JSON.stringify(readControllerFile(result.files.last).parameters),
      returns: [...result.curve.map((r) => r.return), ...evaluation.runs.map((r) => r.result.return)].join(','),
    };
    const threadsUsed = Math.min(workers, c.scenario.training.batch);
    const evalSim = evaluation.runs.reduce((a, r) => a + r.result.duration_s, 0);
    const row = {
      scenario: c.scenario.id,
      controller: c.scenario.controllers.spiking,
      workers,
      episodes: tr.episodes,
      batch: c.scenario.training.batch,
      rounds: result.state.rounds_done,
      validation_episodes: pool.other.episodes,
      train_wall_s: tr.wall_s,
      episodes_per_min: (tr.episodes / tr.wall_s) * 60,
      realtime_factor: tr.sim_s / tr.wall_s,
      overhead_us_per_step: ((threadsUsed * tr.wall_s - tr.episodeWall_s) / tr.steps) * 1e6,
      threads_used_per_round: threadsUsed,
      sim_s: tr.sim_s,
      control_steps: tr.steps,
      us_per_step_in_episodes: (tr.episodeWall_s / tr.steps) * 1e6,
      total_wall_s: result.wall_s,
      end_to_end_episodes_per_min: (tr.episodes / result.wall_s) * 60,
      pool_start_s: poolStart,
      eval_episodes: c.evalEpisodes,
      eval_episodes_per_min: (c.evalEpisodes / eval_s) * 60,
      eval_realtime_factor: evalSim / eval_s,
      episode_errors: errors,
      // Other processes' load when the run started: with K threads on a shared machine, a load
      // above (cores − K) means the threads did not each get a core.
      machine_load_1min: load,
    };
    return { row, fp };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runTrainThroughput(c: TrainThroughputCase, log: (line: string) => void): Promise<BenchRow[]> {
  if (c.workers[0] !== 1) throw new RangeError(`train throughput: worker counts must start with 1 (the reference), got [${c.workers.join(', ')}]`);
  const rows: BenchRow[] = [];
  let ref: { perMin: number; evalPerMin: number; fp: Fingerprint } | null = null;
  for (const k of c.workers) {
    const capacity = k > 1 ? await parallelCapacity(k) : null;
    const { row, fp } = await trainOnce(c, k);
    const perMin = row['episodes_per_min'] as number;
    const evalPerMin = row['eval_episodes_per_min'] as number;
    const extra: Record<string, number | boolean> = {};
    if (capacity !== null) extra['cpu_capacity_threads'] = capacity;
    if (ref) {
      extra['speedup_vs_1_worker'] = perMin / ref.perMin;
      extra['eval_speedup_vs_1_worker'] = evalPerMin / ref.evalPerMin;
      extra['identical_to_1_worker'] = fp.weights === ref.fp.weights && fp.returns === ref.fp.returns;
    } else ref = { perMin, evalPerMin, fp };
    log(`train ${c.scenario.id}, ${k} worker${k === 1 ? '' : 's'}: ${perMin.toFixed(1)} training episodes/min (batch ${c.scenario.training.batch}), ${evalPerMin.toFixed(1)} eval episodes/min${capacity !== null ? ` (the ${k} threads had ${capacity.toFixed(2)} cores' worth of CPU)` : ''}`);
    rows.push({ case: `${c.scenario.id.replace(/-v\d+$/, '')}-train-${k}w`, ...row, ...extra });
  }
  return rows;
}
