/**
 * The saved-controller file format, version 2 (JSON):
 *
 *   { "format": "spikeloop-controller", "version": 2,
 *     "preset": "<preset id>", "options": { "seed": …, "controlRate_Hz": … },
 *     "sensors": [ChannelSpec…], "actuators": [ChannelSpec…],
 *     "parameters": { "<name>": { "n": <count>, "data": "<base64 float32>" } },
 *     "checksum": "sha256:<64 hex digits>",
 *     "spec": { …the controller file it was built from, if any (controllers/spec) },
 *     "meta": { …free-form: scenario, episodes trained, success rate… } }
 *
 * Restoring rebuilds the preset's controller from `options` (the same seed gives the same
 * wiring) and overwrites every learned parameter; counts must match. Dynamic state (membranes,
 * traces, eligibility) is not saved: a restored controller starts as after reset. Files are
 * written atomically, so a crash or Ctrl-C leaves the previous file or the new one.
 *
 * A file is never trusted: loading refuses, with an error naming the file and the JSON path,
 *  - a `checksum` that differs from the SHA-256 of the payload (`payloadChecksum`: preset id,
 *    seed, and every parameter array's name, count and little-endian Float32 bytes, in name
 *    order) — a flipped byte in the base64 weights, or a hand-edited seed, is caught;
 *  - a non-finite value (NaN, ±Inf) in any parameter array (weights, critic values, gains), or
 *    one of magnitude above MAX_PARAMETER_MAGNITUDE (1e9; 3e38 is finite but overflows sums);
 *  - a projection weight outside its plasticity rule's [wMin, wMax] (or its homeostasis' bounds;
 *    parameterBounds.ts), compared in Float32 as the weights are stored;
 *  - sensor/actuator lists that differ from the preset's in length, channel name, size or unit
 *    (limits and docs are informational: the preset's are used), more than MAX_CHANNELS
 *    channels or a channel larger than MAX_CHANNEL_SIZE;
 *  - a control rate outside CONTROL_RATE_RANGE_HZ (1 to 10 000 Hz).
 * Saving applies the same checks, so a file that saves is a file that loads.
 *
 * Version 1 (the same without `checksum`) still loads, with every check but the checksum;
 * saving always writes version 2. Whether the controller fits a body is checked by the caller
 * (experiments/resolveController.ts, the loop) against the preset's channels.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChannelSpec } from '../../loop/channels.js';
import { parseSpecText, readText } from '../../loop/specFile.js';
import { SpecError, issueText, toSpecIssues } from '../network/specIssues.js';
import type { SpecIssue } from '../network/specIssues.js';
import { decodeFloat32, encodeFloat32 } from '../persistence/weightCodec.js';
import { valueProblem } from '../persistence/valueChecks.js';
import { writeFileAtomic } from '../persistence/writeFileAtomic.js';
import { parameterBounds } from './parameterBounds.js';
import type { ControllerPreset, PresetController } from './preset.js';

export const CONTROLLER_FORMAT = 'spikeloop-controller';
/** The version written. */
export const CONTROLLER_VERSION = 2;
/** Versions read: 1 (before checksums) and 2. */
export const CONTROLLER_READABLE_VERSIONS: readonly number[] = [1, 2];
/** Control rates a controller file may declare (Hz, inclusive). */
export const CONTROL_RATE_RANGE_HZ = { min: 1, max: 10_000 } as const;
/** Most channels in a sensor or actuator list. */
export const MAX_CHANNELS = 256;
/** Largest channel (values). */
export const MAX_CHANNEL_SIZE = 65_536;
/** Most values in one parameter array. */
export const MAX_PARAMETER_VALUES = 1 << 26;
export { MAX_PARAMETER_MAGNITUDE } from '../persistence/valueChecks.js';

const CHECKSUM = /^sha256:[0-9a-f]{64}$/;

const channelSchema = z.strictObject({
  name: z.string().min(1, { error: 'expected a non-empty channel name' }),
  size: z
    .number({ error: `expected a channel size, an integer from 1 to ${MAX_CHANNEL_SIZE}` })
    .int({ error: `expected a channel size, an integer from 1 to ${MAX_CHANNEL_SIZE}` })
    .min(1, { error: `expected a channel size, an integer from 1 to ${MAX_CHANNEL_SIZE}` })
    .max(MAX_CHANNEL_SIZE, { error: `expected a channel size, an integer from 1 to ${MAX_CHANNEL_SIZE}` }),
  low: z.number().nullable(),
  high: z.number().nullable(),
  unit: z.string(),
  doc: z.string().optional(),
});

const channelList = (what: string) => z.array(channelSchema).max(MAX_CHANNELS, { error: `expected at most ${MAX_CHANNELS} ${what} channels` });

const rateError = `expected a control rate from ${CONTROL_RATE_RANGE_HZ.min} to ${CONTROL_RATE_RANGE_HZ.max} Hz`;
const countError = `expected a value count, an integer from 0 to ${MAX_PARAMETER_VALUES}`;

const savedControllerSchema = z.strictObject({
  format: z.literal(CONTROLLER_FORMAT),
  version: z.union([z.literal(1), z.literal(2)]),
  preset: z.string().min(1),
  options: z.strictObject({
    seed: z.number().int(),
    controlRate_Hz: z.number({ error: rateError }).min(CONTROL_RATE_RANGE_HZ.min, { error: rateError }).max(CONTROL_RATE_RANGE_HZ.max, { error: rateError }),
  }),
  sensors: channelList('sensor'),
  actuators: channelList('actuator'),
  parameters: z.record(
    z.string(),
    z.strictObject({ n: z.number({ error: countError }).int({ error: countError }).min(0, { error: countError }).max(MAX_PARAMETER_VALUES, { error: countError }), data: z.string() }),
  ),
  checksum: z.string().regex(CHECKSUM, { error: 'expected "sha256:" and 64 lowercase hex digits' }).optional(),
  /** The controller file (controllers/spec) the controller was built from, network inline: it is rebuilt from it. */
  spec: z.record(z.string(), z.unknown()).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type SavedController = z.infer<typeof savedControllerSchema>;

/** JSON has no ±Infinity: unbounded channel limits are stored as null. */
function channelToJson(c: ChannelSpec): SavedController['sensors'][number] {
  return { name: c.name, size: c.size, low: Number.isFinite(c.low) ? c.low : null, high: Number.isFinite(c.high) ? c.high : null, unit: c.unit, ...(c.doc ? { doc: c.doc } : {}) };
}

export function channelFromJson(c: SavedController['sensors'][number]): ChannelSpec {
  return { name: c.name, size: c.size, low: c.low ?? -Infinity, high: c.high ?? Infinity, unit: c.unit, ...(c.doc ? { doc: c.doc } : {}) };
}

/**
 * `sha256:<hex>` of the payload: a tag, the preset id, the seed, then for each parameter array in
 * name order (UTF-16 code-unit order, as `Array.prototype.sort`) its name, a 0 byte, its count
 * as uint32 LE and its bytes as stored (little-endian Float32, the base64 decoded). Call it only
 * on parameters whose `data` decodes to `n` values.
 */
export function payloadChecksum(preset: string, seed: number, parameters: SavedController['parameters'], spec?: Readonly<Record<string, unknown>>): string {
  const h = createHash('sha256');
  h.update(`spikeloop-controller-checksum\0${preset}\0${String(seed)}\0`, 'utf8');
  const count = Buffer.alloc(4);
  for (const name of Object.keys(parameters).sort()) {
    const p = parameters[name]!;
    h.update(`${name}\0`, 'utf8');
    count.writeUInt32LE(p.n);
    h.update(count);
    h.update(Buffer.from(p.data, 'base64'));
  }
  // An embedded controller file (as JSON, in its key order) is part of the payload.
  if (spec !== undefined) h.update(`spec\0${JSON.stringify(spec)}`, 'utf8');
  return `sha256:${h.digest('hex')}`;
}

/** The file content for a controller (learned parameters settled first), not checked. */
export function savedControllerOf(c: PresetController, meta?: Record<string, unknown>): SavedController {
  const parameters: SavedController['parameters'] = {};
  for (const [name, a] of Object.entries(c.parameters())) parameters[name] = { n: a.length, data: encodeFloat32(a) };
  return {
    format: CONTROLLER_FORMAT,
    version: CONTROLLER_VERSION,
    preset: c.preset,
    options: { seed: c.options.seed, controlRate_Hz: c.options.controlRate_Hz },
    sensors: c.sensors.map(channelToJson),
    actuators: c.actuators.map(channelToJson),
    parameters,
    checksum: payloadChecksum(c.preset, c.options.seed, parameters, c.spec),
    ...(c.spec ? { spec: c.spec } : {}),
    ...(meta ? { meta } : {}),
  };
}

/**
 * Writes a controller to `file` (JSON), replacing it atomically. Refuses (ControllerSaveError) a
 * controller that loading would refuse: a non-finite parameter, a weight outside its bounds, a
 * control rate out of range.
 */
export function saveController(c: PresetController, file: string, meta?: Record<string, unknown>): void {
  const issues: SpecIssue[] = [...rateIssues(c.options.controlRate_Hz)];
  const bounds = parameterBounds(c);
  for (const [name, a] of Object.entries(c.parameters())) {
    const why = valueProblem(a, bounds[name]);
    if (why) issues.push({ path: `parameters.${name}`, message: why });
  }
  if (issues.length > 0) throw new ControllerSaveError(`cannot save controller '${c.preset}' to ${file}: it could never be loaded:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  writeFileAtomic(file, `${JSON.stringify(savedControllerOf(c, meta))}\n`);
}

/** A controller that saveController refuses to write (a file that could never be loaded); nothing was written. */
export class ControllerSaveError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ControllerSaveError';
  }
}

function rateIssues(rate: number): SpecIssue[] {
  const ok = rate >= CONTROL_RATE_RANGE_HZ.min && rate <= CONTROL_RATE_RANGE_HZ.max;
  return ok ? [] : [{ path: 'options.controlRate_Hz', message: `${rateError}, got ${rate}` }];
}

function fail(source: string, path: string, message: string): never {
  throw new SpecError(source, [{ path, message }]);
}

/** Checks parsed JSON against the format; errors name `source` and the field. */
export function parseSavedController(data: unknown, source: string): SavedController {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail(source, '', `expected a JSON object with "format": "${CONTROLLER_FORMAT}"`);
  const d = data as Record<string, unknown>;
  if (d.format !== CONTROLLER_FORMAT) fail(source, 'format', `expected "${CONTROLLER_FORMAT}", got ${JSON.stringify(d.format)}`);
  if (!CONTROLLER_READABLE_VERSIONS.includes(d.version as number)) {
    fail(source, 'version', `version ${JSON.stringify(d.version)} is not supported; this spikeloop reads versions ${CONTROLLER_READABLE_VERSIONS.join(' and ')}`);
  }
  // Refuse an oversized channel list before validating each of its entries.
  for (const what of ['sensors', 'actuators'] as const) {
    const list = d[what];
    if (Array.isArray(list) && list.length > MAX_CHANNELS) fail(source, what, `expected at most ${MAX_CHANNELS} ${what.slice(0, -1)} channels, got ${list.length}`);
  }
  const r = savedControllerSchema.safeParse(d, { error: issueText });
  if (!r.success) throw new SpecError(source, toSpecIssues(r.error.issues, d));
  const saved = r.data;
  if (saved.version >= 2 && saved.checksum === undefined) fail(source, 'checksum', `missing: a version ${saved.version} controller file carries the checksum of its parameters`);
  decodeChecked(saved, source);
  return saved;
}

/**
 * Every parameter array decoded, after checking that each holds `n` values and that the payload
 * matches the checksum (when the file has one).
 */
function decodeChecked(saved: SavedController, source: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, p] of Object.entries(saved.parameters)) {
    const v = decodeFloat32(p.data, p.n);
    if (typeof v === 'string') fail(source, `parameters.${name}.data`, `${v}; the file may be truncated or corrupted`);
    out.set(name, v);
  }
  if (saved.checksum !== undefined) {
    const actual = payloadChecksum(saved.preset, saved.options.seed, saved.parameters, saved.spec);
    if (actual !== saved.checksum) {
      fail(source, 'checksum', `the parameters do not match the checksum (the file has ${saved.checksum}, its content gives ${actual}): the file is corrupted or was edited by hand; refusing to run it`);
    }
  }
  return out;
}

/** Located problems of a file's channel list against the preset's (`what`: 'sensors' or 'actuators'). */
function channelIssues(what: 'sensors' | 'actuators', saved: SavedController['sensors'], expected: readonly ChannelSpec[], presetId: string): SpecIssue[] {
  const verb = what === 'sensors' ? 'reads' : 'writes';
  const list = (cs: ReadonlyArray<{ name: string; size: number }>) => cs.map((c) => `${c.name}[${c.size}]`).join(', ') || 'none';
  if (saved.length !== expected.length) {
    return [{ path: what, message: `the file lists ${saved.length} channel(s) (${list(saved.slice(0, 12))}${saved.length > 12 ? ', …' : ''}), preset '${presetId}' ${verb} ${expected.length} (${list(expected)})` }];
  }
  const out: SpecIssue[] = [];
  expected.forEach((e, k) => {
    const s = saved[k]!;
    if (s.name !== e.name) out.push({ path: `${what}[${k}].name`, message: `channel '${s.name}' in the file, preset '${presetId}' ${verb} '${e.name}' here (${list(expected)})` });
    else if (s.size !== e.size) out.push({ path: `${what}[${k}].size`, message: `channel '${s.name}' has ${s.size} value(s) in the file, preset '${presetId}' ${verb} ${e.size}` });
    else if (s.unit !== e.unit) out.push({ path: `${what}[${k}].unit`, message: `channel '${s.name}' is in '${s.unit}' in the file, preset '${presetId}' ${verb} it in '${e.unit}'` });
  });
  return out;
}

/**
 * Rebuilds the controller a file describes with `preset` (looked up by the caller from
 * `saved.preset`), after every check listed at the top of this file; refuses with a SpecError
 * naming `source` and the JSON path.
 */
export function restoreController(saved: SavedController, preset: ControllerPreset, source: string): PresetController {
  if (preset.id !== saved.preset) fail(source, 'preset', `file is for preset '${saved.preset}', not '${preset.id}'`);
  const early = [
    ...rateIssues(saved.options.controlRate_Hz),
    ...channelIssues('sensors', saved.sensors, preset.sensors, preset.id),
    ...channelIssues('actuators', saved.actuators, preset.actuators, preset.id),
  ];
  if (early.length > 0) throw new SpecError(source, early);
  const values = decodeChecked(saved, source);
  const c = preset.create(saved.options);
  const live = c.parameters();
  const bounds = parameterBounds(c);
  const left = new Set(Object.keys(saved.parameters));
  const issues: SpecIssue[] = [];
  for (const [name, target] of Object.entries(live)) {
    const p = saved.parameters[name];
    if (!p) fail(source, 'parameters', `no values for '${name}' (the file has: ${[...left].join(', ') || 'none'})`);
    left.delete(name);
    if (p.n !== target.length) fail(source, `parameters.${name}.n`, `the file has ${p.n} values, preset '${preset.id}' builds ${target.length}`);
    const why = valueProblem(values.get(name)!, bounds[name]);
    if (why) issues.push({ path: `parameters.${name}.data`, message: why });
  }
  if (left.size > 0) fail(source, 'parameters', `values for ${[...left].map((n) => `'${n}'`).join(', ')} that preset '${preset.id}' does not have`);
  if (issues.length > 0) throw new SpecError(source, issues);
  for (const [name, target] of Object.entries(live)) target.set(values.get(name)!);
  return c;
}

/** Reads and parses a controller file (errors name the file; a UTF-8 byte-order mark is allowed). */
export function readControllerFile(file: string): SavedController {
  const text = readText(file);
  return parseSavedController(parseSpecText(text, file, 'json'), file);
}
