/**
 * Every perturbation by name: the built-in ones, then those a program registers. Module state on
 * purpose, like the scenario registry: registering is a program's set-up step. Worker threads
 * load only the built-in ones (a job carries spec strings, parsed in the worker), so a
 * perturbation registered at run time works with one worker thread (the in-process pool).
 */
import { didYouMean } from '../../loop/suggestName.js';
import { DEAD_BEAMS } from './deadBeams.js';
import { MIRROR_LIDAR } from './mirrorLidar.js';
import { MISCALIBRATED_YAW } from './miscalibratedYaw.js';
import type { Perturbation } from './perturbation.js';
import { PerturbationError } from './perturbation.js';
import { PERMUTE_LIDAR } from './permuteLidar.js';
import { SENSOR_OFFSET } from './sensorOffset.js';
import { SIGN_FLIP } from './signFlip.js';
import { WEAK_ACTUATOR } from './weakActuator.js';

const REGISTERED: Perturbation[] = [MIRROR_LIDAR, PERMUTE_LIDAR, DEAD_BEAMS, WEAK_ACTUATOR, SIGN_FLIP, MISCALIBRATED_YAW, SENSOR_OFFSET];

/** Every perturbation: the built-in ones, then those registered by `registerPerturbation`. */
export const PERTURBATIONS: readonly Perturbation[] = REGISTERED;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Registers a perturbation under its name; refuses a malformed or taken name. */
export function registerPerturbation(p: Perturbation): void {
  if (typeof p?.name !== 'string' || !NAME.test(p.name)) throw new RangeError(`registerPerturbation: name ${JSON.stringify(p?.name)} must be lower-case words joined by '-' (e.g. 'stuck-beam')`);
  if (REGISTERED.some((x) => x.name === p.name)) throw new RangeError(`registerPerturbation: '${p.name}' is already registered`);
  if (typeof p.apply !== 'function') throw new TypeError(`registerPerturbation('${p.name}'): apply must be a function (body, args) => body`);
  REGISTERED.push(p);
}

/** The perturbation named `name`, or an error listing the valid names. */
export function findPerturbation(name: string, where = `perturbation '${name}'`): Perturbation {
  const p = REGISTERED.find((x) => x.name === name);
  if (p) return p;
  const names = REGISTERED.map((x) => x.name);
  throw new PerturbationError(`${where}: unknown perturbation '${name}'${didYouMean(name, names)}; perturbations are: ${names.join(', ')}`);
}
