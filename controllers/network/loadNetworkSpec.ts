/**
 * Network specs from files: `.json`, `.yaml` or `.yml`, parsed, validated once against
 * `networkSchema.ts`, and built by `buildNetwork`. Every failure is one `SpecError` whose message
 * names the file, the position (line:column, when the text gives one), the path inside the spec
 * and what was expected, e.g.
 *   net.yaml:14:21: projections[1].plasticity.tauPlus_ms: expected a number > 0, got "fast"
 * Semantic errors from `buildNetwork` (unknown population names, delays out of range, …) are
 * RangeErrors whose messages start with a path; they are re-thrown located in the same way.
 */
import { buildNetwork } from './buildNetwork.js';
import type { BuildOptions } from './buildNetwork.js';
import type { Network } from './network.js';
import { networkSpecSchema } from './networkSchema.js';
import type { NetworkSpec } from './networkSpec.js';
import { locateIssues, parseSpecText, readText, specFormatOf } from '../../loop/specFile.js';
import { issueText, SpecError, toSpecIssues } from '../../loop/specIssues.js';
import type { SpecIssue } from '../../loop/specIssues.js';

export type { SpecFormat } from '../../loop/specFile.js';
export { parseSpecText, readText, specFormatOf } from '../../loop/specFile.js';

/**
 * Validates parsed data as a NetworkSpec. `text` (the source it was parsed from) is optional and
 * only used to give line:column positions.
 */
export function validateNetworkSpec(data: unknown, source: string, text?: string): NetworkSpec {
  const r = networkSpecSchema.safeParse(data, { error: issueText });
  if (r.success) return r.data;
  throw new SpecError(source, locateIssues(toSpecIssues(r.error.issues, data), text));
}

/** Reads, parses and validates a spec file. */
export function loadNetworkSpec(file: string): NetworkSpec {
  const format = specFormatOf(file);
  const text = readText(file);
  return validateNetworkSpec(parseSpecText(text, file, format), file, text);
}

/**
 * Builds a spec that came from `source`, re-throwing build RangeErrors located in the source.
 * `specPath` is where the spec sits inside the source (e.g. `spec` in a saved-network file).
 */
export function buildNetworkFrom(spec: NetworkSpec, source: string, opts: BuildOptions, text?: string, specPath = ''): Network {
  try {
    return buildNetwork(spec, opts);
  } catch (err) {
    throw err instanceof RangeError && !(err instanceof SpecError) ? locatedBuildError(err, source, text, specPath) : err;
  }
}

/** Reads, validates and builds a network spec file. */
export function loadNetwork(file: string, opts: BuildOptions): Network {
  const format = specFormatOf(file);
  const text = readText(file);
  const spec = validateNetworkSpec(parseSpecText(text, file, format), file, text);
  return buildNetworkFrom(spec, file, opts, text);
}

/** `projections[2].post: unknown population …` → a SpecIssue at that path. */
function locatedBuildError(err: RangeError, source: string, text: string | undefined, specPath: string): SpecError {
  const m = /^([A-Za-z_][\w]*(?:\[\d+\]|\.[A-Za-z_][\w]*)*): ([\s\S]*)$/.exec(err.message);
  const path = m ? (specPath ? `${specPath}.${m[1]!}` : m[1]!) : specPath;
  const issue: SpecIssue = m ? { path, keys: parsePath(path), message: m[2]! } : { path, message: err.message };
  const spe = new SpecError(source, locateIssues([issue], text));
  spe.cause = err;
  return spe;
}

/** ['projections', 2, 'post'] from `projections[2].post`. */
export function parsePath(path: string): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return keys;
}

