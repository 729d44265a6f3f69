/**
 * Whether ROS 2 can be used here, checked before rclnodejs is touched: importing rclnodejs
 * without a sourced ROS 2 environment makes it try to compile (and delete) its native build,
 * so the check comes first and fails with one message saying what is missing and the two
 * commands that fix it.
 */

import type { ResolveOptions } from './rclnodejsLocation.js';
import { importRclnodejs, rclnodejsMissingMessage, resolveRclnodejs, setupCommand } from './rclnodejsLocation.js';

export class RosEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosEnvironmentError';
  }
}

/** The two commands that fix a missing ROS 2 or rclnodejs (the setup command depends on where we run). */
const fix = (): string =>
  `To run against ROS 2:\n  source /opt/ros/<distro>/setup.bash   (your ROS 2 install, e.g. jazzy)\n  ${setupCommand()}   (installs rclnodejs where spikeloop finds it and checks it)\n` +
  'Without ROS 2, the same nodes run in one process over an in-process graph: spikeloop launch <file.launch.yaml> (e.g. launch/sim_drone_forest.launch.yaml)';

/** Null when a ROS 2 environment is sourced, else the message of a RosEnvironmentError. */
export function rosEnvironmentProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!env.ROS_DISTRO) return `no ROS 2 environment is sourced (ROS_DISTRO is not set). ${fix()}`;
  if (!env.AMENT_PREFIX_PATH) return `the ROS 2 environment looks incomplete (ROS_DISTRO=${env.ROS_DISTRO} but AMENT_PREFIX_PATH is not set). ${fix()}`;
  return null;
}

export function requireRosEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const p = rosEnvironmentProblem(env);
  if (p !== null) throw new RosEnvironmentError(p);
}

/**
 * Loads rclnodejs after the environment check — found by the normal lookup or in the prefix
 * `spikeloop ros setup` installs into (rclnodejsLocation.ts); a RosEnvironmentError naming the
 * setup command if it is in neither.
 */
export async function loadRclnodejs(o: ResolveOptions = {}): Promise<unknown> {
  const env = o.env ?? process.env;
  requireRosEnvironment(env);
  const r = resolveRclnodejs(o);
  if (!r.found) throw new RosEnvironmentError(rclnodejsMissingMessage(r, env));
  try {
    return await importRclnodejs(r);
  } catch (e) {
    throw new RosEnvironmentError(`rclnodejs (${r.path}) failed to load with ROS 2 ${env.ROS_DISTRO}: ${(e as Error).message}\nIf it was never built (installed with --ignore-scripts) or was built for another distro, build it again with this one sourced:\n  ${setupCommand({ args: '--reinstall' })}`);
  }
}
