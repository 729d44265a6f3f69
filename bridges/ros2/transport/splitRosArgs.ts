/* Its own file so the CLI can split its arguments without loading rcl's argument parser. */
/**
 * Splits a command line into user arguments and ROS arguments: everything between `--ros-args`
 * and the next `--` (or the end) is ROS arguments; there may be several such blocks. The flags
 * themselves are dropped; a `--` outside a ROS block stays a user argument.
 */
export function splitRosArgs(argv: readonly string[]): { args: string[]; rosArgs: string[] } {
  const args: string[] = [];
  const rosArgs: string[] = [];
  let inRos = false;
  for (const a of argv) {
    if (a === '--ros-args') inRos = true;
    else if (inRos && a === '--') inRos = false;
    else (inRos ? rosArgs : args).push(a);
  }
  return { args, rosArgs };
}
