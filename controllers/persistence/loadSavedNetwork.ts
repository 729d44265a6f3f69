/**
 * Loads a network saved by saveNetwork.ts: checks format and version, validates the spec,
 * rebuilds the network from spec, seed and step, checks that every projection has the saved
 * synapse count and structure, checks every weight (finite, of sane magnitude, inside its
 * plasticity rule's [wMin, wMax] where it has one; valueChecks.ts) and overwrites the weights.
 * Every failure is a SpecError naming the file and what differs. (Saved networks carry no
 * checksum; controller files do, see controllers/presets/controllerFile.ts.)
 */
import type { Network } from '../network/network.js';
import { buildNetworkFrom, readText } from '../network/loadNetworkSpec.js';
import { networkSpecSchema } from '../network/networkSchema.js';
import { checkJsonDepth } from '../../loop/specFile.js';
import { issueText, SpecError, toSpecIssues } from '../network/specIssues.js';
import { SAVED_NETWORK_FORMAT, SAVED_NETWORK_VERSION, savedNetworkSchema } from './savedNetworkFormat.js';
import { valueProblem } from './valueChecks.js';
import type { EnginePrecision } from '../network/wasmBackend.js';
import { decodeFloat32, synapseFingerprint } from './weightCodec.js';

/** Whether parsed JSON looks like a saved network (it declares a `format`), rather than a spec. */
export function isSavedNetworkData(data: unknown): boolean {
  return data !== null && typeof data === 'object' && !Array.isArray(data) && 'format' in data;
}

function fail(source: string, path: string, message: string): never {
  throw new SpecError(source, [{ path, message }]);
}

/**
 * Rebuilds a network from saved-file data parsed from `source`, in the precision it was saved in;
 * `precision` asks for another one, which converts (the weights are float32 either way, the
 * dynamics differ) with a warning naming both.
 */
export function restoreNetwork(data: unknown, source: string, precision?: EnginePrecision): Network {
  if (!isSavedNetworkData(data)) fail(source, '', `not a saved network: expected an object with "format": "${SAVED_NETWORK_FORMAT}"`);
  const d = data as Record<string, unknown>;
  if (d.format !== SAVED_NETWORK_FORMAT) fail(source, 'format', `expected "${SAVED_NETWORK_FORMAT}", got ${JSON.stringify(d.format)}`);
  if (d.version !== SAVED_NETWORK_VERSION) {
    fail(source, 'version', `version ${JSON.stringify(d.version)} is not supported; this spikeloop reads version ${SAVED_NETWORK_VERSION}`);
  }
  const env = savedNetworkSchema.safeParse(d, { error: issueText });
  if (!env.success) throw new SpecError(source, toSpecIssues(env.error.issues, d));
  const specCheck = networkSpecSchema.safeParse(d.spec, { error: issueText });
  if (!specCheck.success) throw new SpecError(source, toSpecIssues(specCheck.error.issues, d, ['spec']));
  const file = env.data;
  const savedPrecision = file.precision ?? 'f64';
  if (precision !== undefined && precision !== savedPrecision) {
    process.emitWarning(`${source}: the network was saved with ${savedPrecision} state and is loaded with ${precision} state; its dynamics will differ from the ones it learned with`, {
      code: 'SPIKELOOP_PRECISION_CONVERTED',
    });
  }
  const net = buildNetworkFrom(specCheck.data, source, { seed: file.seed, dt_ms: file.dt_ms, precision: precision ?? savedPrecision }, undefined, 'spec');

  const saved = new Set(Object.keys(file.weights));
  for (const np of net.projections) {
    const p = np.syn;
    const w = file.weights[p.name];
    if (!w) fail(source, 'weights', `no weights for projection '${p.name}' (the file has: ${[...saved].join(', ') || 'none'})`);
    saved.delete(p.name);
    const at = `weights.${p.name}`;
    if (w.n !== p.nSyn) fail(source, `${at}.n`, `the file has ${w.n} synapses, the rebuilt projection has ${p.nSyn}`);
    const fp = synapseFingerprint(p);
    if (w.synapses !== fp) {
      fail(source, `${at}.synapses`, `the rebuilt projection is wired differently (fingerprint ${fp}, saved ${w.synapses}): spec, seed or dt do not match the ones the weights were learned with`);
    }
    const weights = decodeFloat32(w.data, w.n);
    if (typeof weights === 'string') fail(source, `${at}.data`, `${weights}; the file may be truncated or corrupted`);
    const rule = np.plasticity?.params ?? np.homeostasis?.params;
    const why = valueProblem(weights, rule ? { low: rule.wMin, high: rule.wMax } : undefined);
    if (why) fail(source, `${at}.data`, why);
    p.weight.set(weights);
  }
  if (saved.size > 0) fail(source, 'weights', `weights for projection${saved.size > 1 ? 's' : ''} ${[...saved].map((n) => `'${n}'`).join(', ')} that the spec does not define`);
  return net;
}

/** Reads a saved-network file and rebuilds the network with its weights (precision: see restoreNetwork). */
export function loadSavedNetwork(file: string, precision?: EnginePrecision): Network {
  const text = readText(file);
  checkJsonDepth(text, file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(file, '', `not valid JSON (${(err as Error).message.split(/, "|\n/)[0]}): the file may be truncated`);
  }
  return restoreNetwork(data, file, precision);
}
