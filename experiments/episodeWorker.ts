/**
 * Entry of an episode worker thread: loads the experiment catalog named in `workerData`, then
 * runs the episodes the pool sends, one at a time, with the same EpisodeRunner as the
 * in-process pool. Learned parameters and spikes go back as transferred buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentCatalog } from './catalog.js';
import type { EpisodeJob, EpisodeRun } from './episodeJob.js';
import { EpisodeRunner } from './episodeRunner.js';
import { importPlugins } from './plugins.js';
import type { EpisodeWorkerSetup, FromWorker, ToWorker } from './workerMessages.js';

const port = parentPort;
if (!port) throw new Error('episodeWorker.ts runs as a worker thread (see episodePool.ts)');
const setup = workerData as EpisodeWorkerSetup;
await importPlugins(setup.plugins ?? []);
const mod = (await import(setup.catalogModule)) as { catalog?: ExperimentCatalog };
if (!mod.catalog) throw new Error(`episode worker: module ${setup.catalogModule} does not export 'catalog'`);
const runner = new EpisodeRunner(mod.catalog);
const jobs = new Map<number, EpisodeJob>();

function send(m: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(m, transfer);
}

function buffersOf(run: EpisodeRun): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of Object.values(run.parameters ?? {})) out.push(a.buffer as ArrayBuffer);
  for (const p of run.spikes?.populations ?? []) out.push(p.steps.buffer as ArrayBuffer, p.neurons.buffer as ArrayBuffer);
  return out;
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'job':
      jobs.set(m.jobId, m.job);
      return;
    case 'drop':
      jobs.delete(m.jobId);
      return;
    case 'episode': {
      try {
        const job = jobs.get(m.jobId);
        if (!job) throw new Error(`episode worker: no job ${m.jobId}`);
        const run = runner.run(job, m.index);
        send({ type: 'result', jobId: m.jobId, run }, buffersOf(run));
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        send({ type: 'failed', jobId: m.jobId, index: m.index, message: err.message, stack: err.stack ?? err.message });
      }
      return;
    }
  }
});
send({ type: 'ready' });
