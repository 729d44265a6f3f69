/**
 * Weights as conductances of memristive devices (e.g. phase-change memory), one differential
 * pair per synapse as in analog in-memory computing (Burr et al. 2017, Adv. Phys. X 2:89; Joshi
 * et al. 2020, Nat. Commun. 11:2473): w = w_max · (g⁺ − g⁻), with g the conductance normalised to
 * G_max (G_min = 0) and w_max = max|w| over the projection (one scale per crossbar). A positive
 * weight is programmed on g⁺ with g⁻ at G_min, a negative one the other way round; a weight of
 * exactly 0 is an absent synapse (no devices) and stays 0.
 *
 * Per device, in this order:
 *  1. levels:  g ← round(g·(L−1)) / (L−1) (L programmable levels from G_min to G_max);
 *  2. programming noise (noiseMode 'program'): g ← g + σ·n, n ~ N(0, 1) drawn once per device;
 *     clipped to [0, 1];
 *  3. drift:   g(t) = g(t0) · (t/t0)^−ν_i at the age t = age_s, ν_i = max(0, ν + σ_ν·n) per device
 *     (the power law of amorphous-phase relaxation; Ielmini et al. 2007, IEEE Trans. Electron
 *     Devices 54:308; Le Gallo & Sebastian 2020, J. Phys. D 53:213002);
 *  4. stuck:   with probability p a device is stuck, at G_max with probability p_high, else at
 *     G_min, whatever was programmed (and it does not drift);
 *  5. read noise (noiseMode 'read'): every read (once per control period) g_read = max(0, g + σ·n),
 *     fresh n per device.
 * With drift compensation, reads are multiplied by 1 / (mean drift factor of the devices that
 * carry the projection's weights): an ideal global drift compensation (Joshi et al. 2020
 * calibrate the factor on the chip), exact when every device drifts alike (σ_ν = 0).
 * Noise σ is a fraction of G_max, i.e. of the projection's largest weight. Random streams are
 * named per effect and projection (`memristor-stuck:<name>`, …), seeded by the device seed, so one
 * parameter never shifts another's draws; read noise also takes the episode seed.
 */
import { Rng } from '../../loop/rng.js';
import type { ResolvedMemristor } from './hardwareSpec.js';

/** One projection's device pairs: the draws fixed at fabrication and programming. */
export interface MemristorArray {
  readonly name: string;
  readonly nSyn: number;
  /** Programming noise n (standard normal) per device, + and − (used in 'program' mode). */
  readonly noisePlus: Float32Array;
  readonly noiseMinus: Float32Array;
  /** Stuck state per device: −1 free, 0 at G_min, 1 at G_max. */
  readonly stuckPlus: Int8Array;
  readonly stuckMinus: Int8Array;
  /** Drift factor (age/t0)^−ν_i per device. */
  readonly driftPlus: Float32Array;
  readonly driftMinus: Float32Array;
  /** Programmed conductances (after steps 1–4) and whether the synapse exists. */
  readonly gPlus: Float32Array;
  readonly gMinus: Float32Array;
  readonly present: Uint8Array;
  /** w_max of the last programming. */
  scale: number;
  /** Read gain: 1, or the drift compensation of the last programming. */
  gain: number;
}

/** Draws the devices of a projection of `nSyn` synapses (device seed `seed`). */
export function createMemristorArray(name: string, nSyn: number, m: ResolvedMemristor, seed: number): MemristorArray {
  const stuckRng = new Rng(seed, `memristor-stuck:${name}`);
  const noiseRng = new Rng(seed, `memristor-program:${name}`);
  const driftRng = new Rng(seed, `memristor-drift:${name}`);
  const a: MemristorArray = {
    name,
    nSyn,
    noisePlus: new Float32Array(nSyn),
    noiseMinus: new Float32Array(nSyn),
    stuckPlus: new Int8Array(nSyn),
    stuckMinus: new Int8Array(nSyn),
    driftPlus: new Float32Array(nSyn),
    driftMinus: new Float32Array(nSyn),
    gPlus: new Float32Array(nSyn),
    gMinus: new Float32Array(nSyn),
    present: new Uint8Array(nSyn),
    scale: 0,
    gain: 1,
  };
  const stuck = (): -1 | 0 | 1 => (stuckRng.uniform() < m.stuck ? (stuckRng.uniform() < m.stuckHigh ? 1 : 0) : (stuckRng.uniform(), -1));
  const ratio = m.age_s / m.driftT0_s;
  const drift = (): number => Math.pow(ratio, -Math.max(0, m.driftNu + m.driftNuSd * driftRng.normal()));
  for (let s = 0; s < nSyn; s++) {
    a.stuckPlus[s] = stuck();
    a.stuckMinus[s] = stuck();
    a.noisePlus[s] = noiseRng.normal();
    a.noiseMinus[s] = noiseRng.normal();
    a.driftPlus[s] = drift();
    a.driftMinus[s] = drift();
  }
  return a;
}

function programDevice(target: number, levels: number | null, noise: number, n: number, drift: number, stuck: number): number {
  if (stuck >= 0) return stuck;
  let g = levels === null ? target : Math.round(target * (levels - 1)) / (levels - 1);
  if (noise > 0) {
    g += noise * n;
    g = g < 0 ? 0 : g > 1 ? 1 : g;
  }
  return g * drift;
}

/** Programs the pairs from weights `w` (steps 1–4 of the module doc). Allocates nothing. */
export function programMemristors(a: MemristorArray, w: ArrayLike<number>, m: ResolvedMemristor): void {
  if (w.length !== a.nSyn) throw new RangeError(`memristor array '${a.name}': ${w.length} weights for ${a.nSyn} synapses`);
  let wMax = 0;
  for (let s = 0; s < a.nSyn; s++) {
    const x = Math.abs(w[s]!);
    if (x > wMax) wMax = x;
  }
  a.scale = wMax;
  const progNoise = m.noiseMode === 'program' ? m.noise : 0;
  let driftSum = 0;
  let carriers = 0;
  for (let s = 0; s < a.nSyn; s++) {
    const x = w[s]!;
    a.present[s] = x !== 0 ? 1 : 0;
    const g = wMax > 0 ? Math.abs(x) / wMax : 0;
    a.gPlus[s] = programDevice(x > 0 ? g : 0, m.levels, progNoise, a.noisePlus[s]!, a.driftPlus[s]!, a.stuckPlus[s]!);
    a.gMinus[s] = programDevice(x < 0 ? g : 0, m.levels, progNoise, a.noiseMinus[s]!, a.driftMinus[s]!, a.stuckMinus[s]!);
    if (x !== 0) {
      driftSum += x > 0 ? a.driftPlus[s]! : a.driftMinus[s]!;
      carriers++;
    }
  }
  a.gain = m.driftCompensation && carriers > 0 ? carriers / driftSum : 1;
}

/**
 * Reads the weights into `out`: w_max·(g⁺ − g⁻), with fresh read noise from `rng` in 'read' mode
 * (step 5). Absent synapses read 0. Allocates nothing.
 */
export function readMemristors(a: MemristorArray, m: ResolvedMemristor, rng: Rng, out: Float32Array): void {
  const readNoise = m.noiseMode === 'read' ? m.noise : 0;
  const { gPlus, gMinus, present } = a;
  const w = a.scale * a.gain;
  for (let s = 0; s < a.nSyn; s++) {
    if (present[s] === 0) {
      out[s] = 0;
      continue;
    }
    let gp = gPlus[s]!;
    let gm = gMinus[s]!;
    if (readNoise > 0) {
      gp += readNoise * rng.normal();
      gm += readNoise * rng.normal();
      if (gp < 0) gp = 0;
      if (gm < 0) gm = 0;
    }
    out[s] = w * (gp - gm);
  }
}
