/**
 * Turns zod issues into located, human messages: `projections[1].plasticity.tauPlus_ms: expected
 * a number > 0, got "fast"`. Schemas attach their own "expected …" text (see networkSchema.ts);
 * `issueText` supplies plain defaults for the rest, so every message says where, what was
 * expected and what was found. Failed unions are resolved to the branch the input was meant for
 * (the one that got deepest), so a typo inside a distribution is reported inside it rather than
 * as "matches no alternative".
 */
import type { z } from 'zod';

/** One located problem in a spec: `path` like `projections[1].weight.high` ('' for the root). */
export interface SpecIssue {
  readonly path: string;
  readonly message: string;
  /** The path as keys, for locating the issue in the source text. */
  readonly keys?: readonly PropertyKey[];
  /** 1-based position in the source text, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** A spec that failed validation: every issue, and a message listing them (one per line). */
export class SpecError extends RangeError {
  constructor(
    /** Where the spec came from (a file name), prefixed to each issue. */
    readonly source: string,
    readonly issues: readonly SpecIssue[],
  ) {
    super(formatIssues(source, issues));
    this.name = 'SpecError';
  }
}

const MAX_LISTED = 10;

export function formatIssues(source: string, issues: readonly SpecIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED).map((i) => {
    const at = i.line !== undefined ? `${source}:${i.line}:${i.column ?? 1}` : source;
    return `${at}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
  });
  if (issues.length > MAX_LISTED) lines.push(`${source}: … and ${issues.length - MAX_LISTED} more problems`);
  return lines.join('\n');
}

type Key = PropertyKey;

/** `projections[1].plasticity` from ['projections', 1, 'plasticity']. */
export function formatPath(path: readonly Key[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s;
}

/** A short rendering of the value found (JSON, cut to 60 characters). */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function valueAt(root: unknown, path: readonly Key[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<Key, unknown>)[k];
  }
  return v;
}

/**
 * Default wording of zod issues (used through the `error` option of `safeParse`; a schema's own
 * `error` text takes precedence). Says what was expected, never what was found: `toSpecIssues`
 * appends that.
 */
export function issueText(iss: z.core.$ZodRawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${article(iss.expected)}`;
    case 'invalid_value':
      return `expected ${iss.values.length === 1 ? showValue(iss.values[0]) : `one of ${iss.values.map((v) => showValue(v)).join(', ')}`}`;
    case 'too_small':
      return iss.origin === 'array' ? `expected at least ${String(iss.minimum)} entries` : `expected a value ${iss.inclusive ? '≥' : '>'} ${String(iss.minimum)}`;
    case 'too_big':
      return iss.origin === 'array' ? `expected at most ${String(iss.maximum)} entries` : `expected a value ${iss.inclusive ? '≤' : '<'} ${String(iss.maximum)}`;
    case 'invalid_union':
      if ('discriminator' in iss && iss.discriminator) {
        const options = (iss as { options?: unknown[] }).options ?? [];
        return `expected one of ${options.map((o) => showValue(o)).join(', ')}`;
      }
      return 'matches none of the accepted forms';
    case 'unrecognized_keys':
      return `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `'${k}'`).join(', ')}`;
    default:
      return iss.message ?? 'invalid value';
  }
}

function article(t: string): string {
  // zod names integer checks 'int' (z.number().int() given 1.5).
  if (t === 'int') return 'an integer';
  if (t === 'array' || t === 'object' || t === 'integer') return `an ${t}`;
  return `a ${t}`;
}

/** Codes whose message is an expectation, so the value found is appended. */
const SHOWS_VALUE = new Set(['invalid_type', 'invalid_value', 'too_small', 'too_big', 'not_multiple_of', 'invalid_format', 'custom', 'invalid_union']);

/** Located messages for the issues of a failed parse of `root`. */
export function toSpecIssues(issues: readonly z.core.$ZodIssue[], root: unknown, prefix: readonly Key[] = []): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const iss of issues) {
    const path = [...prefix, ...iss.path];
    if (iss.code === 'invalid_union' && iss.errors.length > 0) {
      const branch = intendedBranch(iss.errors);
      if (branch !== null) {
        out.push(...toSpecIssues(branch, root, path));
        continue;
      }
    }
    if (iss.code === 'unrecognized_keys') {
      // Point at the key itself when there is one.
      const at = iss.keys.length === 1 ? [...path, iss.keys[0]!] : path;
      out.push({ path: formatPath(at), keys: at, message: iss.message });
      continue;
    }
    const v = valueAt(root, path);
    let message = iss.message;
    if (SHOWS_VALUE.has(iss.code)) message += v === undefined ? ', but the key is missing' : `, got ${showValue(v)}`;
    out.push({ path: formatPath(path), keys: path, message });
  }
  return out;
}

/**
 * The branch of a failed union the input was meant for: branches that rejected the input's
 * type outright are dropped; of the rest, the one whose problems lie deepest (then the fewest)
 * wins. Null when that does not single out one branch.
 */
function intendedBranch(branches: ReadonlyArray<readonly z.core.$ZodIssue[]>): readonly z.core.$ZodIssue[] | null {
  const candidates = branches.filter((b) => !b.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
  if (candidates.length === 0) return null;
  if (candidates.length === 1) return candidates[0]!;
  // An unknown key sits at its object's path but is a problem one level down; weigh it below a
  // problem with a value at the same depth (a value that got checked means the branch fitted).
  const depth = (b: readonly z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length + (i.code === 'unrecognized_keys' ? 0 : 0.5)));
  const ranked = [...candidates].sort((a, b) => depth(b) - depth(a) || a.length - b.length);
  const [best, next] = ranked;
  if (next && depth(best!) === depth(next) && best!.length === next.length) return null;
  return best!;
}
