// A second ROS 2 process for the real-graph tests: echoes geometry_msgs/Twist from /spikeloop_test/ping
// to /spikeloop_test/pong. Plain JS on rclnodejs (only run when a ROS 2 environment is sourced).
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// As spikeloop looks for it: Node's normal resolution, then the prefix `spikeloop ros setup` installs into.
async function loadRclnodejs() {
  try {
    return (await import('rclnodejs')).default;
  } catch (e) {
    if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const prefix = process.env.SPIKELOOP_ROS2_DEPS ? resolve(process.env.SPIKELOOP_ROS2_DEPS) : join(root, '.ros2-deps');
    return createRequire(join(prefix, 'package.json'))('rclnodejs');
  }
}
const rclnodejs = await loadRclnodejs();

await rclnodejs.init();
const node = new rclnodejs.Node('spikeloop_echo');
const pub = node.createPublisher('geometry_msgs/msg/Twist', '/spikeloop_test/pong');
node.createSubscription('geometry_msgs/msg/Twist', '/spikeloop_test/ping', (m) => pub.publish(m));
node.spin();
process.stdout.write('ready\n');
const stop = () => {
  node.destroy();
  rclnodejs.shutdown();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
