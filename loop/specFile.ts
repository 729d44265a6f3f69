/**
 * Spec files (JSON or YAML) read, parsed and validated with located errors: every failure is one
 * SpecError naming the file, the line:column when the text gives one, the path inside the spec
 * and what was expected. Shared by network specs, controller files, robot profiles and launch
 * files.
 *
 * Bounded: a file larger than the `fileBytes` limit is refused before it is read, JSON nested
 * deeper than the `depth` limit is refused by a scan before parsing (no recursion on the
 * JavaScript stack), YAML by a walk of its syntax tree, and YAML aliases expand to at most
 * MAX_ALIAS_COUNT nodes (an alias bomb is an error, not gigabytes); see limits.ts. Locating an
 * issue in a JSON text scans the text along the issue's path (constant memory), so a large file
 * with one error costs no second parse.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { isAlias, isCollection, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { LIMIT_ENV, limit } from './limits.js';
import { issueText, SpecError, toSpecIssues } from './specIssues.js';
import type { SpecIssue } from './specIssues.js';

export type SpecFormat = 'json' | 'yaml';

/** The format a file name implies, or a SpecError for other extensions. */
export function specFormatOf(file: string): SpecFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  throw new SpecError(file, [{ path: '', message: `unknown file type '${ext || '(none)'}'; expected .json, .yaml or .yml` }]);
}

/** How many nodes YAML aliases may expand to in one document (the `yaml` package's maxAliasCount). */
export const MAX_ALIAS_COUNT = 1000;

/**
 * Parsed data of a JSON or YAML text, or a SpecError at the syntax error's line and column, at
 * the place nesting exceeds the depth limit, or for an alias bomb.
 */
export function parseSpecText(text: string, source: string, format: SpecFormat): unknown {
  text = withoutBom(text);
  if (format === 'json') {
    checkJsonDepth(text, source);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw tooComplex(source, err);
      throw jsonSyntaxError(err, text, source);
    }
  }
  return parseYamlBounded(text, source);
}

/** YAML text → data, bounded in depth and alias expansion; SpecErrors located in the text. */
export function parseYamlBounded(text: string, source: string, options: { readonly version?: '1.1' | '1.2'; readonly intAsBigInt?: boolean; readonly uniqueKeys?: boolean; readonly customTags?: unknown[] } = {}): unknown {
  checkYamlFlowDepth(text, source);
  const lc = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { prettyErrors: false, lineCounter: lc, ...(options as object) });
  } catch (err) {
    throw tooComplex(source, err);
  }
  const e = doc.errors[0];
  if (e) {
    const { line, col } = lc.linePos(e.pos[0]);
    throw new SpecError(source, [{ path: '', message: `YAML syntax error: ${e.message}`, line, column: col }]);
  }
  const deep = yamlTooDeep(doc, limit('depth'));
  if (deep !== undefined) {
    const { line, col } = lc.linePos(deep);
    throw new SpecError(source, [{ path: '', message: depthMessage(), line, column: col }]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new SpecError(source, [{ path: '', message: `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?); write the data out instead` }]);
    }
    if (err instanceof ReferenceError) throw new SpecError(source, [{ path: '', message: `YAML error: ${err.message.split('\n')[0]}` }]);
    throw tooComplex(source, err);
  }
  // Aliases can nest what they point at: check the data too (iteratively).
  if (dataDepthExceeds(data, limit('depth'))) throw new SpecError(source, [{ path: '', message: `${depthMessage()} (after expanding aliases)` }]);
  return data;
}

function depthMessage(): string {
  return `nested more than ${limit('depth')} levels deep (raise the limit with ${LIMIT_ENV.depth}=<n>)`;
}

/** A stack overflow or out-of-memory inside a parser, as a SpecError (anything else is re-thrown). */
function tooComplex(source: string, err: unknown): unknown {
  if (err instanceof RangeError && /call stack|Invalid (string|array) length|allocation/i.test(err.message)) {
    return new SpecError(source, [{ path: '', message: `too deeply nested or too large to parse (${err.message})` }]);
  }
  return err;
}

/**
 * Refuses JSON nested deeper than the depth limit, at the bracket that exceeds it; one pass over
 * the text, no recursion. Strings are skipped (brackets inside them do not count).
 */
export function checkJsonDepth(text: string, source: string): void {
  const max = limit('depth');
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: to its closing quote, past escapes
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        const { line, column } = lineColumn(text, i);
        throw new SpecError(source, [{ path: '', message: depthMessage(), line, column }]);
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/**
 * Refuses YAML whose flow collections (`[[[…`) nest deeper than the depth limit before the
 * parser (which recurses) sees them: brackets are counted outside quoted scalars and comments.
 */
export function checkYamlFlowDepth(text: string, source: string): void {
  const max = limit('depth');
  let depth = 0;
  let prev = 0x0a;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const boundary = prev === 0x0a || prev === 0x20 || prev === 0x09 || prev === 0x5b || prev === 0x7b || prev === 0x2c || prev === 0x3a;
    if ((c === 0x22 || c === 0x27) && boundary) {
      // a quoted scalar: to its closing quote ('' escapes a single quote, \ escapes in double)
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (c === 0x22 && d === 0x5c) i++;
        else if (d === c) {
          if (c === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
          else break;
        }
      }
    } else if (c === 0x23 && (prev === 0x20 || prev === 0x09 || prev === 0x0a)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        const { line, column } = lineColumn(text, i);
        throw new SpecError(source, [{ path: '', message: depthMessage(), line, column }]);
      }
    } else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
    prev = c;
  }
}

/** Offset of the first collection deeper than `max` in a YAML document, or undefined. */
function yamlTooDeep(doc: Document, max: number): number | undefined {
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (isCollection(node)) {
      if (d > max) return node.range?.[0] ?? 0;
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push([item.key, d + 1], [item.value, d + 1]);
        } else stack.push([item, d + 1]);
      }
    } else if (isScalar(node) || isAlias(node) || node === null || node === undefined) continue;
  }
  return undefined;
}

/** Whether plain data nests deeper than `max` (iterative; shared objects are visited once per path, bounded by the alias limit). */
export function dataDepthExceeds(data: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[data, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) return true;
    if (++visited > 50_000_000) return false;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === 'object') stack.push([x, d + 1]);
  }
  return false;
}

function jsonSyntaxError(err: SyntaxError, text: string, source: string): SpecError {
  // V8 says "… in JSON at position N" for most errors; quote only the first clause otherwise.
  const m = /^(.*?) in JSON at position (\d+)/.exec(err.message);
  if (m) {
    const { line, column } = lineColumn(text, Number(m[2]));
    return new SpecError(source, [{ path: '', message: `JSON syntax error: ${m[1]}`, line, column }]);
  }
  const first = err.message.split(/, "|\n/)[0];
  return new SpecError(source, [{ path: '', message: `JSON syntax error: ${first}` }]);
}

/** 1-based line and column of `offset`, counted without copying the text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * `text` without a leading UTF-8 byte-order mark (U+FEFF), which editors on Windows write and
 * JSON.parse rejects; positions in the rest of the text are unchanged.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file's text (without a byte-order mark), or a SpecError saying why it cannot be read (or is over the file-size limit). */
export function readText(file: string): string {
  return withoutBom(readBytes(file).toString('utf8'));
}

/** A file's bytes, refused before reading when larger than the `fileBytes` limit; SpecErrors otherwise. */
export function readBytes(file: string): Buffer {
  let fd = -1;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const max = limit('fileBytes');
    if (st.size > max) {
      throw new SpecError(file, [{ path: '', message: `the file is ${st.size} bytes, more than the limit of ${max} bytes (raise it with ${LIMIT_ENV.fileBytes}=<n>)` }]);
    }
    // Read up to one byte past the limit: a file growing (or a pipe) cannot slip past it.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1, 65536), max + 1 - total));
      const n = buf.length === 0 ? 0 : readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > max) throw new SpecError(file, [{ path: '', message: `the file is more than the limit of ${max} bytes (raise it with ${LIMIT_ENV.fileBytes}=<n>)` }]);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof SpecError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new SpecError(file, [{ path: '', message: `cannot read the file: ${why}` }]);
  } finally {
    if (fd !== -1) closeSync(fd);
  }
}

/** Texts up to this many characters are re-parsed as YAML to locate issues; larger YAML texts keep unlocated issues. */
const LOCATE_YAML_MAX = 4 * 1024 * 1024;

/**
 * Adds line:column from the source text to issues whose path exists in it. JSON texts are scanned
 * along each issue's path (no parse, constant memory); other texts up to LOCATE_YAML_MAX
 * characters are parsed as YAML once for all issues.
 */
export function locateIssues(issues: SpecIssue[], text: string | undefined): SpecIssue[] {
  if (text === undefined || issues.every((i) => !i.keys)) return issues;
  let yamlOffset: ((keys: readonly PropertyKey[]) => number | undefined) | null | undefined;
  const yamlLocator = () => {
    if (yamlOffset !== undefined) return yamlOffset;
    yamlOffset = null;
    if (text.length > LOCATE_YAML_MAX) return yamlOffset;
    const lc = new LineCounter();
    let doc: Document;
    try {
      // JSON is YAML (flow style), so one parser gives positions for both formats.
      doc = parseDocument(text, { lineCounter: lc });
    } catch {
      return yamlOffset;
    }
    if (doc.errors.length > 0) return yamlOffset;
    yamlOffset = (keys) => offsetOf(doc, keys);
    return yamlOffset;
  };
  const json = /^\s*[[{]/.test(text.slice(0, 4096));
  return issues.map((i) => {
    if (!i.keys) return i;
    let offset: number | undefined | null = json ? jsonOffsetOf(text, i.keys) : null;
    if (offset === null) {
      const y = yamlLocator();
      offset = y ? y(i.keys) : undefined;
    }
    if (offset === undefined) return i;
    const { line, column } = lineColumn(text, offset);
    return { ...i, line, column };
  });
}

/**
 * Offset of the value at `keys` in a JSON text (or of its deepest existing ancestor; undefined
 * when even the first key is missing), found by scanning: no parse, no recursion. Null when the
 * text is not JSON the scanner follows (then YAML is tried).
 */
export function jsonOffsetOf(text: string, keys: readonly PropertyKey[]): number | undefined | null {
  const n = text.length;
  const ws = (i: number) => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    return i;
  };
  const endOfString = (i: number) => {
    // i at the opening quote; returns the index after the closing one (or -1)
    for (i++; i < n; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '"') return i + 1;
    }
    return -1;
  };
  const skipValue = (i: number) => {
    const c = text[i];
    if (c === '"') return endOfString(i);
    if (c === '[' || c === '{') {
      let depth = 0;
      for (; i < n; i++) {
        const d = text[i];
        if (d === '"') {
          i = endOfString(i) - 1;
          if (i < 0) return -1;
        } else if (d === '[' || d === '{') depth++;
        else if (d === ']' || d === '}') {
          if (--depth === 0) return i + 1;
        }
      }
      return -1;
    }
    while (i < n && !',]}'.includes(text[i]!) && !/\s/.test(text[i]!)) i++;
    return i;
  };
  let at = ws(0);
  let found = -1; // start of the deepest value found
  for (let depth = 0; depth < keys.length; depth++) {
    const key = keys[depth];
    const open = text[at];
    let next = -1;
    if (typeof key === 'number' && open === '[') {
      let i = ws(at + 1);
      if (text[i] !== ']') {
        for (let k = 0; ; k++) {
          if (k === key) {
            next = i;
            break;
          }
          i = skipValue(i);
          if (i < 0) return null;
          i = ws(i);
          if (text[i] !== ',') break;
          i = ws(i + 1);
        }
      }
    } else if (typeof key === 'string' && open === '{') {
      let i = ws(at + 1);
      while (text[i] === '"') {
        const e = endOfString(i);
        if (e < 0) return null;
        let name: unknown;
        try {
          name = JSON.parse(text.slice(i, e));
        } catch {
          return null;
        }
        i = ws(e);
        if (text[i] !== ':') return null;
        i = ws(i + 1);
        if (name === key) next = i; // the last duplicate wins, as in JSON.parse
        i = skipValue(i);
        if (i < 0) return null;
        i = ws(i);
        if (text[i] !== ',') break;
        i = ws(i + 1);
      }
    } else if (open !== '[' && open !== '{' && depth === 0) {
      return null;
    }
    if (next < 0) return depth === 0 ? undefined : found;
    found = at = next;
  }
  return keys.length === 0 ? at : found;
}

/** Start of the node at `keys`, or of its deepest existing ancestor (for missing keys). */
function offsetOf(doc: Document, keys: readonly PropertyKey[]): number | undefined {
  // A path that does not exist in the text at all (e.g. a neuron model's own message) gives none.
  if (keys.length > 0 && !doc.hasIn([keys[0]])) return undefined;
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : (doc.getIn(keys.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return range[0];
  }
  return undefined;
}

/** Validates parsed `data` against `schema`; a SpecError (located in `text` when given) otherwise. */
export function validateSpec<S extends z.ZodType>(schema: S, data: unknown, source: string, text?: string): z.infer<S> {
  const r = schema.safeParse(data, { error: issueText });
  if (r.success) return r.data;
  throw new SpecError(source, locateIssues(toSpecIssues(r.error.issues, data), text));
}

/** Reads, parses (by extension) and validates a spec file. */
export function loadSpecFile<S extends z.ZodType>(schema: S, file: string): z.infer<S> {
  const text = readText(file);
  return validateSpec(schema, parseSpecText(text, file, specFormatOf(file)), file, text);
}
