/**
 * ROS 2 names: validation, expansion and remapping of topic names, as rcl and rmw do them
 * (rcl/src/rcl/validate_topic_name.c, expand_topic_name.c, remap.c, node_resolve_name.c;
 * rmw/src/validate_*.c; design.ros2.org "Topic and Service name mapping to DDS").
 *
 * - Node name: one token `[A-Za-z_][A-Za-z0-9_]*`.
 * - Namespace: `/` or absolute `/tok/tok` (tokens of `[A-Za-z0-9_]`, not starting with a digit,
 *   no `//`, no trailing `/`).
 * - Topic name as written in code or a remap rule: absolute `/a/b`, relative `a/b` (put under
 *   the node's namespace), private `~` or `~/a` (under `<namespace>/<node>`), with the
 *   substitutions `{node}`, `{ns}` and `{namespace}`.
 * - Resolution (rcl_resolve_name): expand the name, then the first remap rule whose node prefix
 *   (if any) equals the node's name and whose expanded `from` equals the expanded name replaces it
 *   with its expanded `to`; the result must be a valid fully qualified name.
 */

/** A topic remap rule, `[node:]from:=to` (`-r` in the ROS arguments). */
export interface RosRemap {
  /** The name to match, as written (relative, absolute or private); expanded before matching. */
  readonly from: string;
  /** The replacement, as written; expanded against the node's name and namespace. */
  readonly to: string;
  /** Only for the node of this name (`node:from:=to`). */
  readonly node?: string;
  /** `rostopic://` or `rosservice://` rules apply to that kind of name only. */
  readonly only?: 'topic' | 'service';
}

const TOKEN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isNameChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c === '_';

/** Why `name` is not a valid node name (rmw_validate_node_name), or null when it is. */
export function nodeNameProblem(name: string): string | null {
  if (name.length === 0) return 'a node name must not be empty';
  if (isDigit(name[0])) return 'a node name must not start with a number';
  if (!TOKEN.test(name)) return "a node name must contain only alphanumerics and '_'";
  if (name.length > 255) return 'a node name must be at most 255 characters';
  return null;
}

/** Why `name` is not a valid fully qualified topic name (rmw_validate_full_topic_name), or null. */
export function fullTopicNameProblem(name: string): string | null {
  if (name.length === 0) return 'the name must not be empty';
  if (name[0] !== '/') return "the name must be absolute (start with '/')";
  if (name.length > 1 && name.endsWith('/')) return "the name must not end with '/'";
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '/') {
      if (name[i + 1] === '/') return "the name must not contain repeated '/'";
      if (isDigit(name[i + 1])) return 'a name token must not start with a number';
    } else if (!isNameChar(c)) return `the name must contain only alphanumerics, '_' and '/' (found '${c}')`;
  }
  return null;
}

/** Why `ns` is not a valid node namespace (rmw_validate_namespace: '/' or a full name), or null. */
export function namespaceProblem(ns: string): string | null {
  if (ns === '/') return null;
  return fullTopicNameProblem(ns);
}

/**
 * Why `name` is not a valid topic name as written (rcl_validate_topic_name: relative, absolute
 * or private, substitutions in braces), or null when it is.
 */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'a topic name must not be empty';
  if (isDigit(name[0])) return 'a topic name token must not start with a number';
  if (name.endsWith('/')) return "a topic name must not end with '/'";
  let open = -1;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (isNameChar(c)) {
      if (open >= 0 && i === open + 1 && isDigit(c)) return 'a substitution name must not start with a number';
    } else if (c === '/') {
      if (open >= 0) return "a substitution name must contain only alphanumerics and '_'";
      if (name[i + 1] === '/') return "a topic name must not contain repeated '/'";
      if (isDigit(name[i + 1])) return 'a topic name token must not start with a number';
    } else if (c === '~') {
      if (i !== 0) return "'~' may only be the first character of a topic name";
      if (name.length > 1 && name[1] !== '/') return "'~' must be followed by '/' (private names are '~' or '~/name')";
    } else if (c === '{') {
      if (open >= 0) return "a substitution name must contain only alphanumerics and '_'";
      open = i;
    } else if (c === '}') {
      if (open < 0) return "a topic name must not have unmatched '}'";
      if (i === open + 1) return "a substitution must not be empty ('{}')";
      open = -1;
    } else {
      return open >= 0 ? "a substitution name must contain only alphanumerics and '_'" : `a topic name must contain only alphanumerics, '_', '/', '~', '{' and '}' (found '${c}')`;
    }
  }
  if (open >= 0) return "a topic name must not have unmatched '{'";
  return null;
}

function check(problem: string | null, what: string): void {
  if (problem !== null) throw new RangeError(`${what}: ${problem}.`);
}

/** Throws a RangeError naming `name` when it is not a valid node name. */
export function validateNodeName(name: string): void {
  check(nodeNameProblem(name), `invalid node name '${name}'`);
}

/** Throws a RangeError naming `ns` when it is not a valid namespace ('/' or '/a/b'). */
export function validateNamespace(ns: string): void {
  check(namespaceProblem(ns), `invalid namespace '${ns}'`);
}

/**
 * A namespace as rcl_node_init takes it: '' means '/', a relative one gets a leading '/'.
 * Validated; throws a RangeError naming it when invalid.
 */
export function normalizeNamespace(ns: string | undefined): string {
  const abs = ns === undefined || ns === '' ? '/' : ns.startsWith('/') ? ns : `/${ns}`;
  validateNamespace(abs);
  return abs;
}

/** The node's fully qualified name, `/ns/node` (or `/node` in the root namespace). */
export function nodeFullName(namespace: string, nodeName: string): string {
  return namespace.endsWith('/') ? `${namespace}${nodeName}` : `${namespace}/${nodeName}`;
}

/**
 * Expands `name` to a fully qualified name (rcl_expand_topic_name): `~` → `<ns>/<node>`,
 * `{node}`/`{ns}`/`{namespace}` substituted, relative names put under `namespace`.
 * Throws a RangeError naming the name and the rule it breaks.
 */
export function expandTopicName(name: string, namespace: string, nodeName: string): string {
  check(topicNameProblem(name), `invalid topic name '${name}'`);
  validateNodeName(nodeName);
  validateNamespace(namespace);
  let out = name;
  if (out.startsWith('~')) out = nodeFullName(namespace, nodeName) + out.slice(1);
  out = out.replace(/\{([^}]*)\}/g, (_m, key: string) => {
    if (key === 'node') return nodeName;
    if (key === 'ns' || key === 'namespace') return namespace;
    throw new RangeError(`invalid topic name '${name}': unknown substitution '{${key}}' (expected {node}, {ns} or {namespace}).`);
  });
  if (!out.startsWith('/')) out = namespace === '/' ? `/${out}` : `${namespace}/${out}`;
  return out;
}

/**
 * The topic a node of `nodeName` in `namespace` publishes or subscribes to when its code says
 * `name`, after the remap rules (rcl_node_resolve_name). `remaps` are in precedence order (the
 * node's own rules before the process-wide ones); the first that matches wins. Throws a
 * RangeError naming the name when it or the result is invalid.
 */
export function resolveTopicName(name: string, namespace: string, nodeName: string, remaps: readonly RosRemap[], kind: 'topic' | 'service' = 'topic'): string {
  const expanded = expandTopicName(name, namespace, nodeName);
  let result = expanded;
  for (const rule of remaps) {
    if (rule.only !== undefined && rule.only !== kind) continue;
    if (rule.node !== undefined && rule.node !== nodeName) continue;
    let match: string;
    try {
      match = expandTopicName(rule.from, namespace, nodeName);
    } catch {
      continue; // rcl skips rules whose match side cannot be expanded for this node
    }
    if (match !== expanded) continue;
    result = expandTopicName(rule.to, namespace, nodeName);
    break;
  }
  check(fullTopicNameProblem(result), `topic '${name}' of node '${nodeFullName(namespace, nodeName)}' resolves to the invalid name '${result}'`);
  return result;
}
