/**
 * The range a learned parameter array must stay in, where the controller defines one: for a
 * spiking controller, each projection's weights are bounded by its plasticity rule's
 * [wMin, wMax] (STDP, R-STDP), or else by its homeostasis' bounds. Parameters of other kinds
 * (baseline gains, critic values) are unbounded. Training applies these after summing a batch's
 * changes (each episode respects the rule's bounds, but a sum of several changes need not), and
 * loading a controller file refuses weights outside them (controllerFile.ts).
 */
import type { PresetController } from './preset.js';

export interface ParameterBound {
  readonly low: number;
  readonly high: number;
}

export function parameterBounds(c: PresetController): Record<string, ParameterBound> {
  const out: Record<string, ParameterBound> = {};
  for (const np of c.network?.projections ?? []) {
    const p = np.plasticity?.params ?? np.homeostasis?.params;
    if (p) out[np.syn.name] = { low: p.wMin, high: p.wMax };
  }
  return out;
}
