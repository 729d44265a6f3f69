/**
 * The preset a saved controller is rebuilt with: a controller file embedded in it (`spec`, for
 * controllers built from YAML/JSON controller files), checked again, or else the catalog's preset
 * of that id. Used wherever a saved controller is restored: resolveController, train (resume, the
 * untrained evaluation) and the episode workers.
 */
import type { SavedController } from '../controllers/presets/controllerFile.js';
import type { ControllerPreset } from '../controllers/presets/preset.js';
import { presetFromSpec } from '../controllers/spec/presetFromSpec.js';
import { validateControllerSpec } from '../controllers/spec/loadControllerSpec.js';
import type { ExperimentCatalog } from './catalog.js';
import { presetIn } from './catalog.js';

/** The embedded controller file's preset, the catalog's, or undefined when the catalog lacks the id. */
export function presetOfSaved(saved: SavedController, source: string, catalog: ExperimentCatalog): ControllerPreset | undefined {
  const spec = saved.spec;
  if (spec !== undefined) return presetFromSpec(validateControllerSpec(spec, source, { prefix: ['spec'] }));
  return presetIn(catalog, saved.preset);
}
