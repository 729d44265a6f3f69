/** The project's own scenarios and controller presets (the registries), as an experiment catalog. */
import { PRESETS } from '../controllers/presets/registry.js';
import { SCENARIOS } from '../scenarios/registry.js';
import type { ExperimentCatalog } from './catalog.js';

export const catalog: ExperimentCatalog = { moduleUrl: import.meta.url, scenarios: SCENARIOS, presets: PRESETS };
