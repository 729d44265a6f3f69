/**
 * The CLI side of issue #13 on the point-mass fixture: --perturb (repeatable, the same on run,
 * eval and train), --no-learning on run, --control on train, and their usage errors (exit 2,
 * one located line).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { captureCliIn } from '../helpers/captureCli.js';
import { catalog } from '../helpers/pointMassCatalog.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-bodycli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => captureCliIn(catalog, ...args);

describe('--perturb on the command line', () => {
  it('run and eval apply the specs in order and report them; run and the first eval episode agree', async () => {
    const specs = ['--perturb', 'sign-flip:cmd_velocity', '--perturb', 'weak-actuator:cmd_velocity=0.5'];
    const run = await cli('run', 'point-mass-v0', '--controller', 'point-mass-p', '--seed', '2', '--json', ...specs);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.perturb).toEqual(['sign-flip:cmd_velocity', 'weak-actuator:cmd_velocity=0.5']);
    const intact = JSON.parse((await cli('run', 'point-mass-v0', '--controller', 'point-mass-p', '--seed', '2', '--json')).out);
    expect(intact.perturb).toEqual([]);
    expect(r.return).not.toBe(intact.return);
    const ev = await cli('eval', 'point-mass-v0', '--controller', 'point-mass-p', '--episodes', '1', '--seed', '2', '--json', ...specs);
    expect(ev.code).toBe(0);
    const e = JSON.parse(ev.out);
    expect(e.perturb).toEqual(r.perturb);
    expect(e.mean_reward).toBe(r.return);
    expect(e.success_rate_ci95).toHaveLength(2);
    // The printed table names the body change and the intervals.
    const table = (await cli('eval', 'point-mass-v0', '--controller', 'point-mass-p', '--episodes', '2', ...specs)).out;
    expect(table).toContain('body               perturbed: sign-flip:cmd_velocity, weak-actuator:cmd_velocity=0.5');
    expect(table).toMatch(/success rate\s+\d\.\d{3}\s+\[\d\.\d{3}, \d\.\d{3}\] \(95 % Wilson\)/);
  });

  it('a bad spec is a usage error naming it, before anything runs', async () => {
    const bad = await cli('eval', 'point-mass-v0', '--episodes', '1', '--perturb', 'weak-actuator:cmd_velocity=-1');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--perturb 'weak-actuator:cmd_velocity=-1': gain of 'cmd_velocity': expected a number ≥ 0, got -1");
    const misfit = await cli('run', 'point-mass-v0', '--perturb', 'dead-beams:0');
    expect(misfit.code).toBe(2);
    expect(misfit.err).toContain("--perturb 'dead-beams:0' does not fit this body: it needs a range-sensor channel 'lidar' (unit m)");
    const unknown = await cli('train', 'point-mass-v0', '--out', join(dir, 'never'), '--perturb', 'sign-flp:cmd_velocity');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown perturbation 'sign-flp' (did you mean 'sign-flip'?)");
  });
});

describe('train --control and --perturb', () => {
  it('records the control and the body change in last.json and prints them; an unknown control is a usage error', async () => {
    const out = join(dir, 'control');
    const t = await cli('train', 'point-mass-v0', '--out', out, '--episodes', '4', '--validate-episodes', '2', '--eval-episodes', '0', '--control', 'shuffled-reward', '--perturb', 'weak-actuator:cmd_velocity=0.8');
    expect(t.code).toBe(0);
    const st = trainingStateOf(readControllerFile(join(out, 'last.json')), 'last.json');
    expect(st.control).toBe('shuffled-reward');
    expect(st.perturb).toEqual(['weak-actuator:cmd_velocity=0.8']);
    expect(t.out).toContain('CONTROL RUN: shuffled-reward');
    expect(t.out).toContain('body: perturbed by weak-actuator:cmd_velocity=0.8');
    const bad = await cli('train', 'point-mass-v0', '--out', join(dir, 'x'), '--control', 'zero');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("option '--control <name>' argument 'zero' is invalid. Allowed choices are zero-reward, shuffled-reward, negated-reward.");
  });
});

describe('--no-learning on run', () => {
  it('freezes a plastic controller on an online scenario: the same episode as the train-only scenario', async () => {
    const frozen = JSON.parse((await cli('run', 'point-mass-online-v0', '--seed', '4', '--json', '--no-learning')).out);
    const trainOnly = JSON.parse((await cli('run', 'point-mass-v0', '--seed', '4', '--json')).out);
    const online = JSON.parse((await cli('run', 'point-mass-online-v0', '--seed', '4', '--json')).out);
    expect(frozen.learning).toBe(false);
    expect(online.learning).toBe(true);
    expect({ ...frozen, scenario: '', wall_s: 0 }).toEqual({ ...trainOnly, scenario: '', wall_s: 0 });
  });
});
