import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFloat32 } from '../../controllers/persistence/weightCodec.js';
import { CONTROLLER_VERSION, payloadChecksum, readControllerFile } from '../../controllers/presets/controllerFile.js';
import type { ControllerPreset } from '../../controllers/presets/preset.js';
import { trainCommand } from '../../launch/commands/train.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { readRecording } from '../../loop/wrappers/recordingFile.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { captureCliIn } from '../helpers/captureCli.js';
import { PointMassBody } from '../helpers/pointMassBody.js';
import { catalog } from '../helpers/pointMassCatalog.js';
import { pointMassP, pointMassSnn } from '../helpers/pointMassPresets.js';
import { pointMassOnline, pointMassV0 } from '../helpers/pointMassScenarios.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-xcli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => captureCliIn(catalog, ...args);

/** Episode k of `eval`, run here independently: a fresh controller and body per episode. */
function reference(scenario: Scenario, preset: ControllerPreset, seed: number, n: number, learning: boolean): EpisodeResult[] {
  return Array.from({ length: n }, (_, k) => {
    const c = preset.create({ seed, controlRate_Hz: scenario.controlRate_Hz });
    c.learning = learning;
    return runScenarioEpisode(scenario, scenario.createBody(), c, { seed: episodeSeed(seed, 'eval', k) });
  });
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('spikeloop eval --json', () => {
  it('aggregates equal those computed from independent runs of the held-out episodes (PD baseline)', async () => {
    const { code, out } = await cli('eval', 'point-mass-v0', '--controller', 'point-mass-p', '--episodes', '6', '--seed', '3', '--json');
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(out);
    const ref = reference(pointMassV0, pointMassP, 3, 6, false);
    const ok = ref.filter((r) => r.metrics.success === 1);
    expect(ok.length).toBeGreaterThan(0);
    expect(j).toMatchObject({ scenario: 'point-mass-v0', episodes: 6, seed: 3, learning: false, errors: 0 });
    expect(j.success_rate).toBe(ok.length / 6);
    expect(j.collision_rate).toBe(ref.filter((r) => r.metrics.collisions! > 0).length / 6);
    expect(j.mean_reward).toBeCloseTo(mean(ref.map((r) => r.return)), 12);
    expect(j.mean_time_to_goal_s).toBeCloseTo(mean(ok.map((r) => r.metrics.time_to_goal_s!)), 12);
    expect(j.metrics.energy).toBeCloseTo(mean(ref.map((r) => r.metrics.energy!)), 12);
    expect(j.spikes_per_step).toBe(0);
  });

  it('spiking controller on an online scenario: learning within each episode, weights reset between episodes', async () => {
    const { code, out } = await cli('eval', 'point-mass-online-v0', '--episodes', '3', '--seed', '1', '--json');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    const ref = reference(pointMassOnline, pointMassSnn, 1, 3, true);
    const frozen = reference(pointMassOnline, pointMassSnn, 1, 3, false);
    // Learning changes the episodes, so this checks plasticity was on (and reset per episode).
    expect(mean(frozen.map((r) => r.return))).not.toBe(mean(ref.map((r) => r.return)));
    expect(j.learning).toBe(true);
    expect(j.controller).toBe("preset 'point-mass-snn' (untrained)");
    expect(j.mean_reward).toBeCloseTo(mean(ref.map((r) => r.return)), 12);
    const steps = ref.reduce((a, r) => a + r.activity.steps, 0);
    expect(j.spikes_per_step).toBeCloseTo(ref.reduce((a, r) => a + r.activity.spikes, 0) / steps, 12);
    expect(j.synops_per_step).toBeCloseTo(ref.reduce((a, r) => a + r.activity.synOps, 0) / steps, 12);
    const ok = ref.filter((r) => r.metrics.success === 1);
    if (ok.length === 0) expect(j.mean_time_to_goal_s).toBeNull();
    else expect(j.mean_time_to_goal_s).toBeCloseTo(mean(ok.map((r) => r.metrics.time_to_goal_s!)), 12);
  });

  it('--episodes is required', async () => {
    const { code, err } = await cli('eval', 'point-mass-v0');
    expect(code).not.toBe(0);
    expect(err).toContain("required option '--episodes <N>' not specified");
  });
});

describe('spikeloop run', () => {
  it('runs the first held-out episode of eval and records every observation and command', async () => {
    const file = join(dir, 'rec.json');
    const { code, out } = await cli('run', 'point-mass-v0', '--controller', 'point-mass-p', '--seed', '4', '--record', file, '--json');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    const [ref] = reference(pointMassV0, pointMassP, 4, 1, false);
    expect(j.episode_seed).toBe(episodeSeed(4, 'eval', 0));
    expect(j.outcome).toBe(ref!.outcome);
    expect(j.steps).toBe(ref!.steps);
    expect(j.return).toBe(ref!.return);
    expect(j.reward_terms).toEqual(ref!.rewardTerms);
    expect(j.metrics.time_to_goal_s).toBe(ref!.metrics.time_to_goal_s);
    const rec = readRecording(file);
    expect(rec.seeds).toEqual([j.episode_seed]);
    // One observation per tick (the last one ends the episode), one command per step taken.
    expect(rec.observations!.frames).toBe(j.steps + 1);
    expect(rec.commands!.frames).toBe(j.steps);
    const body = new PointMassBody();
    body.reset(j.episode_seed);
    expect(rec.observations!.value(0, 'offset')[0]).toBe(Math.fround(body.goal));
  });

  it('prints a readable summary with reward terms and activity', async () => {
    const { code, out } = await cli('run', 'point-mass-v0', '--seed', '2');
    expect(code).toBe(0);
    const [ref] = reference(pointMassV0, pointMassSnn, 2, 1, false);
    expect(out).toContain(`point-mass-v0: preset 'point-mass-snn' (untrained), episode seed ${episodeSeed(2, 'eval', 0)}`);
    expect(out).toContain(`  outcome   ${ref!.outcome}`);
    expect(out).toMatch(new RegExp(`progress\\s+${ref!.rewardTerms.progress!.toFixed(4).replace('.', '\\.')}`));
    expect(out).toContain(`activity per control step: ${(ref!.activity.spikes / ref!.activity.steps).toFixed(1)} spikes`);
  });
});

describe('spikeloop list', () => {
  it('lists scenarios, presets and each body with its channels (infinite bounds as null)', async () => {
    const { code, out } = await cli('list', '--json');
    expect(code).toBe(0);
    const l = JSON.parse(out);
    expect(l.scenarios.map((s: { id: string }) => s.id)).toEqual(catalog.scenarios.map((s) => s.id));
    expect(l.controllers).toContainEqual({ id: 'point-mass-snn', spiking: true, body: 'point-mass', summary: pointMassSnn.summary });
    expect(l.controllers).toContainEqual({ id: 'point-mass-p', spiking: false, body: 'point-mass', summary: pointMassP.summary });
    const b = new PointMassBody();
    const cm = l.bodies.find((x: { scenario: string }) => x.scenario === 'point-mass-cm-v0');
    expect(cm.sensors[0]).toEqual({ name: 'offset', size: 1, unit: 'cm', low: -2 * b.wall_m * 100, high: 2 * b.wall_m * 100 });
    expect(cm.sensors[1]).toEqual({ name: 'velocity', size: 1, unit: 'm/s', low: null, high: null });
    expect(cm.actuators).toEqual([{ name: 'cmd_velocity', size: 1, unit: 'm/s', low: -1, high: 1 }]);
    // The shipped controller files, each loaded through the validated reader (none fails).
    const files = l.controllerFiles as Array<{ id: string; body: string; file: string; error?: string }>;
    expect(files.map((f) => f.id)).toContain('drone-avoid-scratch-snn');
    expect(files.find((f) => f.id === 'arm-reach-snn')).toMatchObject({ body: 'arm', file: 'controllers/files/arm-reach-snn.yaml' });
    expect(files.filter((f) => f.error !== undefined)).toEqual([]);
    const text = (await cli('list')).out;
    expect(text).toMatch(/Controller files \(\d+; spiking, give the path to --controller\):\n\s+file\s+body\s+summary\n/);
    expect(text).toContain('controllers/files/drone-avoid-scratch-snn.yaml');
    expect(text).toMatch(/point-mass in point-mass-cm-v0:\n\s+channel\s+size\s+unit\s+low\s+high\n\s+sensor\s+offset\s+1\s+cm\s+-400\s+400\n\s+sensor\s+velocity\s+1\s+m\/s\s+-inf\s+inf\n/);
  });
});

describe('bad names and files', () => {
  const valid = catalog.presets.map((p) => p.id).join(', ');
  it('an unknown scenario lists the valid ones (exit 2)', async () => {
    for (const cmd of [['run', 'nope'], ['eval', 'nope', '--episodes', '1'], ['train', 'nope', '--out', join(dir, 'x')]]) {
      const { code, err } = await cli(...cmd);
      expect(code).toBe(2);
      expect(err).toBe(`spikeloop: unknown scenario 'nope'; scenarios are: ${catalog.scenarios.map((s) => s.id).join(', ')}\nsee \`spikeloop ${cmd[0]} --help\`\n`);
    }
  });
  it('an unknown controller lists the presets (exit 2); a missing controller file says no file was found (exit 1)', async () => {
    let r = await cli('run', 'point-mass-v0', '--controller', 'point-mass-sn');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`spikeloop: unknown controller: 'point-mass-sn' is not a controller preset, and no file of that name was found; controller presets are: ${valid}; or give the path of a saved controller (.json)\nsee \`spikeloop run --help\`\n`);
    r = await cli('eval', 'point-mass-v0', '--controller', join(dir, 'missing.json'), '--episodes', '1');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`no controller file '${join(dir, 'missing.json')}' was found; controller presets are: ${valid}`);
  });
  it('a file for an unknown preset, a corrupt file, a file for another body', async () => {
    const good = join(dir, 'good.json');
    const { saveController } = await import('../../controllers/presets/controllerFile.js');
    saveController(pointMassSnn.create({ seed: 1, controlRate_Hz: 50 }), good);
    const other = join(dir, 'other.json');
    // A well-formed file (its checksum covers the preset id) for a preset this catalog lacks.
    const o = JSON.parse(readFileSync(good, 'utf8'));
    o.preset = 'drone-avoid-snn';
    o.checksum = payloadChecksum(o.preset, o.options.seed, o.parameters);
    writeFileSync(other, JSON.stringify(o));
    let r = await cli('run', 'point-mass-v0', '--controller', other);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`controller file '${other}' is for preset 'drone-avoid-snn', which this spikeloop does not have; controller presets are: ${valid}`);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, readFileSync(good, 'utf8').replace(`"version":${CONTROLLER_VERSION}`, '"version":7'));
    r = await cli('run', 'point-mass-v0', '--controller', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain('version 7 is not supported');
    // A file with NaN weights (checksum recomputed, as a writer that saved them would): refused
    // by run, eval and train, exit 1, a located message and no stack; train writes nothing.
    const n = JSON.parse(readFileSync(good, 'utf8'));
    n.parameters['sense-motor'].data = encodeFloat32(new Float32Array(n.parameters['sense-motor'].n).fill(NaN));
    n.checksum = payloadChecksum(n.preset, n.options.seed, n.parameters);
    const nan = join(dir, 'nan.json');
    writeFileSync(nan, JSON.stringify(n));
    const located = `spikeloop: ${nan}: parameters.sense-motor.data: value [0] is NaN; 128 of 128 values are not finite numbers\n`;
    for (const cmd of [['eval', 'point-mass-v0', '--episodes', '2'], ['run', 'point-mass-v0'], ['train', 'point-mass-v0', '--out', join(dir, 'from-nan'), '--episodes', '4']]) {
      r = await cli(...cmd, '--controller', nan);
      expect(r.code).toBe(1);
      expect(r.err).toBe(located);
      expect(r.out).toBe('');
    }
    expect(existsSync(join(dir, 'from-nan', 'last.json'))).toBe(false);
    // One flipped character in the base64 weights.
    const flip = join(dir, 'flip.json');
    writeFileSync(flip, readFileSync(good, 'utf8').replace(/"data":"(.{20})(.)/, (_m, a: string, c: string) => `"data":"${a}${c === 'Q' ? 'R' : 'Q'}`));
    r = await cli('eval', 'point-mass-v0', '--controller', flip, '--episodes', '1');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^spikeloop: ${flip}: checksum: the parameters do not match the checksum .*refusing to run it\n$`));
    r = await cli('eval', 'point-mass-cm-v0', '--controller', good, '--episodes', '1');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `spikeloop: controller file '${good}' does not fit the body of scenario 'point-mass-cm-v0':\n` +
        `sensor channels controller file '${good}' reads that the body of scenario 'point-mass-cm-v0' does not provide as expected:\n` +
        `  - 'offset': unit 'cm', expected 'm'\n` +
        'see `spikeloop eval --help`\n',
    );
  });
});

describe('spikeloop train', () => {
  it('stopped like Ctrl-C after round 1: exit 130, a summary, a loadable last.json; --resume finishes the run', async () => {
    const out = join(dir, 'stopped');
    const stop = new AbortController();
    let stdout = '';
    let stderr = '';
    const io = {
      out: (t: string) => void (stdout += t),
      err: (t: string) => {
        stderr += t;
        if (t.startsWith('round 1/')) stop.abort();
      },
    };
    const code = await trainCommand('point-mass-v0', { out, episodes: 12, seed: 7, workers: 1, resume: false, evalEpisodes: 2 }, io, { catalog, signal: stop.signal });
    expect(code).toBe(130);
    expect(stderr).toMatch(/^train point-mass-v0: 0\/12 episodes done\n/);
    expect(stdout).toContain("stopped point-mass-v0 from preset 'point-mass-snn' (untrained): 4/12 episodes in 1/3 rounds of 4, seed 7");
    expect(stdout).toContain(`continue with: spikeloop train point-mass-v0 --out ${out} --resume`);
    const st = trainingStateOf(readControllerFile(join(out, 'last.json')), 'last.json');
    expect(st.episodes_done).toBe(4);
    const r = await cli('train', 'point-mass-v0', '--out', out, '--resume', '--eval-episodes', '2');
    expect(r.code).toBe(0);
    expect(r.err).toContain('train point-mass-v0: 4/12 episodes done\n');
    expect(r.err).toContain('round 3/3: 12/12 episodes');
    expect(r.out).toContain("trained point-mass-v0 from preset 'point-mass-snn' (untrained): 12/12 episodes in 3/3 rounds of 4, seed 7");
    expect(trainingStateOf(readControllerFile(join(out, 'last.json')), 'last.json').episodes_done).toBe(12);
    const evalJson = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    expect(r.out).toContain(`success ${evalJson.untrained.success_rate.toFixed(2)} → ${evalJson.trained.success_rate.toFixed(2)}`);
  });
});

describe('spikeloop train: signals and damaged runs', () => {
  it('SIGTERM stops like Ctrl-C: the round in progress abandoned, exit 143, a summary saying so', async () => {
    const out = join(dir, 'sigterm');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/trainCliUntilSignalled.ts', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', () => {});
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Signal it once a round has been checkpointed (the next one is then in progress).
    while (!(existsSync(join(out, 'last.json')) && trainingStateOf(readControllerFile(join(out, 'last.json')), 'last.json').episodes_done >= 4)) {
      if (child.exitCode !== null) throw new Error(`the training child exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGTERM');
    expect(await exit).toBe(143);
    const st = trainingStateOf(readControllerFile(join(out, 'last.json')), 'last.json');
    expect(st.episodes_done % 4).toBe(0);
    expect(stdout).toContain(`stopped point-mass-v0 from preset 'point-mass-snn' (untrained): ${st.episodes_done}/4000 episodes`);
    expect(stdout).toContain(`  stopped by SIGTERM: ${join(out, 'last.json')} holds the weights after round ${st.rounds_done}`);
    expect(stdout).toContain(`continue with: spikeloop train point-mass-v0 --out ${out} --resume`);
  });

  it('--resume removes the temporary files a kill -9 left, and refuses a curve.csv cut short (exit 2, located, no stack)', async () => {
    const out = join(dir, 'damaged');
    expect((await cli('train', 'point-mass-v0', '--out', out, '--episodes', '8', '--eval-episodes', '0')).code).toBe(0);
    // What kill -9 between creating and renaming a checkpoint leaves: an empty temporary file.
    for (const t of ['.last.json.0123456789ab.tmp', '.curve.csv.a1b2c3d4e5f6.tmp']) writeFileSync(join(out, t), '');
    writeFileSync(join(out, 'notes.tmp'), 'not ours');
    let r = await cli('train', 'point-mass-v0', '--out', out, '--resume', '--episodes', '12', '--eval-episodes', '0');
    expect(r.code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual(['notes.tmp']);
    // curve.csv cut in the middle of its 10th row: 9 complete rows, last.json counts 12.
    const curve = join(out, 'curve.csv');
    const lines = readFileSync(curve, 'utf8').split('\n');
    writeFileSync(curve, `${lines.slice(0, 10).join('\n')}\n${lines[10]!.slice(0, 12)}`);
    r = await cli('train', 'point-mass-v0', '--out', out, '--resume', '--episodes', '16', '--eval-episodes', '0');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `spikeloop: cannot resume: ${curve} has 9 complete episode row(s), last.json counts 12 episodes done: the file was cut short or edited (the rows cannot be recovered; start a new run with another --out)\nsee \`spikeloop train --help\`\n`,
    );
    // A complete but damaged row is located by line.
    writeFileSync(curve, [...lines.slice(0, 4), 'x,y', ...lines.slice(5)].join('\n'));
    r = await cli('train', 'point-mass-v0', '--out', out, '--resume', '--episodes', '16', '--eval-episodes', '0');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`spikeloop: cannot resume: ${curve}:5: 2 fields, expected 13\nsee \`spikeloop train --help\`\n`);
  });
});
