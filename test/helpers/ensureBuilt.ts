import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const SOURCES = ['launch', 'experiments', 'controllers', 'loop', 'scenarios', 'sim', 'bridges', 'viewer'] as const;

function newest(d: string): number {
  return Math.max(0, ...readdirSync(d, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(d, e.name)) : e.name.endsWith('.ts') ? statSync(join(d, e.name)).mtimeMs : 0)));
}

/**
 * Builds dist/ (what bin/spikeloop.js runs) when it is missing or older than the sources; returns
 * whether the CLI entry exists afterwards. tsc emits even when other files have type errors.
 */
export function ensureBuilt(): boolean {
  const entry = 'dist/launch/main.js';
  const root = statSync('index.ts').mtimeMs;
  if (existsSync(entry) && existsSync('dist/index.js') && statSync(entry).mtimeMs >= Math.max(root, ...SOURCES.map(newest))) return true;
  spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'ignore' });
  return existsSync(entry);
}
