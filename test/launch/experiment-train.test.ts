import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readControllerFile, restoreController } from '../../controllers/presets/controllerFile.js';
import { decodeFloat32 } from '../../controllers/persistence/weightCodec.js';
import { sumOfChanges } from '../../experiments/batchUpdate.js';
import type { CurveRow } from '../../experiments/curveCsv.js';
import { parseCurveCsv } from '../../experiments/curveCsv.js';
import { createEpisodePool } from '../../experiments/episodePool.js';
import { EpisodeRunner } from '../../experiments/episodeRunner.js';
import { evalSeeds } from '../../experiments/evaluate.js';
import { parameterBounds } from '../../experiments/parameterBounds.js';
import type { TrainOptions } from '../../experiments/train.js';
import { trainController } from '../../experiments/train.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { catalog } from '../helpers/pointMassCatalog.js';
import { PointMassBody } from '../helpers/pointMassBody.js';
import { pointMassNanLearner, pointMassSnn } from '../helpers/pointMassPresets.js';
import { pointMassFaulty, pointMassV0 } from '../helpers/pointMassScenarios.js';

const root = mkdtempSync(join(tmpdir(), 'spikeloop-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => join(root, `run${dirs++}`);

/** curve.csv rows without the wall time, the one column that differs between runs. */
function curveOf(dir: string): Array<Omit<CurveRow, 'wall_s'>> {
  return parseCurveCsv(readFileSync(join(dir, 'curve.csv'), 'utf8')).map(({ wall_s: _w, ...rest }) => rest);
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

function weights(file: string, name: string): Float32Array {
  const p = readControllerFile(file).parameters[name]!;
  return decodeFloat32(p.data, p.n) as Float32Array;
}

/** Every output file of two runs is identical, curve.csv up to its wall-time column. */
function expectSameRun(a: string, b: string, files: readonly string[]): void {
  expect(curveOf(b)).toEqual(curveOf(a));
  for (const f of files) expect(read(b, f), f).toBe(read(a, f));
}

describe('train: worker threads', () => {
  it('2 workers give bit-identical curve rows, checkpoints, evaluation and report to 1 worker (with blow-up episodes)', async () => {
    const base: Omit<TrainOptions, 'outDir'> = { scenario: pointMassFaulty, catalog, episodes: 8, seed: 11, validateEvery: 1, evalEpisodes: 3 };
    const one = newDir();
    const two = newDir();
    const r1 = await trainController({ ...base, outDir: one, workers: 1 });
    const r2 = await trainController({ ...base, outDir: two, workers: 2 });
    expect(r1.interrupted || r2.interrupted).toBe(false);
    // The run is not trivial: weights changed, and some episodes blew up.
    expect(weights(join(one, 'last.json'), 'sense-motor')).not.toEqual(weights(join(one, 'initial.json'), 'sense-motor'));
    expect(curveOf(one).filter((r) => r.outcome === 'error').length).toBeGreaterThan(0);
    expectSameRun(one, two, ['last.json', 'best.json', 'initial.json', 'eval.json', 'report.html']);
  });

  it('a pool runs a job identically in-process and on 2 threads (results, learned weights, recorded spikes) and closes its threads', async () => {
    const c = pointMassSnn.create({ seed: 4, controlRate_Hz: pointMassV0.controlRate_Hz });
    const { savedControllerOf } = await import('../../controllers/presets/controllerFile.js');
    const job = { scenarioId: pointMassV0.id, controller: savedControllerOf(c), seeds: evalSeeds(4, 5), learning: true, record: { maxSpikes: 100_000 } };
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').length;
    const p1 = await createEpisodePool({ workers: 1, catalog });
    const p2 = await createEpisodePool({ workers: 2, catalog });
    const during = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').length;
    const a = await p1.run(job);
    const b = await p2.run(job);
    await p1.close();
    await p2.close();
    const strip = (runs: typeof a) => runs.map(({ wall_s: _w, ...r }) => r);
    expect(strip(b)).toEqual(strip(a));
    expect(a.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(a[0]!.spikes!.populations.map((p) => p.steps.length).reduce((x, y) => x + y, 0)).toBe(a[0]!.result.activity.spikes);
    // Every episode starts from the snapshot: the same seed alone gives the same result.
    const alone = new EpisodeRunner(catalog).run({ ...job, seeds: [job.seeds[3]!] }, 0);
    expect(alone.result).toEqual(a[3]!.result);
    expect(alone.parameters).toEqual(a[3]!.parameters);
    // Terminated threads leave no handle behind.
    await new Promise((r) => setTimeout(r, 50));
    expect(during).toBeGreaterThan(before);
    // No handle of ours is left (≤: a handle another file's test held at `before` may have closed since).
    expect(process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').length).toBeLessThanOrEqual(before);
    await expect(p2.run(job)).rejects.toThrow('episode pool is closed');
  });
});

describe('train: checkpoints and resume', () => {
  it('a run stopped after round 1 (plus a torn curve.csv) resumes to exactly the uninterrupted run', async () => {
    const base: Omit<TrainOptions, 'outDir'> = { scenario: pointMassV0, catalog, episodes: 12, seed: 2, validateEvery: 1, evalEpisodes: 2 };
    const ref = newDir();
    await trainController({ ...base, outDir: ref });
    const dir = newDir();
    const stop = new AbortController();
    const first = await trainController({ ...base, outDir: dir, signal: stop.signal, onRound: (r) => r.round === 1 && stop.abort() });
    expect(first.interrupted).toBe(true);
    expect(first.state.rounds_done).toBe(1);
    // The checkpoint is loadable: a controller with the round-1 weights and the training state.
    const saved = readControllerFile(join(dir, 'last.json'));
    const st = trainingStateOf(saved, 'last.json');
    expect(st).toMatchObject({ episodes_done: 4, rounds_done: 1, seed: 2, episodes_total: 12, batch: 4 });
    const restored = restoreController(saved, pointMassSnn, 'last.json');
    expect(restored.parameters()['sense-motor']).toEqual(weights(join(dir, 'last.json'), 'sense-motor'));
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    // A crash while appending round 2's rows: one complete row past the checkpoint and a torn one.
    const row5 = read(ref, 'curve.csv').split('\n')[5]!;
    appendFileSync(join(dir, 'curve.csv'), `${row5}\n4,2,123,trunc`);
    const resumed = await trainController({ scenario: pointMassV0, catalog, outDir: dir, resume: true, evalEpisodes: 2 });
    expect(resumed.interrupted).toBe(false);
    expectSameRun(ref, dir, ['last.json', 'best.json', 'initial.json', 'eval.json', 'report.html']);
  });

  it('refuses to start over a run, resume what is not there, or resume with another seed or controller', async () => {
    const dir = newDir();
    await trainController({ scenario: pointMassV0, catalog, outDir: dir, episodes: 4, evalEpisodes: 0 });
    await expect(trainController({ scenario: pointMassV0, catalog, outDir: dir, episodes: 4 })).rejects.toThrow(`${dir} already holds a training run (last.json): continue it with --resume, or choose another --out`);
    await expect(trainController({ scenario: pointMassV0, catalog, outDir: newDir(), resume: true })).rejects.toThrow('nothing to resume in');
    await expect(trainController({ scenario: pointMassV0, catalog, outDir: dir, resume: true, seed: 9 })).rejects.toThrow("--seed 9 differs from the run's seed 0");
    await expect(trainController({ scenario: pointMassV0, catalog, outDir: dir, resume: true, controller: 'point-mass-p' })).rejects.toThrow('--controller cannot be combined with --resume');
    await expect(trainController({ scenario: pointMassFaulty, catalog, outDir: dir, resume: true })).rejects.toThrow("is a run of scenario 'point-mass-v0', not 'point-mass-faulty-v0'");
  });

  it('killed with SIGKILL mid-run, it leaves a complete checkpoint and resumes to the uninterrupted result', async () => {
    const dir = newDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/trainUntilKilled.ts', dir, '400'], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Kill it some rounds after its first post-validation checkpoint.
    const t0 = Date.now();
    while (!(existsSync(join(dir, 'last.json')) && trainingStateOf(readControllerFile(join(dir, 'last.json')), 'last.json').episodes_done >= 8)) {
      if (Date.now() - t0 > 30_000) throw new Error('the training child made no progress');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 137));
    child.kill('SIGKILL');
    await exited;
    const saved = readControllerFile(join(dir, 'last.json'));
    const st = trainingStateOf(saved, 'last.json');
    expect(st.episodes_done % 4).toBe(0);
    expect(st.episodes_done).toBeGreaterThanOrEqual(8);
    expect(st.episodes_done).toBeLessThan(400);
    expect(() => restoreController(saved, pointMassSnn, 'last.json')).not.toThrow();
    expect(() => readControllerFile(join(dir, 'initial.json'))).not.toThrow();
    // Only complete files under their real names (a temporary file may be left by the kill).
    for (const f of readdirSync(dir)) expect(f).toMatch(/^(last|initial|best)\.json$|^curve\.csv$|^\.(last|best)\.json\.[0-9a-f]+\.tmp$/);
    // Resume to a few rounds past the kill and compare with an uninterrupted run of that length.
    const total = st.episodes_done + 8;
    await trainController({ scenario: pointMassV0, catalog, outDir: dir, resume: true, episodes: total, evalEpisodes: 0 });
    const ref = newDir();
    // The reference uses the killed run's validation size (trainUntilKilled.ts sets it).
    await trainController({ scenario: pointMassV0, catalog, outDir: ref, episodes: total, seed: 5, validateEvery: 1000, validateEpisodes: st.validate_episodes, evalEpisodes: 0 });
    expectSameRun(ref, dir, ['last.json']);
    // best.json and initial.json carry the state of when they were written (episodes_total 400).
    for (const f of ['best.json', 'initial.json']) expect(readControllerFile(join(dir, f)).parameters).toEqual(readControllerFile(join(ref, f)).parameters);
  });
});

describe('train: episodes that fail', () => {
  it('a diverging learner: NaN episodes are recorded and discarded, the others summed exactly', async () => {
    const dir = newDir();
    const r = await trainController({ scenario: pointMassV0, catalog, outDir: dir, controller: pointMassNanLearner.id, episodes: 8, seed: 1, validateEvery: 1, evalEpisodes: 0 });
    expect(r.interrupted).toBe(false);
    const rows = parseCurveCsv(read(dir, 'curve.csv'));
    expect(rows.map((x) => x.seed)).toEqual(Array.from({ length: 8 }, (_, k) => episodeSeed(1, 'train', k)));
    const nan = rows.filter((x) => x.seed % 3 === 0);
    expect(nan.length).toBeGreaterThan(0);
    expect(nan.length).toBeLessThan(8);
    for (const x of rows) expect(x.error).toBe(x.seed % 3 === 0 ? "parameter 'gains'[0] became NaN; weight change discarded" : '');
    // kp after each round: float32(kp + Σ over the finite episodes of (float32(kp + 0.01·returnᵢ) − kp)).
    let kp = 2;
    for (const round of [1, 2]) {
      let acc = kp;
      for (const x of rows.filter((y) => y.round === round && y.error === '')) acc += Math.fround(kp + 0.01 * x.return) - kp;
      kp = Math.fround(acc);
    }
    expect(weights(join(dir, 'last.json'), 'gains')[0]).toBe(kp);
    expect(kp).not.toBe(2);
  });

  it('physics blow-ups end those episodes with an error row; the round sums only the other episodes', async () => {
    // The first seed whose first round mixes blow-ups and healthy episodes.
    const body = new PointMassBody({ faultProbability: 1 / 3 });
    const faultsOf = (seed: number) =>
      Array.from({ length: 4 }, (_, k) => {
        body.reset(episodeSeed(seed, 'train', k));
        return Number.isFinite(body.faultAt_s);
      });
    let seed = 0;
    while (!(faultsOf(seed).some(Boolean) && !faultsOf(seed).every(Boolean))) seed++;
    const faulty = faultsOf(seed);
    const dir = newDir();
    await trainController({ scenario: pointMassFaulty, catalog, outDir: dir, episodes: 4, seed, validateEvery: 1, evalEpisodes: 0 });
    const rows = parseCurveCsv(read(dir, 'curve.csv'));
    expect(rows.map((x) => x.seed)).toEqual(Array.from({ length: 4 }, (_, k) => episodeSeed(seed, 'train', k)));
    rows.forEach((x, k) => {
      expect(x.outcome).toBe(faulty[k] ? 'error' : 'truncated');
      if (faulty[k]) expect(x.error).toMatch(/^observation 'offset'\[0\] is NaN at t = \d\.\d{3} s \(physics blow-up or bad sensor data\); weight change discarded$/);
    });
    // Re-run the round's episodes from the initial weights and sum the healthy ones.
    const initial = readControllerFile(join(dir, 'initial.json'));
    const runner = new EpisodeRunner(catalog);
    const job = { scenarioId: pointMassFaulty.id, controller: initial, seeds: rows.map((x) => x.seed), learning: true };
    const finals = rows.flatMap((_, k) => (faulty[k] ? [] : [runner.run(job, k).parameters!]));
    const w0 = { 'sense-motor': weights(join(dir, 'initial.json'), 'sense-motor') };
    const expected = sumOfChanges(w0, finals, parameterBounds(restoreController(initial, pointMassSnn, 'initial.json')));
    expect(weights(join(dir, 'last.json'), 'sense-motor')).toEqual(expected['sense-motor']);
  });
});
