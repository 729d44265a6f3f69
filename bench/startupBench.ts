/**
 * CLI start-up: wall time of `spikeloop --help` and of a 50 ms `simulate` (examples/networks/
 * poisson-lif.yaml) against a bare `node -e 0`, measured side by side (interleaved rounds,
 * median of each), as ratios. Target (issue 12): both within 3× of `node -e 0`. Commands load
 * only their own modules (launch/cli.ts), which is what keeps `--help` near Node's own start.
 */
import { spawnSync } from 'node:child_process';
import type { BenchRow, BenchSuite } from './suite.js';
import { nowSeconds } from './suite.js';

const CASES: Record<string, readonly string[]> = {
  'node -e 0': ['-e', '0'],
  'spikeloop --help': ['bin/spikeloop.js', '--help'],
  'spikeloop simulate 50 ms': ['bin/spikeloop.js', 'simulate', 'examples/networks/poisson-lif.yaml', '--duration-ms', '50'],
};

function timeOnce(args: readonly string[]): number {
  const t0 = nowSeconds();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const t = nowSeconds() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  return t;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export const startupBench: BenchSuite = {
  name: 'startup',
  description: 'CLI start-up time against a bare `node -e 0` (interleaved, median)',
  async run({ quick, log }) {
    const rounds = quick ? 3 : 15;
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
    for (const args of Object.values(CASES)) timeOnce(args); // warm the file cache
    for (let r = 0; r < rounds; r++) for (const [name, args] of Object.entries(CASES)) times[name]!.push(timeOnce(args));
    const base = median(times['node -e 0']!);
    const rows: BenchRow[] = Object.keys(CASES).map((name) => {
      const m = median(times[name]!);
      return { case: name, median_ms: m * 1000, min_ms: Math.min(...times[name]!) * 1000, ratio_to_node: m / base, rounds, target_ratio: name === 'node -e 0' ? null : 3 };
    });
    for (const r of rows) log(`${r.case}: ${(r.median_ms as number).toFixed(0)} ms (×${(r.ratio_to_node as number).toFixed(2)} of node -e 0)`);
    return rows;
  },
};
