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
import { probeRedis, RedisUnreachableError } from './redisUrl.js';
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

/** Runs last seen waiting are looked at again at least this often, even when no job count changed. */
const FULL_SCAN_MS = 10_000;

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
      let submitted = 0;
      try {
        for (const [id, run] of pending) {
          const job = await within(queue.getJob(id), 10_000);
          // A run that failed before (rejected, or out of attempts) is tried again by a new `study run`.
          if (job && (await within(job.getState(), 10_000)) === 'failed') await within(job.remove(), 10_000);
          await within(add(run), 10_000);
          submitted++;
        }
      } catch (e) {
        // Nothing runs yet that the wait below could report on: say so, with the cause, and stop.
        const why = connectionError ?? (e instanceof Error ? e.message : String(e));
        throw new RedisUnreachableError(`lost Redis at ${o.target.url} while submitting the runs (${why}): ${submitted} of ${pending.size} submitted; the same command submits the rest`);
      }
    }
    // A poll costs one call (the queue's job counts) plus one per run that is not waiting: runs
    // last seen waiting are looked at again only when the counts changed (any job moved) or
    // every FULL_SCAN_MS — so a large study's waiting runs cost no CPU, poll after poll.
    const waiting = new Set<string>();
    let lastCounts = '';
    let lastFullScan = 0;
    while (pending.size > 0 && !o.signal?.aborted) {
      try {
        const counts = JSON.stringify(await within(queue.getJobCounts(), 5000));
        const full = counts !== lastCounts || Date.now() - lastFullScan >= FULL_SCAN_MS;
        if (full) lastFullScan = Date.now();
        for (const [id, run] of [...pending]) {
          if (!full && waiting.has(id)) continue;
          // The state first, then the job: a job fetched before it completed has no return value yet.
          const state = await within(queue.getJobState(id), 5000);
          // Waiting for a worker: nothing to read yet.
          if (state === 'waiting' || state === 'prioritized') {
            waiting.add(id);
            continue;
          }
          waiting.delete(id);
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
        // Only now: a poll cut short by a lost connection scans everything next time.
        lastCounts = counts;
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
