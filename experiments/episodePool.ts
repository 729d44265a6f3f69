/**
 * Runs the episodes of a job on K threads and returns them in episode order.
 *
 *  - K = 1: in the calling thread (no worker start-up cost), yielding to the event loop between
 *    episodes so Ctrl-C and timers are handled;
 *  - K ≥ 2: K worker threads (startEpisodeWorker.ts), each handed the next episode when idle.
 *
 * Both use EpisodeRunner, and results are placed by episode index, never by completion order,
 * so any K gives bit-identical results for the same job. `close()` ends the workers (a pool
 * holds no handle after it).
 */
import type { Worker } from 'node:worker_threads';
import type { ExperimentCatalog } from './catalog.js';
import type { EpisodeJob, EpisodeRun } from './episodeJob.js';
import { EpisodeRunner } from './episodeRunner.js';
import { startEpisodeWorker } from './startEpisodeWorker.js';
import { loadedPlugins } from './plugins.js';
import type { FromWorker, ToWorker } from './workerMessages.js';

export interface EpisodePoolOptions {
  /** Threads (1 = in the calling thread). */
  readonly workers: number;
  readonly catalog: ExperimentCatalog;
}

export interface RunJobOptions {
  /** Aborting rejects the run with an `EpisodesAbortedError` (episodes in flight are dropped). */
  readonly signal?: AbortSignal;
  /** Called as each episode finishes (in completion order). */
  readonly onEpisode?: (run: EpisodeRun) => void;
}

export interface EpisodePool {
  readonly workers: number;
  /** Runs every episode of `job`; resolves to one run per seed, in seed order. */
  run(job: EpisodeJob, opts?: RunJobOptions): Promise<EpisodeRun[]>;
  close(): Promise<void>;
}

/** A run stopped by its abort signal. */
export class EpisodesAbortedError extends Error {
  constructor() {
    super('episodes aborted');
    this.name = 'EpisodesAbortedError';
  }
}

export async function createEpisodePool(opts: EpisodePoolOptions): Promise<EpisodePool> {
  if (!(Number.isSafeInteger(opts.workers) && opts.workers >= 1)) throw new RangeError(`workers: expected an integer ≥ 1, got ${opts.workers}`);
  return opts.workers === 1 ? new InProcessPool(opts.catalog) : await WorkerPool.start(opts.workers, opts.catalog);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

class InProcessPool implements EpisodePool {
  readonly workers = 1;
  private readonly runner: EpisodeRunner;

  constructor(catalog: ExperimentCatalog) {
    this.runner = new EpisodeRunner(catalog);
  }

  async run(job: EpisodeJob, opts: RunJobOptions = {}): Promise<EpisodeRun[]> {
    const out: EpisodeRun[] = [];
    for (let i = 0; i < job.seeds.length; i++) {
      await yieldToEventLoop();
      if (opts.signal?.aborted) throw new EpisodesAbortedError();
      const r = this.runner.run(job, i);
      out.push(r);
      opts.onEpisode?.(r);
    }
    return out;
  }

  async close(): Promise<void> {
    this.runner.close();
  }
}

interface ActiveJob {
  readonly id: number;
  readonly job: EpisodeJob;
  readonly runs: Array<EpisodeRun | undefined>;
  next: number;
  done: number;
  readonly sentTo: Set<Worker>;
  readonly opts: RunJobOptions;
  /** Removes the abort listener. */
  detach(): void;
  resolve(r: EpisodeRun[]): void;
  reject(e: Error): void;
}

class WorkerPool implements EpisodePool {
  private active: ActiveJob | null = null;
  private nextJobId = 1;
  private broken: Error | null = null;
  private closed = false;

  private constructor(private readonly threads: Worker[]) {
    for (const w of threads) {
      w.on('message', (m: FromWorker) => this.onMessage(w, m));
      w.on('error', (e) => this.fail(new Error(`episode worker failed: ${e.stack ?? e.message}`)));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`episode worker exited unexpectedly (code ${code})`));
      });
    }
  }

  get workers(): number {
    return this.threads.length;
  }

  static async start(k: number, catalog: ExperimentCatalog): Promise<WorkerPool> {
    const threads = Array.from({ length: k }, () => startEpisodeWorker({ catalogModule: catalog.moduleUrl, plugins: loadedPlugins() }));
    try {
      await Promise.all(threads.map(waitReady));
    } catch (e) {
      await Promise.all(threads.map((w) => w.terminate()));
      throw e;
    }
    return new WorkerPool(threads);
  }

  run(job: EpisodeJob, opts: RunJobOptions = {}): Promise<EpisodeRun[]> {
    if (this.closed) return Promise.reject(new Error('episode pool is closed'));
    if (this.broken) return Promise.reject(this.broken);
    if (this.active) return Promise.reject(new Error('episode pool: one job at a time'));
    if (opts.signal?.aborted) return Promise.reject(new EpisodesAbortedError());
    if (job.seeds.length === 0) return Promise.resolve([]);
    return new Promise<EpisodeRun[]>((resolve, reject) => {
      const onAbort = () => this.finish(a, new EpisodesAbortedError());
      const detach = () => opts.signal?.removeEventListener('abort', onAbort);
      const a: ActiveJob = { id: this.nextJobId++, job, runs: new Array(job.seeds.length), next: 0, done: 0, sentTo: new Set(), opts, detach, resolve, reject };
      this.active = a;
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      for (const w of this.threads) this.dispatch(w, a);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.active) this.finish(this.active, new Error('episode pool closed'));
    await Promise.all(this.threads.map((w) => w.terminate()));
  }

  private post(w: Worker, m: ToWorker): void {
    w.postMessage(m);
  }

  private dispatch(w: Worker, a: ActiveJob): void {
    if (a.next >= a.job.seeds.length) return;
    if (!a.sentTo.has(w)) {
      this.post(w, { type: 'job', jobId: a.id, job: a.job });
      a.sentTo.add(w);
    }
    this.post(w, { type: 'episode', jobId: a.id, index: a.next++ });
  }

  private onMessage(w: Worker, m: FromWorker): void {
    const a = this.active;
    if (m.type === 'ready' || !a || m.jobId !== a.id) return; // stale: from an aborted job
    if (m.type === 'failed') {
      this.finish(a, new Error(`episode ${m.index} (seed ${a.job.seeds[m.index]}) failed in a worker: ${m.stack}`));
      return;
    }
    a.runs[m.run.index] = m.run;
    a.done++;
    a.opts.onEpisode?.(m.run);
    if (a.done === a.job.seeds.length) this.finish(a, null);
    else this.dispatch(w, a);
  }

  private finish(a: ActiveJob, err: Error | null): void {
    if (this.active !== a) return;
    this.active = null;
    a.detach();
    for (const w of a.sentTo) this.post(w, { type: 'drop', jobId: a.id });
    if (err) a.reject(err);
    else a.resolve(a.runs as EpisodeRun[]);
  }

  private fail(e: Error): void {
    this.broken ??= e;
    if (this.active) this.finish(this.active, e);
  }
}

function waitReady(w: Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMessage = (m: FromWorker) => {
      if (m.type !== 'ready') return;
      cleanup();
      resolve();
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new Error(`episode worker did not start: ${e.stack ?? e.message}`));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`episode worker exited during start-up (code ${code})`));
    };
    const cleanup = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}
