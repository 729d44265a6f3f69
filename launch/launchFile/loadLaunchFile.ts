/**
 * ROS 2 YAML launch files (launch_yaml + launch.frontend + launch_ros), read into the list of
 * processes `ros2 launch` would start — without ROS 2.
 *
 * ```yaml
 * launch:
 * - arg: {name: controller, default: drone-avoid-snn, description: "preset or file"}
 * - let: {name: rate, value: "50.0"}
 * - set_env: {name: SPIKELOOP_LOG, value: info}
 * - group:
 *     scoped: true                      # default: configurations set inside stay inside
 *     children:
 *     - push-ros-namespace: {namespace: drone}
 *     - node:
 *         exec: node                    # no pkg: exec is the executable itself
 *         args: "$(dirname)/../bin/spikeloop.js ros controller --controller $(var controller)"
 *         name: controller
 *         param: [{name: rate_hz, value: "$(var rate)"}, {from: "$(dirname)/params.yaml"}]
 *         remap: [{from: cmd_vel, to: /cf231/cmd_vel}]
 * - include: {file: "$(dirname)/other.launch.yaml", arg: [{name: x, value: "1"}]}
 * - executable: {cmd: "sleep 1", name: pause}
 * ```
 *
 * Semantics kept from ros2/launch and launch_ros (read from their sources):
 * - actions run in order; `if`/`unless` take "true"/"1"/"false"/"0" (any case);
 * - `arg` keeps a value given on the command line or by `include`, else takes its default; one
 *   without either is an error; `choice` entries restrict the value;
 * - `group` is scoped by default (launch configurations, environment, pushed namespace, global
 *   parameters and remaps set inside are undone after it); `forwarding: false` starts it without
 *   the outer configurations except the `keep` ones; `include` is not scoped (its `arg`s and
 *   what the included file sets stay set, as in launch); relative include paths are relative to
 *   the working directory, as in launch;
 * - a `node`'s command line is `exec args… [--ros-args ros_args…] --ros-args [-r __node:=name]
 *   [-r __ns:=/ns] [global params] [params] [global remaps] [remaps]`, as launch_ros builds it.
 *   Divergence: launch_ros writes `name`/`value` params to a temporary params file keyed by the
 *   node's full name; here they are `-p name:=value` (keyed `/**`), which loses only against a
 *   node-specific entry of an earlier params file of the same node;
 * - string attributes must be YAML strings (launch_yaml does not coerce `5` to "5");
 * - `respawn` and `launch-prefix` are ignored with a warning; unknown keys and actions are errors.
 *
 * Errors are RangeErrors located as `file: launch[2].node.param[0]: what was expected`.
 */
import { existsSync } from 'node:fs';
import { LIMIT_ENV, limit } from '../../loop/limits.js';
import { checkYamlFlowDepth, dataDepthExceeds, readBytes } from '../../loop/specFile.js';
import { SpecError } from '../../loop/specIssues.js';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { namespaceProblem, nodeNameProblem } from '../../bridges/ros2/transport/rosNames.js';
import { splitCommandLine } from './commandLine.js';
import { asLaunchValue, coerceLaunchValue, formatRosParameter, parseLaunchYaml, yamlEvaluate } from './launchValue.js';
import type { LaunchScalar, LaunchValue } from './launchValue.js';
import { substitute } from './substitution.js';
import type { SubstitutionScope } from './substitution.js';

/** One process the launch file starts. */
export interface LaunchProcess {
  /** 'node' (launch_ros Node) or 'executable' (ExecuteProcess). */
  readonly kind: 'node' | 'executable';
  /** The label for its output: the node's name, else `exec_name`/`name`, else the executable's base name. */
  readonly name: string;
  /** Where it is declared: `file: launch[3].node`. */
  readonly where: string;
  /** The package of a `node` with `pkg` (its executable is found by ROS 2), else absent. */
  readonly pkg?: string;
  readonly exec: string;
  readonly argv: readonly string[];
  /** A node's full name (`/ns/name`) when its name is given. */
  readonly nodeFullName?: string;
  /** Environment variables the launch file sets for it (`set_env` in scope, the action's `env`). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** `on_exit: shutdown` (launch's Shutdown action): when this process exits, the whole launch stops. */
  readonly onExit?: 'shutdown';
}

/** A launch argument a file declares (`arg`). */
export interface LaunchArgument {
  readonly name: string;
  readonly default?: string;
  readonly description?: string;
  readonly file: string;
}

export interface LaunchPlan {
  readonly processes: readonly LaunchProcess[];
  readonly arguments: readonly LaunchArgument[];
  /** Things ignored or unusual, each located. */
  readonly warnings: readonly string[];
  /** The launch configurations at the end (command-line args, defaults, `let`s). */
  readonly configurations: ReadonlyMap<string, string>;
}

export interface LoadLaunchOptions {
  /** Launch arguments, as `name:=value` on the `ros2 launch` command line. */
  readonly args?: Readonly<Record<string, string>>;
  /** The environment (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface Scope {
  configurations: Map<string, string>;
  env: Map<string, string | undefined>;
  rosNamespace: string | undefined;
  globalParams: Array<{ kind: 'param'; text: string } | { kind: 'file'; path: string }>;
  remaps: Array<[string, string]>;
}

const cloneScope = (s: Scope): Scope => ({
  configurations: new Map(s.configurations),
  env: new Map(s.env),
  rosNamespace: s.rosNamespace,
  globalParams: [...s.globalParams],
  remaps: [...s.remaps],
});

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'bigint' || typeof v === 'number') return `the number ${String(v)}`;
  return `the ${typeof v} ${String(v)}`;
}

/** One launch-file entity (an action or a sub-entry such as a `param`), its attributes read once. */
class Entity {
  private readonly read = new Set<string>();
  constructor(
    readonly type: string,
    readonly value: unknown,
    readonly where: string,
  ) {}

  get map(): Record<string, unknown> {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) throw new RangeError(`${this.where}: expected a mapping of attributes, got ${describeValue(this.value)}.`);
    return this.value as Record<string, unknown>;
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.map, name);
  }

  private raw(name: string): unknown {
    this.read.add(name);
    return this.map[name];
  }

  /** A string attribute (launch_yaml wants a YAML string). */
  str(name: string): string;
  str(name: string, optional: true): string | undefined;
  str(name: string, optional = false): string | undefined {
    if (!this.has(name)) {
      if (optional) return undefined;
      throw new RangeError(`${this.where}: missing '${name}'.`);
    }
    const v = this.raw(name);
    if (typeof v !== 'string') throw new RangeError(`${this.where}.${name}: expected a string, got ${describeValue(v)}${v !== null && typeof v !== 'object' ? ` (quote it: ${name}: "${String(v)}")` : ''}.`);
    return v;
  }

  /** A bool attribute: a YAML bool, or a string with substitutions giving true/false/1/0. */
  bool(name: string, scope: SubstitutionScope): boolean | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw(name);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') return truth(this.sub(v, `${this.where}.${name}`, scope), `${this.where}.${name}`);
    throw new RangeError(`${this.where}.${name}: expected true or false, got ${describeValue(v)}.`);
  }

  /** Any value (for `param` values). */
  any(name: string): unknown {
    return this.raw(name);
  }

  /** A list of sub-entities (`param`, `remap`, `arg`, `env`, `choice`, `keep`). */
  list(name: string): Entity[] {
    if (!this.has(name)) return [];
    const v = this.raw(name);
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => x === null || typeof x !== 'object' || Array.isArray(x))) {
      throw new RangeError(`${this.where}.${name}: expected a list of mappings (e.g. - {name: x, value: y}), got ${describeValue(v)}.`);
    }
    return v.map((x, k) => new Entity(name, x, `${this.where}.${name}[${k}]`));
  }

  sub(text: string, where: string, scope: SubstitutionScope): string {
    try {
      return substitute(text, scope);
    } catch (err) {
      if (err instanceof RangeError) throw new RangeError(`${where}: ${err.message}`);
      throw err;
    }
  }

  /** Errors on attributes nobody read (launch's assert_entity_completely_parsed). */
  finish(): void {
    const unknown = Object.keys(this.map).filter((k) => !this.read.has(k));
    if (unknown.length > 0) throw new RangeError(`${this.where}: unexpected key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} in '${this.type}'.`);
  }
}

function truth(text: string, where: string): boolean {
  const t = text.toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new RangeError(`${where}: expected true, false, 1 or 0, got '${text}'.`);
}

/** launch_ros prefix_namespace: `ns` under `base` unless absolute; trailing '/' dropped. */
function prefixNamespace(base: string | undefined, ns: string | undefined): string | undefined {
  let out: string | undefined;
  if (ns === undefined) out = base;
  else if (!base || ns.startsWith('/')) out = ns;
  else out = `${base === '/' ? '' : base}/${ns}`;
  return out !== undefined && out.length > 1 ? out.replace(/\/+$/, '') : out;
}

const makeAbsolute = (ns: string | undefined) => (ns === undefined ? undefined : ns.startsWith('/') ? ns : `/${ns}`);

const ACTIONS = ['arg', 'let', 'set_env', 'group', 'push-ros-namespace', 'push_ros_namespace', 'set_parameter', 'set_remap', 'include', 'node', 'executable'];
const IGNORED_PROCESS_KEYS = ['respawn', 'respawn_delay', 'respawn_max_retries', 'launch-prefix', 'sigterm_timeout', 'sigkill_timeout', 'emulate_tty', 'shell'];
const MAX_INCLUDE_DEPTH = 32;

class Loader {
  readonly processes: LaunchProcess[] = [];
  readonly arguments: LaunchArgument[] = [];
  readonly warnings: string[] = [];
  private readonly nodeNames = new Map<string, number>();
  private depth = 0;

  /** Processes the actions of the file at `path` in `scope`. */
  file(path: string, scope: Scope, label: string): void {
    const abs = resolve(path);
    let text: string;
    try {
      // Refused above the file-size limit (loop/limits.ts) before reading.
      text = readBytes(abs).toString('utf8');
    } catch (err) {
      throw new RangeError(`${label}: cannot read the launch file: ${err instanceof SpecError ? err.issues[0]!.message : (err as Error).message}`);
    }
    let tree: unknown;
    // The YAML parser recurses on flow collections: refuse [[[[… beyond the depth limit first.
    checkYamlFlowDepth(text, label);
    try {
      tree = parseLaunchYaml(text);
      if (dataDepthExceeds(tree, limit('depth'))) throw new Error(`nested more than ${limit('depth')} levels deep (raise the limit with ${LIMIT_ENV.depth}=<n>)`);
    } catch (err) {
      throw new RangeError(`${label}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    if (tree === null || typeof tree !== 'object' || Array.isArray(tree) || Object.keys(tree).length !== 1 || !('launch' in tree)) {
      throw new RangeError(`${label}: expected one root key 'launch:' holding a list of actions, got ${tree !== null && typeof tree === 'object' && !Array.isArray(tree) ? `keys ${Object.keys(tree).map((k) => `'${k}'`).join(', ') || '(none)'}` : describeValue(tree)}.`);
    }
    const actions = (tree as { launch: unknown }).launch;
    if (!Array.isArray(actions)) throw new RangeError(`${label}: launch: expected a list of actions (- node: …), got ${describeValue(actions)}.`);
    this.actions(actions, `${label}: launch`, scope, abs);
  }

  private actions(list: readonly unknown[], where: string, scope: Scope, file: string): void {
    list.forEach((item, k) => {
      const at = `${where}[${k}]`;
      if (item === null || typeof item !== 'object' || Array.isArray(item) || Object.keys(item).length !== 1) {
        const keys = item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : [];
        throw new RangeError(`${at}: expected one action (a mapping with one key such as 'node:'), got ${keys.length > 1 ? `keys ${keys.map((x) => `'${x}'`).join(', ')}` : describeValue(item)}.`);
      }
      const [type, value] = Object.entries(item)[0]!;
      if (!ACTIONS.includes(type)) throw new RangeError(`${at}: unknown action '${type}' (supported: ${ACTIONS.join(', ')}).`);
      this.action(new Entity(type, value, `${at}.${type}`), scope, file);
    });
  }

  private subScope(scope: Scope, file: string): SubstitutionScope {
    return {
      configurations: scope.configurations,
      env: (name) => (scope.env.has(name) ? scope.env.get(name) : undefined),
      file,
      dir: dirname(file),
    };
  }

  private action(e: Entity, scope: Scope, file: string): void {
    const ss = this.subScope(scope, file);
    // group's list form has no attributes (and so no condition)
    if (!(e.type === 'group' && Array.isArray(e.value))) {
      const ifText = e.str('if', true);
      const unlessText = e.str('unless', true);
      if (ifText !== undefined && unlessText !== undefined) throw new RangeError(`${e.where}: 'if' and 'unless' cannot be used together.`);
      if (ifText !== undefined && !truth(e.sub(ifText, `${e.where}.if`, ss), `${e.where}.if`)) return;
      if (unlessText !== undefined && truth(e.sub(unlessText, `${e.where}.unless`, ss), `${e.where}.unless`)) return;
    }
    switch (e.type) {
      case 'arg':
        return this.arg(e, scope, ss, file);
      case 'let': {
        const name = e.sub(e.str('name'), `${e.where}.name`, ss);
        const value = e.sub(e.str('value'), `${e.where}.value`, ss);
        e.finish();
        scope.configurations.set(name, value);
        return;
      }
      case 'set_env': {
        const name = e.sub(e.str('name'), `${e.where}.name`, ss);
        const value = e.sub(e.str('value'), `${e.where}.value`, ss);
        e.finish();
        scope.env.set(name, value);
        return;
      }
      case 'push-ros-namespace':
      case 'push_ros_namespace': {
        const pushed = e.sub(e.str('namespace'), `${e.where}.namespace`, ss);
        e.finish();
        const ns = makeAbsolute(prefixNamespace(scope.rosNamespace, pushed))!;
        const problem = namespaceProblem(ns);
        if (problem !== null) throw new RangeError(`${e.where}: the resulting namespace '${ns}' is invalid: ${problem}.`);
        scope.rosNamespace = ns;
        return;
      }
      case 'set_parameter': {
        const name = e.sub(e.str('name'), `${e.where}.name`, ss);
        const value = this.paramValue(e, 'value', ss);
        e.finish();
        scope.globalParams.push({ kind: 'param', text: `${name}:=${formatRosParameter(value)}` });
        return;
      }
      case 'set_remap': {
        const from = e.sub(e.str('from'), `${e.where}.from`, ss);
        const to = e.sub(e.str('to'), `${e.where}.to`, ss);
        e.finish();
        scope.remaps.push([from, to]);
        return;
      }
      case 'group':
        return this.group(e, scope, file, ss);
      case 'include':
        return this.include(e, scope, ss);
      case 'node':
        return this.node(e, scope, ss);
      case 'executable':
        return this.executable(e, scope, ss);
    }
  }

  private arg(e: Entity, scope: Scope, ss: SubstitutionScope, file: string): void {
    const name = e.str('name');
    const def = e.str('default', true);
    const description = e.str('description', true);
    const choices = e.list('choice').map((c) => {
      const v = c.str('value');
      c.finish();
      return v;
    });
    e.finish();
    this.arguments.push({ name, file, ...(def === undefined ? {} : { default: def }), ...(description === undefined ? {} : { description }) });
    if (!scope.configurations.has(name)) {
      if (def === undefined) throw new RangeError(`${e.where}: launch argument '${name}' is required${description ? ` (${description})` : ''}: give it as ${name}:=<value>.`);
      scope.configurations.set(name, e.sub(def, `${e.where}.default`, ss));
    }
    const value = scope.configurations.get(name)!;
    if (choices.length > 0 && !choices.includes(value)) throw new RangeError(`${e.where}: launch argument '${name}' is '${value}'; expected one of ${choices.map((c) => `'${c}'`).join(', ')}.`);
  }

  private group(e: Entity, scope: Scope, file: string, ss: SubstitutionScope): void {
    let children: unknown;
    let scoped = true;
    let forwarding = true;
    let keep: Array<[string, string]> = [];
    if (Array.isArray(e.value)) children = e.value;
    else {
      scoped = e.bool('scoped', ss) ?? true;
      forwarding = e.bool('forwarding', ss) ?? true;
      keep = e.list('keep').map((k) => {
        const kv: [string, string] = [k.sub(k.str('name'), `${k.where}.name`, ss), k.sub(k.str('value'), `${k.where}.value`, ss)];
        k.finish();
        return kv;
      });
      if (!e.has('children')) throw new RangeError(`${e.where}: expected 'children:' (a list of actions), or the list of actions itself.`);
      children = e.any('children');
      e.finish();
    }
    if (!Array.isArray(children)) throw new RangeError(`${e.where}.children: expected a list of actions, got ${describeValue(children)}.`);
    const inner = scoped ? cloneScope(scope) : scope;
    if (!forwarding) inner.configurations = new Map(keep);
    else for (const [k, v] of keep) inner.configurations.set(k, v);
    this.actions(children, Array.isArray(e.value) ? e.where : `${e.where}.children`, inner, file);
  }

  private include(e: Entity, scope: Scope, ss: SubstitutionScope): void {
    const path = e.sub(e.str('file'), `${e.where}.file`, ss);
    const args = e.list('arg').map((a) => {
      const kv: [string, string] = [a.sub(a.str('name'), `${a.where}.name`, ss), a.sub(a.str('value'), `${a.where}.value`, ss)];
      a.finish();
      return kv;
    });
    e.finish();
    if (!/\.(launch\.)?ya?ml$/.test(path)) throw new RangeError(`${e.where}.file: only YAML launch files can be included without ROS 2, got '${path}'.`);
    if (++this.depth > MAX_INCLUDE_DEPTH) throw new RangeError(`${e.where}: includes nested deeper than ${MAX_INCLUDE_DEPTH} (does '${path}' include itself?).`);
    for (const [k, v] of args) scope.configurations.set(k, v); // as launch: not scoped
    this.file(isAbsolute(path) ? path : resolve(path), scope, path);
    this.depth--;
  }

  /** A parameter value attribute: typed YAML as is, strings substituted and read again as YAML. */
  private paramValue(e: Entity, attr: string, ss: SubstitutionScope, type?: 'str' | 'int' | 'float' | 'bool'): LaunchValue {
    if (!e.has(attr)) throw new RangeError(`${e.where}: missing '${attr}'.`);
    const raw = e.any(attr);
    const where = `${e.where}.${attr}`;
    const one = (x: unknown, w: string): LaunchScalar | readonly LaunchScalar[] => {
      if (typeof x !== 'string') return asLaunchValue(x, w);
      const text = e.sub(x, w, ss);
      return type !== undefined ? coerceLaunchValue(text, type, w) : yamlEvaluate(text, w);
    };
    if (Array.isArray(raw)) {
      const items = raw.map((x, k) => {
        const v = one(x, `${where}[${k}]`);
        if (Array.isArray(v)) throw new RangeError(`${where}[${k}]: expected a scalar array item, got a list.`);
        return v;
      });
      return asLaunchValue(items, where);
    }
    return one(raw, where);
  }

  private params(list: Entity[], ss: SubstitutionScope, out: string[], prefix = ''): void {
    for (const p of list) {
      const from = p.has('from') ? p.str('from') : undefined;
      if (from !== undefined) {
        if (p.has('name')) throw new RangeError(`${p.where}: 'name' and 'from' cannot be used together.`);
        if (p.has('allow_substs')) throw new RangeError(`${p.where}: 'allow_substs' (substitutions inside a params file) is not supported without ROS 2.`);
        p.finish();
        const path = resolve(p.sub(from, `${p.where}.from`, ss));
        if (!existsSync(path)) throw new RangeError(`${p.where}.from: params file '${path}' does not exist.`);
        out.push('--params-file', path);
        continue;
      }
      if (!p.has('name') || (!p.has('value') && !p.has('param'))) throw new RangeError(`${p.where}: expected name and value (or name and nested param, or from: a params file).`);
      const name = p.sub(p.str('name'), `${p.where}.name`, ss);
      const full = prefix ? `${prefix}.${name}` : name;
      if (p.has('param')) {
        if (p.has('value') || p.has('type')) throw new RangeError(`${p.where}: nested 'param' cannot be used with 'value' or 'type'.`);
        const nested = p.list('param');
        p.finish();
        this.params(nested, ss, out, full);
        continue;
      }
      const typeId = p.str('type', true);
      const types = { str: 'str', int: 'int', float: 'float', bool: 'bool' } as const;
      if (typeId !== undefined && !(typeId in types)) throw new RangeError(`${p.where}.type: expected str, int, float or bool, got '${typeId}'.`);
      const value = this.paramValue(p, 'value', ss, typeId as keyof typeof types | undefined);
      p.finish();
      out.push('-p', `${full}:=${formatRosParameter(value)}`);
    }
  }

  private processCommon(e: Entity, scope: Scope, ss: SubstitutionScope): { env: Record<string, string>; cwd?: string; onExit?: 'shutdown' } {
    let onExit: 'shutdown' | undefined;
    if (e.has('on_exit')) {
      const v = e.sub(e.str('on_exit'), `${e.where}.on_exit`, ss);
      if (v !== 'shutdown') throw new RangeError(`${e.where}.on_exit: expected 'shutdown' (the only on_exit the YAML frontend accepts), got '${v}'.`);
      onExit = 'shutdown';
    }
    for (const key of IGNORED_PROCESS_KEYS) {
      if (e.has(key)) {
        e.any(key);
        this.warnings.push(`${e.where}.${key}: ignored (spikeloop launch starts each process once, as is).`);
      }
    }
    if (e.has('output')) e.str('output'); // every node's output goes to the screen, prefixed with its name
    const env: Record<string, string> = {};
    for (const [k, v] of scope.env) if (v !== undefined) env[k] = v;
    for (const x of e.list('env')) {
      env[x.sub(x.str('name'), `${x.where}.name`, ss)] = x.sub(x.str('value'), `${x.where}.value`, ss);
      x.finish();
    }
    const cwd = e.str('cwd', true);
    return { env, ...(cwd === undefined ? {} : { cwd: e.sub(cwd, `${e.where}.cwd`, ss) }), ...(onExit ? { onExit } : {}) };
  }

  private cmdline(e: Entity, attr: string, ss: SubstitutionScope): string[] {
    const text = e.str(attr, true);
    if (text === undefined) return [];
    try {
      return splitCommandLine(text, ss);
    } catch (err) {
      if (err instanceof RangeError) throw new RangeError(`${e.where}.${attr}: ${err.message}`);
      throw err;
    }
  }

  private node(e: Entity, scope: Scope, ss: SubstitutionScope): void {
    const pkg = e.has('pkg') ? e.sub(e.str('pkg'), `${e.where}.pkg`, ss) : undefined;
    const exec = e.sub(e.str('exec'), `${e.where}.exec`, ss);
    const args = this.cmdline(e, 'args', ss);
    const rosArgs = this.cmdline(e, 'ros_args', ss);
    const nameText = e.str('name', true);
    const name = nameText === undefined ? undefined : e.sub(nameText, `${e.where}.name`, ss);
    if (name !== undefined) {
      const problem = nodeNameProblem(name);
      if (problem !== null) throw new RangeError(`${e.where}.name: invalid node name '${name}': ${problem}.`);
    }
    const execName = e.has('exec_name') ? e.sub(e.str('exec_name'), `${e.where}.exec_name`, ss) : undefined;
    const nsText = e.str('namespace', true);
    const ns = makeAbsolute(prefixNamespace(scope.rosNamespace, nsText === undefined ? undefined : e.sub(nsText, `${e.where}.namespace`, ss)));
    if (ns !== undefined) {
      const problem = namespaceProblem(ns);
      if (problem !== null) throw new RangeError(`${e.where}.namespace: invalid namespace '${ns}': ${problem}.`);
    }
    const paramArgs: string[] = [];
    for (const g of scope.globalParams) paramArgs.push(...(g.kind === 'param' ? ['-p', g.text] : ['--params-file', g.path]));
    this.params(e.list('param'), ss, paramArgs);
    const remapArgs: string[] = [];
    for (const [from, to] of scope.remaps) remapArgs.push('-r', `${from}:=${to}`);
    for (const r of e.list('remap')) {
      remapArgs.push('-r', `${r.sub(r.str('from'), `${r.where}.from`, ss)}:=${r.sub(r.str('to'), `${r.where}.to`, ss)}`);
      r.finish();
    }
    const common = this.processCommon(e, scope, ss);
    e.finish();

    const argv = [...args, ...(rosArgs.length > 0 ? ['--ros-args', ...rosArgs] : []), '--ros-args'];
    if (name !== undefined) argv.push('-r', `__node:=${name}`);
    if (ns !== undefined) argv.push('-r', `__ns:=${ns}`);
    argv.push(...paramArgs, ...remapArgs);
    const fullName = name === undefined ? undefined : ns === undefined || ns === '/' ? `/${name}` : `${ns}/${name}`;
    if (fullName !== undefined) {
      const count = (this.nodeNames.get(fullName) ?? 0) + 1;
      this.nodeNames.set(fullName, count);
      if (count > 1) this.warnings.push(`${e.where}: there are now ${count} nodes named '${fullName}' in this launch.`);
    }
    this.processes.push({
      kind: 'node',
      name: name ?? execName ?? basename(exec),
      where: e.where,
      ...(pkg === undefined ? {} : { pkg }),
      exec,
      argv,
      ...(fullName === undefined ? {} : { nodeFullName: fullName }),
      ...common,
    });
  }

  private executable(e: Entity, scope: Scope, ss: SubstitutionScope): void {
    const cmd = this.cmdline(e, 'cmd', ss);
    if (!e.has('cmd') || cmd.length === 0) throw new RangeError(`${e.where}: expected 'cmd', the command line to run.`);
    const label = e.has('name') ? e.sub(e.str('name'), `${e.where}.name`, ss) : undefined;
    const common = this.processCommon(e, scope, ss);
    e.finish();
    this.processes.push({ kind: 'executable', name: label ?? basename(cmd[0]!), where: e.where, exec: cmd[0]!, argv: cmd.slice(1), ...common });
  }
}

/**
 * Reads the launch file at `path` (YAML) with launch arguments `args` and returns the processes
 * it starts, in order. Throws a RangeError located in the file when it is invalid.
 */
export function loadLaunchFile(path: string, options: LoadLaunchOptions = {}): LaunchPlan {
  const env = options.env ?? process.env;
  const scope: Scope = {
    configurations: new Map(Object.entries(options.args ?? {})),
    env: new Map(Object.entries(env)),
    rosNamespace: undefined,
    globalParams: [],
    remaps: [],
  };
  const loader = new Loader();
  loader.file(path, scope, path);
  // the environment a process gets is reported as what the launch file changed, not the whole environment
  const changed = (p: LaunchProcess): LaunchProcess => ({ ...p, env: Object.fromEntries(Object.entries(p.env).filter(([k, v]) => env[k] !== v)) });
  return { processes: loader.processes.map(changed), arguments: loader.arguments, warnings: loader.warnings, configurations: scope.configurations };
}
