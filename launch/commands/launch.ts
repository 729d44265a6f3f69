/**
 * `spikeloop launch <file.launch.yaml> [--duration-s T] [name:=value …]`: runs a ROS 2 YAML
 * launch file without ROS 2. Every process the file starts must be our CLI (a `node`/`executable`
 * whose executable is Node.js running `…/bin/spikeloop.js`, or `spikeloop`); all of them run in
 * this process, each through `runCli` with its own output prefixed `[name] ` and its ROS
 * arguments, all sharing one in-process graph (bridges/ros2/transport/inProcessTransport.ts) —
 * so the graph `ros2 launch` would start can be tried on any machine. Anything else (a ROS
 * package's executable, a shell command) is refused before anything starts, naming the action.
 *
 * Stopping: `--duration-s`, Ctrl-C or SIGTERM abort every node through its RosContext signal
 * (nodes publish their safe command and return); the launch waits for them (up to a grace
 * period). As with `ros2 launch`, a node that ends leaves the others running; the launch ends
 * when all have ended. Exit code: the first failing node's code, else 130 after Ctrl-C, 143
 * after SIGTERM, else 0.
 */
import { basename, normalize, sep } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { InProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { splitRosArgs } from '../../bridges/ros2/transport/rosArgs.js';
import type { RosTransport } from '../../bridges/ros2/transport/transport.js';
import { positiveNumber } from '../argParsers.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import type { LaunchPlan, LaunchProcess } from '../launchFile/index.js';
import { loadLaunchFile } from '../launchFile/index.js';
import type { RosContext } from '../rosContext.js';
import { StopRequest } from '../../loop/realtimeRunner.js';

export interface LaunchOptions {
  readonly file: string;
  /** `name:=value` launch arguments. */
  readonly args: readonly string[];
  readonly durationS?: number;
  /** Print the processes and their command lines, start nothing. */
  readonly print?: boolean;
  /** Print the launch arguments the file declares, start nothing. */
  readonly showArgs?: boolean;
}

type StopSignalName = 'SIGINT' | 'SIGTERM';

/** What the launch runs nodes with; tests replace parts of it. */
export interface LaunchDeps {
  /** Runs one node's command line in this process; resolves to its exit code. Default: runCli. */
  readonly runNode?: (argv: readonly string[], io: CliIo, catalog: ExperimentCatalog, ros: RosContext) => Promise<number>;
  /** Subscribes to stop requests (default: SIGINT and SIGTERM of this process). */
  readonly onStopSignal?: (handler: (signal: StopSignalName) => void) => () => void;
  /** The graph the nodes share (default: a new one, shut down at the end). */
  readonly graph?: InProcessGraph;
  /** Seconds to wait for nodes after asking them to stop. @default 10 */
  readonly stopGrace_s?: number;
}

/** The result of a launch: exit code and each node's own. */
export interface LaunchResult {
  readonly code: number;
  readonly nodes: ReadonlyArray<{ name: string; code: number | null }>;
  readonly stoppedBy: 'duration' | 'on_exit' | StopSignalName | null;
}

const NODE_EXECUTABLES = new Set(['node', 'nodejs']);
const OUR_SCRIPT = `${sep}bin${sep}spikeloop.js`;

/** The `spikeloop` arguments a launch process runs, or null when it does not run our CLI. */
export function spikeloopArgvOf(p: LaunchProcess): string[] | null {
  if (p.pkg !== undefined) return null;
  const exe = basename(p.exec);
  if (exe === 'spikeloop') return [...p.argv];
  if (!NODE_EXECUTABLES.has(exe) && p.exec !== process.execPath) return null;
  let i = 0;
  while (i < p.argv.length && p.argv[i]!.startsWith('-')) i++; // Node.js's own flags
  const script = p.argv[i];
  if (script === undefined || !normalize(script).endsWith(OUR_SCRIPT)) return null;
  return p.argv.slice(i + 1);
}

/**
 * Output to `io` with every line prefixed (a line that already starts with the prefix, as a
 * node's own log lines may, is left as it is); `flush()` writes a last unterminated line.
 */
export function prefixedIo(io: CliIo, prefix: string): CliIo & { flush(): void } {
  const bufs = { out: '', err: '' };
  const write = (which: 'out' | 'err', text: string) => {
    const lines = (bufs[which] + text).split('\n');
    bufs[which] = lines.pop()!;
    if (lines.length > 0) io[which](lines.map((l) => `${l.startsWith(prefix) ? '' : prefix}${l}\n`).join(''));
  };
  return {
    out: (t) => write('out', t),
    err: (t) => write('err', t),
    flush() {
      for (const which of ['out', 'err'] as const) {
        const l = bufs[which];
        if (l !== '') io[which](`${l.startsWith(prefix) ? '' : prefix}${l}\n`);
        bufs[which] = '';
      }
    },
  };
}

function parseLaunchArgs(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of raw) {
    const sep = a.indexOf(':=');
    if (sep <= 0) throw new CliError(`launch arguments are name:=value, got '${a}'.`, 2);
    out[a.slice(0, sep)] = a.slice(sep + 2);
  }
  return out;
}

const shellQuote = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

function describeProcess(p: LaunchProcess): string {
  return [p.exec, ...p.argv].map(shellQuote).join(' ');
}

const defaultSignals = (handler: (s: StopSignalName) => void): (() => void) => {
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
};

/** Reads the file and checks every process can run here; a CliError names what cannot. */
function plan(o: LaunchOptions): LaunchPlan {
  try {
    return loadLaunchFile(o.file, { args: parseLaunchArgs(o.args) });
  } catch (err) {
    // A file that cannot be read is a runtime failure (1); what the file or its arguments say, a usage error (2).
    if (err instanceof RangeError) throw new CliError(err.message, / cannot read the launch file: /.test(err.message) ? 1 : 2);
    throw err;
  }
}

/** Runs the launch; resolves to its result (the command turns it into the exit code). */
export async function runLaunch(o: LaunchOptions, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog, deps: LaunchDeps = {}): Promise<LaunchResult> {
  const p = plan(o);
  const log = (line: string) => io.err(`[launch] ${line}\n`);
  for (const w of p.warnings) log(`warning: ${w}`);

  if (o.showArgs) {
    io.out(p.arguments.length === 0 ? 'No launch arguments.\n' : `${p.arguments.map((a) => `  ${a.name}${a.default !== undefined ? ` (default: '${a.default}')` : ' (required)'}${a.description ? `\n      ${a.description}` : ''}`).join('\n')}\n`);
    return { code: 0, nodes: [], stoppedBy: null };
  }
  if (o.print) {
    io.out(p.processes.map((x) => `[${x.name}] ${describeProcess(x)}\n`).join(''));
    return { code: 0, nodes: [], stoppedBy: null };
  }
  if (p.processes.length === 0) {
    log('the launch file starts no process.');
    return { code: 0, nodes: [], stoppedBy: null };
  }

  // Everything is checked before anything starts.
  const graph = deps.graph ?? createInProcessGraph({ onCallbackError: (e, where) => callbackError(e, where) });
  const ownGraph = deps.graph === undefined;
  const runs = p.processes.map((proc) => {
    const cli = spikeloopArgvOf(proc);
    if (cli === null) {
      throw new CliError(`${proc.where}: '${describeProcess(proc)}' is not a spikeloop command; spikeloop launch runs only nodes whose executable is our CLI (exec: node with args "<dir>/bin/spikeloop.js …", or exec: spikeloop). Run this file with ros2 launch.`, 2);
    }
    if (proc.cwd !== undefined) log(`warning: ${proc.where}.cwd: ignored (nodes run in this process, in its working directory).`);
    const { args, rosArgs } = splitRosArgs(cli);
    let transport: RosTransport;
    try {
      transport = graph.transportFor(rosArgs, `${proc.where}: ROS arguments`);
    } catch (err) {
      throw err instanceof RangeError ? new CliError(err.message, 2) : err;
    }
    return { proc, args, transport, stop: new AbortController(), code: null as number | null };
  });
  const env = new Map<string, { value: string; where: string }>();
  for (const r of runs) {
    for (const [k, v] of Object.entries(r.proc.env)) {
      const seen = env.get(k);
      if (seen && seen.value !== v) throw new CliError(`${r.proc.where}: sets ${k}='${v}' but ${seen.where} sets it to '${seen.value}'; nodes in one process share one environment.`, 2);
      env.set(k, { value: v, where: r.proc.where });
    }
  }

  let failure: { name: string; code: number } | null = null;
  let stoppedBy: LaunchResult['stoppedBy'] = null;
  let requestStop!: () => void;
  const stopRequested = new Promise<void>((res) => (requestStop = res));
  const stopAll = (why: LaunchResult['stoppedBy'], message: string) => {
    if (stoppedBy === null && why !== null) {
      stoppedBy = why;
      log(message);
    }
    // A stop the launch was asked for (--duration-s, on_exit: shutdown) is a normal end, not an abort.
    const reason = why === 'duration' ? new StopRequest(`the launch's --duration-s ${o.durationS} was reached`) : why === 'on_exit' ? new StopRequest(message.replace(/: stopping all nodes.*$/, '')) : undefined;
    for (const r of runs) r.stop.abort(reason);
    requestStop();
  };
  function callbackError(e: unknown, where: string) {
    // a callback that throws ends its node, as an exception ends rclnodejs' spin
    const r = runs.find((x) => x.proc.nodeFullName !== undefined && where.includes(`node '${x.proc.nodeFullName}'`));
    log(`error in ${where}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    failure ??= { name: r?.proc.name ?? 'launch', code: 1 };
    if (r) r.stop.abort();
    else stopAll(null, '');
  }

  const saved = new Map<string, string | undefined>();
  for (const [k, { value }] of env) {
    saved.set(k, process.env[k]);
    process.env[k] = value;
  }
  const unsubscribe = (deps.onStopSignal ?? defaultSignals)((s) => stopAll(s, `${s}: stopping all nodes`));
  const timer = o.durationS !== undefined ? setTimeout(() => stopAll('duration', `--duration-s ${o.durationS} reached: stopping all nodes`), o.durationS * 1000) : undefined;
  const runNode = deps.runNode ?? (async (argv: readonly string[], nio: CliIo, c: ExperimentCatalog, ros: RosContext) => (await import('../cli.js')).runCli(argv, nio, c, ros));

  log(`starting ${runs.length} node${runs.length > 1 ? 's' : ''} in one process: ${runs.map((r) => r.proc.name).join(', ')}`);
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  try {
    const all = Promise.all(
      runs.map(async (r) => {
        const nio = prefixedIo(io, `[${r.proc.name}] `);
        try {
          r.code = await runNode(r.args, nio, catalog, { transport: async () => r.transport, signal: r.stop.signal, owned: false });
        } catch (err) {
          nio.err(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
          r.code = 1;
        } finally {
          nio.flush();
        }
        // a node that reports an interruption after we asked it to stop has stopped cleanly
        const clean = r.code === 0 || (r.stop.signal.aborted && r.code === 130);
        log(`${r.proc.name} ${clean ? 'finished' : `failed with exit code ${r.code}`}`);
        if (!clean) failure ??= { name: r.proc.name, code: r.code ?? 1 };
        if (r.proc.onExit === 'shutdown') {
          // What the node published last (the simulator's last episode end) reaches the others first.
          await graph.flush();
          stopAll('on_exit', `${r.proc.name} exited: stopping all nodes (on_exit: shutdown)`);
        }
      }),
    );
    const grace_s = deps.stopGrace_s ?? 10;
    const graceOver = stopRequested.then(() => new Promise<'grace'>((res) => (graceTimer = setTimeout(() => res('grace'), grace_s * 1000))));
    const outcome = await Promise.race([all.then(() => 'done' as const), graceOver]);
    if (outcome === 'grace') {
      const stuck = runs.filter((r) => r.code === null).map((r) => r.proc.name);
      log(`${stuck.join(', ')} did not stop within ${grace_s} s of being asked to`);
      failure ??= { name: stuck[0]!, code: 1 };
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (graceTimer !== undefined) clearTimeout(graceTimer);
    unsubscribe();
    for (const r of runs) r.stop.abort(); // whatever still runs is told to stop
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (ownGraph) await graph.shutdown();
  }
  const nodes = runs.map((r) => ({ name: r.proc.name, code: r.code }));
  const f = failure as { name: string; code: number } | null;
  const code = f !== null ? f.code || 1 : stoppedBy === 'SIGINT' ? 130 : stoppedBy === 'SIGTERM' ? 143 : 0;
  return { code, nodes, stoppedBy };
}

export function registerLaunch(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  program
    .command('launch')
    .description('run a ROS 2 YAML launch file without ROS 2: its spikeloop nodes in one process over an in-process graph')
    .argument('<file>', 'a *.launch.yaml file (the ROS 2 YAML launch format)')
    .argument('[args...]', 'launch arguments, name:=value (as for ros2 launch)')
    .addOption(new Option('--duration-s <T>', 'stop every node cleanly after T seconds').argParser(positiveNumber('a duration in seconds > 0')))
    .option('--print', 'print the processes the file starts and their command lines, then exit', false)
    .option('--show-args', 'print the launch arguments the file declares, then exit', false)
    .addHelpText(
      'after',
      `
The same file runs on ROS 2 with 'ros2 launch <file> name:=value …' (one process per node).
Here only nodes that run the spikeloop CLI can start; each one's output is prefixed [name].

Examples:
  $ spikeloop launch launch/sim_drone_forest.launch.yaml --duration-s 60
  $ spikeloop launch launch/sim_drone_forest.launch.yaml controller:=runs/forest/best.json
  $ spikeloop launch launch/crazyflie_avoid.launch.yaml --show-args`,
    )
    .action(async (file: string, args: string[], o: { durationS?: number; print: boolean; showArgs: boolean }) => {
      const r = await runLaunch({ file, args, print: o.print, showArgs: o.showArgs, ...(o.durationS === undefined ? {} : { durationS: o.durationS }) }, io, catalog);
      const failed = r.nodes.filter((n) => n.code !== 0 && !(r.stoppedBy !== null && n.code === 130));
      if (failed.length > 0) throw new CliError(`launch: ${failed.map((n) => `${n.name} ${n.code === null ? 'did not stop' : `exited with code ${n.code}`}`).join(', ')}`, r.code);
      if (r.code !== 0) process.exitCode = r.code; // 130/143 after a signal, as other commands do
    });
}
