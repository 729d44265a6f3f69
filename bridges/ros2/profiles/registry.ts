/**
 * The built-in robot profiles by name, and `loadProfile(nameOrFile)`: a built-in name, or a
 * YAML/JSON profile file validated with located errors, compiled for the loop.
 */
import { existsSync } from 'node:fs';
import { loadSpecFile, validateSpec } from '../../../loop/specFile.js';
import type { CompiledProfile } from '../mapping/compileProfile.js';
import { compileProfile } from '../mapping/compileProfile.js';
import type { RobotProfileInput } from '../mapping/profileSchema.js';
import { profileSchema } from '../mapping/profileSchema.js';
import { ARM_EFFORT, ARM_TRAJECTORY, ARM_VELOCITY } from './armJoints.js';
import { CRAZYFLIE } from './crazyflie.js';
import { GENERIC_DRONE } from './genericDrone.js';
import { MAVROS } from './mavros.js';
import { PX4 } from './px4.js';

export const PROFILES: readonly RobotProfileInput[] = [GENERIC_DRONE, CRAZYFLIE, PX4, MAVROS, ARM_VELOCITY, ARM_EFFORT, ARM_TRAJECTORY];

/** A built-in profile by name, or a profile file; a RangeError/SpecError says what is wrong. */
export function loadProfile(nameOrFile: string): CompiledProfile {
  const builtIn = PROFILES.find((p) => p.name === nameOrFile);
  if (builtIn) return compileProfile(validateSpec(profileSchema, builtIn, `built-in profile '${nameOrFile}'`), `built-in profile '${nameOrFile}'`);
  if (!/\.(ya?ml|json)$/i.test(nameOrFile) && !existsSync(nameOrFile)) {
    throw new RangeError(`unknown robot profile '${nameOrFile}': expected one of ${PROFILES.map((p) => p.name).join(', ')}, or a .yaml/.json profile file`);
  }
  return compileProfile(loadSpecFile(profileSchema, nameOrFile), nameOrFile);
}
