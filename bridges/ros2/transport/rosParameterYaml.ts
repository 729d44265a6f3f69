/**
 * Parameter values written as YAML, typed the way rcl_yaml_param_parser types them
 * (rcl_yaml_param_parser/src/parse.c `get_value`), for `-p name:=value` and params files:
 *
 * - a quoted scalar, or one tagged `!!str`, is a string;
 * - otherwise `y Y yes Yes YES true True TRUE on On ON` are true and `n N no No NO false False
 *   FALSE off Off OFF` are false;
 * - then an integer as C `strtoll(s, 0)` reads it (decimal, `0x` hex, leading-`0` octal);
 * - then a double as `strtod` reads it, plus `.inf`, `-.inf`, `.nan` (and their capitalisations);
 * - anything else is a string.
 *
 * A sequence is an array whose items must all have the same type (an integer among doubles is an
 * error, as in rcl). ROS tells integers and doubles apart; our `ParameterValue` holds both as
 * `number`, so the distinction ends here.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { ParameterValue } from './transport.js';

/** The ROS type of a parameter value as rcl reads it. */
export type RosParameterType = 'bool' | 'integer' | 'double' | 'string';

const TRUE = new Set(['Y', 'y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['N', 'n', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const SPECIAL_DOUBLES = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, Number.NaN] as [string, number]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Number.POSITIVE_INFINITY] as [string, number]),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, Number.NEGATIVE_INFINITY] as [string, number]),
]);
// strtoll(s, NULL, 0) consuming the whole string: optional blanks and sign, then hex, octal or decimal.
const STRTOLL = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
// strtod consuming the whole string (decimal forms, inf, infinity, nan; hex floats are not read).
const STRTOD = /^[ \t\n\v\f\r]*[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)$/i;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A plain (unquoted) scalar typed by rcl's rules. */
export function typeRosScalar(text: string): { type: RosParameterType; value: boolean | number | string } {
  if (TRUE.has(text)) return { type: 'bool', value: true };
  if (FALSE.has(text)) return { type: 'bool', value: false };
  const m = STRTOLL.exec(text);
  if (m) {
    const digits = m[2]!;
    const magnitude = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    const v = m[1] === '-' ? -magnitude : magnitude;
    if (v >= INT64_MIN && v <= INT64_MAX) return { type: 'integer', value: Number(v) };
    // out of range: strtoll sets ERANGE and rcl tries a double next
  }
  const special = SPECIAL_DOUBLES.get(text);
  if (special !== undefined) return { type: 'double', value: special };
  if (STRTOD.test(text)) {
    const t = text.trim().toLowerCase().replace(/^([+-]?)inf(inity)?$/, '$1Infinity');
    const v = /nan$/.test(t) ? Number.NaN : Number(t);
    // strtod overflow sets ERANGE: rcl then keeps the text as a string
    if (Number.isFinite(v) || /inf/.test(t)) return { type: 'double', value: v };
  }
  return { type: 'string', value: text };
}

const STR_TAGS = new Set(['!!str', 'tag:yaml.org,2002:str']);

/** Where in a YAML source a node sits, `line:col`, for error messages. */
export type YamlLocator = (node: YamlNode | null | undefined) => string;

function scalarOf(node: Scalar, where: string): { type: RosParameterType; value: boolean | number | string } {
  const text = String(node.value ?? '');
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE || (node.tag !== undefined && STR_TAGS.has(node.tag))) return { type: 'string', value: text };
  if (text === '') throw new RangeError(`${where}: expected a value, got nothing.`);
  return typeRosScalar(text);
}

/**
 * A YAML node (parsed with the failsafe schema, so scalars keep their text) as a parameter value:
 * a scalar, or a sequence of scalars of one type. `where` names the place for errors.
 */
export function rosParameterFromYaml(node: YamlNode | null | undefined, where: string): ParameterValue {
  if (isScalar(node)) return scalarOf(node, where).value;
  if (isSeq(node)) {
    if (node.items.length === 0) throw new RangeError(`${where}: expected a non-empty array (an empty one has no type), got [].`);
    let type: RosParameterType | undefined;
    const values: Array<boolean | number | string> = [];
    node.items.forEach((item, k) => {
      if (!isScalar(item)) throw new RangeError(`${where}[${k}]: expected a scalar array item (bool, integer, double or string), got a ${isSeq(item) ? 'sequence' : 'mapping'}.`);
      const s = scalarOf(item, `${where}[${k}]`);
      if (type === undefined) type = s.type;
      else if (s.type !== type) throw new RangeError(`${where}[${k}]: array items must all have one type: item 0 is ${type}, item ${k} ('${String(item.value)}') is ${s.type}.`);
      values.push(s.value);
    });
    return values as ParameterValue;
  }
  if (isMap(node)) throw new RangeError(`${where}: expected a value (scalar or array), got a mapping.`);
  throw new RangeError(`${where}: expected a value, got nothing.`);
}

/** Parses YAML text with the failsafe schema (every scalar keeps its text and quoting). */
export function parseRosYaml(text: string, source: string): { contents: YamlNode | null; locate: YamlLocator } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, lineCounter, prettyErrors: false });
  const locate: YamlLocator = (node) => {
    if (!node?.range) return source;
    const p = lineCounter.linePos(node.range[0]);
    return `${source}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lineCounter.linePos(e.pos[0]);
    throw new RangeError(`${source}:${p.line}:${p.col}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  return { contents: (doc.contents ?? null) as YamlNode | null, locate };
}

/** The value of `-p name:=<text>`, typed as rcl types it. `where` names the argument for errors. */
export function parseRosParameterValue(text: string, where: string): ParameterValue {
  const { contents } = parseRosYaml(text, where);
  if (contents === null) throw new RangeError(`${where}: expected a value after ':=', got nothing.`);
  return rosParameterFromYaml(contents, where);
}
