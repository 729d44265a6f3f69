/**
 * The checks of a robot profile that need the message definitions, made once at load time so a
 * wrong profile is refused with located errors (file:line:col, path, what is wrong, "did you
 * mean") instead of loading and then publishing nothing, faulting forever or throwing mid-flight:
 *
 *  - every topic's message type has a definition (an unknown one gets the nearest known type);
 *  - every field path of an input (fields, array, select names, attitude, expectations, the
 *    LaserScan angles a window reduction reads) and of an output or heartbeat designates a real
 *    field of that type, of the right kind (a number, a numeric array, a Time, a string…), and
 *    exists in the message the output starts from (its zero message with the template merged:
 *    a variable-length array has the elements an index or an `indices` write needs);
 *  - the template merges into the message;
 *  - the safe command, as the outputs write it (the channel is float32, then scale and frame
 *    conversion, then the field's wire type), is finite as a float32/float64 field and an
 *    integer in range for an integer field.
 *
 * And `reservedKeyIssues` refuses, before validation, any `__proto__` key in the raw data (as a
 * plain-object key it would replace the object's prototype; zod drops it silently).
 */
import type { SpecIssue } from '../../../loop/specIssues.js';
import { knownMessageTypes } from '../messages/definitions.js';
import type { FieldPath } from './fieldPath.js';
import { parseFieldPath } from './fieldPath.js';
import type { FieldInfo } from './messageFields.js';
import { closest, describeField, integerRange, isNumericType, MessageFields } from './messageFields.js';
import type { OutputFieldSpec, OutputSpec, RobotProfile } from './profileSchema.js';
import { mergeTemplate, zeroMessage } from './zeroMessage.js';

type Keys = readonly PropertyKey[];

/** `outputs[0].fields['linear.x']`: field paths (keys of `fields`) and keys that are not plain names are quoted. */
export function pathText(keys: Keys): string {
  let s = '';
  keys.forEach((k, i) => {
    if (typeof k === 'number') s += `[${k}]`;
    else if (keys[i - 1] !== 'fields' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(k))) s += s ? `.${String(k)}` : String(k);
    else s += `[${JSON.stringify(String(k)).replace(/^"|"$/g, "'")}]`;
  });
  return s;
}

/** Issues for every own `__proto__` key in `data` (parsed JSON/YAML, before validation). */
export function reservedKeyIssues(data: unknown): SpecIssue[] {
  const out: SpecIssue[] = [];
  const walk = (v: unknown, keys: PropertyKey[]): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...keys, i]));
      return;
    }
    for (const k of Object.keys(v)) {
      const at = [...keys, k];
      if (k === '__proto__') out.push({ path: pathText(at), keys: at, message: "'__proto__' is not allowed as a key (it would replace the prototype of the object holding it)" });
      else walk((v as Record<string, unknown>)[k], at);
    }
  };
  walk(data, []);
  return out;
}

type Want = 'number' | 'numeric array' | 'string array' | 'scalar' | 'time' | 'integer' | 'bool' | 'string';

function kindProblem(f: FieldInfo, want: Want, text: string): string | null {
  const d = describeField(f);
  const is = (ok: boolean, expected: string) => (ok ? null : `'${text}' is a ${d}; expected ${expected}`);
  switch (want) {
    case 'number':
      return is(!f.isArray && isNumericType(f.type), 'a number (float32, float64 or an integer type)');
    case 'numeric array':
      return is(f.isArray && isNumericType(f.type), 'an array of numbers');
    case 'string array':
      return is(f.isArray && f.type === 'string', 'an array of strings');
    case 'scalar':
      return is(!f.isArray && !f.isComplex && f.type !== 'time' && f.type !== 'duration', 'a number, string or bool');
    case 'time':
      return is(!f.isArray && f.type === 'time', 'a builtin_interfaces/Time');
    case 'integer':
      return is(!f.isArray && (f.type === 'int64' || f.type === 'uint64'), 'a 64-bit integer (the time in µs is written as one)');
    case 'bool':
      return is(!f.isArray && f.type === 'bool', 'a bool');
    case 'string':
      return is(!f.isArray && f.type === 'string', 'a string');
  }
}

/** Why `v` cannot be written to a field of primitive `type`, or null. */
function wireProblem(type: string, v: number): string | null {
  if (type === 'float32') return Number.isFinite(Math.fround(v)) ? null : `expected a value finite as float32 (|x| ≤ 3.4028234663852886e38), got ${v}`;
  if (type === 'float64') return Number.isFinite(v) ? null : `expected a finite value, got ${v}`;
  const r = integerRange(type);
  if (r && !(Number.isInteger(v) && v >= r[0] && v <= r[1])) return `expected an integer in [${r[0]}, ${r[1]}], got ${v}`;
  return null;
}

/** Every definition-related problem of a validated profile, located by path (see the module doc). */
export function checkProfile(p: RobotProfile): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (keys: Keys, message: string) => issues.push({ path: pathText(keys), keys, message });

  const typeFields = (type: string, keys: Keys): MessageFields | null => {
    try {
      return new MessageFields(type);
    } catch {
      const pkg = type.split('/')[0]!;
      const hint = closest(type, knownMessageTypes(pkg));
      add(keys, `unknown message type '${type}': no definition of it (neither a standard ROS 2 Jazzy message nor one the bridge carries)${hint ? ` (did you mean '${hint}'?)` : ''}`);
      return null;
    }
  };
  /** The parsed and resolved path, or null after adding an issue at `keys`. */
  const field = (mf: MessageFields, text: string, keys: Keys, want: Want): { path: FieldPath; info: FieldInfo } | null => {
    let path: FieldPath;
    try {
      path = parseFieldPath(text, 'field path');
    } catch (e) {
      add(keys, (e as Error).message.replace(/^field path: /, ''));
      return null;
    }
    const r = mf.resolve(path.segments);
    if (!r.ok) {
      add(keys, `${mf.type} has no field '${text}': ${r.problem}`);
      return null;
    }
    const k = kindProblem(r.field, want, text);
    if (k !== null) {
      add(keys, `${k} (in ${mf.type})`);
      return null;
    }
    return { path, info: r.field };
  };

  p.inputs.forEach((inp, i) => {
    const at = ['inputs', i] as const;
    const mf = typeFields(inp.type, [...at, 'type']);
    if (!mf) return;
    inp.channels.forEach((c, k) => {
      const ch = [...at, 'channels', k] as const;
      c.fields?.forEach((f, j) => field(mf, f, [...ch, 'fields', j], 'number'));
      if (c.array !== undefined) {
        const a = field(mf, c.array, [...ch, 'array'], 'numeric array');
        if (a && a.info.arrayLength !== undefined && c.size !== undefined && !c.reduce && !c.select && c.size !== a.info.arrayLength) {
          add([...ch, 'size'], `'${c.array}' always has ${a.info.arrayLength} values (${describeField(a.info)}); size ${c.size} would fault on every message`);
        }
      }
      if (c.select) field(mf, c.select.names_field, [...ch, 'select', 'names_field'], 'string array');
      if (c.reduce?.window_rad) {
        for (const name of ['angle_min', 'angle_increment']) {
          const r = mf.resolve([name]);
          if (!r.ok || kindProblem(r.field, 'number', name) !== null) add([...ch, 'reduce', 'window_rad'], `a window reduction bins beams by 'angle_min' and 'angle_increment' (a LaserScan); ${mf.type} has no number '${name}'`);
        }
      }
      c.attitude_fields?.forEach((f, j) => field(mf, f, [...ch, 'attitude_fields', j], 'number'));
    });
    inp.expect.forEach((e, j) => {
      const r = field(mf, e.field, [...at, 'expect', j, 'field'], 'scalar');
      if (!r) return;
      const t = r.info.type;
      const fits = typeof e.equals === 'number' ? isNumericType(t) && t !== 'int64' && t !== 'uint64' : typeof e.equals === 'string' ? t === 'string' : t === 'bool';
      if (!fits) add([...at, 'expect', j, 'equals'], `'${e.field}' is a ${describeField(r.info)}; ${JSON.stringify(e.equals)} can never equal it${t === 'int64' || t === 'uint64' ? ' (64-bit integers arrive as bigint)' : ''}`);
    });
  });

  const checkOutput = (o: OutputSpec, kind: 'outputs' | 'heartbeats', i: number) => {
    const at = [kind, i] as const;
    const mf = typeFields(o.type, [...at, 'type']);
    if (!mf) return;
    // The message the output starts from, to check that every written path exists in it.
    let message: Record<string, unknown> | null = zeroMessage(o.type);
    if (o.template) {
      try {
        mergeTemplate(o.type, message, o.template);
      } catch (e) {
        add([...at, 'template'], (e as Error).message);
        message = null;
      }
    }
    for (const [key, f] of Object.entries(o.fields)) {
      const keys = [...at, 'fields', key] as const;
      const want: Want = 'channel' in f ? ('indices' in f ? 'numeric array' : 'number') : 'time' in f ? (f.time === 'stamp' ? 'time' : 'integer') : 'text' in f ? 'string' : Array.isArray(f.value) ? 'numeric array' : typeof f.value === 'boolean' ? 'bool' : 'number';
      const r = field(mf, key, keys, want);
      if (!r) continue;
      const problem = message ? presence(r.path, r.info, f, message) : null;
      if (problem) add(keys, problem);
      else if ('value' in f) constantProblems(f.value, r.info, key, keys);
      else if ('channel' in f && kind === 'outputs') safeProblems(o, i, key, f, r.info);
    }
  };

  /** Whether the path exists in the starting message with room for what is written. */
  const presence = (path: FieldPath, info: FieldInfo, f: OutputFieldSpec, message: Record<string, unknown>): string | null => {
    const v = path.get(message);
    if (v === undefined) {
      return `'${path.text}' is not in the message this output starts from: a variable-length array on the way is empty (give it elements in the output's 'template')`;
    }
    const count = 'indices' in f ? f.indices.length : 'value' in f && Array.isArray(f.value) ? f.value.length : 0;
    if (info.isArray && ArrayBuffer.isView(v) && (v as unknown as ArrayLike<number>).length < count) {
      const n = (v as unknown as ArrayLike<number>).length;
      return `'${path.text}' has ${n} element${n === 1 ? '' : 's'} in the message this output starts from, but ${count} are written (${info.arrayLength !== undefined ? `it is a ${describeField(info)}` : "set its length in the output's 'template'"})`;
    }
    return null;
  };

  const constantProblems = (value: unknown, info: FieldInfo, key: string, keys: Keys) => {
    const values = (Array.isArray(value) ? value : [value]) as (number | 'nan' | boolean)[];
    values.forEach((v, j) => {
      if (typeof v === 'boolean') return;
      const x = v === 'nan' ? Number.NaN : v;
      if (Number.isNaN(x) && (info.type === 'float32' || info.type === 'float64')) return; // 'nan': not controlled (PX4)
      const w = wireProblem(info.type, x);
      if (w) add(Array.isArray(value) ? [...keys, 'value', j] : [...keys, 'value'], `'${key}' is a ${describeField(info)}: ${w}`);
    });
  };

  /** The safe command as this field receives it, against the field's wire type. */
  const safeProblems = (o: OutputSpec, i: number, key: string, f: Extract<OutputFieldSpec, { channel: string }>, info: FieldInfo) => {
    const ai = p.actuators.findIndex((a) => a.channel === f.channel);
    const a = p.actuators[ai];
    if (!a) return; // compileOutput names the missing channel
    const conv = o.convert.find((c) => c.channel === f.channel)?.to;
    const safe = a.safe.map((v) => Math.fround(v)); // the channel is float32
    const written = (idx: number): { value: number; bound: number } => {
      let v = safe[idx] ?? 0;
      let bound = Math.abs(v);
      if (conv === 'ned') v = safe.length === 1 || idx % 3 !== 0 ? -v : v;
      else if (conv === 'enu_world' || conv === 'ned_world') {
        const o3 = idx - (idx % 3);
        // Rotated by the robot's yaw: a horizontal component can take up to the horizontal norm.
        if (idx % 3 !== 2) bound = Math.hypot(safe[o3] ?? 0, safe[o3 + 1] ?? 0);
        else if (conv === 'ned_world') v = -v;
      }
      return { value: v * f.scale, bound: bound * Math.abs(f.scale) };
    };
    const idxs = 'indices' in f ? f.indices : [f.index];
    for (const idx of idxs) {
      if (idx >= a.safe.length) continue; // compileOutput names the bad index
      const { value, bound } = written(idx);
      const rotated = (conv === 'enu_world' || conv === 'ned_world') && idx % 3 !== 2;
      const w = wireProblem(info.type, value) ?? (bound > Math.abs(value) ? wireProblem(info.type === 'float32' || info.type === 'float64' ? info.type : 'float64', bound) : null);
      if (w) {
        add(['actuators', ai, 'safe', idx], `the safe value ${a.safe[idx]} of '${f.channel}'[${idx}] is written to outputs[${i}].fields['${key}'] (${describeField(info)}${f.scale !== 1 ? `, scale ${f.scale}` : ''}${conv ? `, converted to ${conv}${rotated ? ` where it can reach ${bound}` : ''}` : ''}): ${w}`);
      }
    }
  };

  p.outputs.forEach((o, i) => checkOutput(o, 'outputs', i));
  p.heartbeats.forEach((o, i) => checkOutput(o, 'heartbeats', i));
  return issues;
}
