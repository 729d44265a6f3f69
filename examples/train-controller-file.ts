/**
 * Write a controller file, train it by reward, and evaluate it — from code, with the same
 * library `spikeloop train` and `spikeloop eval` use.
 *
 * The file (YAML) says which sensor channels the controller reads, its non-spiking features,
 * how they are encoded into spikes, the network (two LIF populations with R-STDP synapses and a
 * dopamine modulator), the decoder, how the decoded value and innate terms become commands,
 * and how the scenario's reward reaches the modulator. Training writes ordinary saved
 * controllers (`last.json`, `best.json`) with the file embedded, so they load anywhere.
 *
 *   npx tsx examples/train-controller-file.ts [out-dir] [episodes]   # default: a temp dir, 2
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEpisodePool, defaultCatalog, evaluateController, findScenario, resolveController, trainController } from 'spikeloop';
import type { EvalSummary } from 'spikeloop';

/** A spiking side-stepper for drone-forest-v1: lidar proximity → spikes → left/right → cmd_linear[1]. */
export const CONTROLLER_YAML = `\
format: spikeloop-controller-spec
version: 1
id: example-avoid
body: quadrotor
sensors:
  - { name: lidar, size: 37, low: null, high: null, unit: m }
  - { name: odom_position, size: 3, low: null, high: null, unit: m }
actuators:
  - { name: cmd_linear, size: 3, low: null, high: null, unit: m/s }
  - { name: cmd_yaw_rate, size: 1, low: null, high: null, unit: rad/s }
features:                         # not spiking: computed from the observation
  - { name: prox, kind: sector-proximity, channel: lidar, sectors: 4, range_m: 3 }
  - { name: altitude, kind: altitude-hold, channel: odom_position, altitude_m: 1, gain_perS: 1.5 }
inputs:                           # feature → spikes
  - { population: prox, feature: prox, encoder: { kind: poisson, low: 0, high: 1, maxRate_Hz: 200, neuronsPerValue: 5 } }
network:
  populations:
    - { name: prox, size: 20, source: { kind: external } }
    - { name: left, size: 10, neuron: { kind: lif } }
    - { name: right, size: 10, neuron: { kind: lif } }
  modulators: [{ name: da, tau_ms: 200 }]
  projections:
    - { pre: prox, post: left, connectivity: { kind: all-to-all }, weight: 40, plasticity: { kind: rstdp, modulator: da, wMin: 0, wMax: 250 } }
    - { pre: prox, post: right, connectivity: { kind: all-to-all }, weight: 40, plasticity: { kind: rstdp, modulator: da, wMin: 0, wMax: 250 } }
outputs:                          # spikes → numbers
  - { name: slide, populations: [left, right], decoder: { kind: antagonistic-pair, tau_ms: 50, neuronsPerSide: 10, gain_perHz: 0.03, layout: two-populations }, values: 1 }
commands:                         # numbers → actuator channels
  - channel: cmd_linear
    elements:
      - { sum: [{ value: 1 }] }                            # 1 m/s forward
      - { sum: [{ output: slide }], clip: [-1.5, 1.5] }    # learned side-step
      - { sum: [{ feature: altitude }] }                   # innate altitude hold
  - channel: cmd_yaw_rate
    elements: [{ sum: [{ value: 0 }] }]
reward: { kind: dopamine, modulators: [da], clip: 1, baseline: { kind: episode-average, tau_ms: 2000 } }
learning: { finish_ms: 300 }
`;

export interface TrainExampleResult {
  readonly controllerFile: string;
  readonly best: string;
  readonly curveRows: number;
  readonly evaluation: EvalSummary;
}

export async function main(outDir = mkdtempSync(join(tmpdir(), 'spikeloop-train-')), episodes = 2, evalEpisodes = 2): Promise<TrainExampleResult> {
  const controllerFile = join(outDir, 'example-avoid.yaml');
  writeFileSync(controllerFile, CONTROLLER_YAML);
  const scenario = findScenario('drone-forest-v1');

  // Train: `episodes` episodes on the training seeds, validating on held-out ones; writes
  // last.json, best.json, initial.json and curve.csv to outDir. (`evalEpisodes: 0` skips the
  // final evaluation and report.html: we evaluate below, as `spikeloop eval` would.)
  const trained = await trainController({ scenario, outDir: join(outDir, 'run'), controller: controllerFile, episodes, seed: 0, workers: 1, validateEpisodes: 1, evalEpisodes: 0 });

  // Evaluate the best weights on the eval seeds (disjoint from training and validation).
  const best = resolveController(trained.files.best, scenario, 0);
  const pool = await createEpisodePool({ workers: 1, catalog: defaultCatalog });
  try {
    const { summary } = await evaluateController({ scenario, controller: best.controller, label: best.source, episodes: evalEpisodes, seed: 0, pool });
    return { controllerFile, best: trained.files.best, curveRows: trained.curve.length, evaluation: summary };
  } finally {
    await pool.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await main(process.argv[2], process.argv[3] ? Number(process.argv[3]) : undefined);
  console.log(`trained ${r.curveRows} episodes → ${r.best}`);
  console.log(`evaluation (${r.evaluation.episodes} held-out forests): success ${(100 * r.evaluation.success_rate).toFixed(0)} %, mean reward ${r.evaluation.mean_reward.toFixed(2)}`);
}
