/**
 * The controller files shipped with spikeloop (`controllers/files/` of the package), for
 * `spikeloop list`: a controller file is named by its path, so without a listing a user cannot
 * find e.g. the from-scratch learners. Each file is read through the validated loader, so a
 * listed file is one `--controller` accepts; one that fails is listed with its error, not hidden.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadControllerSpec } from './loadControllerSpec.js';

export interface ShippedControllerFile {
  readonly id: string;
  readonly body: string;
  /** Path relative to the current directory when inside it, else absolute. */
  readonly file: string;
  readonly summary: string;
  /** Why the file did not load (then id is the file name and body '?'). */
  readonly error?: string;
}

/** The package's root (the directory of its package.json named 'spikeloop'), from sources or dist/. */
function packageRoot(here: string): string | null {
  let dir = dirname(fileURLToPath(here));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'spikeloop') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function shippedControllerFiles(cwd: string = process.cwd(), here: string = import.meta.url): ShippedControllerFile[] {
  const root = packageRoot(here);
  const dir = root === null ? null : join(root, 'controllers', 'files');
  if (dir === null || !existsSync(dir)) return [];
  const shown = (f: string) => {
    const r = relative(cwd, f);
    return r.startsWith('..') ? f : r;
  };
  return readdirSync(dir)
    .filter((n) => /\.(ya?ml|json)$/.test(n))
    .sort()
    .map((n) => {
      const f = join(dir, n);
      try {
        const { spec } = loadControllerSpec(f);
        return { id: spec.id, body: spec.body, file: shown(f), summary: spec.summary ?? '' };
      } catch (e) {
        return { id: n, body: '?', file: shown(f), summary: '', error: (e as Error).message.split('\n')[0]! };
      }
    });
}
