import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runControllerNode } from '../../bridges/ros2/nodes/controllerNode.js';
import type { ControllerNodeSummary } from '../../bridges/ros2/nodes/controllerNode.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { InProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { FakeDrone } from '../helpers/fakeDrone.js';

/** cmd_linear.x = lidar[18] / 10, yaw rate = odom x; throws at the steps in `throwAt`. */
class ScriptedController implements Controller {
  readonly sensors: ChannelSpec[] = [
    { name: 'odom_position', size: 3, low: -Infinity, high: Infinity, unit: 'm' },
    { name: 'lidar', size: 37, low: -Infinity, high: Infinity, unit: 'm' },
  ];
  readonly actuators: ChannelSpec[] = [
    { name: 'cmd_linear', size: 3, low: -Infinity, high: Infinity, unit: 'm/s' },
    { name: 'cmd_yaw_rate', size: 1, low: -Infinity, high: Infinity, unit: 'rad/s' },
  ];
  calls = 0;
  resets: number[] = [];
  constructor(readonly throwAt = new Set<number>(), readonly nanAt = new Set<number>()) {}
  reset(seed: number): void {
    this.resets.push(seed);
  }
  act(obs: Channels, _r: number, _dt: number, out: Channels): void {
    const k = this.calls++;
    if (this.throwAt.has(k)) throw new Error(`scripted failure at call ${k}`);
    out.cmd_linear![0] = this.nanAt.has(k) ? Number.NaN : obs.lidar![18]! / 10;
    out.cmd_yaw_rate![0] = obs.odom_position![0]!;
  }
}

const SIM_TIME = ['-p', 'use_sim_time:=true'];
let graph: InProcessGraph | null = null;
afterEach(async () => {
  await graph?.shutdown();
  graph = null;
});

async function setup(controller: Controller, profileName = 'drone') {
  graph = createInProcessGraph();
  const robotNode = await graph.createNode({ name: 'robot', rosArgs: SIM_TIME });
  const node = await graph.createNode({ name: 'spikeloop_controller', rosArgs: SIM_TIME });
  const drone = new FakeDrone(graph, robotNode);
  const ac = new AbortController();
  const log: string[] = [];
  const diags: { level: number; message: string }[] = [];
  robotNode.subscribe<{ status: { level: number; message: string }[] }>('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray', (m) => diags.push(m.status[0]!));
  const done: Promise<ControllerNodeSummary> = runControllerNode({ node, profile: loadProfile(profileName), controller, rate_hz: 50, log: (l) => log.push(l), signal: ac.signal });
  return { drone, ac, log, diags, done };
}

/** The scan's beam 18 is 1 + 18·0.1 = 2.8 m, so a good command is 0.28 m/s. */
const GOOD_VX = (1 + 18 * 0.1) / 10;

describe('controller node on an in-process graph (lockstep on sim time)', () => {
  it('maps odom and scan to channels and the action to cmd_vel, one command per clock tick', async () => {
    const { drone, ac, done } = await setup(new ScriptedController());
    for (let k = 0; k < 10; k++) await drone.run();
    ac.abort();
    const s = await done;
    await graph!.flush();
    for (let k = 0; k < 10; k++) {
      expect(drone.commandAt(k)?.linear.x).toBeCloseTo(GOOD_VX, 6);
      expect(drone.commandAt(k)?.angular.z).toBeCloseTo(k * 0.01, 6); // yaw rate = odom x of this step
    }
    expect(s.ticks).toBe(10);
    expect(s.safeCommands).toBe(1); // only the one on stop
    const last = drone.commands.at(-1)!.cmd;
    expect([last.linear.x, last.linear.y, last.linear.z, last.angular.z]).toEqual([0, 0, 0, 0]);
  });

  it('a stale scan gives the safe command at the first tick past its timeout, and control resumes when it returns', async () => {
    const { drone, ac, log, diags, done } = await setup(new ScriptedController());
    const lastScan = 4; // scan published on steps 0..4, at t = 0.08 s
    const timeout_s = 0.5;
    const firstStale = Math.floor((lastScan * 0.02 + timeout_s) / 0.02) + 1; // first step with age > timeout
    for (let k = 0; k <= firstStale + 2; k++) await drone.run({ scan: k <= lastScan });
    await drone.run(); // scan back
    ac.abort();
    await done;
    expect(drone.commandAt(firstStale - 1)?.linear.x).toBeCloseTo(GOOD_VX, 6);
    expect(drone.commandAt(firstStale)?.linear.x).toBe(0);
    expect(drone.commandAt(firstStale + 2)?.linear.x).toBe(0);
    expect(drone.commandAt(firstStale + 3)?.linear.x).toBeCloseTo(GOOD_VX, 6);
    expect(log.some((l) => l.startsWith('SAFE') && l.includes('/scan') && l.includes('no message for'))).toBe(true);
    expect(log.some((l) => l.startsWith('resumed control'))).toBe(true);
    expect(diags.some((d) => d.level === 2 && d.message.includes('/scan'))).toBe(true);
  });

  it('NaN in odometry gives the safe command in the same tick; the next good message resumes', async () => {
    const { drone, ac, log, done } = await setup(new ScriptedController());
    await drone.run();
    await drone.run({ tamper: (o) => (o.pose.pose.position.y = Number.NaN) });
    await drone.run();
    ac.abort();
    await done;
    expect(drone.commandAt(0)?.linear.x).toBeCloseTo(GOOD_VX, 6);
    expect(drone.commandAt(1)?.linear.x).toBe(0);
    expect(drone.commandAt(2)?.linear.x).toBeCloseTo(GOOD_VX, 6);
    expect(log.find((l) => l.startsWith('SAFE'))).toMatch(/\/odom: channel 'odom_position'\[1\] is NaN/);
  });

  it('a controller exception or a non-finite action gives the safe command in that tick', async () => {
    const { drone, ac, log, done } = await setup(new ScriptedController(new Set([2]), new Set([4])));
    for (let k = 0; k < 6; k++) await drone.run();
    ac.abort();
    const s = await done;
    expect([0, 1, 3, 5].map((k) => drone.commandAt(k)?.linear.x)).toEqual([GOOD_VX, GOOD_VX, GOOD_VX, GOOD_VX].map((v) => expect.closeTo(v, 6)));
    expect(drone.commandAt(2)?.linear.x).toBe(0);
    expect(drone.commandAt(4)?.linear.x).toBe(0);
    expect(log.some((l) => l.includes('the controller threw: scripted failure at call 2'))).toBe(true);
    expect(log.some((l) => l.includes('cmd_linear[0] = NaN'))).toBe(true);
    expect(s.faults).toMatchObject({ controller: 1, action: 1 });
  });

  it('a scan of the wrong length (a profile that fixes it) gives the safe command, naming topic and sizes', async () => {
    const drone = parseYaml(JSON.stringify((await import('../../bridges/ros2/profiles/genericDrone.js')).GENERIC_DRONE)) as { inputs: { channels: Record<string, unknown>[] }[]; name: string };
    drone.name = 'fixed-scan';
    drone.inputs[1]!.channels[0] = { channel: 'lidar', unit: 'm', array: 'ranges', size: 37, nonfinite: 'allow_inf' };
    const file = join(tmpdir(), `fixed-scan-${process.pid}.yaml`);
    writeFileSync(file, JSON.stringify(drone));
    const { drone: robot, ac, log, done } = await setup(new ScriptedController(), file);
    await robot.run();
    await robot.run({ tamper: (_o, s) => (s.ranges = s.ranges.slice(0, 36)) });
    ac.abort();
    await done;
    expect(robot.commandAt(0)?.linear.x).toBeCloseTo(GOOD_VX, 6);
    expect(robot.commandAt(1)?.linear.x).toBe(0);
    expect(log.find((l) => l.startsWith('SAFE'))).toMatch(/\/scan: field 'ranges' has 36 values, expected 37/);
  });

  it('stopping (Ctrl-C, duration) publishes the safe command last', async () => {
    const { drone, ac, log, done } = await setup(new ScriptedController());
    for (let k = 0; k < 3; k++) await drone.run();
    ac.abort();
    const s = await done;
    await graph!.flush();
    expect(s.stop).toBe('abort');
    const last = drone.commands.at(-1)!.cmd;
    expect(last.linear.x).toBe(0);
    expect(drone.commands.length).toBe(4);
    expect(log.at(-1)).toMatch(/safe command was published last/);
  });

  it('the wall-clock watchdog publishes the safe command when the simulator (and /clock) stops', async () => {
    const { drone, ac, log, done } = await setup(new ScriptedController());
    for (let k = 0; k < 3; k++) await drone.run();
    const n = drone.commands.length;
    const t0 = performance.now();
    while (drone.commands.length === n && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 10));
    const waited_s = (performance.now() - t0) / 1000;
    ac.abort();
    await done;
    expect(drone.commands.length).toBeGreaterThan(n);
    expect(drone.commands[n]!.cmd.linear.x).toBe(0);
    // Fires once the inputs are older than their 0.5 s timeout (plus one watchdog period of 20 ms
    // and scheduling); the upper bound is 10× the timeout, so that only a watchdog that does not
    // fire on its timeout fails it, not a loaded machine.
    expect(waited_s).toBeGreaterThan(0.5);
    expect(waited_s).toBeLessThan(5);
    expect(log.some((l) => l.includes('no control tick'))).toBe(true);
  });
});

describe('a backwards /clock jump (simulator restart, looping bag) is a reset, not a freeze', () => {
  it('keeps commanding after the jump: controller reset, schedule restarted at the new time, logged once', async () => {
    const controller = new ScriptedController();
    const { drone, ac, log, done } = await setup(controller);
    for (let k = 0; k < 10; k++) await drone.run(); // sim time 0 … 0.18 s
    const before = drone.commands.length;
    drone.step = 0; // the simulator restarts: /clock goes back to 0
    for (let k = 0; k < 5; k++) await drone.run();
    const after = drone.commands.slice(before).map((c) => c.cmd.linear.x);
    ac.abort();
    const s = await done;
    expect(before).toBe(10);
    expect(after).toEqual([GOOD_VX, GOOD_VX, GOOD_VX, GOOD_VX, GOOD_VX].map((v) => expect.closeTo(v, 6))); // one command per clock, not safe
    expect(s.ticks).toBe(15);
    expect(s.clockJumps).toBe(1);
    expect(controller.resets).toEqual([0, 0]); // at start, and at the jump
    const jumps = log.filter((l) => l.includes('/clock jumped back'));
    expect(jumps).toEqual(['/clock jumped back from 0.180 to 0.000 s (simulator restart or looping bag): reset the controller (seed 0), kept the inputs\' ages and restarted the control schedule at 0.000 s']);
    expect(log.some((l) => l.startsWith('SAFE'))).toBe(false);
  });

  it('inputs keep their ages across the jump: a topic quiet before it stays stale, and resumes when it comes back', async () => {
    const { drone, ac, log, done } = await setup(new ScriptedController());
    for (let k = 0; k < 40; k++) await drone.run({ scan: k < 5 }); // scan quiet since t = 0.08 s: stale from 0.6 s
    expect(drone.commandAt(39)?.linear.x).toBe(0);
    const before = drone.commands.length;
    drone.step = 0;
    await drone.run({ scan: false }); // after the jump the scan is still 0.7 s old, not "received in the future"
    await drone.run(); // it comes back
    ac.abort();
    await done;
    expect(drone.commands.slice(before).map((c) => c.cmd.linear.x)).toEqual([0, expect.closeTo(GOOD_VX, 6)]);
    expect(log.filter((l) => l.includes('/clock jumped back'))).toHaveLength(1);
  });

  it('duration_s counts the time controlled before the jump', async () => {
    graph = createInProcessGraph();
    const robotNode = await graph.createNode({ name: 'robot', rosArgs: SIM_TIME });
    const node = await graph.createNode({ name: 'spikeloop_controller', rosArgs: SIM_TIME });
    const drone = new FakeDrone(graph, robotNode);
    const ac = new AbortController();
    const done = runControllerNode({ node, profile: loadProfile('drone'), controller: new ScriptedController(), rate_hz: 50, log: () => {}, duration_s: 0.1, signal: ac.signal });
    for (let k = 0; k < 3; k++) await drone.run(); // 3 of the 5 periods
    drone.step = 0;
    for (let k = 0; k < 4; k++) await drone.run(); // 2 more, then the duration is reached
    ac.abort(); // too late to matter if the node stopped by itself (its stop would be 'abort' otherwise)
    const s = await done;
    expect(s.stop).toBe('duration');
    expect(s.ticks).toBe(5);
    expect(s.clockJumps).toBe(1);
  });
});

describe('ros controller as a process would run it (no launcher signal)', () => {
  it('Ctrl-C (SIGINT to the process) stops the node, publishes the safe command last and removes its handlers', async () => {
    const { rosControllerCommand } = await import('../../launch/commands/rosController.js');
    graph = createInProcessGraph();
    const robotNode = await graph.createNode({ name: 'robot', rosArgs: SIM_TIME });
    const drone = new FakeDrone(graph, robotNode);
    const before = process.listenerCount('SIGINT');
    const g = graph;
    const done = rosControllerCommand({ profile: 'drone', controller: 'drone-avoid-reactive', learn: false, seed: 0, json: true }, { out: () => {}, err: () => {} }, (await import('../../experiments/defaultCatalog.js')).catalog, { transport: async () => g }, SIM_TIME);
    while (process.listenerCount('SIGINT') === before) await new Promise((r) => setTimeout(r, 5));
    for (let k = 0; k < 3; k++) await drone.run();
    expect(drone.commands.length).toBe(3);
    expect(drone.commandAt(2)!.linear.x).toBeGreaterThan(0); // flying forward
    process.emit('SIGINT');
    const s = await done;
    await graph.flush();
    expect(s.stop).toBe('abort');
    expect(drone.commands.length).toBe(4);
    const last = drone.commands.at(-1)!.cmd;
    expect([last.linear.x, last.linear.y, last.linear.z, last.angular.z]).toEqual([0, 0, 0, 0]);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('profile services (crazyflie: take off before control, land after the safe command)', () => {
  it('calls takeoff in the robot namespace before the first command and land after the last (safe) one', async () => {
    graph = createInProcessGraph();
    const ns = ['-r', '__ns:=/cf1', ...SIM_TIME];
    const robotNode = await graph.createNode({ name: 'cf', rosArgs: ns });
    const node = await graph.createNode({ name: 'spikeloop_controller', rosArgs: ns });
    const drone = new FakeDrone(graph, robotNode);
    const events: string[] = [];
    robotNode.serve('takeoff', 'crazyflie_interfaces/srv/Takeoff', (req) => {
      const r = req as { height: number; duration: { sec: number } };
      events.push(`takeoff ${r.height} m in ${r.duration.sec} s`);
      return {};
    });
    robotNode.serve('land', 'crazyflie_interfaces/srv/Land', () => (events.push('land'), {}));
    robotNode.subscribe<{ vx: number }>('cmd_hover', 'crazyflie_interfaces/msg/Hover', (m) => events.push(`hover ${m.vx.toFixed(2)}`));
    const ac = new AbortController();
    const log: string[] = [];
    const done = runControllerNode({ node, profile: loadProfile('crazyflie'), controller: new ScriptedController(), rate_hz: 50, log: (l) => log.push(l), signal: ac.signal });
    while (!events.some((e) => e.startsWith('takeoff'))) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 2600)); // the profile waits 2.5 s for the take-off
    for (let k = 0; k < 3; k++) await drone.run();
    ac.abort();
    await done;
    await graph.flush();
    expect(events[0]).toBe('takeoff 1 m in 2 s');
    expect(events.slice(1, 4)).toEqual([`hover ${GOOD_VX.toFixed(2)}`, `hover ${GOOD_VX.toFixed(2)}`, `hover ${GOOD_VX.toFixed(2)}`]);
    expect(events.slice(4)).toEqual(['hover 0.00', 'land']);
  });

  it('a take-off service nobody serves fails the node with a message naming it, and nothing is flown', async () => {
    graph = createInProcessGraph();
    const node = await graph.createNode({ name: 'spikeloop_controller', rosArgs: ['-r', '__ns:=/cf9'] });
    const profile = loadProfile('crazyflie');
    const quick = { ...profile, profile: { ...profile.profile, services: { start: [{ ...profile.profile.services.start[0]!, timeout_s: 0.2 }], stop: [] } } };
    await expect(runControllerNode({ node, profile: quick, controller: new ScriptedController(), rate_hz: 50, log: () => {} })).rejects.toThrow(/start service takeoff failed: service '\/cf9\/takeoff' \(crazyflie_interfaces\/srv\/Takeoff\): no server within 0\.2 s/);
  });
});
