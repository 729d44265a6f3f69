/**
 * The recording file format, version 1 (JSON, written atomically):
 *
 *   { "format": "spikeloop-recording", "version": 1,
 *     "seeds": [<seed of episode 0>, …],
 *     "observations": <stream>, "commands": <stream> }
 *
 *   <stream> = { "channels": [ { "name", "size", "low", "high", "unit", "doc"? }, … ],
 *                "frames": <n>,
 *                "episode": "<base64>",   n × uint32, index into "seeds"
 *                "t_s": "<base64>",       n × float64, seconds since that episode's reset
 *                "values": { "<channel>": "<base64>", … } }   n × size × float32, row-major
 *
 * All numbers in columns are little-endian and stored bit for bit, so ±Inf (REP-117 ranges),
 * NaN and −0 survive a round trip; bounds that are infinite are written as the strings
 * "Infinity" / "-Infinity" (JSON has no infinities). An observation frame is what one
 * `observe` returned, a command frame what one `command` received. A change to any of this gets
 * a new version number; readers reject versions they do not know.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../writeFileAtomic.js';
import type { ChannelSpec } from '../channels.js';
import { RecordedStream, Recorder } from './recorder.js';

export const RECORDING_FORMAT = 'spikeloop-recording';
export const RECORDING_VERSION = 1;

/** A recording file that failed validation: each problem located by field. */
export class RecordingFileError extends RangeError {
  constructor(
    readonly file: string,
    readonly problems: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(problems.map((p) => `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'));
    this.name = 'RecordingFileError';
  }
}

const bound = z.union([z.number(), z.literal('Infinity'), z.literal('-Infinity')], { error: 'expected a number, "Infinity" or "-Infinity"' });
const base64 = z.string({ error: 'expected base64 text' }).regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, { error: 'expected base64 text' });
const channelSchema = z.strictObject({
  name: z.string({ error: 'expected a channel name' }).min(1, { error: 'expected a non-empty channel name' }),
  size: z.number({ error: 'expected an integer size ≥ 1' }).int({ error: 'expected an integer size ≥ 1' }).gte(1, { error: 'expected an integer size ≥ 1' }),
  low: bound,
  high: bound,
  unit: z.string({ error: 'expected a unit' }).min(1, { error: 'expected a non-empty unit' }),
  doc: z.string({ error: 'expected a description' }).optional(),
});
const streamSchema = z.strictObject({
  channels: z.array(channelSchema, { error: 'expected a list of channel specs' }),
  frames: z.number({ error: 'expected a frame count (integer ≥ 0)' }).int({ error: 'expected a frame count (integer ≥ 0)' }).gte(0, { error: 'expected a frame count (integer ≥ 0)' }),
  episode: base64,
  t_s: base64,
  values: z.record(z.string(), base64, { error: 'expected base64 columns by channel name' }),
});
const recordingSchema = z.strictObject({
  format: z.literal(RECORDING_FORMAT, { error: `expected "${RECORDING_FORMAT}"` }),
  version: z.literal(RECORDING_VERSION, { error: `expected version ${RECORDING_VERSION} (the only one this reader knows)` }),
  seeds: z.array(z.number({ error: 'expected a finite seed' }), { error: 'expected a list of episode seeds' }),
  observations: streamSchema,
  commands: streamSchema,
});

type StreamData = z.infer<typeof streamSchema>;

/** Writes `recorder` to `file` (format above), atomically: readers see the old file or the new one. */
export function writeRecording(recorder: Recorder, file: string): void {
  const obs = recorder.observations;
  const cmd = recorder.commands;
  if (obs === null || cmd === null) throw new RangeError('writeRecording: the recorder was never bound to a body (wrap one with withRecording)');
  const doc = { format: RECORDING_FORMAT, version: RECORDING_VERSION, seeds: recorder.seeds, observations: encodeStream(obs), commands: encodeStream(cmd) };
  writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
}

/** Reads and validates a recording file; errors name the file and the field. */
export function readRecording(file: string): Recorder {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RecordingFileError(file, [{ path: '', message: `cannot read the file (${(e as Error).message})` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new RecordingFileError(file, [{ path: '', message: `not JSON (${(e as Error).message})` }]);
  }
  const parsed = recordingSchema.safeParse(data);
  if (!parsed.success) {
    throw new RecordingFileError(
      file,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: `${i.message}, got ${showValue(valueAt(data, i.path))}` })),
    );
  }
  const d = parsed.data;
  const problems: { path: string; message: string }[] = [];
  d.seeds.forEach((s, k) => {
    if (!Number.isFinite(s)) problems.push({ path: `seeds[${k}]`, message: `expected a finite seed, got ${s}` });
  });
  const obs = decodeStream(d.observations, 'observations', d.seeds.length, problems);
  const cmd = decodeStream(d.commands, 'commands', d.seeds.length, problems);
  if (problems.length > 0 || obs === null || cmd === null) throw new RecordingFileError(file, problems);
  const rec = new Recorder(Math.max(1, obs.frames, cmd.frames));
  rec.observations = obs;
  rec.commands = cmd;
  rec.seeds.push(...d.seeds);
  return rec;
}

function encodeStream(s: RecordedStream): StreamData {
  const values: Record<string, string> = {};
  for (const c of s.specs) values[c.name] = toBase64(s.channel(c.name));
  return {
    channels: s.specs.map((c) => ({ name: c.name, size: c.size, low: encodeBound(c.low), high: encodeBound(c.high), unit: c.unit, ...(c.doc !== undefined ? { doc: c.doc } : {}) })),
    frames: s.frames,
    episode: toBase64(s.episodes()),
    t_s: toBase64(s.times()),
    values,
  };
}

function decodeStream(d: StreamData, at: string, episodes: number, problems: { path: string; message: string }[]): RecordedStream | null {
  const before = problems.length;
  const specs: ChannelSpec[] = d.channels.map((c) => ({ ...c, low: decodeBound(c.low), high: decodeBound(c.high) }));
  const seen = new Set<string>();
  specs.forEach((s, i) => {
    if (seen.has(s.name)) problems.push({ path: `${at}.channels[${i}].name`, message: `duplicate channel name '${s.name}'` });
    seen.add(s.name);
    if (!(s.low <= s.high)) problems.push({ path: `${at}.channels[${i}]`, message: `expected low ≤ high, got low ${s.low} and high ${s.high}` });
  });
  for (const name of Object.keys(d.values)) {
    if (!seen.has(name)) problems.push({ path: `${at}.values.${name}`, message: `no channel '${name}' is declared in ${at}.channels` });
  }
  const n = d.frames;
  const episode = fromBase64(d.episode, Uint32Array, n, `${at}.episode`, `${n} × uint32`, problems);
  const t_s = fromBase64(d.t_s, Float64Array, n, `${at}.t_s`, `${n} × float64`, problems);
  const values = specs.map((s) => {
    const b64 = d.values[s.name];
    if (b64 === undefined) {
      problems.push({ path: `${at}.values.${s.name}`, message: `missing column for channel '${s.name}' (expected base64 of ${n} × ${s.size} float32)` });
      return null;
    }
    return fromBase64(b64, Float32Array, n * s.size, `${at}.values.${s.name}`, `${n} × ${s.size} float32`, problems);
  });
  if (episode !== null) {
    for (let k = 0; k < episode.length; k++) {
      if (episode[k]! >= episodes) {
        problems.push({ path: `${at}.episode[${k}]`, message: `episode ${episode[k]} does not exist (the file lists ${episodes} seeds)` });
        break;
      }
    }
  }
  if (t_s !== null) {
    for (let k = 0; k < t_s.length; k++) {
      if (!Number.isFinite(t_s[k])) {
        problems.push({ path: `${at}.t_s[${k}]`, message: `expected a finite time, got ${t_s[k]}` });
        break;
      }
    }
  }
  if (problems.length > before || episode === null || t_s === null) return null;
  return RecordedStream.fromColumns(specs, episode, t_s, values as Float32Array[]);
}

function encodeBound(x: number): number | 'Infinity' | '-Infinity' {
  return x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x;
}
function decodeBound(x: number | 'Infinity' | '-Infinity'): number {
  return x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : x;
}

type Column = Uint32Array | Float64Array | Float32Array;
type ColumnType<T extends Column> = { readonly BYTES_PER_ELEMENT: number; new (n: number): T };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Little-endian bytes of a column as base64 (bytes are swapped on a big-endian machine). */
function toBase64(a: Column): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN) return Buffer.from(bytes).toString('base64');
  const sw = Uint8Array.from(bytes);
  swapBytes(sw, a.BYTES_PER_ELEMENT);
  return Buffer.from(sw).toString('base64');
}

function fromBase64<T extends Column>(b64: string, type: ColumnType<T>, n: number, path: string, what: string, problems: { path: string; message: string }[]): T | null {
  const buf = Buffer.from(b64, 'base64');
  const want = n * type.BYTES_PER_ELEMENT;
  if (buf.length !== want) {
    problems.push({ path, message: `expected base64 of ${what} (${want} bytes), got ${buf.length} bytes` });
    return null;
  }
  const out = new type(n);
  const bytes = new Uint8Array(out.buffer);
  bytes.set(buf);
  if (!LITTLE_ENDIAN) swapBytes(bytes, type.BYTES_PER_ELEMENT);
  return out;
}

function swapBytes(b: Uint8Array, width: number): void {
  for (let i = 0; i < b.length; i += width) b.subarray(i, i + width).reverse();
}

function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
