/**
 * Gathers a study's finished runs into D/results.jsonl (one row per run, in the plan's order:
 * scenario, its baseline, controller, condition, seed — so the same study gives the same file
 * however many workers ran it and in whatever order they finished), D/summary.json
 * (studySummary.ts) and D/report.html (studyReport.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../loop/writeFileAtomic.js';
import type { StudyPlan } from './planStudy.js';
import { readResult } from './studyDir.js';
import type { StudyResultRow } from './studyResult.js';
import type { StudySummary } from './studySummary.js';
import { summarizeStudy } from './studySummary.js';
import { writeStudyReport } from './studyReport.js';

export interface StudyFiles {
  readonly results: string;
  readonly summary: string;
  readonly report: string;
}

export function studyFiles(out: string): StudyFiles {
  return { results: join(out, 'results.jsonl'), summary: join(out, 'summary.json'), report: join(out, 'report.html') };
}

/** The rows of the plan's finished runs, in plan order. */
export function collectRows(plan: StudyPlan, out: string): StudyResultRow[] {
  return plan.runs.map((r) => readResult(out, r.hash)).filter((r): r is StudyResultRow => r !== null);
}

export async function writeStudyOutputs(plan: StudyPlan, out: string): Promise<{ readonly files: StudyFiles; readonly summary: StudySummary; readonly rows: readonly StudyResultRow[] }> {
  const files = studyFiles(out);
  mkdirSync(out, { recursive: true });
  const rows = collectRows(plan, out);
  writeFileAtomic(files.results, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const summary = summarizeStudy(plan, rows);
  writeFileAtomic(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  await writeStudyReport(files.report, plan, summary);
  return { files, summary, rows };
}
