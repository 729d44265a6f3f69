/**
 * The pre-trace decay table replaces `Math.exp(age * k)` in the delivery hot path; every entry
 * must be the exact double that call gives (so episodes stay bit-identical), and ages past the
 * table must fall back to the call.
 */
import { describe, expect, it } from 'vitest';
import { createStdpTraces, decayTable, PRE_DECAY_STEPS, preTraceAt, STDP_DEFAULTS } from '../../controllers/plasticity/index.js';

describe('pre-trace decay table', () => {
  it('holds exactly Math.exp(age·k) for every age it serves, for several τ₊ and dt', () => {
    for (const [tau, dt] of [[20, 1], [16.8, 0.1], [3, 0.25], [1000, 1]] as const) {
      const k = -dt / tau;
      const t = decayTable(k);
      expect(t.length).toBe(PRE_DECAY_STEPS);
      for (let age = 0; age < t.length; age++) expect(Object.is(t[age], Math.exp(age * k))).toBe(true);
    }
  });

  it('preTraceAt equals x·Math.exp(age·k) bit for bit, inside and past the table', () => {
    const tr = createStdpTraces({ ...STDP_DEFAULTS, tauPlus_ms: 16.8 }, 1, 1, 0.1);
    tr.xPre[0] = 1.75;
    tr.lastArrival[0] = 5;
    for (const age of [0, 1, 7, 500, PRE_DECAY_STEPS - 1, PRE_DECAY_STEPS, PRE_DECAY_STEPS + 3, 50_000]) {
      expect(Object.is(preTraceAt(tr, 0, 5 + age), 1.75 * Math.exp(age * tr.preExponentPerStep))).toBe(true);
    }
  });
});
