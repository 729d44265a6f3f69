/**
 * How the project's scenarios are made (Gymnasium's `make` applying `TimeLimit` from the
 * registered `max_episode_steps`): a scenario's definition judges an episode — reward terms,
 * termination, metrics — and `defineScenario` adds the time limit, the one place it is applied:
 * its `createTask` is the definition's task wrapped with `withTimeLimit(·, timeLimit_s)`
 * (truncated at the first control step whose time reaches the limit, unless the task already
 * ended the episode). Every scenario in the registry (registry.ts) is made here; the
 * conformance test checks it.
 */
import type { Body } from '../loop/body.js';
import type { Task } from '../loop/task.js';
import { withTimeLimit } from '../loop/wrappers/withTimeLimit.js';
import type { Scenario } from './scenario.js';

/** A scenario whose tasks judge episodes without a time limit; `defineScenario` adds it. */
export type ScenarioDefinition = Scenario;

export function defineScenario(def: ScenarioDefinition): Scenario {
  if (!(Number.isFinite(def.timeLimit_s) && def.timeLimit_s > 0)) throw new RangeError(`${def.id}: timeLimit_s must be a finite time > 0 s, got ${def.timeLimit_s}`);
  return {
    ...def,
    createTask: (body: Body, seed: number): Task => withTimeLimit(def.createTask(body, seed), def.timeLimit_s),
  };
}
