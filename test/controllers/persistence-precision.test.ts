/**
 * A saved network keeps the state precision it ran in: an f32 network is rebuilt in f32, an f64
 * one in f64; asking for the other precision converts with a warning naming both, never silently.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildNetwork, runSteps } from '../../controllers/network/index.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { restoreNetwork } from '../../controllers/persistence/loadSavedNetwork.js';
import { savedNetworkOf } from '../../controllers/persistence/saveNetwork.js';

const SPEC: NetworkSpec = {
  populations: [
    { name: 'a', size: 10, source: { kind: 'poisson', rate_Hz: 100 } },
    { name: 'b', size: 6, neuron: { kind: 'lif' } },
  ],
  projections: [{ pre: 'a', post: 'b', connectivity: { kind: 'all-to-all' }, weight: { kind: 'uniform', low: 100, high: 400 } }],
};

describe('saved networks and precision', () => {
  it('an f64 file leaves precision out and restores in f64; an f32 file says f32 and restores in f32', () => {
    const f64 = buildNetwork(SPEC, { seed: 2 });
    const f32 = buildNetwork(SPEC, { seed: 2, precision: 'f32' });
    const d64 = savedNetworkOf(f64);
    const d32 = savedNetworkOf(f32);
    expect('precision' in d64).toBe(false);
    expect(d32.precision).toBe('f32');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const r64 = restoreNetwork(JSON.parse(JSON.stringify(d64)), 'a64.json');
      const r32 = restoreNetwork(JSON.parse(JSON.stringify(d32)), 'a32.json');
      expect(r64.engine.precision).toBe('f64');
      expect(r32.engine.precision).toBe('f32');
      expect(warn).not.toHaveBeenCalled();
      // Restored in f32, it runs as the f32 original does (same weights, same seed).
      runSteps(f32, 300);
      runSteps(r32, 300);
      expect(r32.counters.spikesTotal).toBe(f32.counters.spikesTotal);
    } finally {
      warn.mockRestore();
    }
  });

  it('loading in the other precision converts with a warning naming both', () => {
    const d32 = savedNetworkOf(buildNetwork(SPEC, { seed: 2, precision: 'f32' }));
    const d64 = savedNetworkOf(buildNetwork(SPEC, { seed: 2 }));
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      expect(restoreNetwork(JSON.parse(JSON.stringify(d32)), 'net.json', 'f64').engine.precision).toBe('f64');
      expect(String(warn.mock.calls[0]![0])).toBe(
        'net.json: the network was saved with f32 state and is loaded with f64 state; its dynamics will differ from the ones it learned with',
      );
      expect(restoreNetwork(JSON.parse(JSON.stringify(d64)), 'net.json', 'f32').engine.precision).toBe('f32');
      expect(String(warn.mock.calls[1]![0])).toMatch(/saved with f64 state and is loaded with f32 state/);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses a precision it does not know, located', () => {
    const d = { ...savedNetworkOf(buildNetwork(SPEC, { seed: 2 })), precision: 'f16' };
    expect(() => restoreNetwork(d, 'bad.json')).toThrow(/precision.*expected 'f32' \(f64 files leave precision out\)/s);
  });
});
