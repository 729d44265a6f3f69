/**
 * Plugins (experiments/plugins.ts): a user's module loaded with `--plugin` or SPIKELOOP_PLUGINS
 * registers a perturbation and a scenario, every command can name them, and worker threads
 * import the plugin too — the registration reaches episodes wherever they run. The built CLI is
 * spawned because a plugin imports spikeloop by package name, i.e. the built JS.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { splitPluginArgs } from '../../experiments/plugins.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';

const PLUGIN = 'test/fixtures/plugins/mirrorPlugin.mjs';

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const p = spawnSync(process.execPath, ['bin/spikeloop.js', ...args], { encoding: 'utf8', env: { ...process.env, SPIKELOOP_PLUGINS: '', ...env } });
  return { code: p.status, out: p.stdout, err: p.stderr };
}

describe('plugins', () => {
  it('a plugin scenario built on a plugin perturbation runs in 2 worker threads and equals the built-in scenario it copies, bit for bit', () => {
    expect(ensureBuilt()).toBe(true);
    const common = ['--controller', 'drone-avoid-reactive', '--episodes', '3', '--workers', '2', '--json'];
    const viaPlugin = cli(['eval', 'drone-forest-plugin-mirrored-v1', ...common, '--plugin', PLUGIN]);
    expect(viaPlugin.code, viaPlugin.err).toBe(0);
    const builtIn = cli(['eval', 'drone-forest-mirrored-v1', ...common]);
    expect(builtIn.code, builtIn.err).toBe(0);
    const a = JSON.parse(viaPlugin.out) as Record<string, unknown>;
    const b = JSON.parse(builtIn.out) as Record<string, unknown>;
    expect(a['scenario']).toBe('drone-forest-plugin-mirrored-v1');
    delete a['scenario'];
    delete b['scenario'];
    expect(a).toEqual(b);
    // The mirrored body defeats the reactive baseline: the perturbation really acted.
    expect(a['success_rate']).toBe(0);
  });

  it('SPIKELOOP_PLUGINS loads it too, and --perturb names the plugin perturbation on a built-in scenario', () => {
    const r = cli(['run', 'drone-forest-v1', '--controller', 'drone-avoid-reactive', '--seed', '2', '--perturb', 'plugin-mirror', '--json'], { SPIKELOOP_PLUGINS: PLUGIN });
    expect(r.code, r.err).toBe(0);
    const m = cli(['run', 'drone-forest-mirrored-v1', '--controller', 'drone-avoid-reactive', '--seed', '2', '--json']);
    expect(JSON.parse(r.out).reward).toBe(JSON.parse(m.out).reward);
  });

  it('without the plugin the names are unknown: a usage error listing what exists', () => {
    const r = cli(['run', 'drone-forest-v1', '--perturb', 'plugin-mirror']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown perturbation 'plugin-mirror'");
    expect(r.err).toContain('mirror-lidar');
  });

  it('a missing plugin file and a plugin that throws are runtime failures (exit 1) naming the module, no stack', () => {
    const missing = cli(['list', '--plugin', 'test/fixtures/plugins/nope.mjs']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^spikeloop: plugin 'test\/fixtures\/plugins\/nope\.mjs': no such file .*nope\.mjs\n$/);
    const broken = cli(['list'], { SPIKELOOP_PLUGINS: 'test/fixtures/plugins/throwingPlugin.mjs' });
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('throwingPlugin.mjs failed while loading: this plugin is broken on purpose');
    expect(broken.err).not.toMatch(/\n\s+at /);
  });

  it('--plugin without a module is a usage error', () => {
    const r = cli(['list', '--plugin']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("option '--plugin <module>' argument missing");
  });

  it('splitPluginArgs takes --plugin anywhere before a lone --, in both spellings', () => {
    expect(splitPluginArgs(['--plugin', 'a.js', 'run', 'x', '--plugin=b.js', '--seed', '1', '--', '--plugin', 'c.js'])).toEqual({
      args: ['run', 'x', '--seed', '1', '--', '--plugin', 'c.js'],
      plugins: ['a.js', 'b.js'],
    });
  });
});
