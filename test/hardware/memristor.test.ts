import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import type { MemristorSpec } from '../../controllers/hardware/index.js';
import { createMemristorArray, programMemristors, readMemristors, resolveMemristor } from '../../controllers/hardware/index.js';

/** Signed weights in (−w, w) with every fifth one 0 (absent). */
function weights(n: number): Float32Array {
  const rng = new Rng(1, 'mw');
  return Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : rng.range(-200, 200)));
}

function device(spec: MemristorSpec, w: Float32Array, seed = 4, episode = 0) {
  const m = resolveMemristor(spec);
  const a = createMemristorArray('p', w.length, m, seed);
  programMemristors(a, w, m);
  const out = new Float32Array(w.length);
  readMemristors(a, m, new Rng(episode, 'read'), out);
  return { a, out, m };
}

const maxAbs = (w: Float32Array) => w.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('memristor pairs', () => {
  it('ideal devices give back the weights; absent synapses stay 0', () => {
    const w = weights(1000);
    const { out } = device({}, w);
    let err = 0;
    for (let i = 0; i < w.length; i++) err = Math.max(err, Math.abs(out[i]! - w[i]!));
    expect(err).toBeLessThan(1e-4);
  });

  it('drift follows G(t) = G(t0)·(t/t0)^−ν; global compensation undoes a uniform drift', () => {
    const w = weights(1000);
    const nu = 0.05;
    const t0 = 2;
    const age = 3600;
    const { out } = device({ driftNu: nu, driftT0_s: t0, age_s: age }, w);
    const factor = Math.pow(age / t0, -nu);
    let err = 0;
    for (let i = 0; i < w.length; i++) err = Math.max(err, Math.abs(out[i]! - w[i]! * factor));
    expect(factor).toBeLessThan(0.7);
    expect(err).toBeLessThan(1e-4 * maxAbs(w));
    const comp = device({ driftNu: nu, driftT0_s: t0, age_s: age, driftCompensation: true }, w).out;
    let errC = 0;
    for (let i = 0; i < w.length; i++) errC = Math.max(errC, Math.abs(comp[i]! - w[i]!));
    expect(errC).toBeLessThan(1e-4 * maxAbs(w));
  });

  it('device-to-device drift spread: log factors have the spread of ν times ln(t/t0)', () => {
    const w = Float32Array.from({ length: 20_000 }, () => 100);
    const sd = 0.01;
    const { a } = device({ driftNu: 0.05, driftNuSd: sd, age_s: 1e4, driftT0_s: 1 }, w);
    const logs = Array.from(a.driftPlus, (f) => -Math.log(f) / Math.log(1e4));
    const mean = logs.reduce((x, y) => x + y, 0) / logs.length;
    const s = Math.sqrt(logs.reduce((x, y) => x + (y - mean) ** 2, 0) / (logs.length - 1));
    // Sample mean within 5 standard errors; sample sd within 5 of its standard errors σ/√(2n).
    expect(Math.abs(mean - 0.05)).toBeLessThan((5 * sd) / Math.sqrt(logs.length));
    expect(Math.abs(s - sd)).toBeLessThan((5 * sd) / Math.sqrt(2 * logs.length));
  });

  it('levels: every read weight is w_max times a whole number of level steps', () => {
    const w = weights(1000);
    const L = 9;
    const { out } = device({ levels: L }, w);
    const wMax = maxAbs(w);
    let off = 0;
    for (const x of out) {
      const k = (Math.abs(x) / wMax) * (L - 1);
      off = Math.max(off, Math.abs(k - Math.round(k)));
    }
    expect(off).toBeLessThan(1e-4);
    expect(new Set(Array.from(out, (x) => Math.round((x / wMax) * (L - 1)))).size).toBe(2 * L - 1);
  });

  it('stuck devices: the stuck count is within a binomial bound, half of them at G_max', () => {
    const n = 50_000;
    const p = 0.01;
    const m = resolveMemristor({ stuck: p, stuckHigh: 0.5 });
    const a = createMemristorArray('p', n, m, 7);
    let stuck = 0;
    let high = 0;
    for (const arr of [a.stuckPlus, a.stuckMinus]) for (const s of arr) if (s >= 0) (stuck++, (high += s));
    const N = 2 * n;
    // Binomial(N, p): mean Np, sd √(Np(1−p)); 5 sd bound.
    expect(Math.abs(stuck - N * p)).toBeLessThan(5 * Math.sqrt(N * p * (1 - p)));
    expect(Math.abs(high - stuck / 2)).toBeLessThan(5 * Math.sqrt(stuck / 4));
    // A stuck-at-G_max device on the unused side of a pair makes the weight −w_max; on the used side +w_max.
    const w = Float32Array.from({ length: n }, () => 50);
    w[0] = 100;
    programMemristors(a, w, m);
    const out = new Float32Array(n);
    readMemristors(a, m, new Rng(0, 'r'), out);
    for (let s = 0; s < n; s++) {
      const gp = a.stuckPlus[s]! >= 0 ? a.stuckPlus[s]! : 0.5;
      const gm = a.stuckMinus[s]! >= 0 ? a.stuckMinus[s]! : 0;
      if (s > 0 && Math.abs(out[s]! - 100 * (gp - gm)) > 1e-3) throw new Error(`synapse ${s}: ${out[s]} ≠ ${100 * (gp - gm)}`);
    }
    // Stuck sets grow with p (one draw sequence): every device stuck at 1 % is stuck at 5 %.
    const b = createMemristorArray('p', n, resolveMemristor({ stuck: 0.05 }), 7);
    let lost = 0;
    for (let s = 0; s < n; s++) if (a.stuckPlus[s]! >= 0 && b.stuckPlus[s]! < 0) lost++;
    expect(lost).toBe(0);
  });

  it('programming noise has the stated σ and is fixed; read noise is fresh per read and seeded by the episode', () => {
    const n = 20_000;
    const w = Float32Array.from({ length: n }, (_, i) => (i === 0 ? 100 : 50)); // g⁺ = 0.5, away from the clips
    const sigma = 0.03;
    const prog = device({ noise: sigma }, w);
    const again = device({ noise: sigma }, w, 4, 99);
    expect(Array.from(again.out)).toEqual(Array.from(prog.out)); // programming noise ignores the episode
    const dev = Array.from(prog.a.gPlus.subarray(1), (g) => g - 0.5);
    const s = Math.sqrt(dev.reduce((x, y) => x + y * y, 0) / dev.length);
    expect(Math.abs(s - sigma)).toBeLessThan((5 * sigma) / Math.sqrt(2 * dev.length));
    const r1 = device({ noise: sigma, noiseMode: 'read' }, w, 4, 1);
    const r1b = device({ noise: sigma, noiseMode: 'read' }, w, 4, 1);
    const r2 = device({ noise: sigma, noiseMode: 'read' }, w, 4, 2);
    expect(Array.from(r1b.out)).toEqual(Array.from(r1.out));
    expect(Array.from(r2.out)).not.toEqual(Array.from(r1.out));
    // Read noise leaves the programmed conductances as programmed.
    expect(r1.a.gPlus[1]).toBe(0.5);
  });
});
