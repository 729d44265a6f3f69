/**
 * Runs a study's unfinished runs on this machine: `workers` worker threads, one run per thread
 * (runThreadPool.ts), in the plan's order. Each run's directory holds its checkpoints, so a study
 * killed mid-run resumes that run from its last finished round; a finished run (result.json)
 * is skipped. A failed run is reported and the others go on.
 */
import type { ExperimentCatalog } from '../catalog.js';
import type { StudyPlan } from './planStudy.js';
import { readResult, runDir, writeRunOutput } from './studyDir.js';
import type { StudyEvent, StudyOutcome } from './studyEvents.js';
import { createRunThreadPool, RunAbortedError } from './runThreadPool.js';

export interface LocalStudyOptions {
  readonly out: string;
  readonly workers: number;
  readonly catalog: ExperimentCatalog;
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: StudyEvent) => void;
}

export async function runStudyLocal(plan: StudyPlan, o: LocalStudyOptions): Promise<StudyOutcome> {
  if (!(Number.isSafeInteger(o.workers) && o.workers >= 1)) throw new RangeError(`workers: expected an integer ≥ 1, got ${o.workers}`);
  const pending = plan.runs.filter((r) => readResult(o.out, r.hash) === null);
  const skipped = plan.runs.length - pending.length;
  o.onEvent?.({ type: 'plan', runs: plan.runs.length, done: skipped, where: `${o.workers} local worker thread${o.workers > 1 ? 's' : ''}` });
  const failed: Array<{ hash: string; error: string }> = [];
  let done = 0;
  let next = 0;
  let interrupted = false;
  const pool = createRunThreadPool(o.catalog, Math.min(o.workers, Math.max(1, pending.length)));
  const slot = async () => {
    while (next < pending.length && !o.signal?.aborted) {
      const run = pending[next++]!;
      o.onEvent?.({ type: 'start', run });
      const t0 = performance.now();
      try {
        const output = await pool.run(run, {
          workDir: runDir(o.out, run.hash),
          ...(o.signal ? { signal: o.signal } : {}),
          onProgress: (d, total) => o.onEvent?.({ type: 'progress', run, done: d, total }),
        });
        writeRunOutput(o.out, run.hash, output);
        done++;
        o.onEvent?.({ type: 'done', run, wall_s: (performance.now() - t0) / 1000 });
      } catch (e) {
        if (e instanceof RunAbortedError) {
          interrupted = true;
          return;
        }
        const error = e instanceof Error ? e.message : String(e);
        failed.push({ hash: run.hash, error });
        o.onEvent?.({ type: 'failed', run, error });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: pool.size }, slot));
  } finally {
    await pool.close();
  }
  return { runs: plan.runs.length, skipped, done, failed, interrupted: interrupted || (o.signal?.aborted ?? false) };
}
