import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { InProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-inproc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TWIST = 'geometry_msgs/msg/Twist';
const STRING = 'std_msgs/msg/String';
const CLOCK = 'rosgraph_msgs/msg/Clock';
const clock = (ns: bigint) => ({ clock: { sec: Number(ns / 1_000_000_000n), nanosec: Number(ns % 1_000_000_000n) } });

let graphs: InProcessGraph[] = [];
function graph(): InProcessGraph {
  const g = createInProcessGraph();
  graphs.push(g);
  return g;
}
afterEach(async () => {
  for (const g of graphs) await g.shutdown();
  graphs = [];
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('delivery', () => {
  it('every subscription of the resolved topic gets each message, asynchronously, none of another topic', async () => {
    const g = graph();
    const a = await g.createNode({ name: 'a' });
    const b = await g.createNode({ name: 'b' });
    const got: string[] = [];
    a.subscribe<{ data: string }>('/chat', STRING, (m) => got.push(`a:${m.data}`));
    b.subscribe<{ data: string }>('chat', STRING, (m) => got.push(`b:${m.data}`)); // relative, root namespace: same topic
    b.subscribe<{ data: string }>('other', STRING, (m) => got.push(`other:${m.data}`));
    const pub = a.publisher<{ data: string }>('chat', STRING);
    expect(pub.topic).toBe('/chat');
    pub.publish({ data: 'x' });
    pub.publish({ data: 'y' });
    expect(got).toEqual([]); // not synchronous
    await g.flush();
    expect(got).toEqual(['a:x', 'b:x', 'a:y', 'b:y']);
    expect(g.topics()).toEqual(new Map([['/chat', STRING], ['/other', STRING]]));
  });

  it('FIFO across topics: sensors then /clock arrive in publish order, also when published from callbacks', async () => {
    const g = graph();
    const sim = await g.createNode({ name: 'sim' });
    const ctl = await g.createNode({ name: 'ctl' });
    const order: string[] = [];
    ctl.subscribe('scan', 'sensor_msgs/msg/LaserScan', () => order.push('scan'), 'sensor_data');
    ctl.subscribe('odom', 'nav_msgs/msg/Odometry', () => order.push('odom'), 'sensor_data');
    ctl.subscribe('/clock', CLOCK, () => order.push('clock'), 'sensor_data');
    const scan = sim.publisher('scan', 'sensor_msgs/msg/LaserScan', 'sensor_data');
    const odom = sim.publisher('odom', 'nav_msgs/msg/Odometry', 'sensor_data');
    const clk = sim.publisher('/clock', CLOCK, 'sensor_data');
    const cmd = ctl.publisher('cmd_vel', TWIST);
    // the sim answers each command by publishing its next step
    let steps = 0;
    sim.subscribe('cmd_vel', TWIST, () => {
      order.push('cmd');
      if (++steps < 3) {
        scan.publish({});
        odom.publish({});
        clk.publish(clock(BigInt(steps)));
      }
    });
    ctl.subscribe('/clock', CLOCK, () => cmd.publish({}), 'sensor_data');
    scan.publish({});
    odom.publish({});
    clk.publish(clock(0n));
    await g.flush();
    expect(order).toEqual(['scan', 'odom', 'clock', 'cmd', 'scan', 'odom', 'clock', 'cmd', 'scan', 'odom', 'clock', 'cmd']);
  });

  it('a type mismatch on one topic is a RangeError naming the topic and both types', async () => {
    const g = graph();
    const n = await g.createNode({ name: 'n' });
    n.publisher('cmd_vel', TWIST);
    expect(thrown(() => n.subscribe('/cmd_vel', STRING, () => {})).message).toBe(`topic '/cmd_vel': the subscription of node '/n' has type '${STRING}' but the topic already carries '${TWIST}'.`);
    expect(thrown(() => n.publisher('x', 'Twist')).message).toMatch(/expected a ROS 2 message type such as 'geometry_msgs\/msg\/Twist', got 'Twist'/);
  });

  it('incompatible QoS (reliable subscription, best-effort publisher) is a RangeError naming both', async () => {
    const g = graph();
    const n = await g.createNode({ name: 'n' });
    n.publisher('scan', 'sensor_msgs/msg/LaserScan', 'sensor_data');
    expect(thrown(() => n.subscribe('scan', 'sensor_msgs/msg/LaserScan', () => {}, 'reliable')).message).toMatch(/topic '\/scan': incompatible QoS .* a reliable subscription \('reliable'\) receives nothing from a best-effort publisher \('sensor_data'\)/);
  });

  it('closed subscriptions and nodes receive nothing more; a closed publisher throws', async () => {
    const g = graph();
    const a = await g.createNode({ name: 'a' });
    const b = await g.createNode({ name: 'b' });
    const EMPTY = 'std_msgs/msg/Empty';
    let n = 0;
    const pub = a.publisher('e', EMPTY);
    const s1 = b.subscribe('e', EMPTY, () => n++);
    pub.publish({});
    s1.close(); // closed after publishing, before delivery: not delivered
    await g.flush();
    expect(n).toBe(0);
    b.subscribe('e', EMPTY, () => n++);
    pub.publish({});
    await g.flush();
    expect(n).toBe(1);
    b.close();
    pub.publish({});
    await g.flush();
    expect(n).toBe(1);
    a.close();
    expect(() => pub.publish({})).toThrow(/closed/);
    expect(g.topics().size).toBe(0);
  });
});

describe('names from ROS arguments', () => {
  it('__node, __ns and remaps (own arguments before the process-wide ones) decide the resolved topics', async () => {
    const g = graph();
    const proc = g.transportFor(['-r', '__ns:=/drone', '-r', 'cmd_vel:=/robot/cmd_vel', '-r', 'scan:=lidar']);
    const ctl = await proc.createNode({ name: 'controller', rosArgs: ['-r', '__node:=ctl', '-r', 'scan:=/front_scan'] });
    expect([ctl.name, ctl.namespace]).toEqual(['ctl', '/drone']);
    expect(ctl.publisher('cmd_vel', TWIST).topic).toBe('/robot/cmd_vel');
    expect(ctl.subscribe('scan', 'sensor_msgs/msg/LaserScan', () => {}).topic).toBe('/front_scan'); // own rule first
    expect(ctl.subscribe('~/status', STRING, () => {}).topic).toBe('/drone/ctl/status');
    const other = await proc.createNode({ name: 'sim', namespace: '/ignored' });
    expect(other.namespace).toBe('/drone'); // __ns replaces the namespace given in code
    expect(other.publisher('scan', 'sensor_msgs/msg/LaserScan').topic).toBe('/drone/lidar');
    const plain = await g.createNode({ name: 'viewer', namespace: 'drone' });
    expect(plain.namespace).toBe('/drone');
    expect(plain.subscribe('cmd_vel', TWIST, () => {}).topic).toBe('/drone/cmd_vel'); // no process-wide rules here
  });
  it('bad ROS arguments reject createNode with a located RangeError', async () => {
    const g = graph();
    const err = await rejection(g.createNode({ name: 'n', rosArgs: ['-r', '__ns:=drone'] }));
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toMatch(/^ROS arguments of node 'n': argument 1 '-r': a namespace must be absolute \(start with '\/'\), got 'drone'/);
    expect(() => g.transportFor(['--bogus'], 'launch node sim')).toThrow(/^launch node sim: argument 1 '--bogus': unknown ROS argument/);
    expect((await rejection(g.createNode({ name: 'bad-name' }))).message).toMatch(/invalid node name 'bad-name'/);
  });
});

describe('latched topics', () => {
  it("a late 'latched' subscription gets each latched publisher's last message; a volatile one does not", async () => {
    const g = graph();
    const pubNode = await g.createNode({ name: 'scene' });
    const p = pubNode.publisher<{ data: string }>('/spikeloop/scene', STRING, 'latched');
    p.publish({ data: 'v1' });
    p.publish({ data: 'v2' });
    await g.flush();
    const late = await g.createNode({ name: 'viewer' });
    const got: string[] = [];
    late.subscribe<{ data: string }>('/spikeloop/scene', STRING, (m) => got.push(`latched:${m.data}`), 'latched');
    late.subscribe<{ data: string }>('/spikeloop/scene', STRING, (m) => got.push(`volatile:${m.data}`), 'reliable');
    await g.flush();
    expect(got).toEqual(['latched:v2']);
    p.publish({ data: 'v3' });
    await g.flush();
    expect(got).toEqual(['latched:v2', 'latched:v3', 'volatile:v3']);
    expect(thrown(() => late.subscribe('/x', STRING, () => {}, 'latched') && pubNode.publisher('/x', STRING, 'reliable')).message).toMatch(/transient-local subscription \('latched'\) receives nothing from a volatile publisher/);
  });
});

describe('parameters', () => {
  it('declareParameter returns the override from -p, params files or process-wide args, else the default; type-checked', async () => {
    const params = join(dir, 'p.yaml');
    writeFileSync(params, '/**:\n  ros__parameters:\n    profile: sim-drone\n/drone/controller:\n  ros__parameters:\n    rate_hz: 50.0\n    gains: [1.0, 2.0]\n');
    const g = graph();
    const proc = g.transportFor(['-p', 'learn:=true', '-p', 'rate_hz:=10.0']);
    const n = await proc.createNode({ name: 'controller', namespace: '/drone', rosArgs: ['--params-file', params, '-p', 'controller:=presets/x.json'] });
    expect(n.declareParameter('rate_hz', 20, 'control rate')).toBe(50); // node's own file beats process-wide -p
    expect(n.declareParameter('learn', false, 'learn online')).toBe(true);
    expect(n.declareParameter('profile', 'generic', 'profile')).toBe('sim-drone');
    expect(n.declareParameter('controller', '', 'controller file')).toBe('presets/x.json');
    expect(n.declareParameter('gains', [0], 'gains')).toEqual([1, 2]);
    expect(n.declareParameter('episodes', 3, 'not overridden')).toBe(3);
    expect(thrown(() => n.declareParameter('rate_hz', 1, 'again')).message).toBe("parameter 'rate_hz' of node '/drone/controller' is already declared.");
    expect(thrown(() => n.declareParameter('use_sim_time', true, 'x')).message).toMatch(/already declared \(the transport declares it/);
    const m = await g.createNode({ name: 'm', rosArgs: ['-p', 'rate_hz:=fast', '-p', 'gains:=[true]'] });
    expect(thrown(() => m.declareParameter('rate_hz', 50, 'rate')).message).toBe(`parameter 'rate_hz' of node '/m': the override "fast" is a string but the parameter is a number (default 50).`);
    expect(thrown(() => m.declareParameter('gains', [1.5], 'g')).message).toMatch(/override \[true\] is a boolean array but the parameter is a number array/);
  });
});

describe('time', () => {
  it('with use_sim_time, now_ns follows /clock (0 before it) and onTimeAdvanced fires after each /clock delivery', async () => {
    const g = graph();
    const sim = await g.createNode({ name: 'sim' });
    const ctl = await g.createNode({ name: 'ctl', rosArgs: ['-p', 'use_sim_time:=true'] });
    expect(ctl.useSimTime).toBe(true);
    expect(sim.useSimTime).toBe(false);
    expect(ctl.now_ns()).toBe(0n);
    const seen: bigint[] = [];
    let lastScanAtTick = -1;
    let scans = 0;
    ctl.subscribe('scan', 'sensor_msgs/msg/LaserScan', () => scans++, 'sensor_data');
    ctl.onTimeAdvanced(() => {
      seen.push(ctl.now_ns());
      lastScanAtTick = scans;
    });
    const scan = sim.publisher('scan', 'sensor_msgs/msg/LaserScan', 'sensor_data');
    const clk = sim.publisher('/clock', CLOCK, 'sensor_data');
    const dt_ns = 20_000_000n;
    for (let k = 1n; k <= 3n; k++) {
      scan.publish({});
      clk.publish(clock(k * dt_ns + 1_000_000_000n));
    }
    await g.flush();
    expect(seen).toEqual([1n, 2n, 3n].map((k) => k * dt_ns + 1_000_000_000n));
    expect(lastScanAtTick).toBe(3); // the step's sensor message arrived before its clock tick
  });

  it('without it, now_ns is wall time (epoch ns, monotonic) and onTimeAdvanced polls about every ms until unsubscribed', async () => {
    const g = graph();
    const n = await g.createNode({ name: 'n' });
    const before = BigInt(Date.now()) * 1_000_000n;
    const t0 = n.now_ns();
    expect(Number(t0 - before) / 1e9).toBeLessThan(5); // same epoch as Date.now, within a few seconds of it
    expect(Number(before - t0) / 1e9).toBeLessThan(5);
    let ticks = 0;
    const off = n.onTimeAdvanced(() => ticks++);
    await new Promise((r) => setTimeout(r, 60));
    off();
    const t1 = n.now_ns();
    expect(Number(t1 - t0) / 1e6).toBeGreaterThanOrEqual(59);
    // a 1 ms poll fires at least a few times in 60 ms even on a loaded machine, and never more than once per ms
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(ticks).toBeLessThanOrEqual(Math.ceil(Number(t1 - t0) / 1e6) + 1);
    const stopped = ticks;
    await new Promise((r) => setTimeout(r, 10));
    expect(ticks).toBe(stopped);
  });
});

describe('shutdown and callback errors', () => {
  it('shutdown closes every node, drops pending messages, stops polls; nothing runs afterwards', async () => {
    const g = createInProcessGraph();
    const a = await g.createNode({ name: 'a' });
    let got = 0;
    let ticks = 0;
    a.subscribe('t', STRING, () => got++);
    a.onTimeAdvanced(() => ticks++);
    a.publisher('t', STRING).publish({ data: 'lost' });
    await g.shutdown();
    const atShutdown = ticks;
    await new Promise((r) => setTimeout(r, 15));
    expect(got).toBe(0);
    expect(ticks).toBe(atShutdown);
    expect(g.topics().size).toBe(0);
    expect(() => a.publisher('t', STRING)).toThrow(/node '\/a' is closed/);
    expect((await rejection(g.createNode({ name: 'b' }))).message).toMatch(/shut down/);
  });

  it("a view's shutdown closes only its own nodes", async () => {
    const g = graph();
    const v = g.transportFor([]);
    const mine = await v.createNode({ name: 'mine' });
    const other = await g.createNode({ name: 'other' });
    let got = 0;
    other.subscribe('t', STRING, () => got++);
    mine.subscribe('t', STRING, () => got += 100);
    await v.shutdown();
    other.publisher('t', STRING).publish({});
    await g.flush();
    expect(got).toBe(1);
  });

  it('a throwing callback is reported with where it happened, and delivery goes on', async () => {
    const errors: string[] = [];
    const g = createInProcessGraph({ onCallbackError: (e, where) => errors.push(`${where}: ${(e as Error).message}`) });
    graphs.push(g);
    const n = await g.createNode({ name: 'n', rosArgs: ['-p', 'use_sim_time:=true'] });
    let ok = 0;
    n.subscribe('t', STRING, () => {
      throw new Error('boom');
    });
    n.subscribe('t', STRING, () => ok++);
    n.publisher('t', STRING).publish({});
    n.publisher('/clock', CLOCK, 'sensor_data').publish({ clock: { sec: 1.5, nanosec: 0 } });
    await g.flush();
    expect(ok).toBe(1);
    expect(errors[0]).toBe("subscription of node '/n' to '/t': boom");
    expect(errors[1]).toMatch(/^subscription of node '\/n' to '\/clock': node '\/n': a \/clock message must be \{clock: \{sec, nanosec\}\}/);
  });
});
