/** Runs the CLI in-process with its output captured: `await captureCli('run', 'drone-forest-v1')`. */
import { runCli } from '../../launch/cli.js';

export interface CapturedCli {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function captureCli(...args: string[]): Promise<CapturedCli> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}
