/**
 * Seeded random streams. One episode seed is split into named streams ('world', 'sensor-noise',
 * 'network-init', 'poisson', …) so adding draws to one stream never shifts another, and the same
 * seed replays the same episode bit for bit. Nothing in spikeloop uses Math.random.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018), seeded through splitmix32 from a 32-bit hash
 * of (seed, stream name). Fast, 2^128−1 period, and exactly reproducible in JavaScript.
 */

/** FNV-1a 32-bit hash of a string, used to turn stream names into seeds. */
export function hashString32(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_M32 = 2 ** -32;

export class Rng {
  private readonly s = new Uint32Array(4);
  private spareNormal = 0;
  private hasSpare = false;

  /** A stream for `seed` (any finite number; integers recommended) and an optional name. */
  constructor(seed: number, stream = '') {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng: seed must be a finite number, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    const st = { s: hashString32(stream, hashString32(`${lo}:${hi}`)) };
    for (let i = 0; i < 4; i++) this.s[i] = splitmix32(st);
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** An independent stream derived from this generator's seed lineage and a name. */
  static stream(seed: number, name: string): Rng {
    return new Rng(seed, name);
  }

  /**
   * The generator's live state, xoshiro128**'s four words: a kernel that draws this same stream
   * outside JS (controllers/network/wasm/bernoulliSpikes.c) reads it and writes it back.
   */
  stateWords(): Uint32Array {
    return this.s;
  }

  /** Next raw 32-bit unsigned integer (xoshiro128**). */
  nextU32(): number {
    const s = this.s;
    const s1 = s[1];
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s[2] ^= s[0];
    s[3] ^= s1;
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextU32() * TWO_POW_M32;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia polar method; the spare draw is kept, so calls are cheap). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u = 0;
    let v = 0;
    let q = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    this.spareNormal = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Normal with mean and standard deviation. */
  gauss(mean: number, sd: number): number {
    return mean + sd * this.normal();
  }

  /** In-place Fisher–Yates shuffle of the first `n` entries of `a`. */
  shuffle(a: { [i: number]: number; length: number }, n = a.length): void {
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
