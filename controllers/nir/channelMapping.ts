/**
 * How an imported NIR graph meets a body, as data: which sensor channel values drive each NIR
 * Input (through which encoder) and which actuator channel values each NIR Output commands
 * (through which decoder and linear read-out). Written as JSON or built in TypeScript:
 *
 *   { "sensors":   [{ "name": "range", "size": 2, "low": 0, "high": 4, "unit": "m" }],
 *     "actuators": [{ "name": "cmd", "size": 2, "low": -1, "high": 1, "unit": "m/s" }],
 *     "inputs":  [{ "node": "input", "channel": "range", "encoder": { "kind": "poisson", … } }],
 *     "outputs": [{ "node": "output", "channel": "cmd", "decoder": { "kind": "filtered-rate", … },
 *                   "gain": 0.01, "offset": -1 }] }
 *
 * An input reads `values` channel elements from `offset` (default: all of the channel); an
 * output writes its decoded values from `offset`, each as clip(offset_value + gain·decoded,
 * low, high) of the actuator channel. Structure is checked here (parseNirChannelMapping);
 * names, sizes and encoder/decoder parameters against the graph by nirController.ts.
 */
import { z } from 'zod';
import type { ChannelSpec } from '../../loop/channels.js';
import { SpecError, issueText, toSpecIssues } from '../network/specIssues.js';
import type { DecoderSpec } from '../coding/decoder.js';
import { DECODER_KINDS } from '../coding/decoder.js';
import type { EncoderSpec } from '../coding/encoder.js';
import { ENCODER_KINDS } from '../coding/encoder.js';

export interface NirInputBinding {
  /** A top-level Input node of the graph. */
  readonly node: string;
  /** A sensor channel. */
  readonly channel: string;
  /** First channel element read. @default 0 */
  readonly offset?: number;
  /** Elements read. @default the rest of the channel */
  readonly values?: number;
  readonly encoder: EncoderSpec;
}

export interface NirOutputBinding {
  /** A top-level Output node of the graph, fed by a spiking node. */
  readonly node: string;
  /** An actuator channel. */
  readonly channel: string;
  /** First channel element written. @default 0 */
  readonly offset?: number;
  /** Decoded values. @default the rest of the channel */
  readonly values?: number;
  readonly decoder: DecoderSpec;
  /** Command per decoded unit. @default 1 */
  readonly gain?: number;
  /** Command at zero decoded value. @default 0 */
  readonly bias?: number;
}

export interface NirChannelMapping {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  readonly inputs: readonly NirInputBinding[];
  readonly outputs: readonly NirOutputBinding[];
}

const channel = z.strictObject({
  name: z.string().min(1, { error: 'expected a channel name' }),
  size: z.number().int().positive({ error: 'expected a channel size (integer > 0)' }),
  low: z.number().nullable(),
  high: z.number().nullable(),
  unit: z.string(),
  doc: z.string().optional(),
});
const index = z.number().int().nonnegative({ error: 'expected an integer ≥ 0' });
const count = z.number().int().positive({ error: 'expected an integer > 0' });
const encoder = z.looseObject({ kind: z.enum(ENCODER_KINDS, { error: `expected an encoder kind, one of ${ENCODER_KINDS.join(', ')}` }) });
const decoder = z.looseObject({ kind: z.enum(DECODER_KINDS, { error: `expected a decoder kind, one of ${DECODER_KINDS.join(', ')}` }) });

const mappingSchema = z.strictObject({
  sensors: z.array(channel),
  actuators: z.array(channel),
  inputs: z.array(z.strictObject({ node: z.string().min(1), channel: z.string().min(1), offset: index.optional(), values: count.optional(), encoder })),
  outputs: z.array(
    z.strictObject({ node: z.string().min(1), channel: z.string().min(1), offset: index.optional(), values: count.optional(), decoder, gain: z.number().optional(), bias: z.number().optional() }),
  ),
});

/** Checks parsed JSON against the mapping's structure; errors name `source` and the field. */
export function parseNirChannelMapping(data: unknown, source: string): NirChannelMapping {
  const r = mappingSchema.safeParse(data, { error: issueText });
  if (!r.success) throw new SpecError(source, toSpecIssues(r.error.issues, data));
  const ch = (c: z.infer<typeof channel>): ChannelSpec => ({ name: c.name, size: c.size, low: c.low ?? -Infinity, high: c.high ?? Infinity, unit: c.unit, ...(c.doc ? { doc: c.doc } : {}) });
  return {
    sensors: r.data.sensors.map(ch),
    actuators: r.data.actuators.map(ch),
    inputs: r.data.inputs.map((b) => ({ ...b, encoder: b.encoder as unknown as EncoderSpec })),
    outputs: r.data.outputs.map((b) => ({ ...b, decoder: b.decoder as unknown as DecoderSpec })),
  };
}
