/**
 * `weak-actuator:<channel>[=<gain>]…` / `<channel>[i]=<gain>` — actuator elements scaled by a
 * gain ≥ 0 before the body sees them: `weak-actuator:cmd_linear[1]=0.6` is a drone whose lateral
 * thrust reaches 60 % of what is commanded, `weak-actuator:joint_velocity_target[0]=0.5` an arm
 * whose shoulder runs at half speed. Several targets may be given; a gain > 1 is a stronger one.
 */
import { withActuatorTransform } from '../../loop/wrappers/withActuatorTransform.js';
import type { Perturbation } from './perturbation.js';
import { setChannelValue } from './setChannelValue.js';

export const WEAK_ACTUATOR: Perturbation = {
  name: 'weak-actuator',
  summary: 'actuator elements scaled by a gain ≥ 0, e.g. weak-actuator:cmd_linear=0.6',
  usage: 'weak-actuator:<channel>[<i>]=<gain ≥ 0>[,…]',
  bodyKinds: ['quadrotor', 'arm'],
  apply(body, args) {
    const targets = args.takeKeyed();
    args.done();
    if (targets.length === 0) args.fail('name an actuator and its gain, e.g. weak-actuator:cmd_linear=0.6');
    let b = body;
    // One wrapper per channel, its gains gathered from every target on it.
    const gains = new Map<string, Float64Array>();
    for (const [key, value] of targets) {
      const t = args.target(body, 'actuator', key);
      const g = args.checkNumber(`gain of '${key}'`, value, { min: 0 });
      setChannelValue(gains, t, g, 1);
    }
    for (const [channel, gain] of gains) b = withActuatorTransform(b, { channel, gain });
    return b;
  },
};
