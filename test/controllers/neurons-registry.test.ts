/**
 * The neuron registry: every kind resolves to a working model with its defaults, partial params
 * merge over defaults (and presets), and bad specs fail with located, precise errors.
 */
import { describe, expect, it } from 'vitest';
import {
  IZHIKEVICH_PRESETS,
  NEURON_DEFAULTS,
  NEURON_KINDS,
  clearSpikes,
  createPopulationInput,
  createSpikeOutput,
  neuronModelFor,
  neuronVariableNames,
  resolveNeuronSpec,
} from '../../controllers/neurons/index.js';
import type { NeuronKind, NeuronSpec, ResolvedNeuronSpec } from '../../controllers/neurons/index.js';

/** Compile-time check: a resolved spec keeps its model and params correlated for any kind. */
function createFor<K extends NeuronKind>(r: ResolvedNeuronSpec<K>, n: number, dt: number) {
  const model = neuronModelFor(r);
  return { model, state: model.create(r.params, n, dt) };
}

describe('neuron registry', () => {
  it('resolves every kind to a model that rests at its defaults and fires under drive', () => {
    // Drive per kind: 3× the LIF rheobase θ/R, a COBA current well above g_L θ, Izhikevich I = 10.
    // The NEST-unit models; the dimensionless nir-* kinds (some never spike) are tested against
    // NIR's equations in test/nir/.
    const drive: Partial<Record<NeuronKind, number>> = {
      lif: (3 * 15 * 250) / 10,
      'coba-lif': 3 * 10 * 10,
      'adaptive-lif': (3 * 15 * 250) / 10,
      izhikevich: 10,
    };
    expect(Object.keys(drive)).toEqual(NEURON_KINDS.filter((k) => !k.startsWith('nir-')));
    for (const kind of Object.keys(drive) as NeuronKind[]) {
      const r = resolveNeuronSpec({ kind } as NeuronSpec);
      expect(r.kind).toBe(kind);
      expect(r.params).toEqual(NEURON_DEFAULTS[kind]);
      const { model, state } = createFor(r, 2, 0.1);
      expect(model.kind).toBe(kind);
      const input = createPopulationInput(2);
      const out = createSpikeOutput(2);
      input.ext[1] = drive[kind]!;
      let spikes0 = 0;
      let spikes1 = 0;
      for (let k = 0; k < 2000; k++) {
        clearSpikes(out);
        model.step(r.params, state, input, out);
        spikes0 += out.flags[0];
        spikes1 += out.flags[1];
      }
      expect(spikes0, kind).toBe(0);
      expect(spikes1, kind).toBeGreaterThan(3);
      expect(Object.keys(model.variables(state))).toEqual(neuronVariableNames(kind));
      expect(neuronVariableNames(kind)).toContain('v_mV');
    }
  });

  it('merges partial params over the defaults, and over a named Izhikevich preset', () => {
    const r = resolveNeuronSpec({ kind: 'coba-lif', params: { gLeak_nS: 20 } });
    expect(r.params).toEqual({ ...NEURON_DEFAULTS['coba-lif'], gLeak_nS: 20 });
    const fs = resolveNeuronSpec({ kind: 'izhikevich', preset: 'FS', params: { d: 3 } });
    expect(fs.params).toEqual({ ...IZHIKEVICH_PRESETS.FS, d: 3 });
    expect(resolveNeuronSpec({ kind: 'izhikevich', preset: 'CH' }).params).toEqual(IZHIKEVICH_PRESETS.CH);
  });

  it('rejects bad specs with the location, what was wrong and what was expected', () => {
    const bad = (spec: unknown) => () => resolveNeuronSpec(spec as NeuronSpec, 'populations.exc.neuron');
    expect(bad({ kind: 'hh' })).toThrow(
      'populations.exc.neuron.kind: unknown neuron kind "hh"; expected one of lif, coba-lif, adaptive-lif, izhikevich',
    );
    expect(bad({ kind: 'lif', params: { tauMem: 10 } })).toThrow(
      /^populations\.exc\.neuron\.params\.tauMem: unknown parameter for neuron kind 'lif'; expected one of cMem_pF, tauMem_ms/,
    );
    expect(bad({ kind: 'lif', params: { tauMem_ms: '10' } })).toThrow(
      'populations.exc.neuron.params.tauMem_ms: expected a finite number, got "10"',
    );
    expect(bad({ kind: 'lif', params: { tauMem_ms: -1 } })).toThrow(
      'populations.exc.neuron.params: lif: parameter tauMem_ms must be a finite number > 0, got -1',
    );
    expect(bad({ kind: 'izhikevich', preset: 'XX' })).toThrow(/neuron\.preset: unknown Izhikevich preset "XX"; expected one of RS, IB, CH, FS, LTS, TC, RZ/);
    expect(bad({ kind: 'coba-lif', params: [1] })).toThrow(/neuron\.params: expected an object of coba-lif parameters/);
    expect(bad(null)).toThrow(TypeError);
    expect(() => neuronModelFor({ kind: 'nope' as NeuronKind })).toThrow(/unknown neuron kind "nope"/);
  });
});
