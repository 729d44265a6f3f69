/**
 * Plausible sensor messages for the bridge benchmarks, drawn from a seeded stream: odometry
 * (nav_msgs/Odometry, ENU/FLU) or PX4 vehicle odometry (NED/FRD) of a drone flying level with a
 * random heading and a slight tilt, and a 37-beam front scan (−90° … +90°, 5° apart, the
 * simulated lidar's) with ranges in [0.3, 5] m and some beams without return (+Inf).
 */
import type { Odometry } from '../../bridges/ros2/messages/navMsgs.js';
import { identityOdometry } from '../../bridges/ros2/messages/navMsgs.js';
import type { VehicleOdometry } from '../../bridges/ros2/messages/px4Msgs.js';
import { PX4_POSE_FRAME, PX4_VELOCITY_FRAME, zeroVehicleOdometry } from '../../bridges/ros2/messages/px4Msgs.js';
import type { LaserScan } from '../../bridges/ros2/messages/sensorMsgs.js';
import { emptyLaserScan } from '../../bridges/ros2/messages/sensorMsgs.js';
import { Rng } from '../../loop/rng.js';

export const SCAN_BEAMS = 37;

/** A unit quaternion (w, x, y, z) of yaw ψ about z, then a small roll/pitch tilt. */
function attitude(rng: Rng): [number, number, number, number] {
  const yaw = rng.range(-Math.PI, Math.PI);
  const roll = rng.gauss(0, 0.05);
  const pitch = rng.gauss(0, 0.05);
  const [cy, sy, cp, sp, cr, sr] = [Math.cos(yaw / 2), Math.sin(yaw / 2), Math.cos(pitch / 2), Math.sin(pitch / 2), Math.cos(roll / 2), Math.sin(roll / 2)];
  return [cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy, cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy];
}

export function odometryMessages(n: number, seed: number): Odometry[] {
  const rng = new Rng(seed, 'bench-odometry');
  return Array.from({ length: n }, (_, k) => {
    const m = identityOdometry('odom', 'base_link');
    m.header.stamp = { sec: 0, nanosec: k };
    const [w, x, y, z] = attitude(rng);
    m.pose.pose.position = { x: rng.range(-1, 20), y: rng.range(-5, 5), z: rng.range(0.5, 2) };
    m.pose.pose.orientation = { x, y, z, w };
    m.twist.twist.linear = { x: rng.range(0, 2), y: rng.gauss(0, 0.3), z: rng.gauss(0, 0.1) };
    m.twist.twist.angular = { x: rng.gauss(0, 0.1), y: rng.gauss(0, 0.1), z: rng.gauss(0, 0.5) };
    return m;
  });
}

export function px4OdometryMessages(n: number, seed: number): VehicleOdometry[] {
  const rng = new Rng(seed, 'bench-px4-odometry');
  return Array.from({ length: n }, (_, k) => {
    const m = zeroVehicleOdometry();
    m.timestamp = BigInt(k);
    m.timestamp_sample = BigInt(k);
    m.pose_frame = PX4_POSE_FRAME.NED;
    m.velocity_frame = PX4_VELOCITY_FRAME.NED;
    m.position.set([rng.range(-5, 5), rng.range(-1, 20), -rng.range(0.5, 2)]);
    m.q.set(attitude(rng));
    m.velocity.set([rng.gauss(0, 0.3), rng.range(0, 2), rng.gauss(0, 0.1)]);
    m.angular_velocity.set([rng.gauss(0, 0.1), rng.gauss(0, 0.1), rng.gauss(0, 0.5)]);
    return m;
  });
}

export function scanMessages(n: number, seed: number): LaserScan[] {
  const rng = new Rng(seed, 'bench-scan');
  return Array.from({ length: n }, (_, k) => {
    const m = emptyLaserScan(SCAN_BEAMS, 'lidar');
    m.header.stamp = { sec: 0, nanosec: k };
    m.angle_min = Math.fround(-Math.PI / 2);
    m.angle_increment = Math.fround(Math.PI / 36);
    m.angle_max = Math.fround(Math.PI / 2);
    m.range_min = Math.fround(0.05);
    m.range_max = 5;
    for (let i = 0; i < SCAN_BEAMS; i++) m.ranges[i] = rng.uniform() < 0.2 ? Infinity : rng.range(0.3, 5);
    return m;
  });
}

/** `n` messages of the ROS 2 type an input of a drone profile reads, or null for a type this file does not make. */
export function messagesOfType(type: string, n: number, seed: number): unknown[] | null {
  switch (type) {
    case 'nav_msgs/msg/Odometry':
      return odometryMessages(n, seed);
    case 'px4_msgs/msg/VehicleOdometry':
      return px4OdometryMessages(n, seed);
    case 'sensor_msgs/msg/LaserScan':
      return scanMessages(n, seed);
    default:
      return null;
  }
}
