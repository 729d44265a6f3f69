/**
 * One exit-code convention for every command (README "Exit codes"): 2 for a usage error — one
 * line (commander's `error: …` or `spikeloop: …`) and `see \`spikeloop <command> --help\``, never
 * the whole help —, 1 for a runtime failure (a file missing, unreadable or refused; no ROS 2),
 * 130/143 for Ctrl-C/SIGTERM (covered where commands stop: experiment-cli, controllerNode tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from '../../launch/cli.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { catalog } from '../helpers/pointMassCatalog.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const missing = (name: string) => join(dir, 'missing', name);

async function run(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t) }, catalog);
  return { code, out, err };
}

/** Every command (and subcommand) with a usage error; the hint names the command that has the help. */
const USAGE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['start', ['start', '--bogus']],
  ['start', ['start', '--episodes', '0']],
  ['run', ['run', 'point-mass-v0', '--bogus']],
  ['run', ['run', 'no-such-scenario']],
  ['run', ['run', 'point-mass-v0', '--controller', 'no-such-preset']],
  ['train', ['train', 'point-mass-v0']],
  ['train', ['train', 'point-mass-v0', '--out', join(dir, 't'), '--episodes', 'many']],
  ['eval', ['eval', 'point-mass-v0', '--episodes', '1', '--bogus']],
  ['eval', ['eval', 'point-mass-v0']],
  ['list', ['list', '--bogus']],
  ['list', ['list', 'extra']],
  ['launch', ['launch']],
  ['launch', ['launch', 'x.launch.yaml', '--duration-s', 'soon']],
  ['simulate', ['simulate', 'examples/networks/spike-times.json']],
  ['simulate', ['simulate', 'examples/networks/spike-times.json', '--duration-ms', '5', '--plot', join(dir, 'x.gif')]],
  ['nir', ['nir', 'bogus']],
  ['nir info', ['nir', 'info']],
  ['nir import', ['nir', 'import', 'g.nir']],
  ['nir export', ['nir', 'export', '--out', join(dir, 'g.nir')]],
  ['demo', ['demo', 'bogus']],
  ['demo distal-reward', ['demo', 'distal-reward', '--bogus']],
  ['view', ['view']],
  ['view', ['view', 'x.mcap', '--port', 'eighty']],
  ['mcap', ['mcap', 'bogus']],
  ['mcap recover', ['mcap', 'recover', 'x.mcap.tmp-1']],
  ['replay', ['replay']],
  ['replay', ['replay', 'x.mcap', '--rate-hz', 'fast']],
  ['ros', ['ros', 'bogus']],
  ['ros controller', ['ros', 'controller', '--bogus']],
  ['ros controller', ['ros', 'controller', '--profile', 'no-such-profile', '--controller', 'point-mass-snn']],
  ['ros sim', ['ros', 'sim', 'no-such-scenario']],
  ['study', ['study', 'bogus']],
  ['study run', ['study', 'run', 'study.yaml']],
  ['study run', ['study', 'run', 'study.yaml', '--out', join(dir, 's'), '--queue', 'http://127.0.0.1:6379']],
  ['study show', ['study', 'show', join(dir, 'no-study')]],
  ['worker', ['worker']],
  ['worker', ['worker', '--queue', 'redis://127.0.0.1:6379/first']],
  ['', ['bogus']],
];

/** A runtime failure of every command that reads a file or needs something outside (exit 1). */
const RUNTIME: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['run: missing controller file', ['run', 'point-mass-v0', '--controller', missing('c.json')]],
  ['train: missing controller file', ['train', 'point-mass-v0', '--out', join(dir, 'train'), '--controller', missing('c.json')]],
  ['eval: missing controller file', ['eval', 'point-mass-v0', '--episodes', '1', '--controller', missing('c.json')]],
  ['launch: missing launch file', ['launch', missing('x.launch.yaml')]],
  ['simulate: missing network', ['simulate', missing('n.json'), '--duration-ms', '5']],
  ['nir info: missing graph', ['nir', 'info', missing('g.nir')]],
  ['nir import: missing graph', ['nir', 'import', missing('g.nir'), '--out', join(dir, 'n.json')]],
  ['nir export: missing controller file', ['nir', 'export', '--controller', missing('c.json'), '--out', join(dir, 'g.nir')]],
  ['view: missing recording', ['view', missing('r.mcap'), '--no-open']],
  ['mcap recover: missing recording', ['mcap', 'recover', missing('r.mcap.tmp-1'), '--out', join(dir, 'r.mcap')]],
  ['study run: missing study file', ['study', 'run', missing('s.yaml'), '--out', join(dir, 'study')]],
  ['study run: Redis not listening', ['study', 'run', 'test/study/fixtures/refused.study.yaml', '--out', join(dir, 'study-q'), '--queue', 'redis://127.0.0.1:1']],
  ['worker: Redis not listening', ['worker', '--queue', 'redis://127.0.0.1:1']],
];

describe('exit codes: usage errors exit 2 with one line and the help hint', () => {
  it('the table covers every command', () => {
    const covered = new Set(USAGE.map(([c]) => c.split(' ')[0]));
    for (const c of COMMANDS) expect(covered, c.name).toContain(c.name);
  });
  for (const [cmd, args] of USAGE) {
    it(`${args.join(' ')}`, async () => {
      const r = await run(args);
      expect(r.code).toBe(2);
      const lines = r.err.trimEnd().split('\n');
      expect(lines, r.err).toHaveLength(2);
      expect(lines[0]).toMatch(/^(error: |spikeloop: )/);
      expect(lines[1]).toBe(`see \`${['spikeloop', ...(cmd ? [cmd] : []), '--help'].join(' ')}\``);
      expect(r.err).not.toContain('Usage:');
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe('');
    });
  }
  it('a bad SPIKELOOP_ENGINE is a usage error named before any command runs, not a stack trace from the first network', async () => {
    const before = process.env['SPIKELOOP_ENGINE'];
    process.env['SPIKELOOP_ENGINE'] = 'wsam';
    try {
      const r = await run(['run', 'point-mass-v0', '--seed', '1']);
      expect(r.code).toBe(2);
      expect(r.err).toContain("SPIKELOOP_ENGINE: expected 'js' or 'wasm' (or unset), got 'wsam' in the environment");
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe('');
    } finally {
      if (before === undefined) delete process.env['SPIKELOOP_ENGINE'];
      else process.env['SPIKELOOP_ENGINE'] = before;
    }
  });
  it('start --resume of an explicit --out holding nothing to resume is a usage error too', async () => {
    const out = join(dir, 'empty-start');
    mkdirSync(out, { recursive: true });
    const r = await run(['start', '--out', out, '--resume', '--episodes', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`nothing to resume in ${out}`);
    expect(r.err).toContain('see `spikeloop start --help`');
  });
});

describe('exit codes: runtime failures exit 1, one message, no hint, no stack', () => {
  for (const [what, args] of RUNTIME) {
    it(what, async () => {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^spikeloop: /);
      expect(r.err).not.toContain('--help');
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }
  it('start: a damaged run to resume', async () => {
    const out = join(dir, 'damaged-start');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'last.json'), '{"format": "spikeloop-controller"');
    const r = await run(['start', '--out', out, '--resume']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^spikeloop: .*last\.json/);
  });
  it.skipIf(process.env.ROS_DISTRO !== undefined)('ros controller and ros sim without ROS 2 (their arguments are fine) name the fix and spikeloop launch', async () => {
    for (const args of [
      ['ros', 'controller', '--profile', 'drone', '--controller', 'point-mass-snn'],
      ['ros', 'sim', 'point-mass-v0'],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.err).toContain('no ROS 2 environment is sourced');
      expect(r.err).toContain('spikeloop launch');
    }
  });
});

describe('exit codes of the built CLI process', () => {
  it('a usage error exits 2, a runtime failure 1, help 0', () => {
    expect(ensureBuilt()).toBe(true);
    const node = (...args: string[]) => spawnSync(process.execPath, ['bin/spikeloop.js', ...args], { encoding: 'utf8' });
    const usage = node('list', '--bogus');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe("error: unknown option '--bogus'\nsee `spikeloop list --help`\n");
    expect(node('simulate', missing('n.json'), '--duration-ms', '5').status).toBe(1);
    expect(node('simulate', '--help').status).toBe(0);
  });
});
