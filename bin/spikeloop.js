#!/usr/bin/env node
// The `spikeloop` command runs the compiled CLI (built by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'launch', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    `spikeloop: the compiled CLI is missing (${entry}).\n` +
      `Build it with:  npm run build   (npm install runs it automatically)\n`,
  );
  process.exit(1);
}
await import(pathToFileURL(entry).href);
