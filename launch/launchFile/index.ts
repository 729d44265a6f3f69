/** ROS 2 YAML launch files, read without ROS 2: the processes they start, with their command lines. */
export { shellSplit, splitCommandLine } from './commandLine.js';
export { asLaunchValue, coerceLaunchValue, formatRosParameter, yamlEvaluate } from './launchValue.js';
export type { LaunchScalar, LaunchValue } from './launchValue.js';
export { loadLaunchFile } from './loadLaunchFile.js';
export type { LaunchArgument, LaunchPlan, LaunchProcess, LoadLaunchOptions } from './loadLaunchFile.js';
export { evaluateTemplate, parseTemplate, substitute } from './substitution.js';
export type { Substitution, SubstitutionScope, TemplatePart } from './substitution.js';
