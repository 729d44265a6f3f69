/**
 * spikeloop as a package: `npm pack` gives a tarball that a fresh project installs and imports —
 * the root entry and the documented sub-entries, at run time and in the type checker (the
 * emitted .d.ts). Dependencies come from npm's cache when it has them (CI's `npm ci` fills it).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/ensureBuilt.js';

const repo = resolve('.');
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

let dir = '';
let project = '';

beforeAll(() => {
  expect(ensureBuilt()).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'spikeloop-pack-'));
  // --ignore-scripts: prepack would empty dist/ under the other test files; ensureBuilt made it fresh.
  npm(['pack', '--ignore-scripts', '--pack-destination', dir], repo);
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  expect(tgz).toBeDefined();
  project = join(dir, 'user-project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module' }));
  npm(['install', '--prefer-offline', '--no-package-lock', join(dir, tgz!)], project);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships built JS, declarations and the data files the code reads, and no tests or sources', () => {
    const listing = execFileSync('tar', ['-tzf', join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!)], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing).toContain('package/dist/scenarios/makeEnv.d.ts');
    expect(listing).toContain('package/viewer/page/index.html');
    expect(listing).toContain('package/bin/spikeloop.js');
    expect(listing.some((f) => f.startsWith('package/test/'))).toBe(false);
    expect(listing.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
  });

  it('imports from a fresh project: a network steps, an env runs an episode, sub-entries resolve', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `
import { buildNetwork, networkStep, findPopulation, makeEnv, PLASTICITY_RULES } from 'spikeloop';
import { SCENARIOS } from 'spikeloop/scenarios';
import { runEpisode } from 'spikeloop/loop';
import { QuadrotorBody } from 'spikeloop/sim';
import { trainController } from 'spikeloop/experiments';
import { createInProcessGraph } from 'spikeloop/ros2';
const net = buildNetwork({ dt_ms: 1, populations: [
  { name: 'in', size: 20, source: { kind: 'poisson', rate_Hz: 200 } },
  { name: 'out', size: 5, neuron: { kind: 'lif' } } ],
  projections: [{ pre: 'in', post: 'out', connectivity: { kind: 'all-to-all' }, weight: 400 }] }, { seed: 1 });
for (let k = 0; k < 500; k++) networkStep(net);
const env = makeEnv('drone-forest-v1');
env.reset(3);
let steps = 0, ended = false;
while (!ended && steps < 100) { env.action.cmd_linear[0] = 0.5; const r = env.step(); ended = r.terminated || r.truncated; steps++; }
env.close();
console.log(JSON.stringify({ spikes: findPopulation(net, 'out').spikeTotal, engine: net.engine, steps, scenarios: SCENARIOS.length, rules: PLASTICITY_RULES.map((r) => r.kind),
  fns: [typeof runEpisode, typeof QuadrotorBody, typeof trainController, typeof createInProcessGraph] }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' }));
    expect(out.spikes).toBeGreaterThan(0);
    // The engine kernels ship inside the built JS (base64) and load from the installed package.
    expect(out.engine).toEqual({ backend: 'wasm', precision: 'f64' });
    expect(out.steps).toBe(100);
    expect(out.scenarios).toBeGreaterThanOrEqual(5);
    expect(out.rules).toContain('rstdp');
    expect(out.fns).toEqual(['function', 'function', 'function', 'function']);
  });

  it('type-checks a user file against the emitted declarations (a wrong type is an error, so types are not any)', () => {
    writeFileSync(
      join(project, 'use.ts'),
      `
import { makeEnv } from 'spikeloop';
import type { Env, EnvStep } from 'spikeloop/scenarios';
import type { NetworkSpec } from 'spikeloop/controllers';
const env: Env = makeEnv('drone-forest-v1');
const r: EnvStep = env.step();
const reward: number = r.reward;
// @ts-expect-error period_s is a number
const wrong: string = env.period_s;
const spec: NetworkSpec = { populations: [{ name: 'a', size: 1, neuron: { kind: 'lif' } }] };
// @ts-expect-error 'hodgkin' is not a neuron kind
const bad: NetworkSpec = { populations: [{ name: 'a', size: 1, neuron: { kind: 'hodgkin' } }] };
export { reward, wrong, spec, bad };
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['use.ts'] }),
    );
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      output = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  });
});
