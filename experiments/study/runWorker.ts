/**
 * Entry of a study-run worker thread (runThreadPool.ts): loads the experiment catalog named in
 * `workerData` once, then runs the runs it is sent, one at a time (executeRun.ts), posting
 * progress and each output. CPU-bound episodes run here, never on the thread that talks to a
 * queue (whose lock renewals must not stall).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentCatalog } from '../catalog.js';
import { executeRun } from './executeRun.js';
import { importPlugins } from '../plugins.js';
import type { FromRunThread, RunThreadSetup, ToRunThread } from './runThreadMessages.js';

const port = parentPort;
if (!port) throw new Error('runWorker.ts runs as a worker thread (see runThreadPool.ts)');
const setup = workerData as RunThreadSetup;
const send = (m: FromRunThread) => port.postMessage(m);
await importPlugins(setup.plugins ?? []);
const mod = (await import(setup.catalogModule)) as { catalog?: ExperimentCatalog };
if (!mod.catalog) throw new Error(`study run worker: module ${setup.catalogModule} does not export 'catalog'`);
const catalog = mod.catalog;
port.on('message', (m: ToRunThread) => {
  void (async () => {
    try {
      const output = await executeRun(m.run, { catalog, workDir: m.workDir, onProgress: (done, total) => send({ type: 'progress', id: m.id, done, total }) });
      send({ type: 'done', id: m.id, output });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      send({ type: 'failed', id: m.id, message: err.message, stack: err.stack ?? err.message });
    }
  })();
});
send({ type: 'ready' });
