/**
 * `sign-flip:<channel>[<i>][,…]` — actuator elements reversed (gain −1): a motor wired the wrong
 * way round. `sign-flip:cmd_yaw_rate` turns the drone right when told left.
 */
import { withActuatorTransform } from '../../loop/wrappers/withActuatorTransform.js';
import type { Perturbation } from './perturbation.js';
import { setChannelValue } from './setChannelValue.js';

export const SIGN_FLIP: Perturbation = {
  name: 'sign-flip',
  summary: 'actuator elements reversed, e.g. sign-flip:cmd_yaw_rate',
  usage: 'sign-flip:<channel>[<i>][,…]',
  bodyKinds: ['quadrotor', 'arm'],
  apply(body, args) {
    const targets = args.takePositional();
    args.done();
    if (targets.length === 0) args.fail('name the actuator to reverse, e.g. sign-flip:cmd_yaw_rate');
    const gains = new Map<string, Float64Array>();
    for (const text of targets) {
      setChannelValue(gains, args.target(body, 'actuator', text), -1, 1);
    }
    let b = body;
    for (const [channel, gain] of gains) b = withActuatorTransform(b, { channel, gain });
    return b;
  },
};
