/**
 * The R-STDP projection plasticity the spiking presets share: pair-based STDP windows of 20 ms
 * (Song, Miller & Abbott 2000) feeding eligibility, weights bounded to [0, wMax].
 */
import type { PlasticitySpec } from '../plasticity/registry.js';
import type { StdpParams } from '../plasticity/stdpParams.js';

export interface PresetRstdpParams {
  readonly aPlus: number;
  readonly aMinus: number;
  readonly tauElig_ms: number;
  readonly eta_per_ms: number;
  readonly wMax_pA: number;
  /** @default 'additive' */
  readonly weightDependence?: StdpParams['weightDependence'];
}

export function presetRstdp(modulator: string, p: PresetRstdpParams): PlasticitySpec {
  return {
    kind: 'rstdp',
    modulator,
    aPlus: p.aPlus,
    aMinus: p.aMinus,
    tauPlus_ms: 20,
    tauMinus_ms: 20,
    tauElig_ms: p.tauElig_ms,
    eta_per_ms: p.eta_per_ms,
    wMin: 0,
    wMax: p.wMax_pA,
    ...(p.weightDependence ? { weightDependence: p.weightDependence } : {}),
  };
}
