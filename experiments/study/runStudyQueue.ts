/**
 * Runs a study's unfinished runs through the BullMQ queue (`--queue`): each run becomes a job
 * whose id is its content hash, so submitting the same run twice (a second coordinator, a
 * re-run) adds nothing and it runs once; `spikeloop worker` processes take them. The
 * coordinator then gathers the results into D as they finish, polling the jobs' states (so it
 * needs no event stream that a lost connection could drop):
 *  - completed: the job's return value (row and trained weights) goes to D/runs/<hash>/;
 *  - failed (after BullMQ's retries, or a payload a worker rejected): reported, the study
 *    goes on; the next `study run` submits it again;
 *  - refused by a worker of other versions and handed back: reported once per reason, it
 *    waits on the queue for a worker of the study's versions;
 *  - missing (Redis lost its data, e.g. restarted without persistence): submitted again.
 * Redis going away is reported once, with the cause; the study waits and resumes when it
 * returns. With `submit: false` (`study collect`) nothing is added: runs not on the queue
 * are reported as such.
 */
import type { Job } from 'bullmq';
import type { StudyPlan } from './planStudy.js';
import type { RedisTarget } from './redisUrl.js';
import { probeRedis } from './redisUrl.js';
import { readResult, writeRunOutput } from './studyDir.js';
import type { StudyEvent, StudyOutcome } from './studyEvents.js';
import { jobIdOf, RUN_ATTEMPTS, STUDY_QUEUE } from './studyQueue.js';
import type { StudyRun } from './studyRun.js';
import type { StudyRunOutput } from './studyResult.js';

export interface QueueStudyOptions {
  readonly out: string;
  readonly target: RedisTarget;
  /** Add the runs to the queue (`study run`); false only gathers (`study collect`). @default true */
  readonly submit?: boolean;
  /** Between polls of the jobs' states. @default 500 */
  readonly poll_ms?: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: StudyEvent) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Rejects after `ms` (a command to a Redis that went away otherwise waits in the client's queue). */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}

function isOutput(v: unknown): v is StudyRunOutput {
  const o = v as StudyRunOutput | null;
  return o !== null && typeof o === 'object' && typeof o.row === 'object' && o.row !== null && typeof o.row.run === 'string';
}

/** The reason a worker refused the job and handed it back (its progress until a worker runs it), or null. */
function refusal(progress: unknown): string | null {
  const r = (progress as { refused?: unknown } | null)?.refused;
  return typeof r === 'string' ? r : null;
}

export async function runStudyQueue(plan: StudyPlan, o: QueueStudyOptions): Promise<StudyOutcome> {
  await probeRedis(o.target);
  const submit = o.submit ?? true;
  const emit = (e: StudyEvent) => o.onEvent?.(e);
  const pending = new Map(plan.runs.filter((r) => readResult(o.out, r.hash) === null).map((r) => [jobIdOf(r), r] as const));
  const skipped = plan.runs.length - pending.size;
  emit({ type: 'plan', runs: plan.runs.length, done: skipped, where: `the queue '${STUDY_QUEUE}' at ${o.target.url}` });
  // bullmq loads on first use: importing the experiments API does not pull in a Redis client.
  const { Queue } = await import('bullmq');
  const queue = new Queue(STUDY_QUEUE, { connection: { ...o.target.options } });
  // Reported by the poll below, once, with the client's own words for the cause.
  let connectionError: string | null = null;
  queue.on('error', (e: Error) => {
    connectionError = e.message;
  });
  const add = (run: StudyRun) =>
    queue.add(`${run.spec.study} ${run.spec.kind} ${run.spec.condition}${run.spec.seed !== null ? ` seed ${run.spec.seed}` : ''}`, run, {
      jobId: jobIdOf(run),
      attempts: RUN_ATTEMPTS,
      backoff: { type: 'fixed', delay: 1000 },
      removeOnComplete: false,
      removeOnFail: false,
    });
  const failed: Array<{ hash: string; error: string }> = [];
  const started = new Set<string>();
  const lastProgress = new Map<string, string>();
  const refusals = new Set<string>();
  const t0 = new Map<string, number>();
  let done = 0;
  let down: string | null = null;
  try {
    if (submit) {
      for (const [id, run] of pending) {
        const job = await within(queue.getJob(id), 10_000);
        // A run that failed before (refused, or out of attempts) is tried again by a new `study run`.
        if (job && (await job.getState()) === 'failed') await job.remove();
        await within(add(run), 10_000);
      }
    }
    while (pending.size > 0 && !o.signal?.aborted) {
      try {
        for (const [id, run] of [...pending]) {
          // The state first, then the job: a job fetched before it completed has no return value yet.
          const state = await within(queue.getJobState(id), 5000);
          const job: Job | undefined = state === 'unknown' ? undefined : await within(queue.getJob(id), 5000);
          if (!job) {
            if (!submit) {
              pending.delete(id);
              failed.push({ hash: run.hash, error: `not on the queue at ${o.target.url} (submit it with spikeloop study run --queue)` });
              emit({ type: 'failed', run, error: failed.at(-1)!.error });
            } else {
              await within(add(run), 5000);
              emit({ type: 'note', text: `run ${run.hash.slice(0, 12)} was no longer on the queue (Redis lost its data?): submitted again` });
            }
            continue;
          }
          const refusedWhy = refusal(job.progress);
          if (state === 'completed') {
            if (!isOutput(job.returnvalue) || job.returnvalue.row.run !== run.hash) {
              pending.delete(id);
              failed.push({ hash: run.hash, error: `job ${id} completed without this run's result (a worker of another program on the queue '${STUDY_QUEUE}'?)` });
              emit({ type: 'failed', run, error: failed.at(-1)!.error });
              continue;
            }
            writeRunOutput(o.out, run.hash, job.returnvalue);
            pending.delete(id);
            done++;
            // The run's own time on its worker (BullMQ's timestamps), not how long this coordinator waited.
            const wall_ms = job.finishedOn !== undefined && job.processedOn !== undefined ? job.finishedOn - job.processedOn : Date.now() - (t0.get(id) ?? Date.now());
            emit({ type: 'done', run, wall_s: wall_ms / 1000 });
          } else if (state === 'failed') {
            pending.delete(id);
            failed.push({ hash: run.hash, error: job.failedReason });
            emit({ type: 'failed', run, error: job.failedReason });
          } else if (refusedWhy !== null) {
            // A worker of other versions refused it and handed it back (runQueueWorker.ts): it waits for a right one.
            if (!refusals.has(refusedWhy)) {
              refusals.add(refusedWhy);
              emit({ type: 'note', text: `run ${run.hash.slice(0, 12)} ${refusedWhy}` });
            }
          } else if (state === 'active') {
            if (!started.has(id)) {
              started.add(id);
              t0.set(id, Date.now());
              emit({ type: 'start', run, ...(job.processedBy ? { by: job.processedBy } : {}) });
            }
            const p = job.progress as { done?: number; total?: number } | number;
            if (typeof p === 'object' && typeof p.done === 'number' && typeof p.total === 'number' && lastProgress.get(id) !== `${p.done}/${p.total}`) {
              lastProgress.set(id, `${p.done}/${p.total}`);
              emit({ type: 'progress', run, done: p.done, total: p.total });
            }
          }
        }
        connectionError = null;
        if (down !== null) {
          emit({ type: 'note', text: `Redis at ${o.target.url} is back: the study goes on` });
          down = null;
        }
      } catch (e) {
        const why = connectionError ?? (e instanceof Error ? e.message : String(e));
        if (down === null) emit({ type: 'note', text: `lost Redis at ${o.target.url} (${why}); finished runs are kept in ${o.out}; waiting for Redis to return, then the study resumes` });
        down = why;
      }
      if (pending.size > 0) await sleep(o.poll_ms ?? 500, o.signal);
    }
  } finally {
    await queue.close().catch(() => {});
  }
  return { runs: plan.runs.length, skipped, done, failed, interrupted: pending.size > 0 };
}
