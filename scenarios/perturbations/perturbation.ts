/**
 * A perturbation: a named, parameterised change of a body — a mirrored or scrambled lidar, dead
 * beams, a weaker or sign-flipped actuator, a miscalibrated yaw, a sensor offset — applied as a
 * body wrapper (loop/wrappers) outside the simulation, so it acts the same on a simulated body
 * and on a real robot behind the ROS 2 bridge. It is named on the command line by a spec string,
 * `name[:arg,arg,…]` (`dead-beams:19-27`, `weak-actuator:cmd_linear[1]=0.6`), which is what an
 * episode job carries across worker threads: plain data, parsed and applied inside the worker.
 *
 * `apply` reads its arguments through `PerturbationArgs` (perturbationArgs.ts), which throws a
 * PerturbationError naming the spec for a bad or unknown argument, a value out of range, or a
 * body the perturbation does not fit (a lidar perturbation on an arm). A perturbation is a pure
 * function of its spec: deterministic (a seeded one takes its seed as an argument), and its
 * wrapper allocates nothing per step.
 */
import type { Body } from '../../loop/body.js';
import type { BodyKind } from '../../loop/bodyKind.js';
import type { PerturbationArgs } from './perturbationArgs.js';

export interface Perturbation {
  /** Lower-case words joined by '-': 'mirror-lidar'. */
  readonly name: string;
  /** One line for `spikeloop list` and the help. */
  readonly summary: string;
  /** The spec's form, e.g. `dead-beams:<i>[-<j>][,…][,channel=lidar]`. */
  readonly usage: string;
  /** The body kinds of the built-in scenarios it fits (informative: fit is checked on the body's channels). */
  readonly bodyKinds: readonly BodyKind[];
  /** `body` with the change applied (a wrapper around it); throws a PerturbationError for bad arguments or a misfit. */
  apply(body: Body, args: PerturbationArgs): Body;
}

/** A perturbation spec that cannot be used as written: unknown name, bad argument, or a body it does not fit. */
export class PerturbationError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'PerturbationError';
  }
}
