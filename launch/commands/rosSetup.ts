/**
 * `spikeloop ros setup`: installs rclnodejs where spikeloop finds it and checks it.
 *
 * `npm install rclnodejs` in a clone installs nothing (npm leaves a project's optional peer
 * dependencies out; see bridges/ros2/transport/rclnodejsLocation.ts), so rclnodejs goes into its
 * own npm prefix, `<project>/.ros2-deps` (or --prefix / $SPIKELOOP_ROS2_DEPS):
 *
 *   1. refuses without a sourced ROS 2 (ROS_DISTRO and AMENT_PREFIX_PATH): rclnodejs' install
 *      script builds (or picks a prebuilt) native addon for the sourced distro and generates the
 *      JavaScript of its messages, which it cannot do without one;
 *   2. `npm install --prefix <dir> rclnodejs@<spikeloop's range>` — a prefix has its own
 *      package.json and lockfile, so npm does install it. With `npm_config_yes=true`: built from
 *      source (no prebuilt binary for this distro and OS), rclnodejs runs `npx rimraf`, which npm
 *      cancels without a terminal ("npx canceled due to missing packages and no YES option");
 *   3. checks that spikeloop resolves it (the lookup every `spikeloop ros …` uses), then a node
 *      round trip: create a node, publish and receive one std_msgs/msg/String, destroy it.
 *
 * `--dry-run` prints what it would do (and works without ROS 2).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { RclnodejsResolution } from '../../bridges/ros2/transport/rclnodejsLocation.js';
import { PREFIX_ENV, rclnodejsPrefix, rclnodejsRange, resolveRclnodejs, setupCommand, spikeloopRoot } from '../../bridges/ros2/transport/rclnodejsLocation.js';
import { RosEnvironmentError, rosEnvironmentProblem } from '../../bridges/ros2/transport/rosEnvironment.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';

export interface RosSetupOptions {
  readonly prefix?: string;
  readonly dryRun?: boolean;
  readonly reinstall?: boolean;
  readonly roundTrip?: boolean;
  readonly json?: boolean;
}

export interface RosSetupPlan {
  /** The package spec installed, e.g. `rclnodejs@^2.2.0` (spikeloop's peer dependency range). */
  readonly package: string;
  readonly prefix: string;
  /** Where the package lands. */
  readonly installDir: string;
  /** The npm invocation (no shell), and the environment it adds. */
  readonly npm: { readonly command: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> };
  /** The same, as a line to type. */
  readonly commandLine: string;
  /** The sourced distro, or null; `rosProblem` says why the install would be refused. */
  readonly rosDistro: string | null;
  readonly rosProblem: string | null;
  /** What `spikeloop ros …` resolves now, without loading it. */
  readonly current: RclnodejsResolution;
  /** 'install', 'reinstall', 'skip: …' (already found). */
  readonly action: string;
  /** The order spikeloop looks for rclnodejs in. */
  readonly lookup: readonly string[];
  /** Set when the prefix is not the one spikeloop looks in by default. */
  readonly exportNeeded: string | null;
  readonly checks: readonly string[];
}

const CHECK_TYPE = 'std_msgs/msg/String';

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`;
}

/** What `spikeloop ros setup` would do here: pure, nothing installed or loaded. */
export function rosSetupPlan(o: RosSetupOptions = {}, env: NodeJS.ProcessEnv = process.env, root: string = spikeloopRoot()): RosSetupPlan {
  const defaultPrefix = rclnodejsPrefix(env, root);
  const prefix = o.prefix !== undefined ? resolve(o.prefix) : defaultPrefix;
  const pkg = `rclnodejs@${rclnodejsRange(root)}`;
  const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts=false', pkg];
  const npmEnv = { npm_config_yes: 'true' };
  const current = resolveRclnodejs({ prefix, env });
  const rosProblem = rosEnvironmentProblem(env);
  const action = current.found && current.where === 'project'
    ? `skip: rclnodejs already resolves by Node's normal lookup (${current.path}); that copy is the one used`
    : current.found && !o.reinstall
      ? `skip: already installed (${current.path}); --reinstall removes ${join(prefix, 'node_modules')} and builds it again against the sourced distro`
      : current.found
        ? 'reinstall'
        : 'install';
  return {
    package: pkg,
    prefix,
    installDir: join(prefix, 'node_modules', 'rclnodejs'),
    npm: { command: 'npm', args, env: npmEnv },
    commandLine: `npm_config_yes=true npm ${args.map(quoteArg).join(' ')}`,
    rosDistro: env.ROS_DISTRO || null,
    rosProblem,
    current,
    action,
    lookup: [`Node's normal lookup from ${root} (its node_modules and the folders above)`, join(prefix, 'node_modules')],
    exportNeeded: prefix === defaultPrefix ? null : `export ${PREFIX_ENV}=${quoteArg(prefix)}`,
    checks: [
      `require.resolve('rclnodejs') as spikeloop does it → ${join(prefix, 'node_modules', 'rclnodejs')}`,
      `node round trip: create a node, publish and receive one ${CHECK_TYPE}, destroy it`,
    ],
  };
}

function describePlan(p: RosSetupPlan, dryRun: boolean): string {
  const lines = [
    dryRun ? 'spikeloop ros setup — dry run, nothing is installed:' : 'spikeloop ros setup:',
    `  ROS 2:      ${p.rosDistro && !p.rosProblem ? `${p.rosDistro} (sourced)` : 'not sourced — the install is refused until it is: source /opt/ros/<distro>/setup.bash'}`,
    `  installs:   ${p.package}`,
    `  into:       ${p.installDir}`,
    `  command:    ${p.commandLine}`,
    `  action:     ${p.action}`,
    `  now:        ${p.current.found ? `rclnodejs ${p.current.version ?? '?'} at ${p.current.path} (${p.current.where})` : 'rclnodejs not found'}`,
    `  lookup:     ${p.lookup.join(', then ')}`,
    `  checks:     ${p.checks.join('; ')}`,
  ];
  if (p.exportNeeded) lines.push(`  note:       spikeloop looks in this prefix only with ${p.exportNeeded}`);
  return `${lines.join('\n')}\n`;
}

/** Runs npm, its output forwarded to `io.err`; resolves to its exit code. */
export type NpmRunner = (plan: RosSetupPlan, io: CliIo) => Promise<number>;
/** The node round trip; resolves to a line describing it, throws when it fails. */
export type RoundTrip = () => Promise<string>;

const runNpm: NpmRunner = (plan, io) =>
  new Promise((done, fail) => {
    const win = process.platform === 'win32';
    const child = spawn(win ? 'npm.cmd' : plan.npm.command, plan.npm.args, { env: { ...process.env, ...plan.npm.env }, stdio: ['ignore', 'pipe', 'pipe'], shell: win });
    child.stdout.on('data', (d: Buffer) => io.err(d.toString()));
    child.stderr.on('data', (d: Buffer) => io.err(d.toString()));
    child.on('error', (e) => fail(new CliError(`could not run npm (${(e as Error).message}); run it yourself:\n  ${plan.commandLine}`, 1)));
    child.on('close', (code) => done(code ?? 1));
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const nodeRoundTrip: RoundTrip = async () => {
  const { createRclnodejsTransport } = await import('../../bridges/ros2/transport/rclnodejsTransport.js');
  const transport = await createRclnodejsTransport([]);
  try {
    const node = await transport.createNode({ name: 'spikeloop_setup_check' });
    try {
      const topic = `/spikeloop_setup_check_${process.pid}`;
      const sent = `spikeloop setup ${process.pid}`;
      let got: string | null = null;
      const sub = node.subscribe<{ data: string }>(topic, CHECK_TYPE, (m) => (got = m.data));
      const pub = node.publisher<{ data: string }>(topic, CHECK_TYPE);
      // Discovery takes a moment even within one process: publish until it comes back (10 s at most).
      for (let i = 0; i < 100 && got === null; i++) {
        pub.publish({ data: sent });
        await sleep(100);
      }
      sub.close();
      if (got !== sent) throw new Error(`no ${CHECK_TYPE} came back on ${topic} within 10 s (is DDS discovery blocked? try ROS_LOCALHOST_ONLY=1 or check your RMW)`);
      return `node round trip: published and received one ${CHECK_TYPE} on ${topic}`;
    } finally {
      node.close();
    }
  } finally {
    await transport.shutdown();
  }
};

/**
 * The setup: refuse without ROS 2, install (unless already found), check resolution, round trip.
 * `npm` and `roundTrip` are replaceable so tests run the logic without npm or ROS 2.
 */
export async function runRosSetup(o: RosSetupOptions, io: CliIo, env: NodeJS.ProcessEnv = process.env, deps: { npm?: NpmRunner; roundTrip?: RoundTrip; root?: string } = {}): Promise<RosSetupPlan> {
  const root = deps.root ?? spikeloopRoot();
  const plan = rosSetupPlan(o, env, root);
  if (o.dryRun) {
    io.out(o.json ? `${JSON.stringify(plan, null, 2)}\n` : describePlan(plan, true));
    return plan;
  }
  if (plan.rosProblem !== null) {
    throw new CliError(
      `ros setup needs a sourced ROS 2: rclnodejs builds against it. ${plan.rosProblem.replace(/ To run against ROS 2:[\s\S]*$/, '')}\n` +
        `Source your ROS 2 install, then run the setup again:\n  source /opt/ros/<distro>/setup.bash   (e.g. jazzy)\n  ${setupCommand({ root, args: o.prefix ? `--prefix ${quoteArg(plan.prefix)}` : '' })}\n` +
        `(--dry-run shows what it would install and where.)`,
      1,
    );
  }
  if (!o.json) io.err(describePlan(plan, false));
  if (plan.action === 'install' || plan.action === 'reinstall') {
    mkdirSync(plan.prefix, { recursive: true });
    if (plan.action === 'reinstall') rmSync(join(plan.prefix, 'node_modules'), { recursive: true, force: true });
    const pj = join(plan.prefix, 'package.json');
    // Its own package.json: npm then treats the prefix as a project and never looks above it.
    if (!existsSync(pj)) writeFileSync(pj, `${JSON.stringify({ name: 'spikeloop-ros2-deps', private: true, description: 'rclnodejs for spikeloop, installed by `spikeloop ros setup`' }, null, 2)}\n`);
    const code = await (deps.npm ?? runNpm)(plan, io);
    if (code !== 0) {
      throw new CliError(
        `npm failed (exit ${code}) installing ${plan.package} into ${plan.prefix}; its output is above. rclnodejs builds a native addon against ROS 2 ${plan.rosDistro}: ` +
          'a C++ compiler, make and Python (node-gyp) are needed when no prebuilt binary fits this distro and OS. The command was:\n  ' +
          plan.commandLine,
        1,
      );
    }
  }
  // The check every `spikeloop ros …` makes: resolved, from the normal lookup or the prefix.
  const after = resolveRclnodejs({ prefix: plan.prefix, env });
  if (!after.found) throw new CliError(`the install finished but rclnodejs does not resolve: nothing at ${plan.installDir} (looked in: ${after.searched.join('; ')})`, 1);
  io.err(`resolved:   rclnodejs ${after.version ?? '?'} at ${after.path} (${after.where})\n`);
  let roundTrip = 'node round trip: skipped (--no-round-trip)';
  if (o.roundTrip !== false) {
    const previous = env[PREFIX_ENV];
    if (plan.exportNeeded) env[PREFIX_ENV] = plan.prefix; // the round trip loads it as `spikeloop ros …` would with the export
    try {
      roundTrip = await (deps.roundTrip ?? nodeRoundTrip)();
    } catch (e) {
      const why = e instanceof RosEnvironmentError || e instanceof Error ? e.message : String(e);
      throw new CliError(`rclnodejs is installed (${after.path}) but the node round trip failed: ${why}`, 1);
    } finally {
      if (plan.exportNeeded) {
        if (previous === undefined) delete env[PREFIX_ENV];
        else env[PREFIX_ENV] = previous;
      }
    }
  }
  if (o.json) io.out(`${JSON.stringify({ ...plan, resolved: after, roundTrip }, null, 2)}\n`);
  else {
    io.out(`${roundTrip}\nrclnodejs is ready for spikeloop ros … (ROS 2 ${plan.rosDistro})\n`);
    if (plan.exportNeeded) io.out(`spikeloop looks in ${plan.prefix} only with:\n  ${plan.exportNeeded}\n`);
  }
  return plan;
}

export function registerRosSetup(ros: Command, io: CliIo): void {
  ros
    .command('setup')
    .description('install rclnodejs where spikeloop finds it (its own npm prefix), built against the sourced ROS 2, and check it')
    .option('--prefix <dir>', `npm prefix to install into (default: $${PREFIX_ENV}, else <project>/.ros2-deps)`)
    .option('--dry-run', 'print what would be installed, where, and the checks; install nothing (works without ROS 2)', false)
    .option('--reinstall', 'remove the installed rclnodejs and build it again (after switching ROS 2 distro)', false)
    .option('--no-round-trip', 'skip the node round trip (publish and receive one message)')
    .option('--json', 'print the plan (and the result) as JSON', false)
    .addHelpText(
      'after',
      `
Why not 'npm install rclnodejs': in a clone of spikeloop rclnodejs is an optional peer dependency,
and npm never installs a project's own optional peer dependencies ("up to date", nothing added).
The setup installs it into its own npm prefix instead, which every 'spikeloop ros …' looks in.

Examples:
  $ source /opt/ros/jazzy/setup.bash && npx spikeloop ros setup
  $ npx spikeloop ros setup --dry-run`,
    )
    .action(async (opts: RosSetupOptions) => {
      await runRosSetup(opts, io);
    });
}
