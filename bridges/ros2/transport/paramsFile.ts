/**
 * ROS 2 params files (`--params-file`), read as rcl_yaml_param_parser reads them and matched to a
 * node as rclcpp does (rclcpp/src/rclcpp/parameter_map.cpp):
 *
 * ```yaml
 * /**:                      # every node
 *   ros__parameters:
 *     use_sim_time: true
 * controller:               # the node /controller ('/' is prefixed when missing)
 *   ros__parameters:
 *     rate_hz: 50.0
 *     gains: {kp: 1.0}      # nested keys flatten with '.': gains.kp
 * /drone:                   # nesting builds the node's full name: /drone/sim
 *   sim:
 *     ros__parameters: {seed: 3}
 * ```
 *
 * Node keys are matched against a node's full name with `/*` standing for one name token and
 * `/**` for any number of them. A node gets, in order of the node keys' first appearance (and of
 * the parameters within each), every parameter of every matching key; a later one overrides an
 * earlier one.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import { namespaceProblem, nodeNameProblem } from './rosNames.js';
import { parseRosYaml, rosParameterFromYaml } from './rosParameterYaml.js';
import type { YamlLocator } from './rosParameterYaml.js';
import type { ParameterValue } from './transport.js';

/**
 * Parameters by node key, in rcl's order: node keys in order of first appearance, parameters in
 * order of first appearance within each (a repeated one is replaced in place).
 */
export type ParameterTable = Map<string, Map<string, ParameterValue>>;

const PARAMS_KEY = 'ros__parameters';

/** Adds `name = value` for node key `node` to `table`, as rcl's find_node/find_parameter do. */
export function addToParameterTable(table: ParameterTable, node: string, name: string, value: ParameterValue): void {
  let params = table.get(node);
  if (params === undefined) table.set(node, (params = new Map()));
  params.set(name, value);
}

/** Why a node key of a params file is invalid (rcl's _validate_name), or null. */
function nodeKeyProblem(key: string): string | null {
  if (key === '/**' || key === '/*') return null;
  const slash = key.lastIndexOf('/');
  const node = key.slice(slash + 1);
  if (slash >= 0) {
    const ns = key.slice(0, slash) || '/';
    const abs = ns.startsWith('/') ? ns : `/${ns}`;
    // wildcard tokens may stand for namespace parts
    const checked = abs === '/' ? abs : abs.split('/').map((t) => (t === '*' || t === '**' ? 'x' : t)).join('/');
    const p = namespaceProblem(checked);
    if (p !== null) return `namespace '${abs}': ${p}`;
  }
  if (node === '*' || node === '**') return null;
  const p = nodeNameProblem(node);
  return p === null ? null : `node name '${node}': ${p}`;
}

/** Reads a params file into `table` (a new one by default). Errors name the file, line and key. */
export function readParamsFile(path: string, table: ParameterTable = new Map()): ParameterTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RangeError(`params file '${path}' cannot be read: ${(err as Error).message}`);
  }
  const { contents, locate } = parseRosYaml(text, path);
  if (contents === null) return table; // an empty file sets nothing
  if (!isMap(contents)) throw new RangeError(`${locate(contents)}: expected a mapping of node names (e.g. '/**:' or 'my_node:') to 'ros__parameters:', got a ${isScalar(contents) ? 'scalar' : 'sequence'}.`);
  walkNodes(contents, '', table, locate);
  return table;
}

function keyOf(k: unknown, locate: YamlLocator, where: string): string {
  if (!isScalar(k) || String(k.value) === '') throw new RangeError(`${locate(k as YamlNode)}: ${where}: expected a name as key.`);
  return String(k.value);
}

function walkNodes(map: YAMLMap, prefix: string, table: ParameterTable, locate: YamlLocator): void {
  for (const pair of map.items) {
    const key = keyOf(pair.key, locate, prefix || 'top level');
    if (key === PARAMS_KEY) {
      if (prefix === '') throw new RangeError(`${locate(pair.key as YamlNode)}: '${PARAMS_KEY}' needs a node name above it (e.g. '/**:' or 'my_node:').`);
      const problem = nodeKeyProblem(prefix);
      if (problem !== null) throw new RangeError(`${locate(pair.key as YamlNode)}: ${prefix}: invalid node key: ${problem}.`);
      if (!isMap(pair.value)) throw new RangeError(`${locate(pair.value as YamlNode)}: ${prefix}.${PARAMS_KEY}: expected a mapping of parameter names to values.`);
      walkParams(pair.value, prefix, '', table, locate);
      continue;
    }
    // rcl joins node-level keys with '/', without doubling one that is already there
    const path = prefix === '' ? key : prefix.endsWith('/') ? `${prefix}${key}` : `${prefix}/${key}`;
    if (!isMap(pair.value)) throw new RangeError(`${locate((pair.value as YamlNode) ?? (pair.key as YamlNode))}: ${path}: expected '${PARAMS_KEY}:' (or a nested node name) under a node name, got a value.`);
    walkNodes(pair.value, path, table, locate);
  }
}

function walkParams(map: YAMLMap, node: string, prefix: string, table: ParameterTable, locate: YamlLocator): void {
  for (const pair of map.items) {
    const key = keyOf(pair.key, locate, `${node}.${PARAMS_KEY}${prefix ? `.${prefix}` : ''}`);
    const name = prefix ? `${prefix}.${key}` : key;
    const value = pair.value as YamlNode | null;
    if (isMap(value)) {
      walkParams(value, node, name, table, locate);
      continue;
    }
    addToParameterTable(table, node, name, rosParameterFromYaml(value, `${locate(value ?? (pair.key as YamlNode))}: ${node}: parameter '${name}'`));
  }
}

/** Whether the node key `key` of a params file or `-p node:` rule applies to the node `fullName`. */
export function nodeKeyMatches(key: string, fullName: string): boolean {
  const k = key.startsWith('/') ? key : `/${key}`;
  // rclcpp: "/*" → "(/\w+)", so "/**" → "(/\w+)*"; nothing else in a valid key is special
  const pattern = k.split('/*').join('(/\\w+)');
  return new RegExp(`^(?:${pattern})$`).test(fullName);
}

/** The parameters `table` gives the node `fullName`, merged in rclcpp's order. */
export function parametersForNode(table: ParameterTable, fullName: string): Map<string, ParameterValue> {
  const out = new Map<string, ParameterValue>();
  for (const [key, params] of table) {
    if (!nodeKeyMatches(key, fullName)) continue;
    for (const [name, value] of params) out.set(name, value);
  }
  return out;
}

/** The parameters the params file at `path` gives the node `nodeFullName` (e.g. '/drone/controller'). */
export function loadParamsFile(path: string, nodeFullName: string): Map<string, ParameterValue> {
  return parametersForNode(readParamsFile(path), nodeFullName);
}
