/**
 * The identity of a study run: SHA-256 of its spec as canonical JSON (keys sorted at every
 * level), which holds everything that determines the result — scenario, controller (a file's
 * text, not its path), condition, seeds, budgets, held-out episodes, spikeloop version and Node
 * major version. The same run in another study, or on another machine, has the same hash, so a
 * finished run is never run twice and a killed study resumes where it stopped.
 */
import { createHash } from 'node:crypto';
import type { StudyRunSpec } from './studyRun.js';

/** JSON with object keys sorted, so equal data gives equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

export function runHash(spec: StudyRunSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

/** The first 12 hex digits, for messages and directory names. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
