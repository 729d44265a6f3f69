/**
 * A study's output directory D:
 *   D/study.json          the study as planned: its file, spec, conditions and every run (with
 *                         controller files' text), so `study collect` and `study show` need only D
 *   D/runs/<hash>/        one directory per run: result.json (its results.jsonl row, written
 *                         atomically when the run is done: its presence means done), last.json
 *                         (the trained weights), and for local runs the training checkpoints
 *   D/results.jsonl       one row per finished run of the study, sorted (studyOutputs.ts)
 *   D/summary.json, D/report.html
 * A run whose result.json exists is never run again; a local run killed mid-training resumes
 * from the checkpoint in its directory.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../loop/writeFileAtomic.js';
import type { StudyPlan } from './planStudy.js';
import type { StudyResultRow, StudyRunOutput } from './studyResult.js';

export function runDir(out: string, hash: string): string {
  return join(out, 'runs', hash);
}

export function resultFile(out: string, hash: string): string {
  return join(runDir(out, hash), 'result.json');
}

/** The row of a finished run, or null. */
export function readResult(out: string, hash: string): StudyResultRow | null {
  const f = resultFile(out, hash);
  if (!existsSync(f)) return null;
  return JSON.parse(readFileSync(f, 'utf8')) as StudyResultRow;
}

/** Stores a finished run: its trained weights first, then result.json (atomic: the mark of done). */
export function writeRunOutput(out: string, hash: string, output: StudyRunOutput): void {
  const dir = runDir(out, hash);
  mkdirSync(dir, { recursive: true });
  if (output.trained !== null) writeFileAtomic(join(dir, 'last.json'), output.trained);
  writeFileAtomic(resultFile(out, hash), `${JSON.stringify(output.row)}\n`);
}

const STUDY_FORMAT = 'spikeloop-study';

export function writeStudyPlan(out: string, plan: StudyPlan): void {
  mkdirSync(out, { recursive: true });
  writeFileAtomic(join(out, 'study.json'), `${JSON.stringify({ format: STUDY_FORMAT, version: 1, plan }, null, 2)}\n`);
}

/** The plan a `study run` left in D; an Error naming the file when there is none. */
export function readStudyPlan(out: string): StudyPlan {
  const f = join(out, 'study.json');
  if (!existsSync(f)) throw new StudyDirError(`${out} holds no study (no study.json): run one with spikeloop study run <file> --out ${out}`);
  const d = JSON.parse(readFileSync(f, 'utf8')) as { format?: string; version?: number; plan?: StudyPlan };
  if (d.format !== STUDY_FORMAT || d.version !== 1 || !d.plan) throw new StudyDirError(`${f} is not a study plan of this spikeloop (format ${String(d.format)} version ${String(d.version)})`);
  return d.plan;
}

/** A study directory that cannot be used as asked (a user error). */
export class StudyDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StudyDirError';
  }
}
