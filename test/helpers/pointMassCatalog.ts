/** Test fixture: an experiment catalog of the point-mass scenarios and presets (loadable by worker threads). */
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { pointMassNanLearner, pointMassP, pointMassSnn } from './pointMassPresets.js';
import { pointMassCm, pointMassFaulty, pointMassOnline, pointMassV0 } from './pointMassScenarios.js';

export const catalog: ExperimentCatalog = {
  moduleUrl: import.meta.url,
  scenarios: [pointMassV0, pointMassOnline, pointMassFaulty, pointMassCm],
  presets: [pointMassSnn, pointMassP, pointMassNanLearner],
};
