/**
 * `spikeloop ros setup` and the rclnodejs lookup, without ROS 2: the plan (npm command, prefix,
 * where it resolves from), the refusal without a sourced ROS 2, the resolver finding a stub
 * rclnodejs in a temp prefix (and loading it from there), the install → resolve → round-trip flow
 * with npm and the round trip replaced, and the missing-rclnodejs message naming the setup command.
 * Nothing here runs npm or loads the real rclnodejs.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { PREFIX_ENV, rclnodejsRange, resolveRclnodejs, setupCommand, spikeloopRoot } from '../../bridges/ros2/transport/rclnodejsLocation.js';
import { RosEnvironmentError, loadRclnodejs } from '../../bridges/ros2/transport/rosEnvironment.js';
import { runCli } from '../../launch/cli.js';
import { CliError } from '../../launch/cliError.js';
import type { RosSetupPlan } from '../../launch/commands/rosSetup.js';
import { rosSetupPlan, runRosSetup } from '../../launch/commands/rosSetup.js';

const tmp = mkdtempSync(join(tmpdir(), 'spikeloop-rossetup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

let n = 0;
const fresh = (name: string) => join(tmp, `${name}-${n++}`);
/** A file to start Node's normal lookup from where no rclnodejs can be (hermetic). */
const nowhere = () => {
  const d = fresh('src');
  mkdirSync(d, { recursive: true });
  return join(d, 'x.js');
};

/** A stub rclnodejs (package.json + index.js) in `prefix`/node_modules. */
function stubRclnodejs(prefix: string, version = '2.2.0-stub'): string {
  const dir = join(prefix, 'node_modules', 'rclnodejs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'rclnodejs', version, main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), "module.exports = { stub: 'rclnodejs stub', init() {} };\n");
  return join(dir, 'index.js');
}

function buffers() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out: () => out.join(''), err: () => err.join('') };
}

const noRos: NodeJS.ProcessEnv = { PATH: process.env.PATH };
const fakeRos = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, ROS_DISTRO: 'jazzy', AMENT_PREFIX_PATH: '/nonexistent/ros', ...extra });

function unsetRos() {
  vi.stubEnv('ROS_DISTRO', undefined);
  vi.stubEnv('AMENT_PREFIX_PATH', undefined);
}

describe('the setup plan (dry run, without ROS 2)', () => {
  it('installs spikeloop\'s rclnodejs range into <project>/.ros2-deps with npm --prefix (not the project\'s lockfile), npx allowed', () => {
    const root = spikeloopRoot();
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('spikeloop');
    expect(rclnodejsRange(root)).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).peerDependencies.rclnodejs);
    const p = rosSetupPlan({}, noRos, root);
    expect(p.prefix).toBe(join(root, '.ros2-deps'));
    expect(p.installDir).toBe(join(root, '.ros2-deps', 'node_modules', 'rclnodejs'));
    expect(p.package).toBe(`rclnodejs@${rclnodejsRange(root)}`);
    expect(p.npm.command).toBe('npm');
    expect(p.npm.args).toEqual(['install', '--prefix', p.prefix, '--no-audit', '--no-fund', '--ignore-scripts=false', p.package]);
    expect(p.npm.env).toEqual({ npm_config_yes: 'true' });
    expect(p.commandLine).toBe(`npm_config_yes=true npm install --prefix ${p.prefix} --no-audit --no-fund --ignore-scripts=false 'rclnodejs@${rclnodejsRange(root)}'`);
    expect(p.rosDistro).toBeNull();
    expect(p.rosProblem).toMatch(/no ROS 2 environment is sourced/);
    expect(p.lookup).toEqual([expect.stringContaining(`normal lookup from ${root}`), join(p.prefix, 'node_modules')]);
    expect(p.exportNeeded).toBeNull();
  });

  it('--prefix DIR (or $SPIKELOOP_ROS2_DEPS) moves the install; a prefix other than the default says which export makes spikeloop look there', () => {
    const dir = fresh('custom');
    const p = rosSetupPlan({ prefix: dir }, noRos);
    expect(p.prefix).toBe(dir);
    expect(p.npm.args.slice(0, 3)).toEqual(['install', '--prefix', dir]);
    expect(p.exportNeeded).toBe(`export ${PREFIX_ENV}=${dir}`);
    const q = rosSetupPlan({}, { ...noRos, [PREFIX_ENV]: dir });
    expect(q.prefix).toBe(dir);
    expect(q.exportNeeded).toBeNull();
  });

  it('`spikeloop ros setup --dry-run` prints the plan, installs nothing and exits 0 without ROS 2', async () => {
    unsetRos();
    const dir = fresh('dry');
    const b = buffers();
    expect(await runCli(['ros', 'setup', '--dry-run', '--prefix', dir], b.io)).toBe(0);
    const text = b.out();
    expect(text).toContain('dry run, nothing is installed');
    expect(text).toContain(`npm_config_yes=true npm install --prefix ${dir} --no-audit --no-fund --ignore-scripts=false 'rclnodejs@`);
    expect(text).toContain(`into:       ${join(dir, 'node_modules', 'rclnodejs')}`);
    expect(text).toContain('not sourced — the install is refused until it is: source /opt/ros/<distro>/setup.bash');
    expect(text).toContain('rclnodejs not found');
    expect(existsSync(dir)).toBe(false);

    const j = buffers();
    expect(await runCli(['ros', 'setup', '--dry-run', '--json', '--prefix', dir], j.io)).toBe(0);
    const plan = JSON.parse(j.out()) as RosSetupPlan;
    expect(plan.prefix).toBe(dir);
    expect(plan.action).toBe('install');
    expect(plan.current.found).toBe(false);
  });
});

describe('refusal without a sourced ROS 2', () => {
  it('exits 1 naming the source command and the setup command, and touches nothing', async () => {
    unsetRos();
    const dir = fresh('refused');
    const b = buffers();
    expect(await runCli(['ros', 'setup', '--prefix', dir], b.io)).toBe(1);
    const err = b.err();
    expect(err).toMatch(/^spikeloop: ros setup needs a sourced ROS 2: rclnodejs builds against it\. no ROS 2 environment is sourced \(ROS_DISTRO is not set\)\./);
    expect(err).toContain('source /opt/ros/<distro>/setup.bash');
    expect(err).toContain(`npx spikeloop ros setup --prefix ${dir}`);
    expect(err).not.toContain('internal error');
    expect(existsSync(dir)).toBe(false);
  });

  it('ROS_DISTRO without AMENT_PREFIX_PATH is refused too (an incomplete environment)', async () => {
    const npm = vi.fn(async () => 0);
    const b = buffers();
    const run = runRosSetup({ prefix: fresh('half') }, b.io, { ROS_DISTRO: 'jazzy' }, { npm });
    await expect(run).rejects.toThrow(CliError);
    await expect(run).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining('AMENT_PREFIX_PATH is not set') });
    expect(npm).not.toHaveBeenCalled();
  });
});

describe('the resolver', () => {
  it('finds a stub rclnodejs in a temp prefix, reports where and its version, and loads it from there', async () => {
    const prefix = fresh('prefix');
    const index = stubRclnodejs(prefix);
    const from = nowhere();
    const r = resolveRclnodejs({ prefix, from });
    expect(r).toEqual({ found: true, path: index, where: 'prefix', version: '2.2.0-stub', prefix });
    // through the environment variable, as `spikeloop ros …` sees it
    expect(resolveRclnodejs({ env: { [PREFIX_ENV]: prefix }, from })).toMatchObject({ found: true, where: 'prefix', path: index });
    // loaded (after the environment check) from the prefix
    const m = (await loadRclnodejs({ prefix, from, env: fakeRos() })) as { stub?: string };
    expect(m.stub).toBe('rclnodejs stub');
  });

  it('an empty prefix: not found, listing where it looked', () => {
    const prefix = fresh('empty');
    const from = nowhere();
    const r = resolveRclnodejs({ prefix, from });
    expect(r.found).toBe(false);
    if (!r.found) expect(r.searched).toEqual([expect.stringContaining('node_modules folders from'), join(prefix, 'node_modules')]);
  });
});

describe('the missing-rclnodejs message names spikeloop ros setup', () => {
  it('loadRclnodejs with ROS 2 "sourced" and rclnodejs nowhere: a RosEnvironmentError with the exact command', async () => {
    const prefix = fresh('missing');
    const load = loadRclnodejs({ prefix, from: nowhere(), env: fakeRos() });
    await expect(load).rejects.toThrow(RosEnvironmentError);
    const msg = ((await load.catch((e: unknown) => e)) as Error).message;
    expect(msg).toContain('rclnodejs is not installed where spikeloop looks for it (ROS 2 jazzy is sourced)');
    expect(msg).toContain(join(prefix, 'node_modules'));
    expect(msg).toMatch(/\n {2}(cd \S+ && )?npx spikeloop ros setup\n/);
    expect(msg).toContain("'npm install rclnodejs' in a clone of spikeloop installs nothing");
  });

  it('the command is exact for where it runs: in the clone, from elsewhere, and with spikeloop inside node_modules', () => {
    expect(setupCommand({ root: '/w/spikeloop', cwd: '/w/spikeloop' })).toBe('npx spikeloop ros setup');
    expect(setupCommand({ root: '/w/spike loop', cwd: '/home/u' })).toBe("cd '/w/spike loop' && npx spikeloop ros setup");
    expect(setupCommand({ root: '/w/spikeloop', cwd: '/w/spikeloop', args: '--reinstall' })).toBe('npx spikeloop ros setup --reinstall');
    expect(setupCommand({ root: spikeloopRoot(), cwd: '/' })).toBe(`cd ${spikeloopRoot()} && npx spikeloop ros setup`);
    expect(setupCommand({ root: '/app/node_modules/spikeloop', cwd: '/app' })).toMatch(/^npm install 'rclnodejs@\^?[\d.]+'/);
  });

  it('every `spikeloop ros …` without ROS 2 names the source command and the setup command (exit 1)', async () => {
    unsetRos();
    const b = buffers();
    expect(await runCli(['ros', 'sim', 'drone-forest-v1'], b.io)).toBe(1);
    expect(b.err()).toContain('source /opt/ros/<distro>/setup.bash');
    expect(b.err()).toContain('npx spikeloop ros setup');
    expect(b.err()).not.toContain('npm install rclnodejs\n');
  });

  const realFound = resolveRclnodejs().found;
  it.skipIf(realFound)(`\`spikeloop ros controller\` with ROS 2 sourced but no rclnodejs: exit 1 naming the setup command${realFound ? ' — skipped: rclnodejs is installed here' : ''}`, async () => {
    vi.stubEnv('ROS_DISTRO', 'jazzy');
    vi.stubEnv('AMENT_PREFIX_PATH', '/nonexistent/ros');
    vi.stubEnv(PREFIX_ENV, fresh('none'));
    const b = buffers();
    expect(await runCli(['ros', 'controller', '--profile', 'drone'], b.io)).toBe(1);
    expect(b.err()).toMatch(/^spikeloop: rclnodejs is not installed where spikeloop looks for it \(ROS 2 jazzy is sourced\)/);
    expect(b.err()).toContain('npx spikeloop ros setup');
  });
});

describe('the setup flow with npm and the round trip replaced', () => {
  it('writes the prefix package.json, runs npm with the plan, checks resolution from the prefix, runs the round trip', async () => {
    const prefix = fresh('flow');
    const seen: RosSetupPlan[] = [];
    const npm = vi.fn(async (plan: RosSetupPlan) => {
      seen.push(plan);
      stubRclnodejs(plan.prefix);
      return 0;
    });
    const roundTrip = vi.fn(async () => 'node round trip: stub');
    const b = buffers();
    const env = fakeRos({ [PREFIX_ENV]: prefix });
    await runRosSetup({}, b.io, env, { npm, roundTrip });
    expect(npm).toHaveBeenCalledTimes(1);
    expect(seen[0]!.npm.args).toContain('--prefix');
    expect(seen[0]!.npm.args).toContain(prefix);
    expect(JSON.parse(readFileSync(join(prefix, 'package.json'), 'utf8'))).toMatchObject({ name: 'spikeloop-ros2-deps', private: true });
    expect(b.err()).toContain(`resolved:   rclnodejs 2.2.0-stub at ${join(prefix, 'node_modules', 'rclnodejs', 'index.js')}`);
    expect(roundTrip).toHaveBeenCalledTimes(1);
    expect(b.out()).toContain('rclnodejs is ready for spikeloop ros … (ROS 2 jazzy)');

    // again: already there, nothing installed, still checked
    const again = await runRosSetup({}, buffers().io, env, { npm, roundTrip });
    expect(again.action).toMatch(/^skip: already installed/);
    expect(npm).toHaveBeenCalledTimes(1);
    expect(roundTrip).toHaveBeenCalledTimes(2);
  });

  it('--prefix elsewhere: the round trip sees the prefix, the output names the export, the environment is restored', async () => {
    const prefix = fresh('elsewhere');
    const env = fakeRos();
    let during: string | undefined;
    const b = buffers();
    await runRosSetup({ prefix }, b.io, env, {
      npm: async (plan) => (stubRclnodejs(plan.prefix), 0),
      roundTrip: async () => ((during = env[PREFIX_ENV]), 'ok'),
    });
    expect(during).toBe(prefix);
    expect(env[PREFIX_ENV]).toBeUndefined();
    expect(b.out()).toContain(`export ${PREFIX_ENV}=${prefix}`);
  });

  it('npm failing: exit 1 naming the command and what the native build needs', async () => {
    const prefix = fresh('npmfail');
    const run = runRosSetup({ prefix }, buffers().io, fakeRos(), { npm: async () => 1, roundTrip: async () => 'never' });
    await expect(run).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/^npm failed \(exit 1\) installing rclnodejs@\S+ into .*C\+\+ compiler, make and Python[\s\S]*npm_config_yes=true npm install --prefix/) });
  });

  it('npm "succeeding" without installing (as `npm install rclnodejs` in the clone does): exit 1, not resolved', async () => {
    const prefix = fresh('noop');
    const run = runRosSetup({ prefix }, buffers().io, fakeRos(), { npm: async () => 0, roundTrip: async () => 'never' });
    await expect(run).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining(`rclnodejs does not resolve: nothing at ${join(prefix, 'node_modules', 'rclnodejs')}`) });
  });

  it('the round trip failing: exit 1 with the reason', async () => {
    const prefix = fresh('rtfail');
    const run = runRosSetup({ prefix }, buffers().io, fakeRos(), {
      npm: async (plan) => (stubRclnodejs(plan.prefix), 0),
      roundTrip: async () => {
        throw new Error('no std_msgs/msg/String came back');
      },
    });
    await expect(run).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/^rclnodejs is installed \(.*\) but the node round trip failed: no std_msgs/) });
  });
});
