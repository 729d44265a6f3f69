/**
 * Opens whatever a user may point a command at: a network spec (`.json`, `.yaml`, `.yml`) or a
 * saved network (`.json` with `"format": "spikeloop-network"`, see savedNetworkFormat.ts).
 */
import type { Network } from '../network/network.js';
import { buildNetworkFrom, parseSpecText, readText, specFormatOf, validateNetworkSpec } from '../network/loadNetworkSpec.js';
import { resetNetwork } from '../network/resetNetwork.js';
import { SpecError } from '../network/specIssues.js';
import { isSavedNetworkData, restoreNetwork } from './loadSavedNetwork.js';

export interface OpenNetworkOptions {
  /** Build seed for a spec; for a saved network, the seed the dynamics are reset with (its structure keeps the saved seed). @default the saved seed, or 0 for a spec */
  readonly seed?: number;
  /** Step for a spec (overrides its dt_ms). A saved network keeps its step; a different one is an error. */
  readonly dt_ms?: number;
}

export interface OpenedNetwork {
  readonly net: Network;
  /** True when the file was a saved network (with learned weights). */
  readonly saved: boolean;
}

export function openNetworkFile(file: string, opts: OpenNetworkOptions = {}): OpenedNetwork {
  const format = specFormatOf(file);
  const text = readText(file);
  const data = parseSpecText(text, file, format);
  if (format === 'json' && isSavedNetworkData(data)) {
    const net = restoreNetwork(data, file);
    if (opts.dt_ms !== undefined && opts.dt_ms !== net.dt_ms) {
      throw new SpecError(file, [{ path: '', message: `a saved network keeps the step it was built with (dt = ${net.dt_ms} ms); cannot run it at ${opts.dt_ms} ms` }]);
    }
    if (opts.seed !== undefined) resetNetwork(net, opts.seed);
    return { net, saved: true };
  }
  const spec = validateNetworkSpec(data, file, text);
  return { net: buildNetworkFrom(spec, file, { seed: opts.seed ?? 0, dt_ms: opts.dt_ms }, text), saved: false };
}
