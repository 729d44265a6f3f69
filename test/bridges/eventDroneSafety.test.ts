/**
 * The faults of issue 18's "bad input" on the ROS graph: a robot publishing odometry and
 * event_camera_msgs/EventPacket to `ros controller`'s node with the `event-drone` profile
 * (in-process graph, lockstep on sim time). A packet with an unknown encoding, a wrong
 * width/height, events outside the sensor or timestamps going backwards makes the safety layer
 * publish the safe command in the tick that reads it — one 'SAFE' log line naming the topic and
 * the fault — and the next good packet resumes control ('resumed control'), as for other bad
 * messages. Good packets' events reach the controller, counted per pixel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ControllerNodeSummary } from '../../bridges/ros2/nodes/controllerNode.js';
import { runControllerNode } from '../../bridges/ros2/nodes/controllerNode.js';
import { episodeEventText } from '../../bridges/ros2/nodes/episodeEvents.js';
import type { EventPacket } from '../../bridges/ros2/messages/eventCameraMsgs.js';
import { emptyEventPacket } from '../../bridges/ros2/messages/eventCameraMsgs.js';
import { writeMonoEvent } from '../../bridges/ros2/messages/monoEventEncoding.js';
import { identityOdometry } from '../../bridges/ros2/messages/navMsgs.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import type { InProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { RosNode } from '../../bridges/ros2/transport/transport.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import type { Twist } from '../helpers/fakeDrone.js';

const PERIOD_NS = 20_000_000n;

/** cmd_linear.x = 0.1 + ON events at pixel (3, 2) seen this tick; yaw rate = OFF events in total. */
class CountingController implements Controller {
  readonly sensors: ChannelSpec[] = [
    { name: 'events_on', size: 3072, low: 0, high: Infinity, unit: '1' },
    { name: 'events_off', size: 3072, low: 0, high: Infinity, unit: '1' },
    { name: 'odom_position', size: 3, low: -Infinity, high: Infinity, unit: 'm' },
  ];
  readonly actuators: ChannelSpec[] = [
    { name: 'cmd_linear', size: 3, low: -Infinity, high: Infinity, unit: 'm/s' },
    { name: 'cmd_yaw_rate', size: 1, low: -Infinity, high: Infinity, unit: 'rad/s' },
  ];
  reset(): void {}
  act(obs: Channels, _r: number, _dt: number, out: Channels): void {
    out.cmd_linear![0] = 0.1 + obs.events_on![2 * 64 + 3]!;
    out.cmd_yaw_rate![0] = obs.events_off!.reduce((a, b) => a + b, 0);
  }
}

/** [dt_ns, x, y, on] */
type Ev = [number, number, number, boolean];

/** A robot with an event camera: each step publishes odometry and the step's packet(s), then /clock, and waits for cmd_vel. */
class EventRobot {
  readonly commands: { step: number; cmd: Twist }[] = [];
  step = 0;
  private seq = 0n;
  private pending: (() => void) | null = null;
  private readonly odomPub;
  readonly eventPub;
  private readonly clockPub;

  constructor(
    readonly graph: InProcessGraph,
    node: RosNode,
  ) {
    this.odomPub = node.publisher('odom', 'nav_msgs/msg/Odometry', 'sensor_data');
    // as metavision_driver / libcaer_driver publish: best effort, depth 1000
    this.eventPub = node.publisher<EventPacket>('/event_camera/events', 'event_camera_msgs/msg/EventPacket', 'event_data');
    this.clockPub = node.publisher('/clock', 'rosgraph_msgs/msg/Clock', 'reliable');
    node.subscribe<Twist>('cmd_vel', 'geometry_msgs/msg/Twist', (m) => {
      this.commands.push({ step: this.step, cmd: m });
      this.pending?.();
    });
  }

  /** A good packet of this step: `events` at dt within the step. */
  packet(events: readonly Ev[], o: Partial<EventPacket> = {}): EventPacket {
    const bytes = new Uint8Array(events.length * 8);
    const view = new DataView(bytes.buffer);
    events.forEach(([dt, x, y, on], i) => writeMonoEvent(view, i, dt, x, y, on));
    return { ...emptyEventPacket('event_camera'), width: 64, height: 48, encoding: 'mono', events: bytes, time_base: BigInt(this.step) * PERIOD_NS, seq: this.seq++, ...o };
  }

  async run(packets: EventPacket[] = [this.packet([[1000, 3, 2, true]])]): Promise<void> {
    this.odomPub.publish(identityOdometry('odom', 'base_link'));
    for (const p of packets) this.eventPub.publish(p);
    const t = BigInt(this.step) * PERIOD_NS;
    const answered = new Promise<void>((resolve) => (this.pending = resolve));
    this.clockPub.publish({ clock: { sec: Number(t / 1_000_000_000n), nanosec: Number(t % 1_000_000_000n) } });
    await Promise.race([answered, this.graph.flush().then(() => this.graph.flush())]);
    this.pending = null;
    this.step++;
  }

  commandAt(step: number): Twist | undefined {
    return this.commands.find((c) => c.step === step)?.cmd;
  }
}

const SIM_TIME = ['-p', 'use_sim_time:=true'];
let graph: InProcessGraph | null = null;
afterEach(async () => {
  await graph?.shutdown();
  graph = null;
});

async function setup() {
  graph = createInProcessGraph();
  const robotNode = await graph.createNode({ name: 'robot', rosArgs: SIM_TIME });
  const node = await graph.createNode({ name: 'spikeloop_controller', rosArgs: SIM_TIME });
  const robot = new EventRobot(graph, robotNode);
  const ac = new AbortController();
  const log: string[] = [];
  const done: Promise<ControllerNodeSummary> = runControllerNode({ node, profile: loadProfile('event-drone'), controller: new CountingController(), rate_hz: 50, log: (l) => log.push(l), signal: ac.signal });
  return { robot, ac, log, done };
}

describe('event-drone on the graph: event packets into the controller, bad packets to the safety layer', () => {
  it("counts every packet's events of a tick (two packets in one step add up), the next tick sees only its own", async () => {
    const { robot, ac, log, done } = await setup();
    await robot.run();
    await robot.run([robot.packet([[0, 3, 2, true], [5, 3, 2, true]]), robot.packet([[10, 3, 2, true], [11, 9, 9, false], [12, 9, 9, false]], { time_base: 20_000_000n })]);
    await robot.run([robot.packet([])]);
    ac.abort();
    const s = await done;
    expect(robot.commandAt(0)?.linear.x).toBeCloseTo(1.1, 6);
    expect(robot.commandAt(1)?.linear.x).toBeCloseTo(3.1, 6);
    expect(robot.commandAt(1)?.angular.z).toBe(2);
    expect(robot.commandAt(2)?.linear.x).toBeCloseTo(0.1, 6);
    expect(robot.commandAt(2)?.angular.z).toBe(0);
    expect(log.some((l) => l.startsWith('SAFE'))).toBe(false);
    expect(s.safeCommands).toBe(1); // the one on stop
  });

  it("an episode start (spikeloop/episode) drops the counts received before it: the last episode's terminal packet is not the new one's", async () => {
    const { robot, ac, done } = await setup();
    const episodes = graph!.createNode({ name: 'sim_episodes', rosArgs: SIM_TIME }).then((n) => n.publisher<{ data: string }>('/spikeloop/episode', 'std_msgs/msg/String', 'reliable'));
    const pub = await episodes;
    await robot.run();
    // the terminal observation's packet: published, no /clock, so no tick reads it
    robot.eventPub.publish(robot.packet([[0, 3, 2, true], [1, 3, 2, true]], { time_base: 20_000_000n }));
    pub.publish({ data: episodeEventText({ event: 'start', scenario: 'drone-forest-events-v1', episode: 1, seed: 5 }) });
    await robot.run([robot.packet([[0, 3, 2, true]], { time_base: 40_000_000n })]);
    ac.abort();
    await done;
    expect(robot.commandAt(0)?.linear.x).toBeCloseTo(1.1, 6);
    expect(robot.commandAt(1)?.linear.x).toBeCloseTo(1.1, 6); // not 3.1
  });

  const FAULTS: { what: string; bad: (r: EventRobot) => EventPacket; line: RegExp }[] = [
    { what: 'unknown encoding', bad: (r) => r.packet([[0, 3, 2, true]], { encoding: 'bayer' }), line: /^SAFE: \/event_camera\/events: unknown encoding 'bayer'/ },
    { what: 'wrong width/height for the profile', bad: (r) => r.packet([[0, 3, 2, true]], { width: 346, height: 260 }), line: /^SAFE: \/event_camera\/events: the packet is 346×260 pixels \(width×height\); this profile's camera is 64×48/ },
    // 15 ms at step 2, 10 ms at step 3: each before the previous packet's last event (20.001 ms, then 15 ms)
    { what: 'timestamps going backwards', bad: (r) => r.packet([[0, 3, 2, true]], { time_base: BigInt(25 - 5 * r.step) * 1_000_000n }), line: /^SAFE: \/event_camera\/events: timestamps go backwards: the packet's first event \(15000000 ns\) is 5001000 ns before the previous packet's last \(20001000 ns\)/ },
    { what: 'events outside the sensor', bad: (r) => r.packet([[0, 3, 2, true], [1, 70, 2, true]]), line: /^SAFE: \/event_camera\/events: event 1 of 2 is at \(x 70, y 2\), outside the 64×48 sensor/ },
  ];

  it.each(FAULTS)('$what: the safe command in that tick, one SAFE line, control resumed by the next good packet', async ({ bad, line }) => {
    const { robot, ac, log, done } = await setup();
    await robot.run();
    await robot.run();
    await robot.run([bad(robot)]);
    await robot.run([bad(robot)]); // still bad: still safe, no second line
    await robot.run();
    ac.abort();
    const s = await done;
    expect(robot.commandAt(1)?.linear.x).toBeCloseTo(1.1, 6);
    for (const k of [2, 3]) {
      const c = robot.commandAt(k)!;
      expect([c.linear.x, c.linear.y, c.linear.z, c.angular.z]).toEqual([0, 0, 0, 0]);
    }
    expect(robot.commandAt(4)?.linear.x).toBeCloseTo(1.1, 6);
    const safe = log.filter((l) => l.startsWith('SAFE'));
    expect(safe).toHaveLength(1);
    expect(safe[0]).toMatch(line);
    expect(log.filter((l) => l.startsWith('resumed control'))).toEqual(['resumed control (bad /event_camera/events recovered)']);
    expect(s.trips).toBe(1);
    expect(s.faults).toEqual({ 'bad /event_camera/events': 1 });
  });

  it('no packets for longer than the timeout is a stale camera: safe command, resumed when packets come back', async () => {
    const { robot, ac, log, done } = await setup();
    await robot.run();
    for (let k = 0; k < 30; k++) await robot.run([]); // 0.6 s without packets (timeout 0.5 s)
    await robot.run();
    ac.abort();
    await done;
    expect(robot.commandAt(0)?.linear.x).toBeCloseTo(1.1, 6);
    expect(robot.commandAt(30)?.linear.x).toBe(0);
    expect(robot.commandAt(31)?.linear.x).toBeCloseTo(1.1, 6);
    expect(log.find((l) => l.startsWith('SAFE'))).toMatch(/\/event_camera\/events: no message for/);
  });
});
