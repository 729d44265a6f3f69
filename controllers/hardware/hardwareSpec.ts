/**
 * A hardware model as data: how a frozen (or learning) spiking controller's weights and neuron
 * state are held on a device. Three parts, each optional:
 *  - `weights`:   symmetric per-projection quantisation to `bits` bits (quantizer.ts) — digital
 *                 neuromorphic chips (TrueNorth, Loihi) store low-precision integer weights;
 *  - `state`:     integer LIF state, TrueNorth/Loihi style (integerState.ts): membrane potential
 *                 and synaptic currents as saturating signed integers of `membraneBits` and
 *                 `currentBits` bits (needs `weights`: the current counts weight units);
 *  - `memristor`: weights as conductances of analog devices (memristor.ts) with a limited number
 *                 of levels, conductance noise per programming or per read, power-law drift and
 *                 stuck devices. It replaces `weights` (its levels are the quantiser).
 * `seed` picks the device instance (programming noise, stuck devices); read noise also depends on
 * the episode seed. Same spec and seeds, same bits.
 *
 * Written as a preset name (`int8`, `int4`, `int2`, `binary`, `float`), an inline string
 * (`memristor:levels=32,noise=0.02,drift_nu=0.05,stuck=0.01`, `int:weights=6,membrane=16,current=16`)
 * or a JSON/YAML file with the same fields as `HardwareSpec` (see `HARDWARE_HELP`).
 */

export type NoiseMode = 'program' | 'read';

export interface WeightQuantizationSpec {
  /** Bits per weight, sign included: 1 (sign × per-projection scale) … 16. */
  readonly bits: number;
}

export interface IntegerStateSpec {
  /** Bits of the membrane potential (signed, in steps of (V_th − E_L)/(2^(b−1) − 1)). */
  readonly membraneBits: number;
  /** Bits of each synaptic current (signed, in units of the smallest weight step onto it). */
  readonly currentBits: number;
}

export interface MemristorSpec {
  /** Conductance levels a device can be programmed to (≥ 2); omitted: analog (continuous). */
  readonly levels?: number;
  /** σ of Gaussian conductance noise, as a fraction of G_max. @default 0 */
  readonly noise?: number;
  /** Noise drawn once when a device is programmed, or afresh at every read (control period). @default 'program' */
  readonly noiseMode?: NoiseMode;
  /** Drift exponent ν of G(t) = G(t0)·(t/t0)^−ν. @default 0 */
  readonly driftNu?: number;
  /** Device-to-device standard deviation of ν. @default 0 */
  readonly driftNuSd?: number;
  /** Reference time t0 of the drift law (s after programming). @default 1 */
  readonly driftT0_s?: number;
  /** Time since programming at which the controller runs (s, ≥ t0). @default 86400 (one day) */
  readonly age_s?: number;
  /**
   * Global drift compensation: reads are scaled by the inverse of the mean drift factor of the
   * projection's programmed devices (an ideal calibration, as in Joshi et al. 2020). @default false
   */
  readonly driftCompensation?: boolean;
  /** Fraction of devices stuck (at G_min or G_max). @default 0 */
  readonly stuck?: number;
  /** Fraction of stuck devices stuck at G_max. @default 0.5 */
  readonly stuckHigh?: number;
}

export interface HardwareSpec {
  /** How the user named it (preset, inline string or file), for summaries. */
  readonly name: string;
  readonly weights?: WeightQuantizationSpec;
  readonly state?: IntegerStateSpec;
  readonly memristor?: MemristorSpec;
  /** Device instance seed. @default 0 */
  readonly seed?: number;
}

/** A memristor spec with every default filled in. */
export type ResolvedMemristor = Required<Omit<MemristorSpec, 'levels'>> & { readonly levels: number | null };

export const MEMRISTOR_DEFAULTS = {
  noise: 0,
  noiseMode: 'program',
  driftNu: 0,
  driftNuSd: 0,
  driftT0_s: 1,
  age_s: 86_400,
  driftCompensation: false,
  stuck: 0,
  stuckHigh: 0.5,
} as const satisfies Omit<ResolvedMemristor, 'levels'>;

export function resolveMemristor(m: MemristorSpec): ResolvedMemristor {
  return { ...MEMRISTOR_DEFAULTS, ...m, levels: m.levels ?? null };
}

/** Integer state as in the presets: 16-bit membrane and currents (Loihi keeps 24, TrueNorth 20). */
const STATE_16: IntegerStateSpec = { membraneBits: 16, currentBits: 16 };

/** The named presets. */
export const HARDWARE_PRESETS = {
  float: { name: 'float' },
  int8: { name: 'int8', weights: { bits: 8 }, state: STATE_16 },
  int4: { name: 'int4', weights: { bits: 4 }, state: STATE_16 },
  int2: { name: 'int2', weights: { bits: 2 }, state: STATE_16 },
  binary: { name: 'binary', weights: { bits: 1 }, state: STATE_16 },
} as const satisfies Record<string, HardwareSpec>;

export type HardwarePresetName = keyof typeof HARDWARE_PRESETS;

/** One line describing a spec, e.g. for `eval` summaries. */
export function describeHardware(h: HardwareSpec): string {
  const parts: string[] = [];
  if (h.weights) parts.push(h.weights.bits === 1 ? 'weights 1-bit (sign × per-projection scale)' : `weights ${h.weights.bits}-bit symmetric per projection`);
  if (h.state) parts.push(`integer LIF state (membrane ${h.state.membraneBits}-bit, currents ${h.state.currentBits}-bit, saturating)`);
  if (h.memristor) {
    const m = resolveMemristor(h.memristor);
    const bits = [
      m.levels === null ? 'analog' : `${m.levels} levels`,
      m.noise > 0 ? `noise σ ${m.noise} G_max per ${m.noiseMode === 'read' ? 'read' : 'programming'}` : null,
      m.driftNu > 0 ? `drift ν ${m.driftNu}${m.driftNuSd > 0 ? ` ± ${m.driftNuSd}` : ''} at ${m.age_s} s (t0 ${m.driftT0_s} s)${m.driftCompensation ? ', compensated' : ''}` : null,
      m.stuck > 0 ? `${m.stuck} of devices stuck (${m.stuckHigh} of them at G_max)` : null,
    ].filter((x) => x !== null);
    parts.push(`memristor pairs: ${bits.join(', ')}`);
  }
  if (parts.length === 0) parts.push('float weights and state');
  return `${h.name}: ${parts.join('; ')}${h.seed !== undefined && h.seed !== 0 ? `; device seed ${h.seed}` : ''}`;
}
