/**
 * `sign-flip:<channel>[<i>][,…]` — actuator elements reversed (gain −1): a motor wired the wrong
 * way round. `sign-flip:cmd_yaw_rate` turns the drone right when told left.
 */
import { withActuatorTransform } from '../../loop/wrappers/withActuatorTransform.js';
import type { Perturbation } from './perturbation.js';

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
      const t = args.target(body, 'actuator', text);
      let a = gains.get(t.channel.name);
      if (!a) gains.set(t.channel.name, (a = new Float64Array(t.channel.size).fill(1)));
      if (t.index === null) a.fill(-1);
      else a[t.index] = -1;
    }
    let b = body;
    for (const [channel, gain] of gains) b = withActuatorTransform(b, { channel, gain });
    return b;
  },
};
