/**
 * Every registered plasticity rule through the same conformance checks (plasticityRule.ts):
 * weights stay within the rule's bounds, a three-factor rule changes nothing without its
 * modulator and something with it, a lazy rule's weights equal brute force (flushed every
 * step), reset clears state, and the network step never asks which rule it runs.
 * Pre and post are Poisson sources (a source may be a projection target: it ignores its input,
 * but rules see its spikes), so the checks do not depend on any neuron model.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNetwork, findModulator, findProjection, networkStep, rewardNetwork, settleWeights } from '../../controllers/network/index.js';
import type { Network, NetworkSpec } from '../../controllers/network/index.js';
import { PLASTICITY_RULES, settleProjection } from '../../controllers/plasticity/index.js';
import type { PlasticitySpec } from '../../controllers/plasticity/index.js';

const N_PRE = 12;
const N_POST = 6;
const W0 = 0.5;

function spec(rule: PlasticitySpec, extra: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    dt_ms: 1,
    populations: [
      { name: 'pre', size: N_PRE, source: { kind: 'poisson', rate_Hz: 40 } },
      { name: 'post', size: N_POST, source: { kind: 'poisson', rate_Hz: 30 } },
    ],
    modulators: [{ name: 'da', tau_ms: 100 }],
    projections: [{ name: 'syn', pre: 'pre', post: 'post', connectivity: { kind: 'all-to-all' }, weight: W0, delay_ms: { kind: 'uniform', low: 1, high: 5 }, plasticity: rule }],
    ...extra,
  };
}

/** The smallest spec of a registered rule: its kind, plus the modulator if it needs one. */
function ruleSpec(kind: string, needsModulator: boolean, fields: Record<string, unknown> = {}): PlasticitySpec {
  return { kind, ...(needsModulator ? { modulator: 'da' } : {}), ...fields } as PlasticitySpec;
}

/** Runs `steps` steps; a reward of `reward(k)` (if not 0) is delivered before step k. */
function run(net: Network, steps: number, reward: (k: number) => number, every?: (net: Network) => void): void {
  const da = findModulator(net, 'da');
  for (let k = 0; k < steps; k++) {
    const r = reward(k);
    if (r !== 0) rewardNetwork(net, da, r);
    networkStep(net);
    every?.(net);
  }
}

const STEPS = 2000;
const strongPulses = (k: number) => (k % 20 === 10 ? (k % 40 === 10 ? 5 : -3) : 0);
const pulses = (k: number) => (k % 50 === 25 ? (k % 100 === 25 ? 1 : -0.6) : 0);

describe.each(PLASTICITY_RULES.map((d) => [d.kind, d] as const))('plasticity rule %s', (_kind, def) => {
  it('keeps every weight within [wMin, wMax], and does change weights', () => {
    const net = buildNetwork(spec(ruleSpec(def.kind, def.needsModulator, { wMin: 0.375, wMax: 0.625 })), { seed: 3 });
    run(net, 4000, (k) => (k % 20 === 0 ? 1 : 0));
    settleWeights(net);
    const w = findProjection(net, 'syn').syn.weight;
    let changed = 0;
    for (const x of w) {
      expect(x).toBeGreaterThanOrEqual(0.375);
      expect(x).toBeLessThanOrEqual(0.625);
      if (x !== W0) changed++;
    }
    expect(changed).toBeGreaterThan(w.length / 2);
  });

  it(def.needsModulator ? 'changes nothing without its modulator, and something with it' : 'learns without a modulator', () => {
    const quiet = buildNetwork(spec(ruleSpec(def.kind, def.needsModulator)), { seed: 4 });
    run(quiet, 2000, () => 0);
    settleWeights(quiet);
    const rewarded = buildNetwork(spec(ruleSpec(def.kind, def.needsModulator)), { seed: 4 });
    run(rewarded, 2000, pulses);
    settleWeights(rewarded);
    const wQuiet = findProjection(quiet, 'syn').syn.weight;
    const wRewarded = findProjection(rewarded, 'syn').syn.weight;
    if (def.needsModulator) {
      expect([...wQuiet].every((x) => x === W0)).toBe(true);
      expect([...wRewarded].some((x) => x !== W0)).toBe(true);
    } else {
      // A two-factor rule ignores the modulator: the same spikes give the same weights.
      expect([...wQuiet].some((x) => x !== W0)).toBe(true);
      expect(Array.from(wRewarded)).toEqual(Array.from(wQuiet));
    }
  });

  it('gives the same weights whether flushed every step or only at the end (lazy = brute force)', () => {
    // Wide bounds: clipping at each flush versus once would differ by design, not by error.
    const s = spec(ruleSpec(def.kind, def.needsModulator, { wMin: -100, wMax: 100 }));
    const lazy = buildNetwork(s, { seed: 5 });
    run(lazy, STEPS, strongPulses);
    settleWeights(lazy);
    const brute = buildNetwork(s, { seed: 5 });
    run(brute, STEPS, strongPulses, (net) => settleProjection(findProjection(net, 'syn')));
    const a = findProjection(lazy, 'syn').syn.weight;
    const b = findProjection(brute, 'syn').syn.weight;
    let maxDiff = 0;
    let maxChange = 0;
    for (let i = 0; i < a.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
      maxChange = Math.max(maxChange, Math.abs(b[i]! - W0));
    }
    // Weights are float32: flushing every step rounds once per step, so the two may differ by
    // at most one rounding (half an ulp of the largest weight) per step.
    const roundingBound = STEPS * 2 ** -24 * Math.max(...Array.from(b, Math.abs));
    expect(maxChange).toBeGreaterThan(20 * roundingBound);
    expect(maxDiff).toBeLessThanOrEqual(roundingBound);
    if (!def.lazy) expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('after a reset runs the same as a fresh network with the new seed (traces and eligibility cleared)', async () => {
    const { resetNetwork } = await import('../../controllers/network/index.js');
    const used = buildNetwork(spec(ruleSpec(def.kind, def.needsModulator)), { seed: 6 });
    run(used, 500, pulses);
    settleWeights(used);
    const fresh = buildNetwork(spec(ruleSpec(def.kind, def.needsModulator)), { seed: 6 });
    findProjection(fresh, 'syn').syn.weight.set(findProjection(used, 'syn').syn.weight);
    resetNetwork(used, 9);
    resetNetwork(fresh, 9);
    run(used, 500, pulses);
    run(fresh, 500, pulses);
    settleWeights(used);
    settleWeights(fresh);
    expect(Array.from(findProjection(used, 'syn').syn.weight)).toEqual(Array.from(findProjection(fresh, 'syn').syn.weight));
  });
});

describe('the plasticity contract', () => {
  it('homeostasis runs through the same hooks beside a lazy rule and keeps its own bounds', () => {
    const rstdp = PLASTICITY_RULES.find((d) => d.lazy)!;
    const s = spec(ruleSpec(rstdp.kind, rstdp.needsModulator), {});
    const withScaling: NetworkSpec = {
      ...s,
      projections: [{ ...s.projections![0]!, homeostasis: { kind: 'synaptic-scaling', targetRate_Hz: 10, interval_ms: 50, gain: 0.5, wMin: 0.1, wMax: 0.9 } }],
    };
    const net = buildNetwork(withScaling, { seed: 8 });
    const np = findProjection(net, 'syn');
    expect(np.rules.map((r) => r.kind)).toEqual([rstdp.kind, 'synaptic-scaling']);
    run(net, 2000, pulses);
    settleWeights(net);
    // Post fires at ~30 Hz against a 10 Hz target: scaling drives every weight down to its floor.
    for (const x of np.syn.weight) {
      expect(x).toBeGreaterThanOrEqual(0.1);
      expect(x).toBeLessThan(0.2);
    }
  });

  it('the network step and delivery never name a rule', () => {
    for (const f of ['controllers/network/networkStep.ts', 'controllers/network/deliver.ts', 'controllers/network/resetNetwork.ts', 'controllers/network/networkAccess.ts']) {
      const src = readFileSync(f, 'utf8');
      for (const d of PLASTICITY_RULES) expect(src.includes(`'${d.kind}'`), `${f} names '${d.kind}'`).toBe(false);
      expect(/from '\.\.\/plasticity\/(stdp|rstdp|tripletStdp|synapticScaling)\.js'/.test(src), `${f} imports a rule`).toBe(false);
    }
  });

  it('an unknown rule kind in a spec built in TypeScript is a located error listing the rules', () => {
    expect(() => buildNetwork(spec({ kind: 'bcm' } as unknown as PlasticitySpec), { seed: 1 })).toThrow(
      `projections[0].plasticity.kind: unknown rule 'bcm'; rules are: none, ${PLASTICITY_RULES.map((d) => d.kind).join(', ')}`,
    );
  });
});
