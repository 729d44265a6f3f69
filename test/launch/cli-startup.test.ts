/**
 * CLI start-up stays light: `spikeloop --help` loads no command module (nothing of the engine,
 * physics, experiments or the ROS bridge), a command loads its own, and the top-level listing
 * from the table in launch/cli.ts is the same as the one the loaded commands give.
 * (Start-up time itself is a benchmark: `npm run bench -- startup`.)
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS } from '../../launch/cli.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The project modules (dist/…) the built CLI loads for `args`. */
function loadedModules(args: string[]): string[] {
  const hook = join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent("export async function resolve(s, c, n) { const r = await n(s, c); if (r.url.includes('/dist/')) process.stderr.write('LOADED ' + r.url + '\\\\n'); return r; }"));`,
  );
  const r = spawnSync(process.execPath, ['--import', hook, 'bin/spikeloop.js', ...args], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(l.indexOf('/dist/') + 6));
}

function helpText(program: Awaited<ReturnType<typeof buildProgram>>): string {
  return program.helpInformation();
}

describe('CLI start-up', () => {
  it('--help loads no command module', () => {
    expect(ensureBuilt()).toBe(true);
    const mods = loadedModules(['--help']);
    expect(mods).toContain('launch/cli.js');
    // What runCli needs before any command, each a small module importing only Node's own:
    // splitting ROS arguments, checking SPIKELOOP_ENGINE, loading plugins.
    const startup = new Set(['bridges/ros2/transport/splitRosArgs.js', 'controllers/network/engineEnv.js', 'experiments/plugins.js']);
    expect(mods.filter((m) => !m.startsWith('launch/cli') && !m.startsWith('launch/main') && !startup.has(m))).toEqual([]);
  });

  it('a command loads its own module and not the others', () => {
    const mods = loadedModules(['list', '--help']);
    expect(mods).toContain('launch/commands/list.js');
    expect(mods.some((m) => m.startsWith('launch/commands/') && m !== 'launch/commands/list.js')).toBe(false);
  });

  it('the listing from the table equals the listing of the loaded commands', async () => {
    const io = { out: () => {}, err: () => {} };
    const light = await buildProgram(io, undefined, undefined, [], ['--help']);
    const full = await buildProgram(io, undefined, undefined, [], null);
    expect(helpText(light)).toBe(helpText(full));
    // Each table entry's term is what commander derives from the loaded command itself.
    for (const entry of COMMANDS) {
      const cmd = full.commands.find((c) => c.name() === entry.name)!;
      const derived = [cmd.name(), cmd.options.length > 0 ? '[options]' : '', ...cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`))]
        .filter(Boolean)
        .join(' ');
      expect(entry.term, entry.name).toBe(derived);
    }
  });
});
