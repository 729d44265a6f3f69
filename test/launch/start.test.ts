/**
 * `spikeloop start` run again: without --out, a folder holding a run is kept and the next free
 * one is used; --resume continues the newest run (what the message after a stop recommends);
 * an explicit --out holding a run is refused with both choices (exit 2). Budgets of validation
 * and the final evaluation shrink with a short training budget, and the summaries say what
 * happened (the initial validation is printed, the baseline is not called untrained).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCommand, startFolder } from '../../launch/commands/start.js';
import { runCli } from '../../launch/cli.js';
import { defaultEvalEpisodes, defaultValidateEpisodes } from '../../experiments/train.js';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { catalog } from '../helpers/pointMassCatalog.js';

const root = mkdtempSync(join(tmpdir(), 'spikeloop-start-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function buffers() {
  const b = { out: '', err: '' };
  return { b, io: { out: (t: string) => void (b.out += t), err: (t: string) => void (b.err += t) } };
}

const env = (outGiven: boolean) => ({ catalog, scenario: 'point-mass-v0', outGiven });
const base = join(root, 'start');
const opts = { out: base, workers: 1, episodes: 4, seed: 3 };

describe('spikeloop start, run again', () => {
  it('first run in --out; a second run goes to the next free folder; --resume continues the newest; an explicit --out holding a run is refused', async () => {
    const a = buffers();
    expect(await startCommand(opts, a.io, env(false))).toBe(0);
    expect(existsSync(join(base, 'comparison.json'))).toBe(true);
    // The first validation is printed, the budgets fit 4 training episodes, the baseline is not 'untrained'.
    expect(a.b.err).toMatch(/initial validation: success \d\.\d\d, mean return -?\d+\.\d{3}/);
    const st = trainingStateOf(readControllerFile(join(base, 'last.json')), join(base, 'last.json'));
    expect(st.validate_episodes).toBe(defaultValidateEpisodes(4, 4));
    expect(st.validate_episodes).toBe(30);
    expect(a.b.out).toContain(`then comparing on ${defaultEvalEpisodes(4, 30)} held-out episodes`);
    const rows = JSON.parse(readFileSync(join(base, 'comparison.json'), 'utf8')) as Array<{ controller: string; episodes: number }>;
    expect(rows.map((r) => r.controller)).toEqual(["untrained (preset 'point-mass-snn')", 'trained (last.json)', 'baseline (point-mass-p)']);
    for (const r of rows) expect(r.episodes).toBe(2);
    expect(a.b.out).not.toMatch(/baseline[^\n]*untrained/);

    const b = buffers();
    expect(await startCommand(opts, b.io, env(false))).toBe(0);
    expect(b.b.out).toContain(`${base} holds an earlier run (continue it with \`spikeloop start --resume\`); this run writes to ${base}-2.`);
    expect(existsSync(join(`${base}-2`, 'comparison.json'))).toBe(true);
    // Resuming a finished run continues the newest (base-2): nothing left to train, evaluated again.
    expect(startFolder({ ...opts, resume: true }, false).out).toBe(`${base}-2`);
    const c = buffers();
    expect(await startCommand({ out: base, workers: 1, resume: true }, c.io, env(false))).toBe(0);
    expect(c.b.out).toContain(`continuing the run in ${base}-2: training 'point-mass-snn' on point-mass-v0 for 4 episodes (the run's seed`);
    expect(c.b.out).toContain('trained point-mass-v0');
    expect(startFolder(opts, false).out).toBe(`${base}-3`);
  });

  it('an explicit --out holding a run: exit 2, one line naming both choices', async () => {
    const out = join(root, 'explicit');
    expect(await startCommand({ ...opts, out }, buffers().io, env(true))).toBe(0);
    let msg = '';
    try {
      await startCommand({ ...opts, out }, buffers().io, env(true));
    } catch (e) {
      msg = (e as Error).message;
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
    expect(msg).toBe(`${out} already holds a run: continue it with \`spikeloop start --out ${out} --resume\`, or give another --out`);
  });

  it('start --resume is an option of start (not rejected by the parser)', async () => {
    const { b, io } = buffers();
    expect(await runCli(['start', '--resume', '--bogus'], io)).toBe(2);
    expect(b.err).toBe("error: unknown option '--bogus'\nsee `spikeloop start --help`\n");
    const h = buffers();
    expect(await runCli(['start', '--help'], h.io)).toBe(0);
    expect(h.b.out).toContain('--resume');
    expect(h.b.out).toContain('runs/start-2');
  });
});

describe('default budgets', () => {
  it('validation: at least 30 episodes whatever the training budget (enough to rank checkpoints, issue #13), twice the batch for large batches', () => {
    expect(defaultValidateEpisodes(100, 1)).toBe(30);
    expect(defaultValidateEpisodes(4, 1)).toBe(30);
    expect(defaultValidateEpisodes(48, 4)).toBe(30);
    expect(defaultValidateEpisodes(400, 8)).toBe(30);
    expect(defaultValidateEpisodes(400, 20)).toBe(40);
  });
  it('final evaluation: half the episodes, 2 … cap', () => {
    expect(defaultEvalEpisodes(100, 30)).toBe(30);
    expect(defaultEvalEpisodes(100)).toBe(20);
    expect(defaultEvalEpisodes(4, 30)).toBe(2);
    expect(defaultEvalEpisodes(1)).toBe(2);
  });
});

describe('summaries name controllers for what they are', () => {
  it('a non-spiking baseline preset is not called untrained; a spiking preset is', async () => {
    const run = async (controller: string) => {
      const { b, io } = buffers();
      expect(await runCli(['run', 'point-mass-v0', '--controller', controller, '--json'], io, catalog)).toBe(0);
      return (JSON.parse(b.out) as { controller: string }).controller;
    };
    expect(await run('point-mass-p')).toBe("preset 'point-mass-p'");
    expect(await run('point-mass-snn')).toBe("preset 'point-mass-snn' (untrained)");
  });
});
