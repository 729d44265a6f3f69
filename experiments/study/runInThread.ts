/**
 * Runs one study run in a fresh worker thread (runWorker.ts) and resolves to its output; the
 * thread ends with the run. Started like the episode workers (startEpisodeWorker.ts): the
 * compiled `runWorker.js` next to this file, or from TypeScript sources through tsx's hooks.
 * Aborting terminates the thread (its checkpoint stays; the run resumes from it next time).
 */
import { Worker } from 'node:worker_threads';
import type { ExperimentCatalog } from '../catalog.js';
import { tsxRegisterUrl } from '../startEpisodeWorker.js';
import type { FromRunThread, RunThreadSetup } from './runThreadMessages.js';
import type { StudyRun } from './studyRun.js';
import type { StudyRunOutput } from './studyResult.js';

export interface RunInThreadOptions {
  readonly catalog: ExperimentCatalog;
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

function startRunWorker(setup: RunThreadSetup, here: string = import.meta.url): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./runWorker.js', here), { workerData: setup });
  const entry = new URL('./runWorker.ts', here).href;
  const api = tsxRegisterUrl(here);
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup });
}

export function runInThread(run: StudyRun, o: RunInThreadOptions): Promise<StudyRunOutput> {
  if (o.signal?.aborted) return Promise.reject(new RunAbortedError(run.hash));
  return new Promise<StudyRunOutput>((resolve, reject) => {
    const w = startRunWorker({ catalogModule: o.catalog.moduleUrl, run, workDir: o.workDir });
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      f();
      void w.terminate();
    };
    const onAbort = () => settle(() => reject(new RunAbortedError(run.hash)));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    w.on('message', (m: FromRunThread) => {
      if (m.type === 'progress') o.onProgress?.(m.done, m.total);
      else if (m.type === 'done') settle(() => resolve(m.output));
      else settle(() => reject(new Error(m.message)));
    });
    w.on('error', (e) => settle(() => reject(new Error(`study run worker failed: ${e.stack ?? e.message}`))));
    w.on('exit', (code) => settle(() => reject(new Error(`study run worker exited unexpectedly (code ${code})`))));
  });
}
