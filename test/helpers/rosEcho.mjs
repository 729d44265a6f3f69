// A second ROS 2 process for the real-graph tests: echoes geometry_msgs/Twist from /spikeloop_test/ping
// to /spikeloop_test/pong. Plain JS on rclnodejs (only run when a ROS 2 environment is sourced).
import rclnodejs from 'rclnodejs';

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
