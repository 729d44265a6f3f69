/**
 * What the simulated robot listens to, by its actuator channels — the inverse of the robot
 * profiles' outputs: a velocity-level drone takes `cmd_vel` (geometry_msgs/Twist, body frame);
 * the arm takes its ros2_control forward command controller's topic (std_msgs/Float64MultiArray
 * `data`, one value per joint). Decoded with the same input mapping a controller uses, so a
 * NaN or a wrong length is caught the same way.
 */
import type { ChannelSpec } from '../../../loop/channels.js';
import type { InputSpec } from '../mapping/profileSchema.js';
import { inputSchema } from '../mapping/profileSchema.js';

function has(actuators: readonly ChannelSpec[], name: string): ChannelSpec | undefined {
  return actuators.find((a) => a.name === name);
}

/** The command topic(s) of a simulated body, or a RangeError naming its actuators. */
export function simCommandInput(actuators: readonly ChannelSpec[]): InputSpec {
  const raw = (() => {
    if (has(actuators, 'cmd_linear') && has(actuators, 'cmd_yaw_rate') && actuators.length === 2) {
      return {
        topic: 'cmd_vel',
        type: 'geometry_msgs/msg/Twist',
        qos: 'reliable',
        channels: [
          { channel: 'cmd_linear', unit: 'm/s', fields: ['linear.x', 'linear.y', 'linear.z'] },
          { channel: 'cmd_yaw_rate', unit: 'rad/s', fields: ['angular.z'] },
        ],
      };
    }
    const joint = actuators.length === 1 ? actuators[0]! : undefined;
    if (joint?.name === 'joint_velocity_target' || joint?.name === 'joint_torque') {
      const controller = joint.name === 'joint_torque' ? 'forward_effort_controller' : 'forward_velocity_controller';
      return {
        topic: `/${controller}/commands`,
        type: 'std_msgs/msg/Float64MultiArray',
        qos: 'reliable',
        channels: [{ channel: joint.name, unit: joint.unit, array: 'data', size: joint.size }],
      };
    }
    throw new RangeError(`the simulated robot's actuators (${actuators.map((a) => `${a.name}[${a.size}]`).join(', ')}) have no ROS 2 command topic; expected cmd_linear + cmd_yaw_rate (cmd_vel) or joint_velocity_target / joint_torque (ros2_control)`);
  })();
  return inputSchema.parse(raw);
}
