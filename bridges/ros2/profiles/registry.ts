/**
 * The built-in robot profiles by name, and `loadProfile(nameOrFile)`: a built-in name, or a
 * YAML/JSON profile file validated with located errors, compiled for the loop.
 */
import { existsSync } from 'node:fs';
import { locateIssues, parseSpecText, readText, specFormatOf, validateSpec } from '../../../loop/specFile.js';
import { SpecError } from '../../../loop/specIssues.js';
import { reservedKeyIssues } from '../mapping/checkProfile.js';
import type { CompiledProfile } from '../mapping/compileProfile.js';
import { compileProfile } from '../mapping/compileProfile.js';
import type { RobotProfile, RobotProfileInput } from '../mapping/profileSchema.js';
import { profileSchema } from '../mapping/profileSchema.js';
import { ARM_EFFORT, ARM_TRAJECTORY, ARM_VELOCITY } from './armJoints.js';
import { CRAZYFLIE } from './crazyflie.js';
import { EVENT_DRONE } from './eventDrone.js';
import { GENERIC_DRONE } from './genericDrone.js';
import { MAVROS } from './mavros.js';
import { PX4 } from './px4.js';

export const PROFILES: readonly RobotProfileInput[] = [GENERIC_DRONE, CRAZYFLIE, PX4, MAVROS, ARM_VELOCITY, ARM_EFFORT, ARM_TRAJECTORY, EVENT_DRONE];

/**
 * Parsed profile data → a validated profile: no `__proto__` key anywhere, then the schema.
 * SpecErrors located in `text` when given.
 */
export function validateProfile(data: unknown, source: string, text?: string): RobotProfile {
  const reserved = reservedKeyIssues(data);
  if (reserved.length > 0) throw new SpecError(source, locateIssues(reserved, text));
  return validateSpec(profileSchema, data, source, text);
}

/**
 * A built-in profile by name, or a profile file; a RangeError/SpecError says what is wrong
 * (file:line:col, the path in the profile and what was expected), checked against the message
 * definitions before anything subscribes or publishes (compileProfile).
 */
export function loadProfile(nameOrFile: string): CompiledProfile {
  const builtIn = PROFILES.find((p) => p.name === nameOrFile);
  if (builtIn) {
    const source = `built-in profile '${nameOrFile}'`;
    return compileProfile(validateProfile(builtIn, source), source);
  }
  if (!/\.(ya?ml|json)$/i.test(nameOrFile) && !existsSync(nameOrFile)) {
    throw new RangeError(`unknown robot profile '${nameOrFile}': expected one of ${PROFILES.map((p) => p.name).join(', ')}, or a .yaml/.json profile file`);
  }
  const text = readText(nameOrFile);
  const data = parseSpecText(text, nameOrFile, specFormatOf(nameOrFile));
  return compileProfile(validateProfile(data, nameOrFile, text), nameOrFile, text);
}
