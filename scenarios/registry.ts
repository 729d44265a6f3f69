/**
 * Every scenario by versioned id. `findScenario` is how the CLI and tools look one up; an
 * unknown id gets an error listing the valid ones. The built-in scenarios are made by
 * `defineScenario` (defineScenario.ts), the one place their time limit is applied (Gymnasium's
 * `make` wrapping `TimeLimit`); test/scenarios/conformance.test.ts checks every entry.
 */
import type { Scenario } from './scenario.js';
import { DRONE_FOREST_V1 } from './droneForest.js';
import { DRONE_GUST_V1 } from './droneGust.js';
import { DRONE_CORRIDOR_V1 } from './droneCorridor.js';
import { ARM_REACH_V1 } from './armReach.js';
import { ARM_PAYLOAD_V1 } from './armPayload.js';
import { DRONE_FOREST_EVENTS_V1 } from './droneForestEvents.js';
import { DRONE_CORRIDOR_EVENTS_V1 } from './droneCorridorEvents.js';
import { DRONE_FOREST_MIRRORED_V1 } from './droneForestMirrored.js';
import { DRONE_FOREST_DEAD_BEAMS_V1 } from './droneForestDeadBeams.js';
import { DRONE_FOREST_WEAK_V1 } from './droneForestWeak.js';
import { ARM_REACH_WEAK_V1 } from './armReachWeak.js';

// Built-in scenarios, then those registered at run time (registerScenario). Module state on
// purpose, like Gymnasium's registry: registering is a program's set-up step.
const REGISTERED: Scenario[] = [
  DRONE_FOREST_V1,
  DRONE_CORRIDOR_V1,
  ARM_REACH_V1,
  DRONE_GUST_V1,
  ARM_PAYLOAD_V1,
  // The drone crossings seen through an event camera (issue 18).
  DRONE_FOREST_EVENTS_V1,
  DRONE_CORRIDOR_EVENTS_V1,
  // Body changes (perturbedScenario.ts): the scenarios above with a perturbed body.
  DRONE_FOREST_MIRRORED_V1,
  DRONE_FOREST_DEAD_BEAMS_V1,
  DRONE_FOREST_WEAK_V1,
  ARM_REACH_WEAK_V1,
];

/** Every scenario: the built-in ones, then those registered by `registerScenario`. */
export const SCENARIOS: readonly Scenario[] = REGISTERED;

/** A versioned id: lower-case words joined by '-', ending in `-v<N>` (`drone-goal-v1`). */
const SCENARIO_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*-v[0-9]+$/;

/**
 * Registers a scenario so `findScenario`, `makeEnv` and experiments (on one thread: worker
 * threads load only the built-in catalog) find it by id. Refuses an id that is not versioned
 * (`name-v1`), a taken id, and settings outside their ranges.
 */
export function registerScenario(s: Scenario): void {
  if (typeof s.id !== 'string' || !SCENARIO_ID.test(s.id)) {
    throw new RangeError(`registerScenario: id ${JSON.stringify(s.id)} must be versioned, e.g. 'drone-goal-v1' (lower-case words joined by '-', ending in -v<N>)`);
  }
  if (REGISTERED.some((x) => x.id === s.id)) throw new RangeError(`registerScenario: scenario '${s.id}' is already registered (a changed scenario gets a new version)`);
  if (!(Number.isFinite(s.controlRate_Hz) && s.controlRate_Hz > 0)) throw new RangeError(`registerScenario('${s.id}'): controlRate_Hz: expected a rate > 0 Hz, got ${s.controlRate_Hz}`);
  if (!(Number.isFinite(s.timeLimit_s) && s.timeLimit_s > 0)) throw new RangeError(`registerScenario('${s.id}'): timeLimit_s: expected a time > 0 s, got ${s.timeLimit_s}`);
  if (!(Number.isSafeInteger(s.training.batch) && s.training.batch >= 1)) throw new RangeError(`registerScenario('${s.id}'): training.batch: expected an integer ≥ 1, got ${s.training.batch}`);
  REGISTERED.push(s);
}

export function findScenario(id: string): Scenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) throw new RangeError(`unknown scenario '${id}'; scenarios are: ${SCENARIOS.map((x) => x.id).join(', ')}`);
  return s;
}
