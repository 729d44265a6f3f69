/**
 * End to end on the real scenario: the built `spikeloop` process (bin/spikeloop.js → dist/) with
 * worker threads, Ctrl-C during `train`, and `run --record`, on drone-forest-v1 with tiny budgets.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readControllerFile, restoreController } from '../../controllers/presets/controllerFile.js';
import { findPreset } from '../../controllers/presets/registry.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { readRecording } from '../../loop/wrappers/recordingFile.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { captureCli } from '../helpers/captureCli.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-forest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = captureCli;

describe('drone-forest-v1 through the spikeloop CLI', () => {
  it('eval --workers 2 in the built process prints the same JSON as the in-process CLI with 1 worker', async () => {
    expect(ensureBuilt()).toBe(true);
    const args = ['eval', 'drone-forest-v1', '--episodes', '2', '--seed', '3', '--json'];
    const proc = spawnSync(process.execPath, ['bin/spikeloop.js', ...args, '--workers', '2'], { encoding: 'utf8' });
    expect(proc.status).toBe(0);
    const inProcess = await cli(...args, '--workers', '1');
    expect(inProcess.code).toBe(0);
    expect(proc.stdout).toBe(inProcess.out);
    const j = JSON.parse(proc.stdout);
    expect(j).toMatchObject({ scenario: 'drone-forest-v1', controller: "preset 'drone-avoid-snn' (untrained)", episodes: 2, seed: 3, learning: false });
    expect(j.spikes_per_step).toBeGreaterThan(0);
    for (const k of ['success_rate', 'collision_rate', 'mean_reward']) expect(Number.isFinite(j[k])).toBe(true);
  });

  it('Ctrl-C during train: exit 130, a summary, and a last.json that loads', async () => {
    expect(ensureBuilt()).toBe(true);
    const out = join(dir, 'train');
    const child = spawn(process.execPath, ['bin/spikeloop.js', 'train', 'drone-forest-v1', '--out', out, '--episodes', '400', '--validate-episodes', '1', '--eval-episodes', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', () => {});
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once the initial validation is checkpointed (round 1 is then in progress).
    const t0 = Date.now();
    while (!(existsSync(join(out, 'last.json')) && trainingStateOf(readControllerFile(join(out, 'last.json')), 'last.json').validation.length > 0)) {
      if (Date.now() - t0 > 60_000) throw new Error('train made no progress');
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    const saved = readControllerFile(join(out, 'last.json'));
    const st = trainingStateOf(saved, 'last.json');
    expect(st.scenario).toBe('drone-forest-v1');
    expect(st.episodes_done % st.batch).toBe(0);
    expect(stdout).toContain(`stopped drone-forest-v1 from preset 'drone-avoid-snn' (untrained): ${st.episodes_done}/400 episodes`);
    expect(stdout).toContain(`continue with: spikeloop train drone-forest-v1 --out ${out} --resume`);
    const c = restoreController(saved, findPreset(saved.preset), 'last.json');
    expect(Object.keys(c.parameters()).length).toBeGreaterThan(0);
  });

  it('run --record writes every observation and command of the episode', async () => {
    const file = join(dir, 'forest.json');
    const { code, out } = await cli('run', 'drone-forest-v1', '--seed', '2', '--record', file, '--json');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.episode_seed).toBe(episodeSeed(2, 'eval', 0));
    const rec = readRecording(file);
    expect(rec.seeds).toEqual([j.episode_seed]);
    expect(rec.observations!.frames).toBe(j.steps + 1);
    expect(rec.commands!.frames).toBe(j.steps);
    // The last recorded time is the episode's simulated duration.
    expect(rec.observations!.times()[j.steps]).toBeCloseTo(j.duration_s, 9);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('spikeloop-recording');
  });
});
