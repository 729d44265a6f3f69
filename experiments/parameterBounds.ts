/** Moved to controllers/presets/ (controller files check weights against the same bounds); re-exported. */
export { parameterBounds } from '../controllers/presets/parameterBounds.js';
export type { ParameterBound } from '../controllers/presets/parameterBounds.js';
