/**
 * `npm run bench -- [suite…] [--json] [--quick] [--mode <name>]`: runs benchmark suites and prints figures
 * (a table per suite) or, with --json, one JSON array of row objects on stdout.
 */
import { Command } from 'commander';
import type { BenchRow, BenchSuite } from './suite.js';
import { formatTable } from './suite.js';

/** Suites load lazily so one suite's dependencies never slow another. */
const SUITES: Record<string, () => Promise<BenchSuite>> = {
  snn: async () => (await import('./snnBench.js')).snnBench,
  sim: async () => (await import('./simBench.js')).simBench,
  distal: async () => (await import('./distalRewardBench.js')).distalRewardBench,
  loop: async () => (await import('./loopBench.js')).loopBench,
  hardware: async () => (await import('./hardwareBench.js')).hardwareBench,
  bridge: async () => (await import('./bridgeBench.js')).bridgeBench,
  startup: async () => (await import('./startupBench.js')).startupBench,
  study: async () => (await import('./studyBench.js')).studyBench,
  learning: async () => (await import('./learningBench.js')).learningBench,
};

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('npm run bench --')
    .description('spikeloop benchmarks: figures in a table, or JSON with --json')
    .argument('[suites...]', `suites to run: ${Object.keys(SUITES).join(', ')} (default: all)`)
    .option('--json', 'print one JSON array of row objects on stdout (logs go to stderr)', false)
    .option('--quick', 'shorter runs (less precise figures)', false)
    .option('--mode <name>', 'another set of cases of the suite, e.g. learning --mode body-change')
    .showHelpAfterError();
  program.parse(argv, { from: 'user' });
  const names: string[] = program.args.length > 0 ? program.args : Object.keys(SUITES);
  const opts = program.opts<{ json: boolean; quick: boolean; mode?: string }>();
  for (const n of names) {
    if (!(n in SUITES)) program.error(`unknown suite '${n}'; valid suites: ${Object.keys(SUITES).join(', ')}`);
  }
  const log = (line: string) => (opts.json ? process.stderr : process.stdout).write(line + '\n');
  const all: BenchRow[] = [];
  for (const n of names) {
    const suite = await SUITES[n]!();
    if (opts.mode !== undefined && !(suite.modes ?? []).includes(opts.mode)) {
      program.error(`suite '${n}' has no mode '${opts.mode}'${suite.modes?.length ? `; its modes: ${suite.modes.join(', ')}` : ' (it has no modes)'}`);
    }
    log(`\n# ${suite.name}: ${suite.description}`);
    const rows = await suite.run({ quick: opts.quick, log, ...(opts.mode !== undefined ? { mode: opts.mode } : {}) });
    all.push(...rows.map((r) => ({ suite: suite.name, ...r })));
    if (!opts.json) log(formatTable(rows));
  }
  if (opts.json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
