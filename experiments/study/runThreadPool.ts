/**
 * K worker threads (runWorker.ts) that run study runs, one run per thread at a time; the
 * threads stay up between runs (loading the catalog and the engine once). Started like the
 * episode workers (startEpisodeWorker.ts): the compiled `runWorker.js` next to this file, or
 * from TypeScript sources through tsx's hooks. Aborting a run terminates its thread (a fresh
 * one replaces it; the run's checkpoint stays and it resumes from it next time); a thread that
 * dies fails its run and is replaced too.
 */
import { Worker } from 'node:worker_threads';
import type { ExperimentCatalog } from '../catalog.js';
import { tsxRegisterUrl } from '../startEpisodeWorker.js';
import type { FromRunThread, RunThreadSetup, ToRunThread } from './runThreadMessages.js';
import type { StudyRun } from './studyRun.js';
import type { StudyRunOutput } from './studyResult.js';
import { loadedPlugins } from '../plugins.js';

export interface RunOptions {
  readonly workDir: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A run stopped by its abort signal. */
export class RunAbortedError extends Error {
  constructor(hash: string) {
    super(`run ${hash} aborted`);
    this.name = 'RunAbortedError';
  }
}

export interface RunThreadPool {
  readonly size: number;
  /** Runs `run` on the next idle thread (waits for one). */
  run(run: StudyRun, o: RunOptions): Promise<StudyRunOutput>;
  close(): Promise<void>;
}

function startRunWorker(setup: RunThreadSetup, here: string = import.meta.url): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./runWorker.js', here), { workerData: setup });
  const entry = new URL('./runWorker.ts', here).href;
  const api = tsxRegisterUrl(here);
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup });
}

interface Slot {
  worker: Worker | null;
  busy: boolean;
}

export function createRunThreadPool(catalog: ExperimentCatalog, size: number): RunThreadPool {
  if (!(Number.isSafeInteger(size) && size >= 1)) throw new RangeError(`threads: expected an integer ≥ 1, got ${size}`);
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, busy: false }));
  const waiting: Array<() => void> = [];
  let nextId = 1;
  let closed = false;

  const acquire = async (): Promise<Slot> => {
    for (;;) {
      const s = slots.find((x) => !x.busy);
      if (s) {
        s.busy = true;
        return s;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const release = (s: Slot) => {
    s.busy = false;
    waiting.shift()?.();
  };
  const kill = (s: Slot) => {
    const w = s.worker;
    s.worker = null;
    if (w) void w.terminate();
  };

  return {
    size,
    async run(run, o) {
      if (closed) throw new Error('run thread pool is closed');
      if (o.signal?.aborted) throw new RunAbortedError(run.hash);
      const s = await acquire();
      try {
        s.worker ??= startRunWorker({ catalogModule: catalog.moduleUrl, plugins: loadedPlugins() });
        const w = s.worker;
        const id = nextId++;
        return await new Promise<StudyRunOutput>((resolve, reject) => {
          const cleanup = () => {
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
            o.signal?.removeEventListener('abort', onAbort);
          };
          const onMessage = (m: FromRunThread) => {
            if (m.type === 'ready' || m.id !== id) return;
            if (m.type === 'progress') return void o.onProgress?.(m.done, m.total);
            cleanup();
            if (m.type === 'done') resolve(m.output);
            else reject(new Error(m.message));
          };
          const onError = (e: Error) => {
            cleanup();
            kill(s);
            reject(new Error(`study run worker failed: ${e.stack ?? e.message}`));
          };
          const onExit = (code: number) => {
            cleanup();
            s.worker = null;
            reject(new Error(`study run worker exited unexpectedly (code ${code})`));
          };
          const onAbort = () => {
            cleanup();
            kill(s);
            reject(new RunAbortedError(run.hash));
          };
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
          o.signal?.addEventListener('abort', onAbort, { once: true });
          const m: ToRunThread = { type: 'run', id, run, workDir: o.workDir };
          w.postMessage(m);
        });
      } finally {
        release(s);
      }
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker?.terminate()));
      for (const s of slots) s.worker = null;
    },
  };
}
