/**
 * What an experiment can name: the scenarios and controller presets it looks up by id. The CLI
 * uses the project's registries (defaultCatalog.ts); tests and tools pass their own. A catalog
 * names the module it comes from (`moduleUrl`, exporting it as `catalog`) so that a worker
 * thread, which shares no objects with its parent, can load the same one.
 */
import type { ControllerPreset } from '../controllers/presets/preset.js';
import type { Scenario } from '../scenarios/scenario.js';

export interface ExperimentCatalog {
  /** URL of a module that exports this catalog as `catalog` (for worker threads). */
  readonly moduleUrl: string;
  readonly scenarios: readonly Scenario[];
  readonly presets: readonly ControllerPreset[];
}

/** An id that names nothing in the catalog; the message lists the valid ones. */
export class UnknownNameError extends RangeError {
  constructor(
    readonly what: 'scenario' | 'controller',
    readonly id: string,
    readonly valid: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'UnknownNameError';
  }
}

function list(ids: readonly string[]): string {
  return ids.length > 0 ? ids.join(', ') : '(none registered)';
}

export function findScenarioIn(catalog: ExperimentCatalog, id: string): Scenario {
  const s = catalog.scenarios.find((x) => x.id === id);
  if (s) return s;
  const ids = catalog.scenarios.map((x) => x.id);
  throw new UnknownNameError('scenario', id, ids, `unknown scenario '${id}'; scenarios are: ${list(ids)}`);
}

/** The preset with this id, or undefined. */
export function presetIn(catalog: ExperimentCatalog, id: string): ControllerPreset | undefined {
  return catalog.presets.find((x) => x.id === id);
}

export function findPresetIn(catalog: ExperimentCatalog, id: string): ControllerPreset {
  const p = presetIn(catalog, id);
  if (p) return p;
  const ids = catalog.presets.map((x) => x.id);
  throw new UnknownNameError('controller', id, ids, `unknown controller preset '${id}'; controller presets are: ${list(ids)}`);
}
