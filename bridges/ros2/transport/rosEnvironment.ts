/**
 * Whether ROS 2 can be used here, checked before rclnodejs is touched: importing rclnodejs
 * without a sourced ROS 2 environment makes it try to compile (and delete) its native build,
 * so the check comes first and fails with one message saying what is missing and the two
 * commands that fix it.
 */

export class RosEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosEnvironmentError';
  }
}

const FIX = 'To run against ROS 2:\n  source /opt/ros/<distro>/setup.bash   (your ROS 2 install, e.g. jazzy)\n  npm install rclnodejs';

/** Null when a ROS 2 environment is sourced, else the message of a RosEnvironmentError. */
export function rosEnvironmentProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!env.ROS_DISTRO) return `no ROS 2 environment is sourced (ROS_DISTRO is not set). ${FIX}`;
  if (!env.AMENT_PREFIX_PATH) return `the ROS 2 environment looks incomplete (ROS_DISTRO=${env.ROS_DISTRO} but AMENT_PREFIX_PATH is not set). ${FIX}`;
  return null;
}

export function requireRosEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const p = rosEnvironmentProblem(env);
  if (p !== null) throw new RosEnvironmentError(p);
}

/** Loads rclnodejs after the environment check; a RosEnvironmentError if it is not installed. */
export async function loadRclnodejs(): Promise<unknown> {
  requireRosEnvironment();
  const name = 'rclnodejs'; // not a literal import: TypeScript must not need its types to build spikeloop
  try {
    const m = (await import(name)) as { default?: unknown };
    return m.default ?? m;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new RosEnvironmentError(`rclnodejs is not installed (ROS 2 ${process.env.ROS_DISTRO} is sourced). Install it with the ROS 2 environment sourced:\n  npm install rclnodejs`);
    }
    throw new RosEnvironmentError(`rclnodejs failed to load with ROS 2 ${process.env.ROS_DISTRO}: ${(e as Error).message}`);
  }
}
