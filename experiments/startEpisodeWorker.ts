/**
 * Starts an episode worker thread from wherever this module runs:
 *  - compiled JavaScript (dist/, what the `spikeloop` command runs): `episodeWorker.js` next to
 *    this file;
 *  - TypeScript sources (tests under vitest, which transforms the parent's modules but not a
 *    worker's): a one-line bootstrap registers the `tsx` ESM hooks (dev dependency) inside the
 *    worker and then imports `episodeWorker.ts`, so the worker runs the same sources as the test.
 *    (Passing `execArgv: ['--import', 'tsx']` with the .ts entry failed on Node 20 with
 *    ERR_UNKNOWN_FILE_EXTENSION, so the hooks are registered by the bootstrap instead.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EpisodeWorkerSetup } from './workerMessages.js';

/** URL of tsx's ESM `register` API, read from tsx's package exports. */
export function tsxRegisterUrl(from: string): string {
  let pkgFile: string;
  try {
    pkgFile = createRequire(from).resolve('tsx/package.json');
  } catch {
    throw new Error('episode workers started from TypeScript sources need the dev dependency tsx (run npm install), or run the compiled CLI (npm run build)');
  }
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports['./esm/api'];
  const rel = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!rel) throw new Error(`tsx at ${dirname(pkgFile)} has no ESM export './esm/api'`);
  return pathToFileURL(join(dirname(pkgFile), rel)).href;
}

export function startEpisodeWorker(setup: EpisodeWorkerSetup, here: string = import.meta.url): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./episodeWorker.js', here), { workerData: setup });
  const entry = new URL('./episodeWorker.ts', here).href;
  const api = tsxRegisterUrl(here);
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup });
}
