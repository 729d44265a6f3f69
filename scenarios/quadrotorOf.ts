/** The `QuadrotorBody` under a (possibly wrapped) body, for tasks that read ground truth. */
import type { Body } from '../loop/body.js';
import { findBodyLayer } from '../loop/wrappers/bodyWrapper.js';
import { QuadrotorBody } from '../sim/quadrotor/quadrotorBody.js';

export function quadrotorOf(body: Body, scenario: string): QuadrotorBody {
  const q = findBodyLayer(body, QuadrotorBody);
  if (!q) throw new TypeError(`${scenario}: the body is not a QuadrotorBody (nor wraps one)`);
  return q;
}
