/** Runs the CLI in-process with its output captured: `await captureCli('run', 'drone-forest-v1')`. */
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { runCli } from '../../launch/cli.js';

export interface CapturedCli {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export function captureCli(...args: string[]): Promise<CapturedCli> {
  return captureCliIn(undefined, ...args);
}

/** captureCli with `catalog` (e.g. the point-mass fixture's) instead of the default one. */
export async function captureCliIn(catalog: ExperimentCatalog | undefined, ...args: string[]): Promise<CapturedCli> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t) }, catalog);
  return { code, out, err };
}
