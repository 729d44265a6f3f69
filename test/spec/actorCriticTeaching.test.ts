/**
 * The 'actor-critic' teaching rule against hand-computed values: the TD error
 * δ = clip(r) + γ·V(s′) − V(s) with V(s) = v·(φ(s), 1), the TD(0) critic step (plain and
 * normalised), the signed per-pair signals ±δ·a_k with a_k the low-passed, centred efference
 * copy (or its deviation from a running mean, efference.meanTau_ms), and nothing before a
 * previous state exists.
 */
import { describe, expect, it } from 'vitest';
import { TEACHING_RULES } from '../../controllers/spec/teachingRules.js';

const RATE_HZ = 50;

function setup(extra: Record<string, unknown> = {}) {
  const feature = new Float64Array(2);
  const cmdA = new Float64Array(3);
  const cmdB = new Float64Array(1);
  const rule = TEACHING_RULES.get('actor-critic')!;
  const params = {
    kind: 'actor-critic',
    clip: 1,
    gamma: 0.5,
    critic: { features: ['f'], rate: 0.1, parameter: 'critic', normalised: false },
    pairs: [
      { positive: 'p0', negative: 'n0', efference: { channel: 'a', index: 1, scale: 2, tau_ms: 20, centre: 0 } },
      { positive: 'p1', negative: 'n1', efference: { channel: 'b', index: 0, scale: 0.5, tau_ms: 20, centre: 1 } },
    ],
    ...extra,
  };
  const t = rule.create(params, { feature: () => feature, command: (ch) => (ch === 'a' ? cmdA : cmdB), controlRate_Hz: RATE_HZ });
  return { t, feature, cmdA, cmdB };
}

/** One period: beginPeriod (features still s), features → s′, deliver r, compose commands. */
function period(s: ReturnType<typeof setup>, next: readonly number[], r: number, cmds?: { a: number; b: number }): number[] {
  s.t.beginPeriod();
  s.feature.set(next);
  const out = s.t.bindings.map((b) => b.signal!(r, {}));
  if (cmds) {
    s.cmdA[1] = cmds.a;
    s.cmdB[0] = cmds.b;
  }
  s.t.afterCommands();
  return out;
}

describe("teaching rule 'actor-critic'", () => {
  it('lists its modulators pair by pair and its critic parameter', () => {
    const s = setup();
    expect(s.t.bindings.map((b) => b.modulator)).toEqual(['p0', 'n0', 'p1', 'n1']);
    expect(Object.keys(s.t.parameters)).toEqual(['critic']);
    expect(s.t.parameters.critic!.length).toBe(3);
  });

  it('gives the TD error times each centred efference copy, and steps the critic by TD(0)', () => {
    const s = setup();
    // Period 1: no previous state yet → δ = 0; commands a = 1 (scale 2), b = 2 (centre 1, scale 0.5).
    expect(period(s, [0.5, 0], 0.3, { a: 1, b: 2 }).every((x) => x === 0)).toBe(true);
    const alpha = -Math.expm1(-1000 / RATE_HZ / 20); // 20 ms period, τ 20 ms
    const a0 = alpha * (1 / 2);
    const a1 = alpha * ((2 - 1) / 0.5);
    // Period 2: s = (0.5, 0), s′ = (1, 1); v = 0 → δ = clip(r) = 1 (r = 3 clipped).
    const out = period(s, [1, 1], 3, { a: 1, b: 2 });
    expect(out[0]).toBeCloseTo(1 * a0, 12);
    expect(out[1]).toBeCloseTo(-1 * a0, 12);
    expect(out[2]).toBeCloseTo(1 * a1, 12);
    expect(out[3]).toBeCloseTo(-1 * a1, 12);
    // Critic: v += 0.1·δ·(φ(s), 1) = (0.05, 0, 0.1).
    const v = s.t.parameters.critic!;
    expect(v[0]).toBeCloseTo(0.05, 6);
    expect(v[1]).toBeCloseTo(0, 12);
    expect(v[2]).toBeCloseTo(0.1, 6);
    // Period 3: s = (1, 1), s′ = (0, 0), r = −0.2: V(s) = 0.05 + 0 + 0.1 = 0.15, V(s′) = 0.1,
    // δ = −0.2 + 0.5·0.1 − 0.15 = −0.3. a has moved on by one more low-pass step.
    const a0b = a0 + alpha * (1 / 2 - a0);
    const out3 = period(s, [0, 0], -0.2);
    expect(out3[0]).toBeCloseTo(-0.3 * a0b, 6);
    expect(out3[1]).toBeCloseTo(0.3 * a0b, 6);
  });

  it('normalises the critic step by |φ|² when asked, and clips δ', () => {
    const s = setup({ critic: { features: ['f'], rate: 0.1, parameter: 'critic', normalised: true }, deltaClip: 0.5 });
    period(s, [1, 1], 0, { a: 2, b: 1 });
    const out = period(s, [0, 0], 1, { a: 2, b: 1 });
    // δ = 1 clipped to 0.5; |φ|² = 1 + 1 + 1 = 3 → v = 0.1·0.5·(1, 1, 1)/3.
    const v = s.t.parameters.critic!;
    for (let k = 0; k < 3; k++) expect(v[k]).toBeCloseTo(0.05 / 3, 6);
    const alpha = -Math.expm1(-1);
    expect(out[0]).toBeCloseTo(0.5 * alpha * 1, 6); // a = low-passed 2/2 = 1 after one step: α
  });

  it('measures a_k from the copy’s running mean when efference.meanTau_ms is given', () => {
    const pairs = [
      { positive: 'p0', negative: 'n0', efference: { channel: 'a', index: 1, scale: 2, tau_ms: 20, centre: 0, meanTau_ms: 100 } },
      { positive: 'p1', negative: 'n1', efference: { channel: 'b', index: 0, scale: 0.5, tau_ms: 20, centre: 1 } },
    ];
    const s = setup({ pairs });
    const alpha = -Math.expm1(-1000 / RATE_HZ / 20);
    const beta = -Math.expm1(-1000 / RATE_HZ / 100);
    // Two periods of a = 1 (u = 1/2): fast and mean filters both step towards 1/2.
    period(s, [0, 0], 0, { a: 1, b: 2 });
    const f1 = alpha * 0.5;
    const m1 = beta * 0.5;
    // Period 2: v = 0 → δ = clip(r) = 0.4; pair 0 gets ±δ·(fast − mean), pair 1 (no meanTau) ±δ·fast.
    const out = period(s, [0, 0], 0.4, { a: 1, b: 2 });
    expect(out[0]).toBeCloseTo(0.4 * (f1 - m1), 12);
    expect(out[1]).toBeCloseTo(-0.4 * (f1 - m1), 12);
    expect(out[2]).toBeCloseTo(0.4 * alpha * 2, 12);
    // A command held long enough: fast and mean both settle on it, a_k → 0, so a constant
    // (learned) command earns no credit, only its deviations do.
    for (let k = 0; k < 200; k++) period(s, [0, 0], 0, { a: 1, b: 2 });
    const late = period(s, [0, 0], 0.4, { a: 1, b: 2 });
    expect(Math.abs(late[0]!)).toBeLessThan(1e-6);
    expect(late[2]).toBeCloseTo(0.4 * 2, 4); // δ ≈ 0.4 (the critic moved a little since)
  });

  it('forgets the previous state and the efference copy on reset', () => {
    const s = setup();
    period(s, [1, 0], 0, { a: 2, b: 1 });
    s.t.reset();
    expect(period(s, [1, 0], 1).every((x) => x === 0)).toBe(true);
  });
});
