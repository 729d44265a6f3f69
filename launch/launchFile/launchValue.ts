/**
 * Parameter values in launch files, typed as launch_ros types them and written back as `-p` text
 * that rcl types the same way.
 *
 * launch_yaml reads the file with PyYAML (YAML 1.1: `yes`/`on` are booleans, `010` is octal);
 * a parameter `value` that is a string — or becomes one through substitutions — is then read
 * again as YAML (launch.utilities.type_utils.coerce_to_type), so `"$(var rate)"` with rate `50.0`
 * is the double 50.0. Integers and doubles stay apart (bigint and number here), as ROS keeps
 * them apart: `50` declares an integer parameter, `50.0` a double.
 */
import { parse } from 'yaml';
import type { ScalarTag, Tags } from 'yaml';
import { typeRosScalar } from '../../bridges/ros2/transport/rosParameterYaml.js';

/** A typed launch value: bool, integer (bigint), double (number) or string. */
export type LaunchScalar = boolean | bigint | number | string;
export type LaunchValue = LaunchScalar | readonly LaunchScalar[];

const kind = (v: LaunchScalar) => (typeof v === 'bigint' ? 'integer' : typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'bool' : 'string');

/** Checks a value read from YAML is a launch parameter value (scalar, or non-empty array of one type). */
export function asLaunchValue(v: unknown, where: string): LaunchValue {
  if (typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (v.length === 0) throw new RangeError(`${where}: expected a non-empty array of one type (bool, integer, double or string), got [].`);
    const items = v.map((x, k) => {
      if (Array.isArray(x) || (typeof x !== 'boolean' && typeof x !== 'bigint' && typeof x !== 'number' && typeof x !== 'string')) throw new RangeError(`${where}[${k}]: expected a scalar array item, got ${JSON.stringify(x, (_k, y) => (typeof y === 'bigint' ? Number(y) : y))}.`);
      return x as LaunchScalar;
    });
    const k0 = kind(items[0]!);
    items.forEach((x, k) => {
      if (kind(x) !== k0) throw new RangeError(`${where}[${k}]: array items must all have one type: item 0 is ${k0}, item ${k} is ${kind(x)}.`);
    });
    return items;
  }
  throw new RangeError(`${where}: expected a bool, integer, double, string or an array of one of them, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'a mapping' : typeof v}.`);
}

// PyYAML's resolver (yaml/resolver.py) differs from the YAML 1.1 spec the `yaml` package follows:
// y/n are strings, and a float needs a '.' (and a signed exponent): 1e3 and 1.0e3 are strings.
const PY_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PY_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const PY_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?)$/;
const NEVER = /$^/;

function pyyamlTags(tags: Tags): Tags {
  return tags.map((t) => {
    const tag = t as ScalarTag;
    if (tag.tag === 'tag:yaml.org,2002:bool' && tag.test) return { ...tag, test: tag.identify?.(true) ? PY_TRUE : PY_FALSE };
    if (tag.tag === 'tag:yaml.org,2002:float' && tag.test && !/inf|nan/.test(tag.test.source)) {
      // one float tag reads both forms; the other (exponent) is disabled
      return { ...tag, test: /[eE]/.test(tag.test.source) ? NEVER : PY_FLOAT };
    }
    return t;
  });
}

/** Reads launch YAML text as launch_yaml does with PyYAML's safe_load (YAML 1.1 rules; integers as bigint). */
export function parseLaunchYaml(text: string): unknown {
  return parse(text, { version: '1.1', intAsBigInt: true, uniqueKeys: false, customTags: pyyamlTags });
}

/** A string that came out of substitutions, read again as YAML (launch's coerce_to_type with no type). */
export function yamlEvaluate(text: string, where: string): LaunchValue {
  if (text === '') return '';
  let v: unknown;
  try {
    v = parseLaunchYaml(text);
  } catch (err) {
    throw new RangeError(`${where}: the value '${text}' cannot be read as YAML (${(err as Error).message.split('\n')[0]}); quote it to make it a string.`);
  }
  return asLaunchValue(v, `${where} (value '${text}')`);
}

/** Coerces a substituted string to the `type` a param entry asks for (str, int, float, bool). */
export function coerceLaunchValue(text: string, type: 'str' | 'int' | 'float' | 'bool', where: string): LaunchScalar {
  if (type === 'str') return text;
  if (type === 'int') {
    if (!/^[+-]?\d+$/.test(text.trim())) throw new RangeError(`${where}: expected an integer (type: int), got '${text}'.`);
    return BigInt(text.trim());
  }
  if (type === 'float') {
    const v = Number(text);
    if (text.trim() === '' || Number.isNaN(v)) throw new RangeError(`${where}: expected a number (type: float), got '${text}'.`);
    return v;
  }
  const t = text === '1' ? 'true' : text === '0' ? 'false' : text;
  const v = yamlEvaluate(t, where);
  if (typeof v !== 'boolean') throw new RangeError(`${where}: expected true, false, 1 or 0 (type: bool), got '${text}'.`);
  return v;
}

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_/.+-]*$/;

function formatScalar(v: LaunchScalar): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    const s = String(v);
    // a double must not read back as an integer: 50 → 50.0
    return /[.eE]/.test(s) ? s : `${s}.0`;
  }
  // a string must read back as a string: quote what rcl would type otherwise, or YAML would misread
  if (PLAIN.test(v) && typeRosScalar(v).type === 'string') return v;
  return `'${v.replace(/'/g, "''")}'`;
}

/** The `-p name:=<text>` value text rcl reads back as `v`, with the same type. */
export function formatRosParameter(v: LaunchValue): string {
  return Array.isArray(v) ? `[${v.map(formatScalar).join(', ')}]` : formatScalar(v as LaunchScalar);
}
