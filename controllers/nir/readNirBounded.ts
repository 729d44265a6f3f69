/**
 * readNir in a worker thread, stopped after the `readSeconds` limit (loop/limits.ts): HDF5
 * (h5wasm, WebAssembly) can loop forever on a corrupt file — 83 zeroed bytes in a 12 kB NIR
 * file were enough — and a loop inside WebAssembly cannot be interrupted on its own thread.
 * The `nir` commands read through this; the result is the same NirFile or SpecError as readNir's.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LIMIT_ENV, limit } from '../../loop/limits.js';
import { SpecError } from '../../loop/specIssues.js';
import type { SpecIssue } from '../../loop/specIssues.js';
import type { NirFile } from './nirGraph.js';

function startWorker(file: string, here: string): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./readNirWorker.js', here), { workerData: { file } });
  // From TypeScript sources (tests): register tsx's ESM hooks inside the worker first (as startEpisodeWorker does).
  const pkgFile = createRequire(here).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports['./esm/api'];
  const api = pathToFileURL(join(dirname(pkgFile), typeof entry === 'object' ? entry.import!.default! : '')).href;
  const target = new URL('./readNirWorker.ts', here).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`, { eval: true, workerData: { file } });
}

type Reply = { ok: true; nir: NirFile } | { ok: false; source: string; issues: SpecIssue[] };

export function readNirBounded(file: string, timeoutMs = limit('readSeconds') * 1000, here: string = import.meta.url): Promise<NirFile> {
  return new Promise((resolve, reject) => {
    const w = startWorker(file, here);
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void w.terminate();
      f();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new SpecError(file, [{ path: '', message: `the HDF5 reader did not finish within ${timeoutMs / 1000} s; the file is probably corrupt (raise the limit with ${LIMIT_ENV.readSeconds}=<s>)` }])),
        ),
      timeoutMs,
    );
    w.on('message', (r: Reply) => finish(() => (r.ok ? resolve(r.nir) : reject(new SpecError(r.source, r.issues)))));
    w.on('error', (e) => finish(() => reject(new SpecError(file, [{ path: '', message: `cannot read the NIR file: ${e.message}` }]))));
    w.on('exit', (code) => finish(() => reject(new SpecError(file, [{ path: '', message: `the NIR reader stopped (exit code ${code}) before reading the file` }]))));
  });
}
