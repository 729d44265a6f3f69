/**
 * `sensor-offset:<channel>[<i>]=<value>[,…]` — a constant offset, in the channel's unit, on
 * sensor elements (clamped to the channel's bounds; ±Inf readings unchanged): a miscalibrated
 * encoder (`sensor-offset:joint_position[1]=0.1`), a lidar reading 0.3 m short
 * (`sensor-offset:lidar=-0.3`).
 */
import { withSensorOffset } from '../../loop/wrappers/withSensorOffset.js';
import type { Perturbation } from './perturbation.js';
import { setChannelValue } from './setChannelValue.js';

export const SENSOR_OFFSET: Perturbation = {
  name: 'sensor-offset',
  summary: "constant offset on sensor elements, in the channel's unit, e.g. sensor-offset:joint_position[1]=0.1",
  usage: 'sensor-offset:<channel>[<i>]=<value>[,…]',
  bodyKinds: ['quadrotor', 'arm'],
  apply(body, args) {
    const targets = args.takeKeyed();
    args.done();
    if (targets.length === 0) args.fail('name a sensor and its offset, e.g. sensor-offset:joint_position[1]=0.1');
    const offsets = new Map<string, Float64Array>();
    for (const [key, value] of targets) {
      const t = args.target(body, 'sensor', key);
      const v = args.checkNumber(`offset of '${key}'`, value, { unit: t.channel.unit });
      setChannelValue(offsets, t, v, 0);
    }
    let b = body;
    for (const [channel, offset] of offsets) b = withSensorOffset(b, channel, offset);
    return b;
  },
};
