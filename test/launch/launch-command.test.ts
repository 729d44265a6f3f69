/**
 * `spikeloop launch`: nodes of a launch file run in this process over one in-process graph, their
 * output prefixed, stopped by --duration-s or a signal, with exit codes; foreign processes are
 * refused before anything starts. Nodes here are `spikeloop list` (real CLI) or test nodes
 * injected as the node runner, not the ros commands.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../launch/cli.js';
import type { CliIo } from '../../launch/cliIo.js';
import type { LaunchDeps } from '../../launch/commands/launch.js';
import { prefixedIo, runLaunch, spikeloopArgvOf } from '../../launch/commands/launch.js';
import { listing } from '../../launch/commands/list.js';
import type { RosContext } from '../../launch/rosContext.js';
import { catalog } from '../helpers/pointMassCatalog.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-launchcmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;
function launchFile(body: string): string {
  const p = join(dir, `t${k++}.launch.yaml`);
  writeFileSync(p, `launch:\n${body}`);
  return p;
}
function buffers(): CliIo & { out_: string; err_: string } {
  const b = { out_: '', err_: '', out: (t: string) => void (b.out_ += t), err: (t: string) => void (b.err_ += t) };
  return b;
}
const node = (name: string, cli: string, extra = '') => `- node: {exec: node, args: "$(dirname)/bin/spikeloop.js ${cli}", name: ${name}${extra}}\n`;
/** Stop requests the test triggers itself. */
function manualSignals() {
  let handler: ((s: 'SIGINT' | 'SIGTERM') => void) | null = null;
  return {
    onStopSignal: (h: (s: 'SIGINT' | 'SIGTERM') => void) => {
      handler = h;
      return () => void (handler = null);
    },
    send: (s: 'SIGINT' | 'SIGTERM') => handler?.(s),
    subscribed: () => handler !== null,
  };
}
const untilAborted = (signal: AbortSignal | undefined) => new Promise<void>((res) => (signal?.aborted ? res() : signal?.addEventListener('abort', () => res(), { once: true })));

describe('spikeloop launch with the real CLI', () => {
  it('runs each spikeloop node in this process with its output prefixed by its name', async () => {
    const f = launchFile(node('first', 'list --json') + node('second', 'list --json', ', namespace: ns'));
    const io = buffers();
    const code = await runCli(['launch', f], io, catalog);
    expect(code).toBe(0);
    const expected = JSON.stringify(listing(catalog));
    expect(io.out_.split('\n').filter(Boolean).sort()).toEqual([`[first] ${expected}`, `[second] ${expected}`]);
    expect(io.err_).toMatch(/\[launch\] starting 2 nodes in one process: first, second\n/);
    expect(io.err_).toMatch(/\[launch\] first finished\n/);
  });

  it('refuses a process that is not our CLI before starting anything, naming the action', async () => {
    const f = launchFile(node('ok', 'list') + `- node: {pkg: turtlesim, exec: turtlesim_node, name: turtle}\n`);
    let started = 0;
    const err = await runLaunch({ file: f, args: [] }, buffers(), catalog, { runNode: async () => ++started }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: launch\\[1\\]\\.node: 'turtlesim_node --ros-args -r __node:=turtle' is not a spikeloop command`));
    expect(started).toBe(0);
    const io = buffers();
    expect(await runCli(['launch', f], io, catalog)).toBe(2);
    expect(io.err_).toMatch(/^spikeloop: .*launch\[1\]\.node: .* is not a spikeloop command; .* Run this file with ros2 launch\.\nsee `spikeloop launch --help`\n$/);
  });

  it('launch arguments name:=value reach the file; a bad one, a missing required one and a bad file are clear errors', async () => {
    const f = launchFile(`- arg: {name: fmt}\n` + node('a', 'list $(var fmt)'));
    const io = buffers();
    expect(await runCli(['launch', f, 'fmt:=--json'], io, catalog)).toBe(0);
    expect(io.out_.startsWith('[a] {"scenarios":')).toBe(true);
    const e1 = buffers();
    expect(await runCli(['launch', f, 'fmt=--json'], e1, catalog)).toBe(2);
    expect(e1.err_).toBe("spikeloop: launch arguments are name:=value, got 'fmt=--json'.\nsee `spikeloop launch --help`\n");
    const e2 = buffers();
    expect(await runCli(['launch', f], e2, catalog)).toBe(2);
    expect(e2.err_).toBe(`spikeloop: ${f}: launch[0].arg: launch argument 'fmt' is required: give it as fmt:=<value>.\nsee \`spikeloop launch --help\`\n`);
    const e3 = buffers();
    expect(await runCli(['launch', join(dir, 'missing.launch.yaml')], e3, catalog)).toBe(1);
    expect(e3.err_).toMatch(/missing\.launch\.yaml: cannot read the launch file/);
  });

  it('--print and --show-args start nothing', async () => {
    const f = launchFile(`- arg: {name: robot_name, default: cf231, description: crazyswarm2 name}\n` + node('ctl', 'ros controller --profile crazyflie', ', namespace: "$(var robot_name)"'));
    const io = buffers();
    expect(await runCli(['launch', f, '--print'], io, catalog)).toBe(0);
    expect(io.out_).toBe(`[ctl] node ${dir}/bin/spikeloop.js ros controller --profile crazyflie --ros-args -r __node:=ctl -r __ns:=/cf231\n`);
    const a = buffers();
    expect(await runCli(['launch', f, '--show-args', 'robot_name:=cf1'], a, catalog)).toBe(0);
    expect(a.out_).toBe("  robot_name (default: 'cf231')\n      crazyswarm2 name\n");
  });
});

describe('spikeloop launch with test nodes', () => {
  /** A talker that publishes `count` messages, then waits to be stopped; a listener that records them. */
  const talkListen = (received: string[], published: { n: number }, seen: Record<string, unknown>): LaunchDeps['runNode'] =>
    async (argv, io, _c, ros: RosContext) => {
      const t = await ros.transport();
      const role = argv[0];
      const n = await t.createNode({ name: `${role}_default` });
      try {
        const count = role === 'talker' ? n.declareParameter('count', 1, 'messages to send') : undefined;
        seen[role!] = { name: n.name, namespace: n.namespace, count };
        if (role === 'listener') {
          const sub = n.subscribe<{ data: string }>('chatter', 'std_msgs/msg/String', (m) => received.push(m.data));
          io.out(`listening on ${sub.topic}\n`);
        } else {
          const pub = n.publisher<{ data: string }>('chatter', 'std_msgs/msg/String');
          io.out(`talking on ${pub.topic}`); // unterminated: flushed at the end
          // publish after the listener had a turn to subscribe
          await new Promise((r) => setTimeout(r, 20));
          for (let i = 0; i < count!; i++) pub.publish({ data: `m${i}` });
          published.n = count!;
        }
        await untilAborted(ros.signal);
        return 0;
      } finally {
        n.close();
      }
    };

  it('nodes share one graph: names, remaps and parameters from the file; --duration-s stops them all', async () => {
    const f = launchFile(
      node('talker', 'talker', ', param: [{name: count, value: 4}], remap: [{from: chatter, to: /shared}]') +
        node('listener', 'listener', ', namespace: /ns, remap: [{from: chatter, to: /shared}]'),
    );
    const received: string[] = [];
    const published = { n: 0 };
    const seen: Record<string, unknown> = {};
    const io = buffers();
    const t0 = performance.now();
    const r = await runLaunch({ file: f, args: [], durationS: 0.25 }, io, catalog, { runNode: talkListen(received, published, seen), onStopSignal: manualSignals().onStopSignal });
    const elapsed_s = (performance.now() - t0) / 1000;
    expect(r).toEqual({ code: 0, stoppedBy: 'duration', nodes: [{ name: 'talker', code: 0 }, { name: 'listener', code: 0 }] });
    expect(elapsed_s).toBeGreaterThanOrEqual(0.25);
    expect(elapsed_s).toBeLessThan(20); // stopped by the duration, not hanging (load only delays it)
    expect(seen).toEqual({ talker: { name: 'talker', namespace: '/', count: 4 }, listener: { name: 'listener', namespace: '/ns', count: undefined } });
    expect(published.n).toBe(4);
    expect(received).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(io.out_.split('\n').filter(Boolean).sort()).toEqual(['[listener] listening on /shared', '[talker] talking on /shared']);
    expect(io.err_).toMatch(/\[launch\] --duration-s 0\.25 reached: stopping all nodes\n/);
  });

  it('SIGINT stops every node (exit 130); SIGTERM gives 143', async () => {
    for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const f = launchFile(node('a', 'x') + node('b', 'y'));
      const signals = manualSignals();
      const stopped: string[] = [];
      const runNode: LaunchDeps['runNode'] = async (argv, _io, _c, ros) => {
        if (argv[0] === 'x') setTimeout(() => signals.send(sig), 30);
        await untilAborted(ros.signal);
        stopped.push(argv[0]!);
        return 0;
      };
      const r = await runLaunch({ file: f, args: [] }, buffers(), catalog, { runNode, onStopSignal: signals.onStopSignal });
      expect(r.code).toBe(code);
      expect(r.stoppedBy).toBe(sig);
      expect(stopped.sort()).toEqual(['x', 'y']);
      expect(signals.subscribed()).toBe(false); // handlers released
    }
  });

  it('a failing node does not stop the others (as ros2 launch); the exit code is its code', async () => {
    const f = launchFile(node('bad', 'fail') + node('good', 'wait'));
    let goodStoppedBy = '';
    const runNode: LaunchDeps['runNode'] = async (argv, io, _c, ros) => {
      if (argv[0] === 'fail') {
        io.err('cannot go on\n');
        return 3;
      }
      await untilAborted(ros.signal);
      goodStoppedBy = 'abort';
      return 0;
    };
    const io = buffers();
    const r = await runLaunch({ file: f, args: [], durationS: 0.1 }, io, catalog, { runNode, onStopSignal: manualSignals().onStopSignal });
    expect(r.code).toBe(3);
    expect(r.nodes).toEqual([{ name: 'bad', code: 3 }, { name: 'good', code: 0 }]);
    expect(goodStoppedBy).toBe('abort');
    expect(io.err_).toMatch(/\[bad\] cannot go on\n/);
    expect(io.err_).toMatch(/\[launch\] bad failed with exit code 3\n/);
  });

  it('a node that ignores the stop is given up on after the grace period (exit 1)', async () => {
    const f = launchFile(node('stubborn', 'x'));
    const r = await runLaunch({ file: f, args: [], durationS: 0.05 }, buffers(), catalog, {
      runNode: () => new Promise<number>(() => {}),
      onStopSignal: manualSignals().onStopSignal,
      stopGrace_s: 0.1,
    });
    expect(r).toEqual({ code: 1, stoppedBy: 'duration', nodes: [{ name: 'stubborn', code: null }] });
  });

  it('set_env reaches the nodes while they run and is undone after; conflicting values are refused', async () => {
    const name = 'SPIKELOOP_LAUNCH_TEST_VAR';
    expect(process.env[name]).toBeUndefined();
    const f = launchFile(`- set_env: {name: ${name}, value: "42"}\n` + node('a', 'x'));
    let during: string | undefined;
    await runLaunch({ file: f, args: [] }, buffers(), catalog, { runNode: async () => ((during = process.env[name]), 0), onStopSignal: manualSignals().onStopSignal });
    expect(during).toBe('42');
    expect(process.env[name]).toBeUndefined();
    const g = launchFile(node('a', 'x', `, env: [{name: ${name}, value: "1"}]`) + node('b', 'y', `, env: [{name: ${name}, value: "2"}]`));
    await expect(runLaunch({ file: g, args: [] }, buffers(), catalog, { runNode: async () => 0 })).rejects.toThrow(/launch\[1\]\.node: sets SPIKELOOP_LAUNCH_TEST_VAR='2' but .*launch\[0\]\.node sets it to '1'/);
  });

  it('bad ROS arguments of a node are refused before anything starts', async () => {
    const f = launchFile(`- node: {exec: node, args: "$(dirname)/bin/spikeloop.js x", name: a, ros_args: "-r __ns:=relative"}\n`);
    await expect(runLaunch({ file: f, args: [] }, buffers(), catalog, { runNode: async () => 0 })).rejects.toThrow(/launch\[0\]\.node: ROS arguments: argument 1 '-r': a namespace must be absolute/);
  });
});

describe('helpers', () => {
  it('prefixedIo prefixes every complete line and flushes the last one', () => {
    const io = buffers();
    const p = prefixedIo(io, '[n] ');
    p.out('a\nb');
    p.out('c\n\nd');
    p.err('e\n[n] already prefixed\n');
    expect(io.out_).toBe('[n] a\n[n] bc\n[n] \n');
    p.flush();
    expect(io.out_).toBe('[n] a\n[n] bc\n[n] \n[n] d\n');
    expect(io.err_).toBe('[n] e\n[n] already prefixed\n');
  });
  it('spikeloopArgvOf recognises node …/bin/spikeloop.js (with Node flags) and spikeloop, nothing else', () => {
    const p = (exec: string, argv: string[], pkg?: string) => ({ kind: 'node' as const, name: 'n', where: 'w', exec, argv, env: {}, ...(pkg ? { pkg } : {}) });
    expect(spikeloopArgvOf(p('node', ['/a/launch/../bin/spikeloop.js', 'ros', 'sim']))).toEqual(['ros', 'sim']);
    expect(spikeloopArgvOf(p('/usr/bin/node', ['--enable-source-maps', '/a/bin/spikeloop.js', 'list']))).toEqual(['list']);
    expect(spikeloopArgvOf(p('spikeloop', ['list']))).toEqual(['list']);
    expect(spikeloopArgvOf(p('node', ['/a/bin/other.js']))).toBeNull();
    expect(spikeloopArgvOf(p('python3', ['/a/bin/spikeloop.js']))).toBeNull();
    expect(spikeloopArgvOf(p('spikeloop', ['list'], 'some_pkg'))).toBeNull();
  });
});
