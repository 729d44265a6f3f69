/**
 * A scripted drone on an in-process ROS graph, for controller-node tests: each `step` publishes
 * odometry and a 37-beam scan (unless told otherwise), then `/clock`, and waits for the
 * controller's command — the same lockstep the simulator node uses — recording every
 * `cmd_vel` with the step it answered.
 */
import { identityOdometry } from '../../bridges/ros2/messages/navMsgs.js';
import { emptyLaserScan } from '../../bridges/ros2/messages/sensorMsgs.js';
import type { RosNode } from '../../bridges/ros2/transport/transport.js';
import type { InProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';

export interface Twist {
  linear: { x: number; y: number; z: number };
  angular: { x: number; y: number; z: number };
}

export interface StepScript {
  /** Publish odometry this step. @default true */
  readonly odom?: boolean;
  readonly scan?: boolean;
  /** Mutate the messages before publishing (NaN, wrong lengths). */
  readonly tamper?: (odom: ReturnType<typeof identityOdometry>, scan: ReturnType<typeof emptyLaserScan>) => void;
}

export const PERIOD_NS = 20_000_000n; // 50 Hz

export class FakeDrone {
  readonly commands: { step: number; cmd: Twist }[] = [];
  step = 0;
  private pending: (() => void) | null = null;
  private readonly odomPub;
  private readonly scanPub;
  private readonly clockPub;

  constructor(
    readonly graph: InProcessGraph,
    readonly node: RosNode,
  ) {
    this.odomPub = node.publisher('odom', 'nav_msgs/msg/Odometry', 'sensor_data');
    this.scanPub = node.publisher('scan', 'sensor_msgs/msg/LaserScan', 'sensor_data');
    this.clockPub = node.publisher('/clock', 'rosgraph_msgs/msg/Clock', 'reliable');
    node.subscribe<Twist>('cmd_vel', 'geometry_msgs/msg/Twist', (m) => {
      this.commands.push({ step: this.step, cmd: m });
      this.pending?.();
    });
  }

  /** Publishes the step's sensors and clock; resolves when a command came back (or after the graph is idle). */
  async run(script: StepScript = {}): Promise<void> {
    const odom = identityOdometry('odom', 'base_link');
    odom.pose.pose.position.x = this.step * 0.01;
    const scan = emptyLaserScan(37, 'lidar');
    scan.angle_min = -Math.PI / 2;
    scan.angle_max = Math.PI / 2;
    scan.angle_increment = Math.PI / 36;
    scan.range_min = 0.05;
    scan.range_max = 5;
    for (let i = 0; i < 37; i++) scan.ranges[i] = 1 + i * 0.1;
    script.tamper?.(odom, scan);
    if (script.odom !== false) this.odomPub.publish(odom);
    if (script.scan !== false) this.scanPub.publish(scan);
    const t = BigInt(this.step) * PERIOD_NS;
    const answered = new Promise<void>((resolve) => (this.pending = resolve));
    this.clockPub.publish({ clock: { sec: Number(t / 1_000_000_000n), nanosec: Number(t % 1_000_000_000n) } });
    await Promise.race([answered, this.graph.flush().then(() => this.graph.flush())]);
    this.pending = null;
    this.step++;
  }

  /** The command answering `step` (undefined if none came). */
  commandAt(step: number): Twist | undefined {
    return this.commands.find((c) => c.step === step)?.cmd;
  }
}
