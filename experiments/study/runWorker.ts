/**
 * Entry of a study-run worker thread (runInThread.ts): loads the experiment catalog named in
 * `workerData`, runs the one run it was given (executeRun.ts), posts progress and the output,
 * and ends. CPU-bound episodes run here, never on the thread that talks to a queue (whose lock
 * renewals must not stall).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentCatalog } from '../catalog.js';
import { executeRun } from './executeRun.js';
import type { RunThreadSetup, FromRunThread } from './runThreadMessages.js';

const port = parentPort;
if (!port) throw new Error('runWorker.ts runs as a worker thread (see runInThread.ts)');
const setup = workerData as RunThreadSetup;
const send = (m: FromRunThread) => port.postMessage(m);
try {
  const mod = (await import(setup.catalogModule)) as { catalog?: ExperimentCatalog };
  if (!mod.catalog) throw new Error(`study run worker: module ${setup.catalogModule} does not export 'catalog'`);
  const output = await executeRun(setup.run, { catalog: mod.catalog, workDir: setup.workDir, onProgress: (done, total) => send({ type: 'progress', done, total }) });
  send({ type: 'done', output });
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  send({ type: 'failed', message: err.message, stack: err.stack ?? err.message });
}
