/**
 * `spikeloop ros …`: the ROS 2 nodes — `controller` (a controller driving a robot through a
 * robot profile) and `sim` (the simulator as a ROS 2 robot) — and `setup` (installs rclnodejs). Run as their own processes they
 * use rclnodejs, after checking that a ROS 2 environment is sourced; under `spikeloop launch`
 * they share the launcher's in-process graph. `--ros-args …` are taken off the command line
 * before the options are parsed (runCli) and applied as rcl does.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { defaultRosContext } from '../ros/defaultRosContext.js';
import type { RosContext } from '../rosContext.js';
import { registerRosController } from './rosController.js';
import { registerRosSim } from './rosSim.js';
import { registerRosSetup } from './rosSetup.js';

export function registerRos(program: Command, io: CliIo, catalog: ExperimentCatalog, ctx: RosContext | undefined, rosArgs: readonly string[]): void {
  const ros = program
    .command('ros')
    .description('ROS 2 nodes: a controller driving a robot, the simulator as a robot (needs a sourced ROS 2, or spikeloop launch)')
    .addHelpText('after', `
Without 'spikeloop launch', these commands need a sourced ROS 2 environment and rclnodejs:
  source /opt/ros/<distro>/setup.bash
  npx spikeloop ros setup      (installs rclnodejs into .ros2-deps: 'npm install rclnodejs' does nothing in a clone)
ROS arguments go after --ros-args, as for any ROS 2 node:
  $ spikeloop ros sim drone-forest-v1 --lockstep --ros-args -r __ns:=/sim`);
  const context = () => ctx ?? defaultRosContext(rosArgs);
  registerRosController(ros, io, catalog, context, () => rosArgs);
  registerRosSim(ros, io, catalog, context, () => rosArgs);
  registerRosSetup(ros, io);
}
