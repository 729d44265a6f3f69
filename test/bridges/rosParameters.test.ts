/**
 * Parameters at run time (issue 20, item 2) on the in-process graph: `graph.setParameters` is
 * what `ros2 param set` does to a node. Run-time parameters apply (rate_hz retimes the control
 * schedule on sim time, learn toggles plasticity, speed paces the simulator); read-only ones
 * (profile, controller, seed, …) are refused with a reason; a wrong type or a value out of range
 * is refused and the previous value kept, and the node keeps commanding.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runControllerNode } from '../../bridges/ros2/nodes/controllerNode.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { InProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { FakeDrone } from '../helpers/fakeDrone.js';

const SIM_TIME = ['-p', 'use_sim_time:=true'];
let graph: InProcessGraph | null = null;
afterEach(async () => {
  await graph?.shutdown();
  graph = null;
});

class ForwardController implements Controller {
  readonly sensors: ChannelSpec[] = [{ name: 'lidar', size: 37, low: -Infinity, high: Infinity, unit: 'm' }];
  readonly actuators: ChannelSpec[] = [
    { name: 'cmd_linear', size: 3, low: -Infinity, high: Infinity, unit: 'm/s' },
    { name: 'cmd_yaw_rate', size: 1, low: -Infinity, high: Infinity, unit: 'rad/s' },
  ];
  readonly dts: number[] = [];
  reset(): void {}
  act(_obs: Channels, _r: number, dt: number, out: Channels): void {
    this.dts.push(dt);
    out.cmd_linear![0] = 0.5;
  }
}

/** Steps (of 20 ms sim time) that got a command, among `from` … `to`. */
function answered(drone: FakeDrone, from: number, to: number): number[] {
  return drone.commands.map((c) => c.step).filter((k) => k >= from && k <= to && drone.commandAt(k)!.linear.x > 0);
}

describe('parameters on the in-process graph (the transport)', () => {
  it('checks read-only, type and range before the callbacks, keeps the old value on refusal, and applies what the callbacks accept', async () => {
    graph = createInProcessGraph();
    const node = await graph.createNode({ name: 'n' });
    expect(node.declareParameter('profile', 'drone', { description: 'robot profile', readOnly: true })).toBe('drone');
    expect(node.declareParameter('rate_hz', 50, { description: 'rate', min: 0, minExclusive: true })).toBe(50);
    node.declareParameter('label', 'a', 'free text');
    const seen: unknown[] = [];
    node.onSetParameters((changes) => {
      seen.push(...changes.map((c) => `${c.name}=${JSON.stringify(c.value)}`));
      return changes.some((c) => c.value === 'vetoed') ? { successful: false, reason: 'vetoed by the node' } : { successful: true, reason: '' };
    });
    const [profile] = graph.setParameters('/n', { profile: 'px4' });
    expect(profile!.successful).toBe(false);
    expect(profile!.reason).toMatch(/^read-only: 'profile' is read at start-up only/);
    const [neg, str, zero] = [graph.setParameters('/n', { rate_hz: -1 })[0]!, graph.setParameters('/n', { rate_hz: 'fast' })[0]!, graph.setParameters('/n', { rate_hz: 0 })[0]!];
    expect(neg).toEqual({ successful: false, reason: "out of range: 'rate_hz' must be > 0, got -1" });
    expect(str).toEqual({ successful: false, reason: 'wrong type: \'rate_hz\' is a number, got a string ("fast")' });
    expect(zero.successful).toBe(false);
    expect(graph.getParameter('/n', 'rate_hz')).toBe(50);
    expect(graph.getParameter('/n', 'profile')).toBe('drone');
    expect(seen).toEqual([]); // refused before any callback
    expect(graph.setParameters('/n', { label: 'vetoed' })[0]).toEqual({ successful: false, reason: 'vetoed by the node' });
    expect(graph.getParameter('/n', 'label')).toBe('a');
    expect(graph.setParameters('/n', { rate_hz: 25, label: 'b' })).toEqual([
      { successful: true, reason: '' },
      { successful: true, reason: '' },
    ]);
    expect(graph.getParameter('/n', 'rate_hz')).toBe(25);
    expect(graph.setParameters('/n', { nope: 1 })[0]!.reason).toMatch(/not declared/);
    expect(graph.setParameters('/n', { use_sim_time: true })[0]!.reason).toMatch(/^read-only/);
    expect(() => graph!.setParameters('/other', { a: 1 })).toThrow(/no node '\/other'/);
  });

  it('an override out of the declared range is refused when the parameter is declared', async () => {
    graph = createInProcessGraph();
    const node = await graph.createNode({ name: 'n', rosArgs: ['-p', 'rate_hz:=-5.0'] });
    expect(() => node.declareParameter('rate_hz', 50, { description: 'rate', min: 0, minExclusive: true })).toThrow(/rate_hz.*out of range: 'rate_hz' must be > 0, got -5/);
  });
});

describe('controller node: rate_hz at run time', () => {
  it('set rate_hz 25 → one command per 40 ms of sim time from one new period after the last tick; the controller gets dt 0.04', async () => {
    graph = createInProcessGraph();
    const robot = await graph.createNode({ name: 'robot', rosArgs: SIM_TIME });
    const node = await graph.createNode({ name: 'spikeloop_controller', rosArgs: SIM_TIME });
    node.declareParameter('rate_hz', 50, { description: 'control rate', min: 0, minExclusive: true });
    const drone = new FakeDrone(graph, robot);
    const controller = new ForwardController();
    const ac = new AbortController();
    const log: string[] = [];
    const done = runControllerNode({ node, profile: loadProfile('drone'), controller, rate_hz: 50, log: (l) => log.push(l), signal: ac.signal });
    for (let k = 0; k < 5; k++) await drone.run(); // steps 0..4 at 50 Hz: the last tick at 0.08 s
    expect(answered(drone, 0, 4)).toEqual([0, 1, 2, 3, 4]);
    expect(graph.setParameters('/spikeloop_controller', { rate_hz: 25 })).toEqual([{ successful: true, reason: '' }]);
    for (let k = 5; k < 15; k++) await drone.run();
    expect(answered(drone, 5, 14)).toEqual([6, 8, 10, 12, 14]); // 0.12, 0.16, … s
    expect(controller.dts.slice(-5)).toEqual([0.04, 0.04, 0.04, 0.04, 0.04]);
    // and back up: 50 Hz one 20 ms period after the last tick (0.28 s) → every step again
    expect(graph.setParameters('/spikeloop_controller', { rate_hz: 50 })[0]!.successful).toBe(true);
    for (let k = 15; k < 19; k++) await drone.run();
    expect(answered(drone, 15, 18)).toEqual([15, 16, 17, 18]);
    ac.abort();
    const s = await done;
    expect(s.stop).toBe('abort');
    expect(log.some((l) => l.startsWith('rate_hz set to 25 Hz (was 50 Hz): control schedule retimed'))).toBe(true);
  });

  it('rate_hz -1 or a string is refused, the node keeps its rate and keeps commanding', async () => {
    graph = createInProcessGraph();
    const robot = await graph.createNode({ name: 'robot', rosArgs: SIM_TIME });
    const node = await graph.createNode({ name: 'spikeloop_controller', rosArgs: SIM_TIME });
    node.declareParameter('rate_hz', 50, { description: 'control rate', min: 0, minExclusive: true });
    const drone = new FakeDrone(graph, robot);
    const ac = new AbortController();
    const done = runControllerNode({ node, profile: loadProfile('drone'), controller: new ForwardController(), rate_hz: 50, log: () => {}, signal: ac.signal });
    await drone.run();
    const r = graph.setParameters('/spikeloop_controller', { rate_hz: -1 });
    expect(r[0]).toEqual({ successful: false, reason: "out of range: 'rate_hz' must be > 0, got -1" });
    expect(graph.setParameters('/spikeloop_controller', { rate_hz: '25' })[0]!.reason).toMatch(/^wrong type/);
    expect(graph.getParameter('/spikeloop_controller', 'rate_hz')).toBe(50);
    for (let k = 1; k < 5; k++) await drone.run();
    expect(answered(drone, 0, 4)).toEqual([0, 1, 2, 3, 4]);
    ac.abort();
    await done;
  });
});

describe('ros controller (the CLI node): read-only and run-time parameters', () => {
  it('profile and controller are read-only (refused with the reason, node keeps going); learn toggles plasticity; rate_hz retimes', async () => {
    const { rosControllerCommand } = await import('../../launch/commands/rosController.js');
    graph = createInProcessGraph();
    const robot = await graph.createNode({ name: 'robot', rosArgs: SIM_TIME });
    const drone = new FakeDrone(graph, robot);
    const g = graph;
    const ac = new AbortController();
    const err: string[] = [];
    const done = rosControllerCommand(
      { profile: 'drone', controller: 'drone-avoid-reactive', learn: false, seed: 0, json: true },
      { out: () => {}, err: (s) => void err.push(s) },
      (await import('../../experiments/defaultCatalog.js')).catalog,
      { transport: async () => g, signal: ac.signal },
      SIM_TIME,
    );
    while (g.getParameter('/spikeloop_controller', 'record') === undefined) await new Promise((r) => setTimeout(r, 5));
    for (let k = 0; k < 3; k++) await drone.run();
    expect(drone.commands.length).toBe(3);
    for (const [name, value] of [
      ['profile', 'px4'],
      ['controller', 'drone-avoid-snn'],
      ['seed', 3],
      ['record', 'x.mcap'],
      ['duration_s', 5],
    ] as const) {
      const [r] = g.setParameters('/spikeloop_controller', { [name]: value });
      expect(r!.successful, name).toBe(false);
      expect(r!.reason, name).toMatch(new RegExp(`^read-only: '${name}'`));
    }
    expect(g.getParameter('/spikeloop_controller', 'profile')).toBe('drone');
    expect(g.setParameters('/spikeloop_controller', { rate_hz: -1 })[0]!.successful).toBe(false);
    expect(g.setParameters('/spikeloop_controller', { rate_hz: 'x' })[0]!.successful).toBe(false);
    expect(g.setParameters('/spikeloop_controller', { rate_hz: 1e6 })[0]!.reason).toBe("out of range: 'rate_hz' must be ≤ 10000, got 1000000");
    expect(g.setParameters('/spikeloop_controller', { learn: true })[0]).toEqual({ successful: true, reason: '' });
    expect(err.some((l) => l.includes('learn set to true: plasticity on'))).toBe(true);
    for (let k = 3; k < 5; k++) await drone.run();
    expect(drone.commands.map((c) => c.step)).toEqual([0, 1, 2, 3, 4]); // kept commanding at 50 Hz
    expect(g.setParameters('/spikeloop_controller', { rate_hz: 25 })[0]!.successful).toBe(true);
    for (let k = 5; k < 11; k++) await drone.run();
    expect(drone.commands.map((c) => c.step).filter((k) => k >= 5)).toEqual([6, 8, 10]);
    ac.abort();
    const s = await done;
    expect(s.stop).toBe('abort');
  });
});

describe('ros sim (the CLI node): run-time speed, read-only episodes/seed/lockstep', () => {
  it('speed is settable (> 0), the others are refused with the reason', async () => {
    const { rosSimCommand } = await import('../../launch/commands/rosSim.js');
    graph = createInProcessGraph();
    const g = graph;
    const ac = new AbortController();
    const err: string[] = [];
    const done = rosSimCommand(
      'drone-forest-v1',
      { episodes: 1, seed: 0, lockstep: false, speed: 1, json: true },
      { out: () => {}, err: (s) => void err.push(s) },
      (await import('../../experiments/defaultCatalog.js')).catalog,
      { transport: async () => g, signal: ac.signal },
      [],
    );
    while (g.getParameter('/spikeloop_sim', 'record') === undefined) await new Promise((r) => setTimeout(r, 5));
    for (const name of ['episodes', 'seed', 'lockstep', 'record'] as const) {
      const value = name === 'lockstep' ? true : name === 'record' ? 'x.mcap' : 4;
      expect(g.setParameters('/spikeloop_sim', { [name]: value })[0]!.reason, name).toMatch(new RegExp(`^read-only: '${name}'`));
    }
    expect(g.setParameters('/spikeloop_sim', { speed: 0 })[0]!.reason).toMatch(/^out of range: 'speed' must be > 0/);
    expect(g.getParameter('/spikeloop_sim', 'speed')).toBe(1);
    // wait for the simulator to run (its node logs the start), then speed it up
    while (!err.some((l) => l.includes('real time × 1'))) await new Promise((r) => setTimeout(r, 5));
    expect(g.setParameters('/spikeloop_sim', { speed: 4 })[0]).toEqual({ successful: true, reason: '' });
    expect(g.getParameter('/spikeloop_sim', 'speed')).toBe(4);
    ac.abort();
    await done;
    expect(err.some((l) => l.includes('speed set to 4 (was 1)'))).toBe(true);
  });
});
