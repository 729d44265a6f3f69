/**
 * Where the viewer's files come from: the page (`viewer/page/`, plain ES modules served as they
 * are) and three.js from the installed `three` package, three files only (the core module, the
 * chunk it imports and the orbit controls), served under `/vendor/three/…` and named in the
 * page's import map. Nothing is fetched from a CDN.
 *
 * The page directory is found by walking up from this module to the folder holding
 * `viewer/page/index.html`, so the same code works from the sources (vitest, tsx) and from the
 * compiled `dist/viewer/server/` (whose page is the source folder of the package).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** URL prefix of the vendored three.js files. */
export const VENDOR_PREFIX = '/vendor/three/';

/** The files of the `three` package the page imports, relative to the package root. */
export const THREE_FILES: readonly string[] = [
  'build/three.module.js',
  'build/three.core.js',
  'examples/jsm/controls/OrbitControls.js',
];

/** The viewer page's directory (holding index.html). */
export function pageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'viewer', 'page');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`viewer: cannot find viewer/page/index.html above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The installed `three` package's root directory. */
export function threeRoot(): string {
  // 'three' resolves (require condition) to <root>/build/three.cjs.
  return dirname(dirname(createRequire(import.meta.url).resolve('three')));
}
