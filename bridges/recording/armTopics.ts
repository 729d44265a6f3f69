/**
 * The standard topics of a simulated arm (a body reporting `ArmTelemetry`: `ArmBody`, a
 * scenario's `ArmTaskBody`), from its observation and action channels:
 *  - `/joint_states` from `joint_position`, `joint_velocity`, `joint_effort`, joints named after
 *    the arm's links (ArmParams.links[i].name);
 *  - `/tf`: base_link → link1 → … → linkN → tool, by forward kinematics of the observed joint
 *    angles (what robot_state_publisher does with /joint_states): link i's frame sits at joint i,
 *    turned by Rot(axisᵢ, qᵢ) from its parent; the next joint is `length·direction` along it
 *    (ArmParams' zero-configuration convention). `base_link` is the arm's world frame (ENU,
 *    origin on the ground; joint 0 at `mount_m`);
 *  - the ros2_control forward_command_controller topic of its command mode
 *    (`/forward_velocity_controller/commands`, `/forward_effort_controller/commands` or
 *    `/forward_position_controller/commands`, std_msgs/Float64MultiArray, one value per joint);
 *  - `/spikeloop/scene`: obstacles and the target sphere (task channel `target_position`, when the
 *    body reports one) in base_link, and the links (and pedestal) as boxes, ns 'arm' — each link box in
 *    its own link frame with frame_locked set, so viewers that follow TF move it with the arm.
 */
import type { Body } from '../../loop/body.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { directionVector } from '../../sim/arm/armParams.js';
import type { ArmTelemetry } from '../../sim/bodyTelemetry.js';
import { telemetryLayerOf } from '../../sim/bodyTelemetry.js';
import { setTime } from '../ros2/messages/builtinInterfaces.js';
import type { TransformStamped } from '../ros2/messages/geometryMsgs.js';
import { identityTransformStamped } from '../ros2/messages/geometryMsgs.js';
import { MSG } from '../ros2/messages/messageTypes.js';
import { zeroJointState } from '../ros2/messages/sensorMsgs.js';
import { emptyFloat64MultiArray } from '../ros2/messages/stdMsgs.js';
import type { TFMessage } from '../ros2/messages/tf2Msgs.js';
import { emptyMarkerArray } from '../ros2/messages/visualizationMsgs.js';
import type { MessageSink } from './messageSink.js';
import type { RobotTopics } from './robotTopics.js';
import { ARM_COLOR, TARGET_COLOR, boxMarker, obstacleMarkers, sphereMarker } from './sceneMarkers.js';
import { FRAME, SCENE_NS, TOPIC, armLinkFrame } from './standardTopics.js';

/** What the arm topics read: the body's channels and its telemetry (ArmBody and ArmTaskBody are such). */
export interface ArmLike {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  telemetry(): ArmTelemetry;
}

/** The layer of `body` (under any wrappers) that reports arm telemetry, else null. */
export function armOf(body: Body): ArmLike | null {
  const layer = telemetryLayerOf(body);
  return layer !== null && layer.telemetry().kind === 'arm' ? (layer as ArmLike) : null;
}

const COMMAND_TOPIC: Readonly<Record<string, string>> = {
  joint_velocity_target: TOPIC.forwardVelocityCommands,
  joint_torque: TOPIC.forwardEffortCommands,
  joint_position_target: TOPIC.forwardPositionCommands,
};

export interface ArmTopicOptions {
  /** Diameter of the target sphere (m). @default 0.04 */
  readonly targetDiameter_m?: number;
}

export function armTopics(arm: ArmLike, opts: ArmTopicOptions = {}): RobotTopics {
  const t = arm.telemetry();
  const params = t.model().params;
  const n = params.links.length;
  for (const name of ['joint_position', 'joint_velocity', 'joint_effort']) {
    if (!arm.sensors.some((s) => s.name === name && s.size === n)) throw new RangeError(`armTopics: the body has no '${name}' [${n}] channel; /joint_states needs the joint encoders`);
  }
  const command = arm.actuators.find((a) => COMMAND_TOPIC[a.name] !== undefined);
  if (command === undefined) throw new RangeError(`armTopics: no arm command channel among ${arm.actuators.map((a) => `'${a.name}'`).join(', ')}; expected one of ${Object.keys(COMMAND_TOPIC).join(', ')}`);
  const commandTopic = COMMAND_TOPIC[command.name]!;

  const joints = zeroJointState(
    params.links.map((l) => l.name),
    '',
  );
  const axes = params.links.map((l) => {
    const [x, y, z] = l.axis;
    const r = Math.sqrt(x * x + y * y + z * z);
    return [x / r, y / r, z / r] as const;
  });
  const offsets = params.links.map((l) => directionVector(l.direction).map((d) => d * l.length_m) as [number, number, number]);
  const links: TransformStamped[] = params.links.map((_l, i) => {
    const t = identityTransformStamped(i === 0 ? FRAME.baseLink : armLinkFrame(i - 1), armLinkFrame(i));
    const origin = i === 0 ? params.mount_m : offsets[i - 1]!;
    t.transform.translation.x = origin[0];
    t.transform.translation.y = origin[1];
    t.transform.translation.z = origin[2];
    return t;
  });
  const tool = identityTransformStamped(armLinkFrame(n - 1), FRAME.tool);
  tool.transform.translation.x = offsets[n - 1]![0];
  tool.transform.translation.y = offsets[n - 1]![1];
  tool.transform.translation.z = offsets[n - 1]![2];
  const tf: TFMessage = { transforms: [...links, tool] };
  const cmd = emptyFloat64MultiArray(command.size, 'joints');

  return {
    topics: [
      [TOPIC.jointStates, MSG.JointState],
      [TOPIC.tf, MSG.TFMessage],
      [commandTopic, MSG.Float64MultiArray],
      [TOPIC.scene, MSG.MarkerArray],
    ],

    episodeStart(sink: MessageSink, _seed: number, t_ns: number, stamp: bigint): void {
      const scene = emptyMarkerArray();
      scene.markers = obstacleMarkers(t.scene(), FRAME.baseLink, t_ns);
      const target = t.taskValues?.['target_position'];
      if (target !== undefined && target.length === 3) scene.markers.push(sphereMarker(SCENE_NS.target, 0, target, opts.targetDiameter_m ?? 0.04, FRAME.baseLink, t_ns, TARGET_COLOR));
      params.links.forEach((l, i) => {
        const d = directionVector(l.direction);
        const along = (k: number) => (d[k] !== 0 ? l.length_m : l.width_m);
        scene.markers.push(boxMarker(SCENE_NS.arm, i, offsets[i]!.map((x) => x / 2), [along(0), along(1), along(2)], armLinkFrame(i), t_ns, ARM_COLOR, true));
      });
      if (params.pedestalWidth_m > 0) {
        const [mx, my, mz] = params.mount_m;
        scene.markers.push(boxMarker(SCENE_NS.arm, n, [mx, my, mz / 2], [params.pedestalWidth_m, params.pedestalWidth_m, mz], FRAME.baseLink, t_ns, ARM_COLOR, false));
      }
      sink.write(TOPIC.scene, stamp, scene);
    },

    observed(sink: MessageSink, obs: Channels, t_ns: number, stamp: bigint): void {
      const q = obs['joint_position']!, qd = obs['joint_velocity']!, tau = obs['joint_effort']!;
      setTime(joints.header.stamp, t_ns);
      for (let i = 0; i < n; i++) {
        joints.position[i] = q[i]!;
        joints.velocity[i] = qd[i]!;
        joints.effort[i] = tau[i]!;
        const t = links[i]!;
        t.header.stamp.sec = joints.header.stamp.sec;
        t.header.stamp.nanosec = joints.header.stamp.nanosec;
        const a = axes[i]!, s = Math.sin(q[i]! / 2);
        const r = t.transform.rotation;
        r.x = a[0] * s;
        r.y = a[1] * s;
        r.z = a[2] * s;
        r.w = Math.cos(q[i]! / 2);
      }
      tool.header.stamp.sec = joints.header.stamp.sec;
      tool.header.stamp.nanosec = joints.header.stamp.nanosec;
      sink.write(TOPIC.jointStates, stamp, joints);
      sink.write(TOPIC.tf, stamp, tf);
    },

    commanded(sink: MessageSink, action: Channels, _t_ns: number, stamp: bigint): void {
      const u = action[command.name]!;
      for (let i = 0; i < u.length; i++) cmd.data[i] = u[i]!;
      sink.write(commandTopic, stamp, cmd);
    },
  };
}
