/**
 * The saved-network file format, version 1 (JSON):
 *
 *   { "format": "spikeloop-network", "version": 1,
 *     "spec": <NetworkSpec>, "seed": <build seed>, "dt_ms": <step>,
 *     "weights": { "<projection>": { "n": <synapses>, "synapses": "fnv1a32:…", "data": "<base64>" } } }
 *
 * `data` is the projection's weights as little-endian Float32 in synapse-id order; `synapses` is
 * the fingerprint of the synapse structure (weightCodec.ts). Loading rebuilds the network from
 * spec, seed and dt_ms and then overwrites the weights. Only structure and weights are saved:
 * membranes, traces, eligibility and modulators restart from reset, as after `resetNetwork`.
 * A network built with float32 state (precision 'f32', wasmBackend.ts) adds `"precision": "f32"`
 * (absent: f64), so it is rebuilt in the precision it learned in; a reader that does not know the
 * key refuses the file rather than run it in f64.
 * A change to any of this gets a new version number; readers reject versions they do not know.
 */
import { z } from 'zod';

export const SAVED_NETWORK_FORMAT = 'spikeloop-network';
export const SAVED_NETWORK_VERSION = 1;

export interface SavedWeights {
  readonly n: number;
  readonly synapses: string;
  readonly data: string;
}

export interface SavedNetworkFile {
  readonly format: typeof SAVED_NETWORK_FORMAT;
  readonly version: typeof SAVED_NETWORK_VERSION;
  /** The network spec as data (validated against networkSchema.ts on load). */
  readonly spec: unknown;
  readonly seed: number;
  readonly dt_ms: number;
  /** State precision the network ran in; absent means 'f64'. */
  readonly precision?: 'f32';
  readonly weights: Readonly<Record<string, SavedWeights>>;
}

/** The envelope after `format` and `version` have been checked (the spec is checked separately). */
export const savedNetworkSchema = z.strictObject({
  format: z.literal(SAVED_NETWORK_FORMAT),
  version: z.literal(SAVED_NETWORK_VERSION),
  spec: z.unknown(),
  seed: z.number({ error: 'expected an integer seed' }).int({ error: 'expected an integer seed' }),
  dt_ms: z.number({ error: 'expected a step > 0 ms' }).gt(0, { error: 'expected a step > 0 ms' }),
  precision: z.literal('f32', { error: "expected 'f32' (f64 files leave precision out)" }).optional(),
  weights: z.record(
    z.string(),
    z.strictObject({
      n: z.number({ error: 'expected a synapse count (integer ≥ 0)' }).int({ error: 'expected a synapse count (integer ≥ 0)' }).gte(0, { error: 'expected a synapse count (integer ≥ 0)' }),
      synapses: z.string({ error: 'expected a synapse fingerprint string' }),
      data: z.string({ error: 'expected base64 text' }),
    }),
    { error: 'expected weights by projection name' },
  ),
});

/** Type check: the schema describes exactly the file type (both directions). */
const parsedIsFile = (x: z.infer<typeof savedNetworkSchema>): SavedNetworkFile => x;
const fileIsParsed = (x: SavedNetworkFile): z.infer<typeof savedNetworkSchema> => ({ ...x, weights: { ...x.weights } });
void parsedIsFile;
void fileIsParsed;
