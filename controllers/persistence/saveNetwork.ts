/**
 * Saves a network — spec, seed, step and learned weights — in the versioned format of
 * savedNetworkFormat.ts, atomically (writeFileAtomic.ts). Pending R-STDP weight changes are
 * settled first, so the file holds the weights as of now.
 */
import type { Network } from '../network/network.js';
import { settleWeights } from '../network/networkAccess.js';
import { validateNetworkSpec } from '../network/loadNetworkSpec.js';
import { SAVED_NETWORK_FORMAT, SAVED_NETWORK_VERSION } from './savedNetworkFormat.js';
import type { SavedNetworkFile, SavedWeights } from './savedNetworkFormat.js';
import { encodeFloat32, synapseFingerprint } from './weightCodec.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** The file content for `net`; `seed` is the seed it was built with (the wiring depends on it). */
export function savedNetworkOf(net: Network, seed = net.buildSeed): SavedNetworkFile {
  settleWeights(net);
  // A spec that does not survive JSON (Infinity, NaN, functions) would write an unloadable file.
  const spec = JSON.parse(JSON.stringify(net.spec)) as unknown;
  validateNetworkSpec(spec, 'cannot save the network: its spec is not valid as JSON data');
  const weights: Record<string, SavedWeights> = {};
  for (const np of net.projections) {
    const p = np.syn;
    weights[p.name] = { n: p.nSyn, synapses: synapseFingerprint(p), data: encodeFloat32(p.weight) };
  }
  const precision = net.engine.precision === 'f32' ? { precision: 'f32' as const } : {};
  return { format: SAVED_NETWORK_FORMAT, version: SAVED_NETWORK_VERSION, spec, seed, dt_ms: net.dt_ms, ...precision, weights };
}

/** Writes `net` to `file` (JSON), replacing it atomically. */
export function saveNetwork(net: Network, file: string, seed = net.buildSeed): void {
  writeFileAtomic(file, `${JSON.stringify(savedNetworkOf(net, seed))}\n`);
}
