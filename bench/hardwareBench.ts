/**
 * `npm run bench -- hardware [--json] [--quick]`: how drone-forest-v1 success degrades when a
 * trained spiking controller runs on hardware models (controllers/hardware).
 *
 * The controller is trained here, deterministically, exactly as
 *   spikeloop train drone-forest-v1 --seed 0 --episodes 100 --eval-episodes 0 --out <dir>
 * trains it (drone-avoid-snn, the scenario's recommended budget; --quick: 25 episodes), and its
 * last.json is evaluated frozen on the same held-out seeds for every model, as
 *   spikeloop eval drone-forest-v1 --controller <dir>/last.json --episodes 100 --seed 0 --hardware <spec>
 * (--quick: 10 episodes). Models: float; int8 (8-bit weights, 16-bit integer LIF state) and its
 * parts; 4, 2 and 1-bit weights; memristor pairs with programming and read noise, few levels,
 * power-law drift (uncompensated, globally compensated, with device-to-device spread of ν) and
 * stuck devices.
 *
 * Then, learning under the non-idealities: the same training run on a hardware model
 * (`spikeloop train … --hardware <spec>`: the network runs on the device weights, the float
 * weights learn through them) and evaluated on that model; rows `trained on <spec>`.
 *
 * Per model: success rate with its Wilson 95 % interval, the change from float in points, the
 * held-out seeds whose outcome differs from float's (paired), collision rate, effective
 * synaptic ops per control step, non-zero synapses and the deployed parameter bytes. A Markdown
 * table of the same rows is logged at the end (the README's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HardwareSpec } from '../controllers/hardware/hardwareSpec.js';
import { describeHardware } from '../controllers/hardware/hardwareSpec.js';
import { parseHardwareSpec } from '../controllers/hardware/parseHardwareSpec.js';
import { readControllerFile, restoreController } from '../controllers/presets/controllerFile.js';
import { findPresetIn } from '../experiments/catalog.js';
import { catalog } from '../experiments/defaultCatalog.js';
import { createEpisodePool } from '../experiments/episodePool.js';
import { evaluateController } from '../experiments/evaluate.js';
import { trainController } from '../experiments/train.js';
import { DRONE_FOREST_V1 } from '../scenarios/droneForest.js';
import type { BenchRow, BenchSuite } from './suite.js';
import { nowSeconds } from './suite.js';

const SEED = 0;

/** The models of the table, in its order: [group, --hardware text]. */
const MODELS: ReadonlyArray<readonly [string, string]> = [
  ['precision', 'float'],
  ['precision', 'int8'],
  ['precision', 'int:weights=8'],
  ['precision', 'int:weights=8,membrane=8,current=8'],
  ['precision', 'int:weights=8,membrane=8,current=16'],
  ['precision', 'int:weights=8,membrane=16,current=8'],
  ['precision', 'int4'],
  ['precision', 'int2'],
  ['precision', 'binary'],
  ['memristor', 'memristor:noise=0.02'],
  ['memristor', 'memristor:noise=0.05'],
  ['memristor', 'memristor:noise=0.1'],
  ['memristor', 'memristor:noise=0.2'],
  ['memristor', 'memristor:noise=0.05,noise_mode=read'],
  ['memristor', 'memristor:noise=0.1,noise_mode=read'],
  ['memristor', 'memristor:levels=16'],
  ['memristor', 'memristor:levels=4'],
  ['memristor', 'memristor:drift_nu=0.01'],
  ['memristor', 'memristor:drift_nu=0.02'],
  ['memristor', 'memristor:drift_nu=0.05'],
  ['memristor', 'memristor:drift_nu=0.05,drift_compensation=true'],
  ['memristor', 'memristor:drift_nu=0.05,drift_nu_sd=0.02,drift_compensation=true'],
  ['memristor', 'memristor:stuck=0.01'],
  ['memristor', 'memristor:stuck=0.05'],
  ['memristor', 'memristor:stuck=0.1'],
  ['memristor', 'memristor:levels=32,noise=0.02,drift_nu=0.05,stuck=0.01'],
  ['memristor', 'memristor:levels=32,noise=0.02,drift_nu=0.05,drift_compensation=true,stuck=0.01'],
];

/** Models trained on (and evaluated on) in the second part. */
const TRAINED_ON: readonly string[] = ['int4', 'binary', 'memristor:noise=0.05,noise_mode=read'];

const QUICK_MODELS = new Set(['float', 'int8', 'int4', 'binary', 'memristor:noise=0.05', 'memristor:drift_nu=0.05,drift_compensation=true', 'memristor:stuck=0.05']);

/** Wilson score interval (95 %) of k successes in n. */
export function wilson95(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

export const hardwareBench: BenchSuite = {
  name: 'hardware',
  description: 'drone-forest-v1 held-out success of a trained drone-avoid-snn vs weight/state precision and memristor non-idealities',
  run: async ({ quick, log }) => {
    const trainEpisodes = quick ? 25 : 100;
    const evalEpisodes = quick ? 10 : 100;
    const dir = mkdtempSync(join(tmpdir(), 'spikeloop-hw-bench-'));
    const pool = await createEpisodePool({ workers: 2, catalog });
    const rows: BenchRow[] = [];
    const train = async (hardware: string | null) => {
      const t0 = nowSeconds();
      const out = join(dir, hardware === null ? 'float' : `hw${rows.length}`);
      log(`training drone-avoid-snn: spikeloop train drone-forest-v1 --seed ${SEED} --episodes ${trainEpisodes} --eval-episodes 0${hardware ? ` --hardware ${hardware}` : ''} (2 workers)`);
      const trained = await trainController({ scenario: DRONE_FOREST_V1, catalog, outDir: out, seed: SEED, episodes: trainEpisodes, evalEpisodes: 0, pool, ...(hardware ? { hardware: parseHardwareSpec(hardware) } : {}) });
      log(`trained in ${(nowSeconds() - t0).toFixed(0)} s; best validation success ${trained.state.best?.success_rate.toFixed(2) ?? '–'}; evaluating ${trained.files.last} on ${evalEpisodes} held-out seeds (seed ${SEED})`);
      const saved = readControllerFile(trained.files.last);
      return restoreController(saved, findPresetIn(catalog, saved.preset), trained.files.last);
    };
    try {
      const controller = await train(null);
      let floatOutcome: number[] | null = null;
      let floatRate = NaN;
      const models: Array<readonly [string, string, string]> = MODELS.filter(([, t]) => !quick || QUICK_MODELS.has(t)).map(([g, t]) => [g, t, t] as const);
      for (const t of quick ? TRAINED_ON.slice(0, 1) : TRAINED_ON) models.push(['trained on hardware', t, `trained on ${t}`]);
      let trainedOn = null as { text: string; controller: typeof controller } | null;
      for (const [group, text, label] of models) {
        const spec: HardwareSpec = parseHardwareSpec(text);
        let c = controller;
        if (group === 'trained on hardware') {
          if (trainedOn?.text !== text) trainedOn = { text, controller: await train(text) };
          c = trainedOn.controller;
        }
        const t1 = nowSeconds();
        const { summary, runs } = await evaluateController({ scenario: DRONE_FOREST_V1, controller: c, label: 'last.json', episodes: evalEpisodes, seed: SEED, pool, hardware: spec });
        const outcome = runs.map((r) => r.result.metrics.success ?? 0);
        if (floatOutcome === null) {
          floatOutcome = outcome;
          floatRate = summary.success_rate;
        }
        const k = outcome.reduce((a, b) => a + b, 0);
        const [lo, hi] = wilson95(k, evalEpisodes);
        const flips = outcome.filter((x, i) => x !== floatOutcome![i]).length;
        const row: BenchRow = {
          case: label,
          group,
          model: describeHardware(spec),
          episodes: evalEpisodes,
          success_rate: summary.success_rate,
          success_ci95_low: lo,
          success_ci95_high: hi,
          delta_vs_float_points: 100 * (summary.success_rate - floatRate),
          outcomes_differing_from_float: flips,
          collision_rate: summary.collision_rate,
          mean_time_to_goal_s: summary.mean_time_to_goal_s,
          synaptic_ops_per_step: summary.synaptic_ops_per_step ?? null,
          nonzero_synapses: summary.nonzero_synapses ?? null,
          parameter_bytes: summary.parameter_bytes ?? null,
          wall_s: nowSeconds() - t1,
        };
        log(`${label}: success ${summary.success_rate.toFixed(2)} [${lo.toFixed(2)}, ${hi.toFixed(2)}], ${flips} seeds differ from float`);
        rows.push(row);
      }
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
    log('\n| model | success (95 % CI) | Δ vs float | seeds ≠ float | collisions | eff. syn. ops/step | param. bytes |');
    log('| --- | --- | --- | --- | --- | --- | --- |');
    const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
    for (const r of rows) {
      const n = (k: string) => r[k] as number;
      log(
        `| \`${r.case}\` | ${pct(n('success_rate'))} (${pct(n('success_ci95_low'))}–${pct(n('success_ci95_high'))}) | ${n('delta_vs_float_points') >= 0 ? '+' : ''}${n('delta_vs_float_points').toFixed(0)} | ${n('outcomes_differing_from_float')} | ${pct(n('collision_rate'))} | ${n('synaptic_ops_per_step').toFixed(0)} | ${n('parameter_bytes')} |`,
      );
    }
    return rows;
  },
};
