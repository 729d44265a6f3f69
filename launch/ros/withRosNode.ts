/**
 * The lifecycle every `spikeloop ros …` node shares: get the transport (a missing ROS 2
 * environment becomes one clear CLI error, no stack trace), create the node with the process's
 * ROS arguments, run, and always close the node, shut down a transport it owns and release the
 * signal handlers.
 */
import { RosEnvironmentError } from '../../bridges/ros2/transport/rosEnvironment.js';
import type { RosNode, RosNodeOptions } from '../../bridges/ros2/transport/transport.js';
import { CliError } from '../cliError.js';
import type { RosContext } from '../rosContext.js';
import { stopSignal } from './stopSignal.js';

export async function withRosNode<T>(ctx: RosContext, options: RosNodeOptions, run: (node: RosNode, signal: AbortSignal) => Promise<T>): Promise<T> {
  let transport;
  try {
    transport = await ctx.transport();
  } catch (e) {
    if (e instanceof RosEnvironmentError) throw new CliError(e.message, 1);
    throw e;
  }
  const stop = stopSignal(ctx.signal);
  let node: RosNode;
  try {
    node = await transport.createNode(options);
  } catch (e) {
    stop.dispose();
    if (ctx.owned) await transport.shutdown();
    throw e instanceof RangeError ? new CliError(e.message, 2) : e;
  }
  try {
    return await run(node, stop.signal);
  } catch (e) {
    // e.g. a message type rclnodejs did not generate: one clear line, no stack trace
    throw e instanceof RosEnvironmentError ? new CliError(e.message, 1) : e;
  } finally {
    node.close();
    stop.dispose();
    if (ctx.owned) await transport.shutdown();
  }
}
