/**
 * Issue #13's honesty tools on the point-mass fixture (cheap episodes, seeded): reward controls
 * (zero, negated, shuffled) and their record in the files; validation of the FROZEN controller;
 * the learning switch (`learning: false` bit-identical to a train-only scenario's frozen
 * evaluation; a controller without plasticity asked to learn is refused); perturbations in
 * training and evaluation jobs, crossing worker threads as strings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { decodeFloat32 } from '../../controllers/persistence/weightCodec.js';
import type { EpisodeJob } from '../../experiments/episodeJob.js';
import type { EpisodePool } from '../../experiments/episodePool.js';
import { createEpisodePool } from '../../experiments/episodePool.js';
import { evaluateController } from '../../experiments/evaluate.js';
import { hasPlasticity, NoPlasticityError } from '../../experiments/learningSwitch.js';
import { RewardControlController, SHUFFLE_BLOCK_STEPS, parseRewardControl } from '../../experiments/rewardControl.js';
import { trainController, TrainingSetupError, VALIDATION_FIRST_EPISODE } from '../../experiments/train.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { Channels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { evalCommand } from '../../launch/commands/eval.js';
import { catalog } from '../helpers/pointMassCatalog.js';
import { pointMassP, pointMassSnn } from '../helpers/pointMassPresets.js';
import { pointMassOnline, pointMassV0 } from '../helpers/pointMassScenarios.js';

const root = mkdtempSync(join(tmpdir(), 'spikeloop-controls-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => join(root, `run${dirs++}`);

function weights(file: string): Float32Array {
  const p = readControllerFile(file).parameters['sense-motor']!;
  return decodeFloat32(p.data, p.n) as Float32Array;
}

/** Records every reward it is given. */
class RewardLog implements Controller {
  readonly sensors = [];
  readonly actuators = [];
  readonly got: number[] = [];
  reset(): void {
    this.got.length = 0;
  }
  act(_o: Channels, r: number): void {
    this.got.push(r);
  }
  finish(_o: Channels, r: number): void {
    this.got.push(r);
  }
}

function deliver(control: 'zero-reward' | 'negated-reward' | 'shuffled-reward', rewards: readonly number[], seed = 1): number[] {
  const log = new RewardLog();
  const c = new RewardControlController(log, control);
  c.reset(seed);
  rewards.forEach((r, k) => (k === rewards.length - 1 ? c.finish({}, r) : c.act({}, r, 0.02, {})));
  return log.got;
}

describe('reward controls', () => {
  const B = SHUFFLE_BLOCK_STEPS;
  const rewards = Array.from({ length: 3 * B + 7 }, (_, t) => t + 1);

  it('zero-reward delivers 0, negated-reward −r, at every step including the last (finish)', () => {
    expect(deliver('zero-reward', rewards)).toEqual(rewards.map(() => 0));
    expect(deliver('negated-reward', rewards)).toEqual(rewards.map((r) => -r));
  });

  it('shuffled-reward: block 0 gets 0; block k gets a permutation of block k−1 (same values, another order); seeded', () => {
    const got = deliver('shuffled-reward', rewards);
    expect(got.slice(0, B)).toEqual(Array(B).fill(0));
    for (let k = 1; k <= 3; k++) {
      const block = got.slice(k * B, Math.min((k + 1) * B, rewards.length));
      const previous = rewards.slice((k - 1) * B, k * B);
      if (block.length === B) {
        expect([...block].sort((a, b) => a - b)).toEqual(previous);
        expect(block).not.toEqual(previous);
      } else for (const v of block) expect(previous).toContain(v);
    }
    expect(deliver('shuffled-reward', rewards, 1)).toEqual(got);
    expect(deliver('shuffled-reward', rewards, 2)).not.toEqual(got);
  });

  it('an unknown control lists the valid ones', () => {
    expect(() => parseRewardControl('zero')).toThrow("unknown control 'zero'; controls are: zero-reward, shuffled-reward, negated-reward");
  });
});

describe('train --control', () => {
  const base = { scenario: pointMassV0, catalog, episodes: 8, seed: 3, validateEvery: 1, validateEpisodes: 2, evalEpisodes: 0 } as const;

  it('zero-reward leaves the learned weights exactly where they start; the task reward moves them; the control is recorded', async () => {
    const zero = newDir();
    const real = newDir();
    const negated = newDir();
    await trainController({ ...base, outDir: zero, control: 'zero-reward' });
    await trainController({ ...base, outDir: real });
    await trainController({ ...base, outDir: negated, control: 'negated-reward' });
    const w0 = weights(join(zero, 'initial.json'));
    expect(weights(join(real, 'initial.json'))).toEqual(w0);
    expect(weights(join(zero, 'last.json'))).toEqual(w0);
    const moved = (w: Float32Array) => w.reduce((a, x, i) => a + Math.abs(x - w0[i]!), 0) / w.length;
    expect(moved(weights(join(real, 'last.json')))).toBeGreaterThan(1);
    expect(moved(weights(join(negated, 'last.json')))).toBeGreaterThan(1);
    expect(weights(join(negated, 'last.json'))).not.toEqual(weights(join(real, 'last.json')));
    const st = trainingStateOf(readControllerFile(join(zero, 'last.json')), 'last.json');
    expect(st.control).toBe('zero-reward');
    expect(trainingStateOf(readControllerFile(join(zero, 'best.json')), 'best.json').control).toBe('zero-reward');
    expect(trainingStateOf(readControllerFile(join(real, 'last.json')), 'last.json').control).toBeUndefined();
    // Resuming under another control is refused.
    await expect(trainController({ scenario: pointMassV0, catalog, outDir: zero, resume: true, episodes: 12, evalEpisodes: 0, control: 'negated-reward' })).rejects.toThrow(TrainingSetupError);
  });
});

/** A pool that records the jobs it runs. */
async function spyPool(): Promise<{ pool: EpisodePool; jobs: EpisodeJob[] }> {
  const inner = await createEpisodePool({ workers: 1, catalog });
  const jobs: EpisodeJob[] = [];
  const pool = Object.create(inner) as EpisodePool;
  pool.run = (job, o) => {
    jobs.push(job);
    return inner.run(job, o);
  };
  pool.close = () => inner.close();
  return { pool, jobs };
}

describe('validation runs the frozen controller', () => {
  it('on an online scenario (learning in every eval episode), validation jobs have plasticity off and return no weight changes', async () => {
    const { pool, jobs } = await spyPool();
    try {
      await trainController({ scenario: pointMassOnline, catalog, outDir: newDir(), episodes: 8, seed: 5, validateEvery: 1, validateEpisodes: 3, evalEpisodes: 0, pool });
    } finally {
      await pool.close();
    }
    const validationSeed0 = episodeSeed(5, 'eval', VALIDATION_FIRST_EPISODE);
    const validation = jobs.filter((j) => j.seeds[0] === validationSeed0);
    expect(validation.length).toBe(3); // before training, after each of the 2 rounds
    for (const j of validation) {
      expect(j.learning).toBe(false);
      expect(j.seeds).toHaveLength(3);
    }
    // Training episodes learn (and return their weights).
    const training = jobs.filter((j) => j.keepParameters);
    expect(training.length).toBe(2);
    expect(training.every((j) => j.learning)).toBe(true);
  });

  it('a frozen run of the controller leaves its weights bit-identical', async () => {
    const { EpisodeRunner } = await import('../../experiments/episodeRunner.js');
    const { savedControllerOf } = await import('../../controllers/presets/controllerFile.js');
    const c = pointMassSnn.create({ seed: 2, controlRate_Hz: 50 });
    const runner = new EpisodeRunner(catalog);
    const job: EpisodeJob = { scenarioId: pointMassOnline.id, controller: savedControllerOf(c), seeds: [11], learning: false, keepParameters: true };
    const learned: EpisodeJob = { ...job, learning: true };
    const w0 = c.parameters()['sense-motor']!.slice();
    expect(runner.run(job, 0).parameters!['sense-motor']).toEqual(w0);
    expect(runner.run(learned, 0).parameters!['sense-motor']).not.toEqual(w0);
    runner.close();
  });
});

describe('the learning switch', () => {
  it('learning: false on an online scenario is bit-identical to the frozen evaluation of a train-only one (same body, task, seeds)', async () => {
    const pool = await createEpisodePool({ workers: 1, catalog });
    try {
      const controller = pointMassSnn.create({ seed: 4, controlRate_Hz: 50 });
      const common = { controller, label: 'x', episodes: 4, seed: 9, pool } as const;
      const frozen = await evaluateController({ ...common, scenario: pointMassOnline, learning: false });
      const trainOnly = await evaluateController({ ...common, scenario: pointMassV0 });
      const online = await evaluateController({ ...common, scenario: pointMassOnline });
      expect(frozen.summary.learning).toBe(false);
      expect(frozen.runs.map((r) => r.result)).toEqual(trainOnly.runs.map((r) => r.result));
      expect(online.summary.learning).toBe(true);
      expect(online.runs.map((r) => r.result.return)).not.toEqual(frozen.runs.map((r) => r.result.return));
    } finally {
      await pool.close();
    }
  });

  it('a controller without plasticity asked to learn is refused; asked not to, it runs', async () => {
    const baseline = pointMassP.create({ seed: 0, controlRate_Hz: 50 });
    expect(hasPlasticity(baseline)).toBe(false);
    expect(hasPlasticity(pointMassSnn.create({ seed: 0, controlRate_Hz: 50 }))).toBe(true);
    const pool = await createEpisodePool({ workers: 1, catalog });
    try {
      await expect(evaluateController({ scenario: pointMassV0, controller: baseline, label: "preset 'point-mass-p'", episodes: 1, seed: 0, pool, learning: true })).rejects.toThrow(NoPlasticityError);
      await expect(evaluateController({ scenario: pointMassV0, controller: baseline, label: 'p', episodes: 1, seed: 0, pool, learning: false })).resolves.toBeDefined();
    } finally {
      await pool.close();
    }
  });

  it('training a controller without plasticity is refused before any episode', async () => {
    await expect(trainController({ scenario: pointMassV0, catalog, controller: 'point-mass-p', outDir: newDir(), episodes: 4, evalEpisodes: 0 })).rejects.toThrow(
      "controller preset 'point-mass-p' has no plasticity (no learning rule on any projection): training cannot change it",
    );
  });

  it('eval --learning on a baseline exits 2 saying it has no plasticity; --no-learning on it is a note', async () => {
    let err = '';
    const io = { out: () => {}, err: (t: string) => void (err += t) };
    const e = await evalCommand('point-mass-v0', { controller: 'point-mass-p', episodes: 1, seed: 0, workers: 1, json: true, learning: true }, io, catalog).catch((x: unknown) => x);
    expect((e as { exitCode: number }).exitCode).toBe(2);
    expect((e as Error).message).toBe("--learning: controller preset 'point-mass-p' has no plasticity (no learning rule on any projection), so it cannot learn; drop --learning");
    await evalCommand('point-mass-v0', { controller: 'point-mass-p', episodes: 1, seed: 0, workers: 1, json: true, learning: false }, io, catalog);
    expect(err).toContain("note: controller preset 'point-mass-p' has no plasticity; --no-learning changes nothing");
  });
});

describe('perturbations in experiments', () => {
  it('an evaluation on a perturbed body crosses worker threads as strings: 2 workers give the same bits as 1, and differ from the intact body', async () => {
    const controller = pointMassSnn.create({ seed: 4, controlRate_Hz: 50 });
    const run = async (workers: number, perturb?: readonly string[]) => {
      const pool = await createEpisodePool({ workers, catalog });
      try {
        return await evaluateController({ scenario: pointMassV0, controller, label: 'x', episodes: 4, seed: 2, pool, ...(perturb ? { perturb } : {}) });
      } finally {
        await pool.close();
      }
    };
    const flipped = ['sign-flip:cmd_velocity'];
    const one = await run(1, flipped);
    const two = await run(2, flipped);
    const intact = await run(1);
    expect(two.runs.map((r) => r.result)).toEqual(one.runs.map((r) => r.result));
    expect(one.summary.perturb).toEqual(flipped);
    expect(intact.summary.perturb).toEqual([]);
    expect(one.runs.map((r) => r.result.return)).not.toEqual(intact.runs.map((r) => r.result.return));
  });

  it('train --perturb: recorded in the state, checked before any episode, and a resume with other specs is refused', async () => {
    const bad = newDir();
    await expect(trainController({ scenario: pointMassV0, catalog, outDir: bad, episodes: 4, evalEpisodes: 0, perturb: ['mirror-lidar'] })).rejects.toThrow(
      "--perturb 'mirror-lidar' does not fit this body: it needs a range-sensor channel 'lidar' (unit m); the body's sensors are offset, velocity",
    );
    const dir = newDir();
    await trainController({ scenario: pointMassV0, catalog, outDir: dir, episodes: 4, seed: 1, validateEpisodes: 2, evalEpisodes: 0, perturb: ['weak-actuator:cmd_velocity=0.5'] });
    expect(trainingStateOf(readControllerFile(join(dir, 'last.json')), 'last.json').perturb).toEqual(['weak-actuator:cmd_velocity=0.5']);
    await expect(trainController({ scenario: pointMassV0, catalog, outDir: dir, resume: true, episodes: 8, evalEpisodes: 0, perturb: [] })).rejects.toThrow(/differs from the run's weak-actuator:cmd_velocity=0.5/);
  });
});
