import { describe, expect, it } from 'vitest';
import { buildNetwork, networkStep } from '../../controllers/network/index.js';
import type { NetworkSpec } from '../../controllers/network/index.js';
import { LIF_DEFAULTS } from '../../controllers/neurons/index.js';
import { integerStateHook, lifStateGrid, snapToGrid } from '../../controllers/hardware/index.js';

describe('integer LIF state grid', () => {
  it('rest is code 0, the threshold the largest code, and values beyond the range saturate', () => {
    const p = LIF_DEFAULTS;
    const g = lifStateGrid(p, { membraneBits: 8, currentBits: 6 }, 2, 3);
    expect(g.dv_mV).toBeCloseTo((p.vThresh_mV - p.eLeak_mV) / 127, 15);
    expect(g.vMinCode).toBe(-128);
    expect(g.vMaxCode).toBe(127);
    expect(g.iMaxCode).toBe(31);
    const v = Float64Array.of(p.eLeak_mV, p.vThresh_mV, p.vThresh_mV + 40, p.eLeak_mV - 100, p.eLeak_mV + 0.6 * g.dv_mV, p.eLeak_mV - 0.5 * g.dv_mV);
    snapToGrid(v, g.eLeak_mV, g.dv_mV, g.vMinCode, g.vMaxCode);
    expect(v[0]).toBe(p.eLeak_mV);
    expect(v[1]).toBeCloseTo(p.vThresh_mV, 12);
    expect(v[2]).toBeCloseTo(p.vThresh_mV, 12); // saturates at the top code
    expect(v[3]).toBeCloseTo(p.eLeak_mV - 128 * g.dv_mV, 12); // and at the bottom
    expect(v[4]).toBeCloseTo(p.eLeak_mV + g.dv_mV, 12);
    expect(v[5]).toBeCloseTo(p.eLeak_mV - g.dv_mV, 12); // half away from zero
    const i = Float64Array.of(1000, -1000, 4.4, 5);
    snapToGrid(i, 0, 2, -31, 31);
    expect(Array.from(i)).toEqual([62, -62, 4, 6]);
  });

  it('refuses a reset below the grid and non-positive current steps', () => {
    expect(() => lifStateGrid({ ...LIF_DEFAULTS, vReset_mV: -90 }, { membraneBits: 8, currentBits: 8 }, 1, 1, "population 'x'")).toThrow(
      "population 'x': vReset_mV -90 is below the 8-bit membrane grid, which reaches down to -85.118 mV",
    );
    expect(() => lifStateGrid(LIF_DEFAULTS, { membraneBits: 8, currentBits: 8 }, 0, 1)).toThrow('lif: excitatory current step must be > 0 pA, got 0');
  });

  it('holds every LIF state on its grid after every step of a running network, saturating large currents', () => {
    const spec: NetworkSpec = {
      dt_ms: 1,
      populations: [
        { name: 'in', size: 20, source: { kind: 'poisson', rate_Hz: 300 } },
        { name: 'lif', size: 10, neuron: { kind: 'lif' } },
      ],
      projections: [
        { name: 'e', pre: 'in', post: 'lif', connectivity: { kind: 'all-to-all' }, weight: 90 },
        { name: 'i', pre: 'in', post: 'lif', target: 'inh', connectivity: { kind: 'fixed-probability', p: 0.3 }, weight: 40 },
      ],
    };
    const net = buildNetwork(spec, { seed: 2 });
    const state = { membraneBits: 10, currentBits: 6 };
    const steps: Record<string, number> = { e: 3, i: 5 };
    net.afterUpdate = integerStateHook(net, state, (name) => steps[name]!);
    const g = lifStateGrid(LIF_DEFAULTS, state, 3, 5);
    const vars = net.populations[1]!.dynamics.kind === 'neurons' ? net.populations[1]!.dynamics.neurons.variables : {};
    let offGrid = 0;
    let saturated = 0;
    let spikes = 0;
    for (let t = 0; t < 300; t++) {
      networkStep(net);
      spikes += net.counters.spikesLastStep;
      for (let j = 0; j < 10; j++) {
        const u = (vars['v_mV']![j]! - g.eLeak_mV) / g.dv_mV;
        const ce = vars['iExc_pA']![j]! / g.diExc_pA;
        const ci = vars['iInh_pA']![j]! / g.diInh_pA;
        for (const c of [u, ce, ci]) offGrid = Math.max(offGrid, Math.abs(c - Math.round(c)));
        if (u < g.vMinCode - 1e-9 || u > g.vMaxCode + 1e-9 || Math.abs(ce) > g.iMaxCode + 1e-9 || Math.abs(ci) > g.iMaxCode + 1e-9) offGrid = Infinity;
        if (Math.round(ce) === g.iMaxCode) saturated++;
      }
    }
    expect(offGrid).toBeLessThan(1e-6);
    // 20 inputs at 300 Hz × 90 pA ≈ 540 pA per step arrive on a current of at most 31 × 3 = 93 pA.
    expect(saturated).toBeGreaterThan(100);
    expect(spikes).toBeGreaterThan(0);
  });

  it('names a population whose model has no integer state', () => {
    const net = buildNetwork({ populations: [{ name: 'izh', size: 2, neuron: { kind: 'izhikevich' } }] }, { seed: 1 });
    expect(() => integerStateHook(net, { membraneBits: 16, currentBits: 16 }, () => 1)).toThrow(
      "integer state supports 'lif' populations (current-based LIF, as on TrueNorth and Loihi); population 'izh' is 'izhikevich'",
    );
  });
});
