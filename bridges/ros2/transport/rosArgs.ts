/**
 * The ROS 2 command-line arguments, as rcl parses them (rcl/src/rcl/arguments.c; design.ros2.org
 * "ROS 2 command line arguments"):
 *
 * ```
 * prog [user args] --ros-args <ROS args> [-- [user args] [--ros-args <ROS args> ...]]
 * ```
 *
 * ROS args: `-r/--remap [node:]from:=to`, `-r [node:]__node:=name` (or `__name`),
 * `-r [node:]__ns:=/ns`, `-p/--param [node:]name:=yaml_value`, `--params-file path`,
 * `-e/--enclave /name`, `--log-level [logger:=]level`, `--log-config-file path`,
 * `--log-file-name prefix`, `--enable-/--disable-{stdout,rosout,external-lib}-logs`.
 * Anything else is an unknown ROS argument, an error (rclcpp throws UnknownROSArgsError).
 *
 * Precedence, as rcl and rclcpp apply it:
 * - remaps: the first matching rule wins (so `__ns:=/a __ns:=/b` gives `/a`); a node's own rules
 *   come before the process-wide ones;
 * - parameters: `-p` and `--params-file` fill one table in command-line order (rcl reads the file
 *   where it appears); a node then takes, in order of the node keys' first appearance, every
 *   matching key's parameters, later overriding earlier; process-wide arguments first, then the
 *   node's own (`parameterOverrides` below).
 *
 * Not honoured: the deprecated bare `from:=to` outside `--ros-args` (here it stays a user
 * argument, which `spikeloop launch … name:=value` needs), wildcards and back-references in remap
 * rules (rcl does not implement them either), logging configuration (parsed and kept only).
 */
import { addToParameterTable, parametersForNode, readParamsFile } from './paramsFile.js';
import type { ParameterTable } from './paramsFile.js';
import { namespaceProblem, nodeFullName, nodeNameProblem, normalizeNamespace } from './rosNames.js';
import type { RosRemap } from './rosNames.js';
import { parseRosParameterValue } from './rosParameterYaml.js';
import type { ParameterValue } from './transport.js';

export { loadParamsFile } from './paramsFile.js';
export { resolveTopicName } from './rosNames.js';
export type { RosRemap } from './rosNames.js';

/** A node name or namespace replacement, `[node:]__node:=name` or `[node:]__ns:=/ns`. */
export interface RosNodeRemap {
  readonly kind: 'name' | 'namespace';
  readonly value: string;
  /** Only for the node of this (original) name. */
  readonly node?: string;
}

/** One `-p` or `--params-file`, in command-line order. */
export type RosParameterRule =
  | { readonly kind: 'param'; readonly node: string; readonly name: string; readonly value: ParameterValue }
  | { readonly kind: 'file'; readonly path: string };

export interface ParsedRosArgs {
  /** The first `__node:=` rule without a node prefix. */
  readonly nodeName?: string;
  /** The first `__ns:=` rule without a node prefix. */
  readonly namespace?: string;
  /** Topic/service remaps in precedence order (first match wins). */
  readonly remaps: readonly RosRemap[];
  /** Node name and namespace replacements in precedence order, node-prefixed ones included. */
  readonly nodeRemaps: readonly RosNodeRemap[];
  /** `-p` values: key `name` for every node, `node:name` for one node. A repeated key keeps the last. */
  readonly parameters: ReadonlyMap<string, ParameterValue>;
  /** `--params-file` paths, in order. */
  readonly paramsFiles: readonly string[];
  /** `-p` and `--params-file` in command-line order: what `parameterOverrides` applies. */
  readonly parameterRules: readonly RosParameterRule[];
  /** `--log-level level`: the default severity (upper case). */
  readonly logLevel?: string;
  /** `--log-level logger:=level`: per-logger severities. */
  readonly loggerLevels: ReadonlyMap<string, string>;
  readonly enclave?: string;
}

export { splitRosArgs } from './splitRosArgs.js';

const SEVERITIES = new Set(['UNSET', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
const NAME_TOKEN = '[A-Za-z0-9_]+';
// a node prefix is a token and ':' (not ':=', and not the '://' of rostopic:// or rosservice://)
const NODE_PREFIX = new RegExp(`^(${NAME_TOKEN}):(?!=|//)`);
// remap sides: '~/' or '/' then tokens separated by '/' (rcl's lexer: no braces, wildcards or back-references)
const REMAP_NAME = new RegExp(`^(?:~/|/)?${NAME_TOKEN}(?:/${NAME_TOKEN})*$`);
const PARAM_NAME = /^[A-Za-z0-9_/]+(?:\.[A-Za-z0-9_/]+)*$/;

function nodePrefix(text: string, where: string): { node?: string; rest: string } {
  const m = NODE_PREFIX.exec(text);
  if (!m) return { rest: text };
  const problem = nodeNameProblem(m[1]!);
  if (problem !== null) throw new RangeError(`${where}: invalid node name prefix '${m[1]}': ${problem}.`);
  return { node: m[1]!, rest: text.slice(m[0].length) };
}

function parseRemap(rule: string, where: string, remaps: RosRemap[], nodeRemaps: RosNodeRemap[]): void {
  const { node, rest } = nodePrefix(rule, where);
  const sep = rest.indexOf(':=');
  if (sep < 0) throw new RangeError(`${where}: expected a remap rule from:=to, __node:=name or __ns:=/namespace, got '${rule}'.`);
  const lhs = rest.slice(0, sep);
  const rhs = rest.slice(sep + 2);
  const withNode = <T extends object>(r: T): T & { node?: string } => (node === undefined ? r : { ...r, node });
  if (lhs === '__node' || lhs === '__name') {
    const problem = nodeNameProblem(rhs);
    if (problem !== null) throw new RangeError(`${where}: invalid node name '${rhs}' in '${rule}': ${problem}.`);
    nodeRemaps.push(withNode({ kind: 'name' as const, value: rhs }));
    return;
  }
  if (lhs === '__ns') {
    if (!rhs.startsWith('/')) throw new RangeError(`${where}: a namespace must be absolute (start with '/'), got '${rhs}' in '${rule}'.`);
    const ns = rhs.length > 1 && rhs.endsWith('/') ? rhs.slice(0, -1) : rhs; // rcl accepts one trailing '/'
    const problem = namespaceProblem(ns);
    if (problem !== null) throw new RangeError(`${where}: invalid namespace '${rhs}' in '${rule}': ${problem}.`);
    nodeRemaps.push(withNode({ kind: 'namespace' as const, value: ns }));
    return;
  }
  let from = lhs;
  let only: 'topic' | 'service' | undefined;
  if (from.startsWith('rostopic://')) [from, only] = [from.slice('rostopic://'.length), 'topic'];
  else if (from.startsWith('rosservice://')) [from, only] = [from.slice('rosservice://'.length), 'service'];
  for (const [side, name] of [['from', from], ['to', rhs]] as const) {
    if (!REMAP_NAME.test(name)) throw new RangeError(`${where}: invalid ${side} name '${name}' in remap rule '${rule}': expected a relative (a/b), absolute (/a/b) or private (~/a) name of alphanumerics and '_' (wildcards and back-references are not supported).`);
    if (/(^|\/)[0-9]/.test(name.replace(/^~\//, ''))) throw new RangeError(`${where}: invalid ${side} name '${name}' in remap rule '${rule}': a name token must not start with a number.`);
  }
  remaps.push(withNode({ from, to: rhs, ...(only === undefined ? {} : { only }) }));
}

function parseParam(rule: string, where: string, parameters: Map<string, ParameterValue>, rules: RosParameterRule[]): void {
  const { node, rest } = nodePrefix(rule, where);
  const sep = rest.indexOf(':=');
  if (sep < 0) throw new RangeError(`${where}: expected a parameter rule name:=value (or node:name:=value), got '${rule}'.`);
  const name = rest.slice(0, sep);
  if (!PARAM_NAME.test(name)) throw new RangeError(`${where}: invalid parameter name '${name}' in '${rule}': expected tokens of alphanumerics and '_' separated by '.'.`);
  const value = parseRosParameterValue(rest.slice(sep + 2), `${where}: value of parameter '${name}'`);
  parameters.set(node === undefined ? name : `${node}:${name}`, value);
  rules.push({ kind: 'param', node: node ?? '/**', name, value });
}

const LOGGING_FLAG = /^--(enable|disable)-(stdout|rosout|external-lib)-logs$/;

/**
 * Parses ROS arguments (what `splitRosArgs` returns, or a node's `--ros-args` list). Errors are
 * RangeErrors naming `source`, the argument's position and what was expected.
 */
export function parseRosArgs(rosArgs: readonly string[], source = 'ROS arguments'): ParsedRosArgs {
  const remaps: RosRemap[] = [];
  const nodeRemaps: RosNodeRemap[] = [];
  const parameters = new Map<string, ParameterValue>();
  const paramsFiles: string[] = [];
  const parameterRules: RosParameterRule[] = [];
  const loggerLevels = new Map<string, string>();
  let logLevel: string | undefined;
  let enclave: string | undefined;

  for (let i = 0; i < rosArgs.length; i++) {
    const flag = rosArgs[i]!;
    const where = `${source}: argument ${i + 1} '${flag}'`;
    if (flag === '--ros-args') continue; // rcl ignores repeated flags inside a block
    if (flag === '--') throw new RangeError(`${where}: '--' ends the ROS arguments; split the command line with splitRosArgs first.`);
    if (LOGGING_FLAG.test(flag)) continue;
    const takesValue = ['-r', '--remap', '-p', '--param', '--params-file', '-e', '--enclave', '--log-level', '--log-config-file', '--log-file-name'];
    if (!takesValue.includes(flag)) {
      throw new RangeError(`${where}: unknown ROS argument (expected -r/--remap, -p/--param, --params-file, -e/--enclave, --log-level, --log-config-file, --log-file-name or --enable-/--disable-{stdout,rosout,external-lib}-logs).`);
    }
    const value = rosArgs[i + 1];
    if (value === undefined) throw new RangeError(`${where}: expected a value after it, got the end of the arguments.`);
    i++;
    switch (flag) {
      case '-r':
      case '--remap':
        parseRemap(value, where, remaps, nodeRemaps);
        break;
      case '-p':
      case '--param':
        parseParam(value, where, parameters, parameterRules);
        break;
      case '--params-file':
        if (value === '') throw new RangeError(`${where}: expected a file path, got ''.`);
        paramsFiles.push(value);
        parameterRules.push({ kind: 'file', path: value });
        break;
      case '-e':
      case '--enclave': {
        const problem = namespaceProblem(value);
        if (problem !== null) throw new RangeError(`${where}: invalid enclave '${value}': ${problem}.`);
        enclave = value;
        break;
      }
      case '--log-level': {
        const sep = value.indexOf(':=');
        const level = (sep < 0 ? value : value.slice(sep + 2)).toUpperCase();
        if (!SEVERITIES.has(level)) throw new RangeError(`${where}: expected a severity (debug, info, warn, error, fatal or unset), got '${value}'.`);
        if (sep < 0) logLevel = level;
        else if (sep === 0) throw new RangeError(`${where}: expected logger:=level with a logger name, got '${value}'.`);
        else loggerLevels.set(value.slice(0, sep), level);
        break;
      }
      default:
        if (value === '') throw new RangeError(`${where}: expected a file path, got ''.`);
    }
  }
  const first = (kind: 'name' | 'namespace') => nodeRemaps.find((r) => r.kind === kind && r.node === undefined)?.value;
  const nodeName = first('name');
  const namespace = first('namespace');
  return {
    ...(nodeName === undefined ? {} : { nodeName }),
    ...(namespace === undefined ? {} : { namespace }),
    remaps,
    nodeRemaps,
    parameters,
    paramsFiles,
    parameterRules,
    ...(logLevel === undefined ? {} : { logLevel }),
    loggerLevels,
    ...(enclave === undefined ? {} : { enclave }),
  };
}

/** A node's name, namespace and full name after the `__node`/`__ns` rules (rcl_node_init). */
export interface RosNodeIdentity {
  readonly name: string;
  readonly namespace: string;
  readonly fullName: string;
}

/**
 * The name and namespace a node created as (`name`, `namespace`) gets, given ROS arguments in
 * precedence order (the node's own first, then the process-wide ones): the first `__node` rule
 * for it (unprefixed, or prefixed with its original name), then the first `__ns` rule for its
 * new name. Throws a RangeError naming an invalid name or namespace.
 */
export function nodeIdentity(args: readonly ParsedRosArgs[], name: string, namespace?: string): RosNodeIdentity {
  const p = nodeNameProblem(name);
  if (p !== null) throw new RangeError(`invalid node name '${name}': ${p}.`);
  let ns = normalizeNamespace(namespace);
  const rules = args.flatMap((a) => a.nodeRemaps);
  const newName = rules.find((r) => r.kind === 'name' && (r.node === undefined || r.node === name))?.value ?? name;
  ns = rules.find((r) => r.kind === 'namespace' && (r.node === undefined || r.node === newName))?.value ?? ns;
  return { name: newName, namespace: ns, fullName: nodeFullName(ns, newName) };
}

/** The table one set of ROS arguments builds: `-p` rules and params files, in order. */
export function parameterTable(parsed: ParsedRosArgs): ParameterTable {
  const table: ParameterTable = new Map();
  for (const rule of parsed.parameterRules) {
    if (rule.kind === 'param') addToParameterTable(table, rule.node, rule.name, rule.value);
    else readParamsFile(rule.path, table);
  }
  return table;
}

/**
 * The parameter overrides the node `nodeFullName` gets from ROS arguments (rclcpp's
 * resolve_parameter_overrides): for each set of arguments in turn (process-wide first, the
 * node's own last, so the latter win), its `-p` rules and params files in command-line order,
 * node-scoped entries only when they match this node. Params files are read here; a missing or
 * invalid file is a RangeError naming it.
 */
export function parameterOverrides(parsed: ParsedRosArgs | readonly ParsedRosArgs[], nodeFullName: string): Map<string, ParameterValue> {
  const sources: readonly ParsedRosArgs[] = Array.isArray(parsed) ? parsed : [parsed as ParsedRosArgs];
  const out = new Map<string, ParameterValue>();
  for (const source of sources) {
    for (const [name, value] of parametersForNode(parameterTable(source), nodeFullName)) out.set(name, value);
  }
  return out;
}
