/**
 * The encoders and decoders of controllers/coding as registries for controller files: a Map by
 * kind of each kind's parameter fields. The compile-time checks at the end keep them equal to
 * the `EncoderSpec` / `DecoderSpec` unions, so a new coding kind is added here too.
 */
import { z } from 'zod';
import type { DecoderSpec, EncoderSpec } from '../coding/index.js';
import type { KindShape } from './specSchemaParts.js';
import { finite, kindUnion, nonNegative, positive, positiveInt } from './specSchemaParts.js';

const encoderParams = {
  poisson: { low: finite(), high: finite(), maxRate_Hz: positive(), neuronsPerValue: positiveInt() },
  'gaussian-population': {
    low: finite(),
    high: finite(),
    neuronsPerValue: positiveInt(),
    sigma: positive(),
    maxRate_Hz: positive(),
    spiking: z.enum(['poisson', 'regular'], { error: "expected 'poisson' or 'regular'" }),
  },
  latency: { low: finite(), high: finite(), window_ms: positive() },
  'send-on-delta': { low: finite(), high: finite(), threshold: positive() },
} as const;

const decoderParams = {
  'filtered-rate': { tau_ms: positive(), neuronsPerOutput: positiveInt() },
  'population-vector': { tau_ms: positive(), low: finite(), high: finite(), neuronsPerValue: positiveInt(), silentValue: finite(), silentBelow_Hz: nonNegative() },
  'antagonistic-pair': {
    tau_ms: positive(),
    neuronsPerSide: positiveInt(),
    gain_perHz: finite(),
    layout: z.enum(['halves', 'two-populations'], { error: "expected 'halves' or 'two-populations'" }),
  },
  'winner-take-all': { tau_ms: positive(), options: positiveInt(), neuronsPerOption: positiveInt(), values: z.array(finite()).optional(), silentValue: finite(), silentBelow_Hz: nonNegative() },
} as const;

/** Encoder kinds by name (controllers/coding/encoder.ts). */
export const ENCODER_KINDS_BY_NAME: ReadonlyMap<string, KindShape> = new Map(Object.entries(encoderParams).map(([k, params]) => [k, { params }]));
/** Decoder kinds by name (controllers/coding/decoder.ts). */
export const DECODER_KINDS_BY_NAME: ReadonlyMap<string, KindShape> = new Map(Object.entries(decoderParams).map(([k, params]) => [k, { params }]));

export const encoderSpecSchema = kindUnion('an encoder', ENCODER_KINDS_BY_NAME) as unknown as z.ZodType<EncoderSpec>;
export const decoderSpecSchema = kindUnion('a decoder', DECODER_KINDS_BY_NAME) as unknown as z.ZodType<DecoderSpec>;

// ---- the registries and the coding unions agree --------------------------------------------
type ParsedOf<T extends Record<string, z.core.$ZodLooseShape>> = { [K in keyof T]: { kind: K } & z.infer<z.ZodObject<T[K]>> }[keyof T];
type DeepMutable<T> = T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
const encodersAgree = (x: ParsedOf<typeof encoderParams>): EncoderSpec => x;
const encodersAgreeBack = (x: DeepMutable<EncoderSpec>): ParsedOf<typeof encoderParams> => x;
const decodersAgree = (x: ParsedOf<typeof decoderParams>): DecoderSpec => x;
const decodersAgreeBack = (x: DeepMutable<DecoderSpec>): ParsedOf<typeof decoderParams> => x;
void encodersAgree;
void encodersAgreeBack;
void decodersAgree;
void decodersAgreeBack;
