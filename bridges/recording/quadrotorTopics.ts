/**
 * The standard topics of a simulated quadrotor (a body reporting `QuadrotorTelemetry`, such as
 * `QuadrotorBody`), filled from its observation
 * and action channels — what the body reported and what it was told — so a recording replays
 * exactly what the controller saw:
 *  - `/odom` and `/tf` (odom → base_link) from `odom_position`, `odom_orientation`,
 *    `odom_linear_velocity`, `odom_angular_velocity` (the simulator is already in the ROS frame:
 *    world ENU, body FLU; the twist is in the body frame as REP-105 asks);
 *  - `/scan` (frame `lidar`) from the lidar channel, with the lidar's geometry; `/tf_static`
 *    base_link → lidar from its mount;
 *  - `/event_camera/events` (event_camera_msgs/EventPacket, `mono`, frame `event_camera`) when
 *    the body has an event camera with an event list: the events since the last observation,
 *    drained from the camera (eventPacketTopic.ts; the channels only carry per-pixel counts);
 *  - `/imu` (frame base_link) from `imu_angular_velocity` / `imu_linear_acceleration` when the
 *    body has an IMU (no orientation estimate: orientation_covariance[0] = −1, REP-145);
 *  - `/spikeloop/rotors`: the rotors' actual speeds (rad/s, airframe order), read from the
 *    simulation (no channel carries them);
 *  - `/cmd_vel` from `cmd_linear` / `cmd_yaw_rate` at the velocity command level (other levels:
 *    one Float64MultiArray per actuator channel on `/spikeloop/command/<channel>`);
 *  - `/spikeloop/scene`: the world's solids and, when the scenario describes one, the goal
 *    sphere, frame `odom`.
 * Messages are preallocated; array fields that mirror a channel reference the channel itself.
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { SceneDescription } from '../../loop/sceneDescription.js';
import type { QuadrotorTelemetry } from '../../sim/bodyTelemetry.js';
import type { LidarParams } from '../../sim/sensors/lidar.js';
import { setTime } from '../ros2/messages/builtinInterfaces.js';
import { identityTransformStamped, zeroTwist } from '../ros2/messages/geometryMsgs.js';
import { MSG } from '../ros2/messages/messageTypes.js';
import { identityOdometry } from '../ros2/messages/navMsgs.js';
import { emptyLaserScan, zeroImu } from '../ros2/messages/sensorMsgs.js';
import { emptyFloat64MultiArray } from '../ros2/messages/stdMsgs.js';
import type { TFMessage } from '../ros2/messages/tf2Msgs.js';
import { emptyMarkerArray } from '../ros2/messages/visualizationMsgs.js';
import { EventPacketWriter } from './eventPacketTopic.js';
import type { MessageSink } from './messageSink.js';
import type { RobotTopics } from './robotTopics.js';
import { GOAL_COLOR, obstacleMarkers, sphereMarker } from './sceneMarkers.js';
import { FRAME, SCENE_NS, TOPIC } from './standardTopics.js';

export interface QuadrotorTopicOptions {
  /** The scenario's description of episode `seed` (its goal sphere). @default no goal marker */
  readonly scene?: (seed: number) => SceneDescription;
  /** Diameter of the goal sphere (m). @default 0.5 */
  readonly goalDiameter_m?: number;
}

/** What the quadrotor topics read: the body's channels and its telemetry (a QuadrotorBody is one). */
export interface QuadrotorLike {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  telemetry(): QuadrotorTelemetry;
}

function has(specs: readonly ChannelSpec[], name: string, size: number): boolean {
  return specs.some((s) => s.name === name && s.size === size);
}

export function quadrotorTopics(q: QuadrotorLike, opts: QuadrotorTopicOptions = {}): RobotTopics {
  const sensors = q.sensors;
  const t = q.telemetry();
  for (const [name, size] of [
    ['odom_position', 3],
    ['odom_orientation', 4],
    ['odom_linear_velocity', 3],
    ['odom_angular_velocity', 3],
  ] as const) {
    if (!has(sensors, name, size)) throw new RangeError(`quadrotorTopics: the body has no '${name}' [${size}] channel; /odom and /tf need the odometry sensor`);
  }
  const lidar: LidarParams | null = t.lidar;
  const lidarName = lidar ? (lidar.name ?? 'lidar') : null;
  const hasImu = has(sensors, 'imu_angular_velocity', 3) && has(sensors, 'imu_linear_acceleration', 3);
  const velocityLevel = q.actuators.some((a) => a.name === 'cmd_linear') && q.actuators.some((a) => a.name === 'cmd_yaw_rate');
  const rotorCount = t.rotorCount;

  const odom = identityOdometry(FRAME.odom, FRAME.baseLink);
  const tfBody = identityTransformStamped(FRAME.odom, FRAME.baseLink);
  const tf: TFMessage = { transforms: [tfBody] };
  const scan = lidar ? emptyLaserScan(0, FRAME.lidar) : null;
  if (lidar && scan) {
    // LaserScan's fields are float32: rounded here so a recording decodes to exactly what was sent.
    const inc = lidar.angleIncrement_rad ?? (2 * Math.PI) / lidar.beams;
    const min = lidar.angleMin_rad ?? -Math.PI;
    scan.angle_min = Math.fround(min);
    scan.angle_increment = Math.fround(inc);
    scan.angle_max = Math.fround(min + (lidar.beams - 1) * inc);
    scan.range_min = Math.fround(lidar.rangeMin_m);
    scan.range_max = Math.fround(lidar.rangeMax_m);
  }
  const imu = hasImu ? zeroImu(FRAME.baseLink) : null;
  const events = t.eventCamera ? new EventPacketWriter(t.eventCamera, FRAME.eventCamera) : null;
  if (imu) imu.orientation_covariance[0] = -1;
  const rotors = emptyFloat64MultiArray(rotorCount, 'rotor');
  const cmdVel = zeroTwist();
  const genericCommands = velocityLevel ? [] : q.actuators.map((a) => ({ name: a.name, topic: `/spikeloop/command/${a.name}`, msg: emptyFloat64MultiArray(a.size, a.name) }));

  const topics: [string, string][] = [
    [TOPIC.odom, MSG.Odometry],
    [TOPIC.tf, MSG.TFMessage],
    [TOPIC.rotors, MSG.Float64MultiArray],
    [TOPIC.scene, MSG.MarkerArray],
  ];
  if (scan) topics.push([TOPIC.scan, MSG.LaserScan], [TOPIC.tfStatic, MSG.TFMessage]);
  if (imu) topics.push([TOPIC.imu, MSG.Imu]);
  if (events) topics.push([TOPIC.events, MSG.EventPacket]);
  if (velocityLevel) topics.push([TOPIC.cmdVel, MSG.Twist]);
  for (const g of genericCommands) topics.push([g.topic, MSG.Float64MultiArray]);

  return {
    topics,

    episodeStart(sink: MessageSink, seed: number, t_ns: number, stamp: bigint): void {
      events?.episodeStart(t_ns);
      if (lidar) {
        const mount = identityTransformStamped(FRAME.baseLink, FRAME.lidar);
        setTime(mount.header.stamp, t_ns);
        const m = lidar.mount_m ?? [0, 0, 0];
        mount.transform.translation.x = m[0];
        mount.transform.translation.y = m[1];
        mount.transform.translation.z = m[2];
        sink.write(TOPIC.tfStatic, stamp, { transforms: [mount] });
      }
      const scene = emptyMarkerArray();
      scene.markers = obstacleMarkers(t.scene(), FRAME.odom, t_ns);
      const goal = opts.scene?.(seed).goal_m;
      if (goal !== undefined) {
        scene.markers.push(sphereMarker(SCENE_NS.goal, 0, goal, opts.goalDiameter_m ?? 0.5, FRAME.odom, t_ns, GOAL_COLOR));
      }
      sink.write(TOPIC.scene, stamp, scene);
    },

    observed(sink: MessageSink, obs: Channels, t_ns: number, stamp: bigint): void {
      const p = obs['odom_position']!, o = obs['odom_orientation']!, v = obs['odom_linear_velocity']!, w = obs['odom_angular_velocity']!;
      setTime(odom.header.stamp, t_ns);
      const pose = odom.pose.pose;
      pose.position.x = p[0]!;
      pose.position.y = p[1]!;
      pose.position.z = p[2]!;
      pose.orientation.x = o[0]!;
      pose.orientation.y = o[1]!;
      pose.orientation.z = o[2]!;
      pose.orientation.w = o[3]!;
      const tw = odom.twist.twist;
      tw.linear.x = v[0]!;
      tw.linear.y = v[1]!;
      tw.linear.z = v[2]!;
      tw.angular.x = w[0]!;
      tw.angular.y = w[1]!;
      tw.angular.z = w[2]!;
      sink.write(TOPIC.odom, stamp, odom);

      tfBody.header.stamp.sec = odom.header.stamp.sec;
      tfBody.header.stamp.nanosec = odom.header.stamp.nanosec;
      const tr = tfBody.transform;
      tr.translation.x = pose.position.x;
      tr.translation.y = pose.position.y;
      tr.translation.z = pose.position.z;
      tr.rotation.x = pose.orientation.x;
      tr.rotation.y = pose.orientation.y;
      tr.rotation.z = pose.orientation.z;
      tr.rotation.w = pose.orientation.w;
      sink.write(TOPIC.tf, stamp, tf);

      if (scan && lidarName) {
        scan.header.stamp.sec = odom.header.stamp.sec;
        scan.header.stamp.nanosec = odom.header.stamp.nanosec;
        scan.ranges = obs[lidarName]!;
        sink.write(TOPIC.scan, stamp, scan);
      }
      if (imu) {
        const g = obs['imu_angular_velocity']!, a = obs['imu_linear_acceleration']!;
        imu.header.stamp.sec = odom.header.stamp.sec;
        imu.header.stamp.nanosec = odom.header.stamp.nanosec;
        imu.angular_velocity.x = g[0]!;
        imu.angular_velocity.y = g[1]!;
        imu.angular_velocity.z = g[2]!;
        imu.linear_acceleration.x = a[0]!;
        imu.linear_acceleration.y = a[1]!;
        imu.linear_acceleration.z = a[2]!;
        sink.write(TOPIC.imu, stamp, imu);
      }
      if (events) sink.write(TOPIC.events, stamp, events.fill(t_ns));
      t.rotorSpeeds(rotors.data);
      sink.write(TOPIC.rotors, stamp, rotors);
    },

    commanded(sink: MessageSink, action: Channels, _t_ns: number, stamp: bigint): void {
      if (velocityLevel) {
        const lin = action['cmd_linear']!, yaw = action['cmd_yaw_rate']!;
        cmdVel.linear.x = lin[0]!;
        cmdVel.linear.y = lin[1]!;
        cmdVel.linear.z = lin[2]!;
        cmdVel.angular.z = yaw[0]!;
        sink.write(TOPIC.cmdVel, stamp, cmdVel);
        return;
      }
      for (let k = 0; k < genericCommands.length; k++) {
        const g = genericCommands[k]!;
        const src = action[g.name]!;
        for (let i = 0; i < src.length; i++) g.msg.data[i] = src[i]!;
        sink.write(g.topic, stamp, g.msg);
      }
    },
  };
}
