/**
 * Refractory conventions (refractoryConvention.ts) against their analytic interspike intervals:
 * under a drive strong enough to cross threshold in one integration step, a neuron fires as
 * soon as it integrates again, so the interval is exactly the refractory count of the
 * convention — R = t_ref/dt steps under 'brian2', R + 1 under 'spikeloop' and 'nest'.
 */
import { describe, expect, it } from 'vitest';
import { ADAPTIVE_LIF_DEFAULTS, createAdaptiveLifState, adaptiveLifStep } from '../../controllers/neurons/adaptiveLif.js';
import { COBA_LIF_DEFAULTS, cobaLifStep, createCobaLifState } from '../../controllers/neurons/cobaLif.js';
import { LIF_DEFAULTS, createLifState, lifStep } from '../../controllers/neurons/lif.js';
import { clearSpikes, createPopulationInput, createSpikeOutput } from '../../controllers/neurons/model.js';
import type { PopulationInput, SpikeOutput } from '../../controllers/neurons/model.js';
import { heldSteps, REFRACTORY_CONVENTIONS } from '../../controllers/neurons/refractoryConvention.js';
import type { RefractoryConvention } from '../../controllers/neurons/refractoryConvention.js';

type Stepper = (input: PopulationInput, out: SpikeOutput) => void;

/** Spike steps of one neuron under a constant current `ext` (pA) for `steps` steps. */
function spikeSteps(step: Stepper, ext: number, steps: number): number[] {
  const input = createPopulationInput(1);
  input.ext[0] = ext;
  const out = createSpikeOutput(1);
  const at: number[] = [];
  for (let k = 0; k < steps; k++) {
    clearSpikes(out);
    step(input, out);
    if (out.count > 0) at.push(k);
  }
  return at;
}

const intervals = (s: number[]) => s.slice(1).map((t, k) => t - s[k]!);

const DT = 0.1;
const MODELS: Record<string, (c: RefractoryConvention, tRef_ms: number) => Stepper> = {
  lif: (c, tRef_ms) => {
    const p = { ...LIF_DEFAULTS, tRef_ms };
    const s = createLifState(p, 1, DT, { refractory: c });
    return (i, o) => lifStep(p, s, i, o);
  },
  'coba-lif': (c, tRef_ms) => {
    const p = { ...COBA_LIF_DEFAULTS, tRef_ms };
    const s = createCobaLifState(p, 1, DT, { refractory: c });
    return (i, o) => cobaLifStep(p, s, i, o);
  },
  'adaptive-lif': (c, tRef_ms) => {
    const p = { ...ADAPTIVE_LIF_DEFAULTS, tRef_ms, adaptCurrentIncrement_pA: 0, adaptThreshIncrement_mV: 0 };
    const s = createAdaptiveLifState(p, 1, DT, { refractory: c });
    return (i, o) => adaptiveLifStep(p, s, i, o);
  },
};

// 1e7 pA crosses any of these thresholds within one 0.1 ms step (R·I ≫ V_th − V_reset).
const DRIVE_pA = 1e7;

describe('refractory conventions', () => {
  for (const [kind, make] of Object.entries(MODELS)) {
    it(`${kind}: the interspike interval under saturating drive is t_ref under 'brian2' and t_ref + dt under 'spikeloop' and 'nest'`, () => {
      for (const tRef_ms of [0.5, 2, 5]) {
        const R = Math.round(tRef_ms / DT);
        const expected: Record<RefractoryConvention, number> = { brian2: R, spikeloop: R + 1, nest: R + 1 };
        for (const c of REFRACTORY_CONVENTIONS) {
          const isi = intervals(spikeSteps(make(c, tRef_ms), DRIVE_pA, 1000));
          expect(isi.length).toBeGreaterThan(10);
          expect(new Set(isi), `${kind} ${c} t_ref ${tRef_ms}`).toEqual(new Set([expected[c]]));
        }
      }
    });
  }

  it("t_ref = 0 fires every step under every convention (Brian2's refractory = 0)", () => {
    for (const c of REFRACTORY_CONVENTIONS) {
      expect(new Set(intervals(spikeSteps(MODELS.lif!(c, 0), DRIVE_pA, 50)))).toEqual(new Set([1]));
    }
  });

  it("the default is 'spikeloop' and an unknown convention is refused by name", () => {
    expect(heldSteps(7)).toBe(7);
    expect(() => heldSteps(7, 'neuron' as RefractoryConvention)).toThrow(/refractory: expected one of 'spikeloop', 'nest', 'brian2', got 'neuron'/);
  });
});
