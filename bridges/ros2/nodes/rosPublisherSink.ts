/**
 * A MessageSink that publishes on ROS 2: how the simulated robot's telemetry (its sensor
 * topics) goes out. Topics become relative to the node's namespace (`/odom` → `odom`, so a
 * namespaced simulator publishes `/ns/odom`), except the global ones (`/tf`, `/tf_static`,
 * `/diagnostics`). QoS by role: latched for what is written once (scene, static transforms),
 * best effort for sensors (depth 1000 for event packets, as the event-camera drivers), reliable otherwise. Topics the simulator node publishes itself
 * (`/clock`, reward, episode announcements) are skipped so nothing goes out twice.
 */
import type { MessageSink } from '../../recording/messageSink.js';
import type { QosName, RosNode, RosPublisher } from '../transport/transport.js';

const GLOBAL = new Set(['/tf', '/tf_static', '/diagnostics']);
const LATCHED = new Set(['/tf_static', '/spikeloop/scene']);
const SENSORS = new Set(['/odom', '/scan', '/imu', '/joint_states', '/range']);
/** Event packets: best effort, depth 1000, as the event-camera drivers publish them. */
const EVENTS = '/event_camera/events';

export function rosPublisherSink(node: RosNode, skip: ReadonlySet<string> = new Set()): MessageSink {
  const pubs = new Map<string, RosPublisher<unknown>>();
  return {
    channel(topic: string, type: string): void {
      if (skip.has(topic) || pubs.has(topic)) return;
      const qos: QosName = LATCHED.has(topic) ? 'latched' : SENSORS.has(topic) ? 'sensor_data' : topic === EVENTS ? 'event_data' : 'reliable';
      const name = GLOBAL.has(topic) ? topic : topic.replace(/^\//, '');
      pubs.set(topic, node.publisher(name, type, qos));
    },
    write(topic: string, _time_ns: bigint, message: unknown): void {
      pubs.get(topic)?.publish(message);
    },
  };
}
