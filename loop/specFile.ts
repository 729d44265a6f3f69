/**
 * Spec files (JSON or YAML) read, parsed and validated with located errors: every failure is one
 * SpecError naming the file, the line:column when the text gives one, the path inside the spec
 * and what was expected. Shared by network specs, controller files, robot profiles and launch
 * files.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
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

/** Parsed data of a JSON or YAML text, or a SpecError at the syntax error's line and column. */
export function parseSpecText(text: string, source: string, format: SpecFormat): unknown {
  text = withoutBom(text);
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw jsonSyntaxError(err as Error, text, source);
    }
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lc });
  const e = doc.errors[0];
  if (e) {
    const { line, col } = lc.linePos(e.pos[0]);
    throw new SpecError(source, [{ path: '', message: `YAML syntax error: ${e.message}`, line, column: col }]);
  }
  return doc.toJS({ maxAliasCount: 1000 }) as unknown;
}

function jsonSyntaxError(err: Error, text: string, source: string): SpecError {
  // V8 says "… in JSON at position N" for most errors; quote only the first clause otherwise.
  const m = /^(.*?) in JSON at position (\d+)/.exec(err.message);
  if (m) {
    const { line, column } = lineColumn(text, Number(m[2]));
    return new SpecError(source, [{ path: '', message: `JSON syntax error: ${m[1]}`, line, column }]);
  }
  const first = err.message.split(/, "|\n/)[0];
  return new SpecError(source, [{ path: '', message: `JSON syntax error: ${first}` }]);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * `text` without a leading UTF-8 byte-order mark (U+FEFF), which editors on Windows write and
 * JSON.parse rejects; positions in the rest of the text are unchanged.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file's text (without a byte-order mark), or a SpecError saying why it cannot be read. */
export function readText(file: string): string {
  try {
    return withoutBom(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new SpecError(file, [{ path: '', message: `cannot read the file: ${why}` }]);
  }
}

/** Adds line:column from the source text to issues whose path exists in it. */
export function locateIssues(issues: SpecIssue[], text: string | undefined): SpecIssue[] {
  if (text === undefined) return issues;
  const lc = new LineCounter();
  // JSON is YAML (flow style), so one parser gives positions for both formats.
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) return issues;
  return issues.map((i) => {
    const offset = i.keys ? offsetOf(doc, i.keys) : undefined;
    if (offset === undefined) return i;
    const { line, col } = lc.linePos(offset);
    return { ...i, line, column: col };
  });
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
