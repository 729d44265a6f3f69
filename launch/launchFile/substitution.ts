/**
 * Substitutions in ROS 2 launch files, `$(name arg …)`, parsed by the grammar of
 * launch/share/launch/frontend/grammar.lark (ros2/launch) and evaluated against a launch scope.
 *
 * Grammar, in short: a template is text and substitutions; `\x` in text stands for `x`; a
 * substitution is `$(` identifier (` ` argument)* `)`; an argument is unquoted text without
 * spaces, quotes or parentheses (each may be escaped with `\`), possibly joined with nested
 * substitutions, or a single- or double-quoted template that may contain spaces and substitutions.
 *
 * Supported here: `$(var name)`, `$(env NAME [default])`, `$(dirname)`, `$(filename)`.
 * `$(find-pkg-share …)`/`$(find-pkg-prefix …)` need the ament index of a ROS 2 installation and
 * `$(eval …)` a Python interpreter: both are clear errors, as is any other substitution.
 */

/** A piece of a template: literal text or a substitution. */
export type TemplatePart = string | Substitution;

export interface Substitution {
  readonly name: string;
  /** Each argument is itself a template. */
  readonly args: readonly (readonly TemplatePart[])[];
}

/** What substitutions read: the launch configurations, the environment and the current file. */
export interface SubstitutionScope {
  readonly configurations: ReadonlyMap<string, string>;
  /** The environment as the launch sees it (the process's, plus `set_env`). */
  env(name: string): string | undefined;
  /** Absolute path of the launch file being read. */
  readonly file: string;
  readonly dir: string;
}

class SyntaxFailure extends Error {}

const IDENT = /[A-Za-z][A-Za-z0-9_-]*/y;

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(expected: string): never {
    throw new SyntaxFailure(`invalid substitution syntax at character ${this.i + 1} of '${this.s}': expected ${expected}`);
  }

  template(): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let text = '';
    while (this.i < this.s.length) {
      if (this.s.startsWith('$(', this.i)) {
        if (text) parts.push(text);
        text = '';
        parts.push(this.substitution());
      } else if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) {
        text += this.s[this.i + 1];
        this.i += 2;
      } else text += this.s[this.i++];
    }
    if (text) parts.push(text);
    return parts;
  }

  substitution(): Substitution {
    this.i += 2; // '$('
    IDENT.lastIndex = this.i;
    const m = IDENT.exec(this.s);
    if (!m) this.fail('a substitution name after "$("');
    this.i += m[0].length;
    const args: TemplatePart[][] = [];
    while (this.s[this.i] === ' ') {
      this.i++;
      args.push(this.value());
    }
    if (this.s[this.i] !== ')') this.fail(this.i >= this.s.length ? `')' to close '$(${m[0]}'` : "' ' or ')'");
    this.i++;
    return { name: m[0], args };
  }

  value(): TemplatePart[] {
    const q = this.s[this.i];
    if (q === "'" || q === '"') return this.quoted(q);
    const parts: TemplatePart[] = [];
    let text = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (this.s.startsWith('$(', this.i)) {
        if (text) parts.push(text);
        text = '';
        parts.push(this.substitution());
      } else if (c === '\\' && this.i + 1 < this.s.length) {
        text += this.s[this.i + 1];
        this.i += 2;
      } else if (c === ' ' || c === "'" || c === '"' || c === '(' || c === ')') break;
      else {
        text += c;
        this.i++;
      }
    }
    if (text) parts.push(text);
    if (parts.length === 0) this.fail('an argument');
    return parts;
  }

  quoted(q: string): TemplatePart[] {
    this.i++;
    const parts: TemplatePart[] = [];
    let text = '';
    for (;;) {
      if (this.i >= this.s.length) this.fail(`the closing ${q}`);
      const c = this.s[this.i]!;
      if (c === q) break;
      if (this.s.startsWith('$(', this.i)) {
        if (text) parts.push(text);
        text = '';
        parts.push(this.substitution());
      } else if (c === '\\' && this.i + 1 < this.s.length) {
        text += this.s[this.i + 1];
        this.i += 2;
      } else {
        text += c;
        this.i++;
      }
    }
    this.i++;
    if (text) parts.push(text);
    return parts;
  }
}

/** Parses a launch-file string into text and substitutions; a RangeError says where it is malformed. */
export function parseTemplate(text: string): TemplatePart[] {
  try {
    return new Parser(text).template();
  } catch (err) {
    if (err instanceof SyntaxFailure) throw new RangeError(err.message);
    throw err;
  }
}

/** Whether the template is literal text only. */
export const isLiteral = (parts: readonly TemplatePart[]) => parts.every((p) => typeof p === 'string');

const arity = (s: Substitution, min: number, max: number, usage: string) => {
  if (s.args.length < min || s.args.length > max) throw new RangeError(`$(${s.name}) takes ${usage}, got ${s.args.length} argument(s).`);
};

/** Evaluates one substitution. Errors are RangeErrors saying what is missing or unsupported. */
export function evaluateSubstitution(s: Substitution, scope: SubstitutionScope): string {
  const arg = (k: number) => evaluateTemplate(s.args[k]!, scope);
  switch (s.name) {
    case 'var': {
      arity(s, 1, 1, 'one argument, the launch configuration name');
      const name = arg(0);
      const v = scope.configurations.get(name);
      if (v === undefined) throw new RangeError(`$(var ${name}): launch configuration '${name}' does not exist (declare it with 'arg' or set it with 'let', or give ${name}:=value).`);
      return v;
    }
    case 'env': {
      arity(s, 1, 2, 'the variable name and an optional default');
      const name = arg(0);
      const v = scope.env(name);
      if (v !== undefined) return v;
      if (s.args.length === 2) return arg(1);
      throw new RangeError(`$(env ${name}): environment variable '${name}' is not set (give a default: $(env ${name} value)).`);
    }
    case 'dirname':
      arity(s, 0, 0, 'no arguments');
      return scope.dir;
    case 'filename':
      arity(s, 0, 0, 'no arguments');
      return scope.file;
    case 'find-pkg-share':
    case 'find-pkg-prefix':
      throw new RangeError(`$(${s.name} …) needs ROS 2 (it looks the package up in the ament index of a sourced ROS 2 installation); run this file with 'ros2 launch', or use $(dirname) for paths relative to the launch file.`);
    case 'eval':
      throw new RangeError(`$(eval …) is not supported without ROS 2 (it evaluates Python); use 'let' and $(var …) instead.`);
    default:
      throw new RangeError(`unsupported substitution $(${s.name} …): supported here are $(var name), $(env NAME [default]), $(dirname) and $(filename).`);
  }
}

/** Evaluates a template to its string. */
export function evaluateTemplate(parts: readonly TemplatePart[], scope: SubstitutionScope): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : evaluateSubstitution(p, scope);
  return out;
}

/** Parses and evaluates a launch-file string. */
export function substitute(text: string, scope: SubstitutionScope): string {
  return evaluateTemplate(parseTemplate(text), scope);
}
