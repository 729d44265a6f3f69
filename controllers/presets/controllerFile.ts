/**
 * The saved-controller file format, version 1 (JSON):
 *
 *   { "format": "spikeloop-controller", "version": 1,
 *     "preset": "<preset id>", "options": { "seed": …, "controlRate_Hz": … },
 *     "sensors": [ChannelSpec…], "actuators": [ChannelSpec…],
 *     "parameters": { "<name>": { "n": <count>, "data": "<base64 float32>" } },
 *     "meta": { …free-form: scenario, episodes trained, success rate… } }
 *
 * Restoring rebuilds the preset's controller from `options` (the same seed gives the same
 * wiring) and overwrites every learned parameter; counts must match. The channel lists let a
 * tool say which channels differ from a body before building anything. Dynamic state
 * (membranes, traces, eligibility) is not saved: a restored controller starts as after reset.
 * Files are written atomically, so a crash or Ctrl-C leaves the previous file or the new one.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ChannelSpec } from '../../loop/channels.js';
import { SpecError, issueText, toSpecIssues } from '../network/specIssues.js';
import { decodeFloat32, encodeFloat32 } from '../persistence/weightCodec.js';
import { writeFileAtomic } from '../persistence/writeFileAtomic.js';
import type { ControllerPreset, PresetController } from './preset.js';

export const CONTROLLER_FORMAT = 'spikeloop-controller';
export const CONTROLLER_VERSION = 1;

const channelSchema = z.strictObject({
  name: z.string().min(1),
  size: z.number().int().positive(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  unit: z.string(),
  doc: z.string().optional(),
});

const savedControllerSchema = z.strictObject({
  format: z.literal(CONTROLLER_FORMAT),
  version: z.literal(CONTROLLER_VERSION),
  preset: z.string().min(1),
  options: z.strictObject({ seed: z.number().int(), controlRate_Hz: z.number().positive() }),
  sensors: z.array(channelSchema),
  actuators: z.array(channelSchema),
  parameters: z.record(z.string(), z.strictObject({ n: z.number().int().nonnegative(), data: z.string() })),
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

/** The file content for a controller (learned parameters settled first). */
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
    ...(meta ? { meta } : {}),
  };
}

/** Writes a controller to `file` (JSON), replacing it atomically. */
export function saveController(c: PresetController, file: string, meta?: Record<string, unknown>): void {
  writeFileAtomic(file, `${JSON.stringify(savedControllerOf(c, meta))}\n`);
}

function fail(source: string, path: string, message: string): never {
  throw new SpecError(source, [{ path, message }]);
}

/** Checks parsed JSON against the format; errors name `source` and the field. */
export function parseSavedController(data: unknown, source: string): SavedController {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail(source, '', `expected a JSON object with "format": "${CONTROLLER_FORMAT}"`);
  const d = data as Record<string, unknown>;
  if (d.format !== CONTROLLER_FORMAT) fail(source, 'format', `expected "${CONTROLLER_FORMAT}", got ${JSON.stringify(d.format)}`);
  if (d.version !== CONTROLLER_VERSION) fail(source, 'version', `version ${JSON.stringify(d.version)} is not supported; this spikeloop reads version ${CONTROLLER_VERSION}`);
  const r = savedControllerSchema.safeParse(d, { error: issueText });
  if (!r.success) throw new SpecError(source, toSpecIssues(r.error.issues, d));
  return r.data;
}

/** Rebuilds the controller a file describes with `preset` (looked up by the caller from `saved.preset`). */
export function restoreController(saved: SavedController, preset: ControllerPreset, source: string): PresetController {
  if (preset.id !== saved.preset) fail(source, 'preset', `file is for preset '${saved.preset}', not '${preset.id}'`);
  const c = preset.create(saved.options);
  const live = c.parameters();
  const left = new Set(Object.keys(saved.parameters));
  for (const [name, target] of Object.entries(live)) {
    const p = saved.parameters[name];
    if (!p) fail(source, 'parameters', `no values for '${name}' (the file has: ${[...left].join(', ') || 'none'})`);
    left.delete(name);
    if (p.n !== target.length) fail(source, `parameters.${name}.n`, `the file has ${p.n} values, preset '${preset.id}' builds ${target.length}`);
    const v = decodeFloat32(p.data, p.n);
    if (typeof v === 'string') fail(source, `parameters.${name}.data`, `${v}; the file may be truncated or corrupted`);
    target.set(v);
  }
  if (left.size > 0) fail(source, 'parameters', `values for ${[...left].map((n) => `'${n}'`).join(', ')} that preset '${preset.id}' does not have`);
  return c;
}

/** Reads and parses a controller file (errors name the file). */
export function readControllerFile(file: string): SavedController {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SpecError(file, [{ path: '', message: `cannot read the file: ${(e as Error).message}` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new SpecError(file, [{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return parseSavedController(data, file);
}
