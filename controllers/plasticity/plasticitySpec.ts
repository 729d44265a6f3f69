/**
 * Plasticity chosen per projection as a typed union (never a free string). Unspecified fields
 * take the defaults of STDP_DEFAULTS / RSTDP_DEFAULTS.
 */
import type { RstdpParams } from './rstdp.js';
import type { StdpParams } from './stdpParams.js';
import { STDP_DEFAULTS } from './stdpParams.js';

export type PlasticitySpec =
  | { readonly kind: 'none' }
  | ({ readonly kind: 'stdp' } & Partial<StdpParams>)
  | ({ readonly kind: 'rstdp'; readonly modulator: string } & Partial<Omit<RstdpParams, 'modulator'>>);

export const RSTDP_DEFAULTS: Omit<RstdpParams, 'modulator'> = {
  ...STDP_DEFAULTS,
  tauElig_ms: 1000,
  eta_per_ms: 0.001,
};

export function resolveStdpParams(spec: Partial<StdpParams>): StdpParams {
  const { kind: _k, ...rest } = spec as Partial<StdpParams> & { kind?: string };
  return { ...STDP_DEFAULTS, ...rest };
}

export function resolveRstdpParams(spec: { modulator: string } & Partial<Omit<RstdpParams, 'modulator'>>): RstdpParams {
  const { kind: _k, ...rest } = spec as typeof spec & { kind?: string };
  return { ...RSTDP_DEFAULTS, ...rest };
}
