/**
 * The pixel model of a DVS event camera, as in ESIM (Rebecq, Gehrig & Scaramuzza 2018) and v2e
 * (Hu, Liu & Delbruck 2021): each pixel k keeps a reference log intensity ref_k, and between two
 * renders at t₀ and t₁ (log intensities L₀ → L₁, taken as linear in time) it emits
 *
 *   n_ON  = ⌊(L₁ − ref_k + λ_k)/C⁺_k⌋ ON events  if L₁ − ref_k + λ_k ≥ C⁺_k,
 *   n_OFF = ⌊(ref_k − λ_k − L₁)/C⁻_k⌋ OFF events if the difference is ≤ −C⁻_k,
 *
 * moving ref_k by ±C per event, the i-th at the time the difference crossed i·C (interpolated
 * linearly between t₀ and t₁). Several thresholds crossed in one interval give several events.
 *
 *  - Threshold mismatch: C⁺_k = max(0.1·C⁺, C⁺ + σ·N(0, 1)), C⁻_k likewise, drawn once per pixel
 *    from a seed (fixed pattern noise of a given sensor).
 *  - Leak: the reference drifts down by λ_k = r_leak · C⁺_k · Δt per interval, so a static pixel
 *    emits ON events at r_leak per second (v2e's leak events, from junction leakage).
 *  - Shot noise: Poisson events at r_shot per pixel per second, at uniform random pixels and
 *    times, polarity ON or OFF with equal chance (v2e's shot noise, simplified: rate
 *    independent of intensity). They do not move the reference.
 *  - Refractory period: after an emitted event a pixel drops the events of the next
 *    `refractory_s` (the reference still moves: the pixel's reset is held and the change is
 *    lost, as in a real pixel), so it never fires faster than 1/refractory_s.
 *
 * Each interval's events are sorted by timestamp (quantised to 2⁻²⁰ of the interval, under 1 ns
 * at 1 kHz; ties keep pixel order, row-major), which keeps the output non-decreasing across
 * intervals too. The refractory filter runs on the sorted events. Allocates nothing after
 * construction; events beyond `maxEventsPerInterval` in one interval are dropped and counted.
 */
import { Rng } from '../../loop/rng.js';

export interface DvsPixelParams {
  /** ON contrast threshold C⁺ (ln intensity). Real pixels: about 0.1–0.5. */
  readonly thresholdOn: number;
  /** OFF contrast threshold C⁻ (ln intensity). @default thresholdOn */
  readonly thresholdOff?: number;
  /** Standard deviation σ of the per-pixel threshold mismatch (ln intensity). @default 0 */
  readonly thresholdSigma?: number;
  /** Seed of the mismatch pattern (a property of the sensor, not of the episode). @default 0 */
  readonly mismatchSeed?: number;
  /** Refractory period (s). @default 0 */
  readonly refractory_s?: number;
  /** Shot-noise events per pixel per second (Hz). @default 0 */
  readonly shotNoiseRate_hz?: number;
  /** Leak events per pixel per second (Hz). @default 0 */
  readonly leakRate_hz?: number;
}

const Q_BITS = 20;
const Q_SCALE = 2 ** Q_BITS;
/** Coarse bins of the counting sort (the top bits of the quantised time). */
const BINS = 256;
const BIN_SHIFT = Q_BITS - 8;

/** Validates DVS pixel parameters; `where` prefixes the error. */
export function validateDvsPixelParams(p: DvsPixelParams, where: string): void {
  const pos = (x: number | undefined, k: string): void => {
    if (x !== undefined && !(x > 0 && Number.isFinite(x))) throw new RangeError(`${where}: ${k} must be a positive finite threshold (ln intensity), got ${x}`);
  };
  const nonNeg = (x: number | undefined, k: string, unit: string): void => {
    if (x !== undefined && !(x >= 0 && Number.isFinite(x))) throw new RangeError(`${where}: ${k} must be a finite ${unit} ≥ 0, got ${x}`);
  };
  if (p.thresholdOn === undefined) throw new RangeError(`${where}: thresholdOn is required (ln intensity, e.g. 0.2)`);
  pos(p.thresholdOn, 'thresholdOn');
  pos(p.thresholdOff, 'thresholdOff');
  nonNeg(p.thresholdSigma, 'thresholdSigma', 'standard deviation (ln intensity)');
  nonNeg(p.refractory_s, 'refractory_s', 'time (s)');
  nonNeg(p.shotNoiseRate_hz, 'shotNoiseRate_hz', 'rate (Hz)');
  nonNeg(p.leakRate_hz, 'leakRate_hz', 'rate (Hz)');
  if (p.mismatchSeed !== undefined && !Number.isFinite(p.mismatchSeed)) throw new RangeError(`${where}: mismatchSeed must be finite, got ${p.mismatchSeed}`);
}

export class DvsPixelArray {
  readonly pixels: number;
  /** Per-pixel thresholds after mismatch. */
  readonly cOn: Float64Array;
  readonly cOff: Float64Array;
  /** Reference log intensity per pixel. */
  readonly ref: Float64Array;
  /** Events emitted / dropped (refractory excluded: those are the model) since the last reset. */
  emitted = 0;
  overflowDropped = 0;
  refractoryDropped = 0;
  /** The events of the last `step`, in timestamp order: pixel index (row-major), polarity ±1, time (s). */
  readonly outPixel: Int32Array;
  readonly outPolarity: Int8Array;
  readonly outT_s: Float64Array;

  private readonly refractory: number;
  private readonly shotRate: number;
  private readonly leakRate: number;
  private readonly lastT: Float64Array;
  private readonly cap: number;
  // Candidate events of one interval: quantised time, pixel, polarity; and the sort buffers.
  private q: Int32Array;
  private px: Int32Array;
  private pol: Int8Array;
  private q2: Int32Array;
  private px2: Int32Array;
  private pol2: Int8Array;
  private readonly binStart = new Int32Array(BINS + 1);
  private rng: Rng;
  private readonly noiseMean = new Float64Array(1);

  constructor(pixels: number, p: DvsPixelParams, noiseSeed: number, where = 'DvsPixelArray', maxEventsPerInterval?: number) {
    validateDvsPixelParams(p, where);
    if (!Number.isInteger(pixels) || pixels < 1) throw new RangeError(`${where}: pixels must be an integer ≥ 1, got ${pixels}`);
    this.pixels = pixels;
    const cOn = p.thresholdOn;
    const cOff = p.thresholdOff ?? cOn;
    const sigma = p.thresholdSigma ?? 0;
    this.refractory = p.refractory_s ?? 0;
    this.shotRate = p.shotNoiseRate_hz ?? 0;
    this.leakRate = p.leakRate_hz ?? 0;
    this.cOn = new Float64Array(pixels);
    this.cOff = new Float64Array(pixels);
    const mm = new Rng(p.mismatchSeed ?? 0, 'dvs-threshold-mismatch');
    for (let k = 0; k < pixels; k++) {
      this.cOn[k] = sigma > 0 ? Math.max(0.1 * cOn, cOn + sigma * mm.normal()) : cOn;
      this.cOff[k] = sigma > 0 ? Math.max(0.1 * cOff, cOff + sigma * mm.normal()) : cOff;
    }
    this.ref = new Float64Array(pixels);
    this.lastT = new Float64Array(pixels).fill(-Infinity);
    const cap = maxEventsPerInterval ?? Math.max(4096, 8 * pixels);
    if (!Number.isInteger(cap) || cap < 1 || cap >= 2 ** 31) throw new RangeError(`${where}: maxEventsPerInterval must be an integer in [1, 2³¹), got ${cap}`);
    this.cap = cap;
    this.q = new Int32Array(cap);
    this.px = new Int32Array(cap);
    this.pol = new Int8Array(cap);
    this.q2 = new Int32Array(cap);
    this.px2 = new Int32Array(cap);
    this.pol2 = new Int8Array(cap);
    this.outPixel = new Int32Array(cap);
    this.outPolarity = new Int8Array(cap);
    this.outT_s = new Float64Array(cap);
    this.rng = new Rng(noiseSeed, 'dvs-noise');
  }

  /** Sets every reference to the image `L` (no events) and reseeds the noise. */
  prime(L: Float64Array, noiseSeed: number): void {
    this.ref.set(L);
    this.lastT.fill(-Infinity);
    this.rng = new Rng(noiseSeed, 'dvs-noise');
    this.emitted = 0;
    this.overflowDropped = 0;
    this.refractoryDropped = 0;
  }

  private push(q: number, pixel: number, pol: number, n: number): number {
    if (n >= this.cap) {
      this.overflowDropped++;
      return n;
    }
    this.q[n] = q;
    this.px[n] = pixel;
    this.pol[n] = pol;
    return n + 1;
  }

  /**
   * Emits the events of the interval [t0_s, t1_s] in which the image went linearly from `L0` to
   * `L1` into `outPixel` / `outPolarity` / `outT_s`, in timestamp order. Returns their number.
   * The interval comes as a 2-element array `[t0_s, t1_s]` (V8 boxes doubles passed to a call it
   * does not inline: the hot path would allocate per render).
   */
  step(L0: Float64Array, L1: Float64Array, interval_s: Float64Array): number {
    const t0_s = interval_s[0]!;
    const t1_s = interval_s[1]!;
    const N = this.pixels;
    const ref = this.ref;
    const cOnA = this.cOn;
    const cOffA = this.cOff;
    const dt = t1_s - t0_s;
    const leak = this.leakRate * dt;
    let n = 0;
    for (let k = 0; k < N; k++) {
      const r = ref[k]!;
      const cOn = cOnA[k]!;
      const d1 = L1[k]! - r + leak * cOn;
      if (d1 >= cOn) {
        const d0 = L0[k]! - r;
        const m = Math.floor(d1 / cOn);
        const span = d1 - d0;
        for (let i = 1; i <= m; i++) {
          const fr = span > 0 ? (i * cOn - d0) / span : 1;
          n = this.push(quantise(fr), k, 1, n);
        }
        ref[k] = r - leak * cOn + m * cOn;
      } else {
        const cOff = cOffA[k]!;
        if (d1 <= -cOff) {
          const d0 = L0[k]! - r;
          const m = Math.floor(-d1 / cOff);
          const span = d1 - d0;
          for (let i = 1; i <= m; i++) {
            const fr = span < 0 ? (-i * cOff - d0) / span : 1;
            n = this.push(quantise(fr), k, -1, n);
          }
          ref[k] = r - leak * cOn - m * cOff;
        } else if (leak !== 0) {
          ref[k] = r - leak * cOn;
        }
      }
    }
    if (this.shotRate > 0) {
      const rng = this.rng;
      this.noiseMean[0] = this.shotRate * N * dt;
      let events = poissonOf(rng, this.noiseMean);
      while (events-- > 0) {
        const k = rng.int(N);
        const pol = rng.int(2) === 0 ? 1 : -1;
        // The time's quantum straight from an integer draw (Rng.int returns a small integer, which
        // V8 does not box; a double from uniform() would be boxed per call here).
        n = this.push(rng.int(Q_SCALE), k, pol, n);
      }
    }
    if (n === 0) return 0;
    this.sortByTime(n);
    const qs = this.q;
    const pxs = this.px;
    const pols = this.pol;
    const lastT = this.lastT;
    const refr = this.refractory;
    const step = dt / Q_SCALE;
    const oPx = this.outPixel, oPol = this.outPolarity, oT = this.outT_s;
    let emitted = 0;
    for (let j = 0; j < n; j++) {
      const k = pxs[j]!;
      const t = t0_s + qs[j]! * step;
      if (refr > 0) {
        if (t - lastT[k]! < refr) {
          this.refractoryDropped++;
          continue;
        }
        lastT[k] = t;
      }
      oPx[emitted] = k;
      oPol[emitted] = pols[j]!;
      oT[emitted] = t;
      emitted++;
    }
    this.emitted += emitted;
    return emitted;
  }

  /** Stable sort of the first n candidates by quantised time: counting sort on the top 8 bits, then insertion sort. */
  private sortByTime(n: number): void {
    const q = this.q, px = this.px, pol = this.pol;
    const bs = this.binStart;
    bs.fill(0);
    for (let j = 0; j < n; j++) bs[(q[j]! >> BIN_SHIFT) + 1]!++;
    for (let b = 0; b < BINS; b++) bs[b + 1]! += bs[b]!;
    const q2 = this.q2, px2 = this.px2, pol2 = this.pol2;
    for (let j = 0; j < n; j++) {
      const d = bs[q[j]! >> BIN_SHIFT]!++;
      q2[d] = q[j]!;
      px2[d] = px[j]!;
      pol2[d] = pol[j]!;
    }
    // Insertion sort: elements are out of order only within a bin.
    for (let j = 1; j < n; j++) {
      const kq = q2[j]!;
      if (q2[j - 1]! <= kq) continue;
      const kp = px2[j]!, kpol = pol2[j]!;
      let i = j - 1;
      while (i >= 0 && q2[i]! > kq) {
        q2[i + 1] = q2[i]!;
        px2[i + 1] = px2[i]!;
        pol2[i + 1] = pol2[i]!;
        i--;
      }
      q2[i + 1] = kq;
      px2[i + 1] = kp;
      pol2[i + 1] = kpol;
    }
    // The sorted copies become the candidate buffers (swap, no copy).
    this.q = q2; this.px = px2; this.pol = pol2;
    this.q2 = q; this.px2 = px; this.pol2 = pol;
  }
}

/** Fraction of the interval → integer in [0, 2²⁰ − 1]. */
function quantise(fr: number): number {
  const x = Math.floor(fr * Q_SCALE);
  return x < 0 ? 0 : x >= Q_SCALE ? Q_SCALE - 1 : x;
}

/** Poisson draw (Knuth's product method in chunks of mean ≤ 30, so e^−λ never underflows). */
export function poisson(rng: Rng, mean: number): number {
  return poissonOf(rng, Float64Array.of(mean));
}

/** `poisson` with the mean in mean[0] (no boxed double argument on the hot path). */
function poissonOf(rng: Rng, mean: Float64Array): number {
  let n = 0;
  let m = mean[0]!;
  while (m > 0) {
    const chunk = m > 30 ? 30 : m;
    m -= chunk;
    const limit = Math.exp(-chunk);
    // Uniforms with 30-bit resolution from integer draws (not boxed across the call, see step).
    let p = (rng.int(U30) + 0.5) * INV_U30;
    while (p > limit) {
      n++;
      p *= (rng.int(U30) + 0.5) * INV_U30;
    }
  }
  return n;
}

const U30 = 2 ** 30;
const INV_U30 = 2 ** -30;
