/**
 * `ros controller --record`: what the controller node sees and does, recorded to MCAP. The
 * in-process graph runs `ros sim` (recording its own topics) and `ros controller` in lockstep on
 * sim time for one short episode; the controller's file is read back with @mcap/core and the
 * reader and checked against the simulator's recording of the same run and against the direct
 * loop's recording (`recordEpisodeMcap`) of the same episode, which the graph reproduces step
 * for step (rosGraph.test.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMcapMessages } from '../../bridges/recording/mcapReader.js';
import type { RecordedMessage } from '../../bridges/recording/mcapReader.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { ControllerNodeSummary } from '../../bridges/ros2/nodes/controllerNode.js';
import { TopicRecorder } from '../../bridges/ros2/nodes/topicRecorder.js';
import { runCli } from '../../launch/cli.js';
import type { RosSimReport } from '../../launch/commands/rosSim.js';
import { resolveController } from '../../experiments/resolveController.js';
import { recordEpisodeMcap } from '../../launch/telemetry/recordEpisodeMcap.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { findScenario } from '../../scenarios/registry.js';
import { FakeDrone, PERIOD_NS } from '../helpers/fakeDrone.js';

/** `ros sim --seed 2` flies episodeSeed(2, 'eval', 0): a short episode (a few hundred steps) with drone-avoid-snn. */
const SIM_SEED = 2;
const PRESET = 'drone-avoid-snn';

interface Twist {
  linear: { x: number; y: number; z: number };
  angular: { x: number; y: number; z: number };
}
interface Spikes {
  layout: { dim: { label: string; size: number; stride: number }[] };
  data: Uint32Array | number[];
}

const quiet = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
};

const on = (msgs: readonly RecordedMessage[], topic: string) => msgs.filter((m) => m.topic === topic);

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-ctlrec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ros controller --record on the in-process graph (lockstep, sim time, one episode)', () => {
  const ctlFile = join(dir, 'controller.mcap');
  const simFile = join(dir, 'sim.mcap');
  const directFile = join(dir, 'direct.mcap');
  let summary: ControllerNodeSummary;
  let report: RosSimReport;
  let ctl: RecordedMessage[];
  let sim: RecordedMessage[];
  let direct: RecordedMessage[];
  let steps: number;
  const scenario = findScenario('drone-forest-v1');
  const T_ns = BigInt(Math.round(1e9 / scenario.controlRate_Hz));
  let populations: { name: string; size: number }[];
  let snnStepsPerTick: number;

  beforeAll(async () => {
    const graph = createInProcessGraph();
    const ac = new AbortController();
    const c = quiet();
    const s = quiet();
    // The simulator first: in lockstep it waits for the controller's cmd_vel publisher, so the
    // controller's first /clock comes a fixed settle time after it starts (well inside its
    // wall-clock watchdog's 0.5 s, which would otherwise answer step 0 with the safe command).
    const simDone = runCli(['ros', 'sim', 'drone-forest-v1', '--lockstep', '--episodes', '1', '--seed', String(SIM_SEED), '--record', simFile, '--json'], s.io, undefined, { transport: async () => graph });
    const ctlDone = runCli(['ros', 'controller', '--profile', 'drone', '--controller', PRESET, '--record', ctlFile, '--json', '--ros-args', '-p', 'use_sim_time:=true'], c.io, undefined, { transport: async () => graph, signal: ac.signal });
    const rc = await simDone;
    await graph.flush(); // the terminal observation's sensors reach the controller before it stops
    ac.abort();
    expect(await ctlDone).toBe(0);
    expect(rc).toBe(0);
    await graph.shutdown();
    summary = JSON.parse(c.out.join('')) as ControllerNodeSummary;
    report = JSON.parse(s.out.join('')) as RosSimReport;
    steps = report.episodes[0]!.steps;
    ctl = await readMcapMessages(ctlFile);
    sim = await readMcapMessages(simFile);

    // The direct loop's recording of the same episode: same preset built with the node's seed 0.
    const body = scenario.createBody();
    const { controller } = resolveController(PRESET, scenario, 0, { body });
    controller.learning = false;
    populations = controller.network!.populations.map((p) => ({ name: p.name, size: p.size }));
    snnStepsPerTick = Math.round(1000 / scenario.controlRate_Hz / controller.network!.dt_ms);
    const rec = recordEpisodeMcap({ file: directFile, scenario, body, controller, seed: episodeSeed(SIM_SEED, 'eval', 0) });
    body.close?.();
    expect(rec.result.steps).toBe(steps);
    direct = await readMcapMessages(directFile);
  });

  it('is a complete ROS 2 MCAP file (profile ros2, ros2msg + cdr channels, typed topics), under its name only', async () => {
    expect(existsSync(ctlFile)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const bytes = new Uint8Array(readFileSync(ctlFile));
    const r = await McapIndexedReader.Initialize({ readable: { size: async () => BigInt(bytes.length), read: async (o: bigint, n: bigint) => bytes.subarray(Number(o), Number(o + n)) } });
    expect(r.header.profile).toBe('ros2');
    const types = new Map([...r.channelsById.values()].map((c) => [c.topic, r.schemasById.get(c.schemaId)!.name]));
    for (const c of r.channelsById.values()) {
      expect(c.messageEncoding).toBe('cdr');
      expect(r.schemasById.get(c.schemaId)!.encoding).toBe('ros2msg');
    }
    expect(Object.fromEntries(['/odom', '/scan', '/imu', '/range', '/cmd_vel', '/spikeloop/reward', '/spikeloop/episode', '/diagnostics', '/spikeloop/dopamine'].map((t) => [t, types.get(t)]))).toEqual({
      '/odom': 'nav_msgs/msg/Odometry',
      '/scan': 'sensor_msgs/msg/LaserScan',
      '/imu': 'sensor_msgs/msg/Imu',
      '/range': 'sensor_msgs/msg/Range',
      '/cmd_vel': 'geometry_msgs/msg/Twist',
      '/spikeloop/reward': 'std_msgs/msg/Float64',
      '/spikeloop/episode': 'std_msgs/msg/String',
      '/diagnostics': 'diagnostic_msgs/msg/DiagnosticArray',
      '/spikeloop/dopamine': 'std_msgs/msg/Float64',
    });
    for (const p of populations) expect(types.get(`/spikeloop/spikes/${p.name}`)).toBe('std_msgs/msg/UInt32MultiArray');
    // the statistics count every message read back
    expect(Number(r.statistics!.messageCount)).toBe(ctl.length);
  });

  it('one cmd_vel per control tick plus the safe one on stop, stamped with the tick’s sim time, equal to what the simulator applied', () => {
    expect(summary.ticks).toBe(steps); // one tick per /clock, one /clock per simulated step
    const cmds = on(ctl, '/cmd_vel');
    expect(cmds.length).toBe(summary.ticks + 1);
    cmds.slice(0, -1).forEach((m, k) => expect(m.logTime_ns).toBe(BigInt(k) * T_ns));
    // the safe command goes out at the node's last time: the last tick's (no /clock after the terminal step)
    expect(cmds.at(-1)!.logTime_ns).toBe(BigInt(summary.ticks - 1) * T_ns);
    const last = cmds.at(-1)!.message as Twist;
    expect([last.linear.x, last.linear.y, last.linear.z, last.angular.x, last.angular.y, last.angular.z]).toEqual([0, 0, 0, 0, 0, 0]);
    // the simulator recorded the command it applied at each step: the same Twists
    const applied = on(sim, '/cmd_vel');
    expect(applied.length).toBe(steps);
    expect(cmds.slice(0, -1).map((m) => m.message)).toEqual(applied.map((m) => m.message));
    // and the controller did command something: not all zeros
    expect(applied.some((m) => (m.message as Twist).linear.x !== 0)).toBe(true);
  });

  it('the odometry and scans received are those the simulator published, stamped on arrival with the node’s sim time', () => {
    for (const topic of ['/odom', '/scan']) {
      const got = on(ctl, topic);
      const sent = on(sim, topic);
      expect(got.length).toBe(steps + 1); // every observation, the terminal one included
      expect(got.map((m) => m.message)).toEqual(sent.map((m) => m.message));
      // step k's sensors arrive before step k's /clock: at the time of clock k − 1 (0 before the first)
      got.forEach((m, k) => expect(m.logTime_ns).toBe(BigInt(Math.max(0, k - 1)) * T_ns));
    }
    const xs = on(ctl, '/odom').map((m) => (m.message as { pose: { pose: { position: { x: number } } } }).pose.pose.position.x);
    expect(Math.max(...xs) - xs[0]!).toBeGreaterThan(0.5); // the drone flew forward
  });

  it('the rewards received are the simulator’s, one per step', () => {
    const got = on(ctl, '/spikeloop/reward').map((m) => (m.message as { data: number }).data);
    const sent = on(sim, '/spikeloop/reward').map((m) => (m.message as { data: number }).data);
    expect(got.length).toBe(steps);
    expect(got).toEqual(sent.slice(0, steps)); // the terminal step's reward goes in the episode's end event
    expect(summary.rewardsReceived).toBe(steps);
  });

  it('spikes of every population and the dopamine level on every tick (and after the episode’s finish), identical to the direct loop’s recording', () => {
    let spikes = 0;
    for (const p of populations) {
      const topic = `/spikeloop/spikes/${p.name}`;
      const got = on(ctl, topic);
      // one message per tick, and one for the spikes of the controller's finish after the episode's end
      expect(got.length).toBe(summary.ticks + 1);
      const badStamp: number[] = [];
      const badNeuron: number[] = [];
      const badStep: number[] = [];
      got.forEach((m, k) => {
        const last = k === summary.ticks;
        if (m.logTime_ns !== BigInt(last ? k - 1 : k) * T_ns) badStamp.push(k);
        const s = m.message as Spikes;
        const n = s.layout.dim[0]!.size;
        expect(s.data.length).toBe(2 * n);
        spikes += n;
        for (let i = 0; i < n; i++) {
          if (!(s.data[2 * i]! < p.size)) badNeuron.push(k);
          // the SNN steps of control period k: [k·n, (k+1)·n); the finish runs on from the last tick's end
          const step = s.data[2 * i + 1]!;
          if (!(step >= k * snnStepsPerTick && (last || step < (k + 1) * snnStepsPerTick))) badStep.push(k);
        }
      });
      expect({ topic, badStamp, badNeuron, badStep }).toEqual({ topic, badStamp: [], badNeuron: [], badStep: [] });
      const want = on(direct, topic);
      expect(want.length).toBe(got.length);
      expect(got.map((m) => Array.from((m.message as Spikes).data))).toEqual(want.map((m) => Array.from((m.message as Spikes).data)));
    }
    expect(spikes).toBeGreaterThan(summary.ticks); // a network that fires
    const da = on(ctl, '/spikeloop/dopamine');
    expect(da.length).toBe(summary.ticks + 1);
    expect(da.map((m) => m.message)).toEqual(on(direct, '/spikeloop/dopamine').map((m) => m.message));
  });

  it('diagnostics: once per second of sim time while running, and once on stop', () => {
    const d = on(ctl, '/diagnostics');
    const lastTick_s = ((summary.ticks - 1) * Number(T_ns)) / 1e9;
    expect(d.length).toBe(1 + Math.floor(lastTick_s + 1e-9) + 1);
    const status = (d.at(-1)!.message as { status: { name: string; values: { key: string; value: string }[] }[] }).status[0]!;
    expect(status.name).toBe('spikeloop controller (drone)');
    expect(status.values.find((v) => v.key === 'ticks')?.value).toBe(String(summary.ticks));
  });
});

describe('ros controller with the parameter record:=file, stopped with Ctrl-C (abort)', () => {
  it('records under the temporary name while running, and completes the file under its name on stop', async () => {
    const file = join(dir, 'param.mcap');
    const graph = createInProcessGraph();
    const robot = await graph.createNode({ name: 'robot', rosArgs: ['-p', 'use_sim_time:=true'] });
    const drone = new FakeDrone(graph, robot);
    const ac = new AbortController();
    const c = quiet();
    const done = runCli(['ros', 'controller', '--profile', 'drone', '--controller', 'drone-avoid-reactive', '--json', '--ros-args', '-p', 'use_sim_time:=true', '-p', `record:=${file}`], c.io, undefined, { transport: async () => graph, signal: ac.signal });
    // the controller node is up (subscriptions made) once it publishes cmd_vel
    while (robot.countPublishers('cmd_vel') === 0) await new Promise((r) => setTimeout(r, 5));
    const N = 5;
    for (let k = 0; k < N; k++) await drone.run();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.tmp-${process.pid}`)).toBe(true);
    ac.abort();
    expect(await done).toBe(0);
    await graph.flush();
    await graph.shutdown();
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.tmp-${process.pid}`)).toBe(false);
    const msgs = await readMcapMessages(file);
    const cmds = on(msgs, '/cmd_vel');
    expect(cmds.length).toBe(N + 1);
    expect(cmds.map((m) => (m.message as Twist).linear.x)).toEqual(drone.commands.map((x) => x.cmd.linear.x));
    expect((cmds.at(-1)!.message as Twist).linear.x).toBe(0);
    const odom = on(msgs, '/odom');
    expect(odom.map((m) => (m.message as { pose: { pose: { position: { x: number } } } }).pose.pose.position.x)).toEqual(Array.from({ length: N }, (_, k) => k * 0.01));
    odom.forEach((m, k) => expect(m.logTime_ns).toBe(BigInt(Math.max(0, k - 1)) * PERIOD_NS));
    const scan = on(msgs, '/scan')[0]!.message as { ranges: Float32Array };
    expect(Array.from(scan.ranges)).toEqual(Array.from({ length: 37 }, (_, i) => Math.fround(1 + i * 0.1)));
    // a controller without a network records no spike topics
    expect(msgs.some((m) => m.topic.startsWith('/spikeloop/spikes/') || m.topic === '/spikeloop/dopamine')).toBe(false);
    expect(c.err.join('')).toMatch(new RegExp(`recording written to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${msgs.length} messages`));
  });
});

describe('TopicRecorder: recording never stops control', () => {
  it('a topic it cannot declare and a message it cannot write are skipped and said once; the node’s callbacks still run', async () => {
    const graph = createInProcessGraph();
    const a = await graph.createNode({ name: 'a' });
    const b = await graph.createNode({ name: 'b', namespace: '/ns' });
    const written: { topic: string; time: bigint; x: number }[] = [];
    const sink = {
      channel(topic: string, type: string): void {
        if (type === 'std_msgs/msg/Int32') throw new RangeError(`no definition for '${type}'`);
      },
      write(topic: string, time: bigint, m: unknown): void {
        const x = (m as { data: number }).data;
        if (x < 0) throw new RangeError('cannot serialize a negative test value');
        written.push({ topic, time, x });
      },
    };
    const log: string[] = [];
    const rec = new TopicRecorder(b, sink, { log: (l) => void log.push(l) });
    const got: number[] = [];
    rec.node.subscribe<{ data: number }>('in', 'std_msgs/msg/Float64', (m) => void got.push(m.data));
    rec.node.subscribe<{ data: number }>('odd', 'std_msgs/msg/Int32', (m) => void got.push(1000 + m.data));
    const out = rec.node.publisher<{ data: number }>('out', 'std_msgs/msg/Float64');
    const pubIn = a.publisher<{ data: number }>('/ns/in', 'std_msgs/msg/Float64');
    const pubOdd = a.publisher<{ data: number }>('/ns/odd', 'std_msgs/msg/Int32');
    for (const x of [1, -2, 3, -4]) pubIn.publish({ data: x });
    pubOdd.publish({ data: 7 });
    await graph.flush();
    out.publish({ data: 5 });
    out.publish({ data: -6 });
    rec.stop();
    out.publish({ data: 8 });
    pubIn.publish({ data: 9 });
    await graph.flush();
    await graph.shutdown();
    expect(got).toEqual([1, -2, 3, -4, 1007, 9]); // every message reached the node
    expect(written.map((w) => [w.topic, w.x])).toEqual([['/ns/in', 1], ['/ns/in', 3], ['/ns/out', 5]]); // resolved names; nothing after stop()
    expect(written.every((w) => w.time > 0n)).toBe(true); // wall time (no use_sim_time)
    expect(rec.skipped).toBe(4); // two negative inputs, the Int32 topic, one negative output
    expect(log.filter((l) => l.startsWith('not recording /ns/odd (std_msgs/msg/Int32)'))).toHaveLength(1);
    expect(log.filter((l) => l.includes('a message on /ns/in was not recorded'))).toHaveLength(1);
    expect(log.filter((l) => l.includes('a message on /ns/out was not recorded'))).toHaveLength(1);
  });
});
