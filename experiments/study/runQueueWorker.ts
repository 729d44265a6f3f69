/**
 * `spikeloop worker --queue redis://…`: takes study runs from the BullMQ queue, `concurrency`
 * at a time, each in its own worker thread (runThreadPool.ts) so CPU-bound episodes never stall
 * the main thread, which renews the job locks and reports progress. BullMQ does the rest: a
 * worker killed mid-run (kill -9) stops renewing its lock, another worker's stalled-job check
 * puts the run back and it runs again elsewhere (same hash, same result); a run that throws is
 * retried RUN_ATTEMPTS times.
 *
 * Rejected, never run anywhere (failed at once, without retries, with the reason as the job's
 * failure): a malformed payload (runPayload.ts).
 *
 * Refused and handed back: a run made by another spikeloop or Node major version
 * (runtimeIdentity.ts) — its results could differ here, but a worker of the study's versions
 * may run it. The job goes back to the queue delayed by `handBack_ms` (BullMQ's
 * `job.moveToDelayed` + `DelayedError`, which counts no attempt and fails nothing), so a worker
 * of the right version takes it, and this one does not spin on it meanwhile; the reason goes
 * into the job's progress (the coordinator shows it) and its log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import type { ExperimentCatalog } from '../catalog.js';
import { shortHash } from './runHash.js';
import { createRunThreadPool } from './runThreadPool.js';
import { MalformedRunError, parseRunPayload } from './runPayload.js';
import type { RuntimeIdentity } from './runtimeIdentity.js';
import { identityMismatch, runtimeIdentity } from './runtimeIdentity.js';
import type { RedisTarget } from './redisUrl.js';
import { probeRedis } from './redisUrl.js';
import { STUDY_QUEUE } from './studyQueue.js';
import type { StudyRunOutput } from './studyResult.js';

export type QueueWorkerEvent =
  | { readonly type: 'ready'; readonly name: string; readonly redis: string }
  | { readonly type: 'took'; readonly job: string; readonly run: string; readonly what: string }
  | { readonly type: 'finished'; readonly job: string; readonly run: string; readonly wall_s: number }
  /** A malformed payload (failed) or, with `handedBack`, a run of other versions given back to the queue. */
  | { readonly type: 'refused'; readonly job: string; readonly reason: string; readonly handedBack: boolean }
  | { readonly type: 'failed'; readonly job: string; readonly error: string }
  | { readonly type: 'redis'; readonly text: string };

export interface QueueWorkerOptions {
  readonly target: RedisTarget;
  readonly catalog: ExperimentCatalog;
  /** Runs at once (threads). @default 1 */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal: a killed worker's run goes back after about this long. @default 30 000 */
  readonly lockDuration_ms?: number;
  /** A refused run (other versions) goes back to the queue for this long before any worker may take it again. @default 5000 */
  readonly handBack_ms?: number;
  /** As whom this worker runs (tests pretend another version). @default this process */
  readonly identity?: RuntimeIdentity;
  readonly onEvent?: (e: QueueWorkerEvent) => void;
}

export interface QueueWorkerHandle {
  readonly name: string;
  /** Stops taking runs and waits for the ones in progress. */
  close(): Promise<void>;
}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  await probeRedis(o.target);
  // bullmq loads on first use: importing the experiments API does not pull in a Redis client.
  const { DelayedError, UnrecoverableError, Worker } = await import('bullmq');
  const self = o.identity ?? runtimeIdentity();
  const name = `${hostname()}:${process.pid}`;
  const lock = o.lockDuration_ms ?? 30_000;
  const emit = (e: QueueWorkerEvent) => o.onEvent?.(e);
  const threads = createRunThreadPool(o.catalog, o.concurrency ?? 1);
  const handBack = o.handBack_ms ?? 5000;
  // A refused run comes back every handBack_ms while no right worker takes it: said once per job.
  const refused = new Set<string>();
  const processor = async (job: Job, token?: string): Promise<StudyRunOutput> => {
    const id = job.id ?? '?';
    let run;
    try {
      run = parseRunPayload(job.data);
    } catch (e) {
      if (!(e instanceof MalformedRunError)) throw e;
      emit({ type: 'refused', job: id, reason: e.message, handedBack: false });
      throw new UnrecoverableError(`rejected by worker ${name}: ${e.message}`);
    }
    const mismatch = identityMismatch(self, run.spec);
    if (mismatch) {
      const reason = `refused by worker ${name}: ${mismatch}`;
      if (!refused.has(id)) {
        refused.add(id);
        emit({ type: 'refused', job: id, reason: mismatch, handedBack: true });
        await job.log(reason);
      }
      await job.updateProgress({ refused: reason, worker: name });
      await job.moveToDelayed(Date.now() + handBack, token);
      throw new DelayedError();
    }
    refused.delete(id);
    // A refusal shown as this job's progress is over: this worker runs it.
    if ((job.progress as { refused?: unknown } | null)?.refused !== undefined) await job.updateProgress({ worker: name });
    const r = run.spec;
    emit({ type: 'took', job: id, run: run.hash, what: `${r.kind} ${r.scenario} ${r.condition}${r.seed !== null ? ` seed ${r.seed}` : ''}` });
    const dir = mkdtempSync(join(tmpdir(), `spikeloop-run-${shortHash(run.hash)}-`));
    const t0 = performance.now();
    try {
      const output = await threads.run(run, {
        workDir: dir,
        onProgress: (done, total) => void job.updateProgress({ done, total, worker: name }).catch(() => {}),
      });
      emit({ type: 'finished', job: id, run: run.hash, wall_s: (performance.now() - t0) / 1000 });
      return output;
    } catch (e) {
      emit({ type: 'failed', job: id, error: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const worker = new Worker(STUDY_QUEUE, processor, {
    connection: { ...o.target.options },
    concurrency: o.concurrency ?? 1,
    lockDuration: lock,
    stalledInterval: Math.max(1000, Math.floor(lock / 2)),
    // A run whose worker died goes back to the queue; twice more is bad luck, a third time is a pattern.
    maxStalledCount: 2,
    name,
  });
  let down = false;
  worker.on('error', (e) => {
    if (down) return;
    down = true;
    emit({ type: 'redis', text: `lost Redis at ${o.target.url}: ${e.message}; waiting for it to return` });
  });
  worker.on('ready', () => {
    if (down) emit({ type: 'redis', text: `Redis at ${o.target.url} is back` });
    down = false;
  });
  await worker.waitUntilReady();
  emit({ type: 'ready', name, redis: o.target.url });
  return {
    name,
    close: async () => {
      await worker.close();
      await threads.close();
    },
  };
}
