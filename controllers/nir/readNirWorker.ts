/** Worker-thread entry of readNirBounded (readNirBounded.ts): reads one NIR file and posts the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { SpecError } from '../../loop/specIssues.js';
import { readNir } from './readNir.js';

const file = (workerData as { file: string }).file;
readNir(file).then(
  (nir) => parentPort!.postMessage({ ok: true, nir }),
  (e: unknown) =>
    parentPort!.postMessage(
      e instanceof SpecError ? { ok: false, source: e.source, issues: e.issues } : { ok: false, source: file, issues: [{ path: '', message: `cannot read the NIR file: ${e instanceof Error ? e.message : String(e)}` }] },
    ),
);
