/**
 * `spikeloop study run <study.yaml> --out D [--workers N | --queue redis://HOST:PORT[/db]] [--json]`,
 * `spikeloop study collect D --queue …` and `spikeloop study show D`: many trainings across seeds
 * and conditions (experiments/study/). Runs go to local worker threads, one run per thread, or
 * with --queue onto a BullMQ queue that `spikeloop worker` processes on any machines take them
 * from; either way the results land in D (results.jsonl, summary.json, report.html). Finished
 * runs are skipped, so the same command continues a killed study.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { countArg } from '../argParsers.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import { CliError } from '../cliError.js';
import { withCliErrors } from '../experimentErrors.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import { planStudy } from '../../experiments/study/planStudy.js';
import type { StudyPlan } from '../../experiments/study/planStudy.js';
import { runStudyLocal } from '../../experiments/study/runStudyLocal.js';
import { runStudyQueue } from '../../experiments/study/runStudyQueue.js';
import { parseRedisUrl, RedisUnreachableError, RedisUrlError } from '../../experiments/study/redisUrl.js';
import { readStudyPlan, StudyDirError, writeStudyPlan } from '../../experiments/study/studyDir.js';
import type { StudyOutcome } from '../../experiments/study/studyEvents.js';
import { studyFiles, writeStudyOutputs } from '../../experiments/study/studyOutputs.js';
import { formatStudyTable } from '../../experiments/study/studyTable.js';
import type { StudySummary } from '../../experiments/study/studySummary.js';
import { createStudyProgress } from '../studyProgress.js';
import { existsSync, readFileSync } from 'node:fs';

export interface StudyRunCliOptions {
  readonly out: string;
  readonly workers: number;
  readonly queue?: string;
  readonly json: boolean;
}

export interface StudyEnvironment {
  readonly catalog?: ExperimentCatalog;
  readonly signal?: AbortSignal;
  readonly tty?: boolean;
}

const HELP = `
A study file names the scenarios, controllers (presets or controller files), the training budget
and seeds, the conditions (a list, or a grid of reward controls, perturbations and overrides),
the held-out evaluation (seed, episodes) and the metrics to tabulate; see examples/studies/.
Each run trains from one seed and evaluates the trained weights frozen on the study's held-out
episodes (the same for every run); each scenario's baseline is evaluated once. A run is named
by the hash of everything that determines its result (spec, seeds, controller file contents,
spikeloop and Node major version): runs already in D are skipped, so the same command resumes a
killed study, and a run killed mid-training resumes from its checkpoint.

Where runs go:
  (default)      --workers N local worker threads, one run per thread
  --queue URL    a BullMQ queue on Redis (redis://HOST:PORT[/db]); start workers with
                 'spikeloop worker --queue URL' on any machines with this spikeloop and Node
                 version; this command gathers their results into D as they finish

Output directory:
  study.json     the plan (every run, with controller files' text)
  runs/<hash>/   per run: result.json (its row), last.json (trained weights), checkpoints
  results.jsonl  one row per finished run, in the plan's order (identical for any workers)
  summary.json   per condition: mean over seeds with 95 % t-intervals, success pooled over
                 held-out episodes with Wilson 95 % intervals, reward controls beside their
                 condition, mean learning curves
  report.html    those as charts and a table

Exit status: 0 all runs done, 1 some failed (the next 'study run' tries them again), 130/143
stopped by Ctrl-C/SIGTERM (finished runs are kept).

Examples:
  $ spikeloop study run examples/studies/forest-reward.yaml --out runs/forest-study --workers 2
  $ spikeloop study run examples/studies/forest-reward.yaml --out runs/forest-study --queue redis://127.0.0.1:6379
  $ spikeloop worker --queue redis://127.0.0.1:6379 --concurrency 2      # on each machine
  $ spikeloop study show runs/forest-study`;

export function registerStudy(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  const study = program.command('study').description('run studies: many trainings across seeds and conditions, locally or on a Redis queue');
  study
    .command('run')
    .description('run a study file: train + held-out evaluation per seed and condition')
    .argument('<file>', 'study file (.yaml, .yml or .json)')
    .addOption(new Option('--out <dir>', 'study directory (required; created if missing; re-running continues it)').makeOptionMandatory())
    .addOption(new Option('--workers <N>', 'local worker threads, one run per thread (not with --queue)').argParser(countArg).default(1))
    .addOption(new Option('--queue <url>', 'put the runs on the BullMQ queue at redis://HOST:PORT[/db] for spikeloop worker processes'))
    .option('--json', 'progress as JSON lines on stdout, then the summary as one JSON object', false)
    .addHelpText('after', HELP)
    .action(async (file: string, o: StudyRunCliOptions) => {
      const code = await studyRunCommand(file, o, io, { catalog, tty: io === processIo && process.stderr.isTTY === true });
      if (code !== 0) process.exitCode = code;
    });
  study
    .command('collect')
    .description('gather the results of a study submitted to a queue into its directory (waits for runs in progress)')
    .argument('<dir>', 'study directory (written by study run --queue)')
    .addOption(new Option('--queue <url>', 'the queue the study was submitted to, redis://HOST:PORT[/db]').makeOptionMandatory())
    .option('--json', 'progress as JSON lines on stdout, then the summary as one JSON object', false)
    .action(async (dir: string, o: { queue: string; json: boolean }) => {
      const code = await studyCollectCommand(dir, o, io, { catalog, tty: io === processIo && process.stderr.isTTY === true });
      if (code !== 0) process.exitCode = code;
    });
  study
    .command('show')
    .description("print a study's table (from its summary.json)")
    .argument('<dir>', 'study directory')
    .option('--json', 'print summary.json instead', false)
    .action(async (dir: string, o: { json: boolean }) => {
      await withStudyErrors(() => {
        const f = studyFiles(dir).summary;
        if (!existsSync(f)) throw new StudyDirError(`${dir} has no summary.json: run the study first (spikeloop study run <file> --out ${dir})`);
        const text = readFileSync(f, 'utf8');
        io.out(o.json ? text : formatStudyTable(JSON.parse(text) as StudySummary));
      });
    });
}

async function withStudyErrors<T>(f: () => T | Promise<T>): Promise<T> {
  return withCliErrors(async () => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof RedisUrlError || e instanceof StudyDirError) throw new CliError(e.message, 2);
      if (e instanceof RedisUnreachableError) throw new CliError(e.message, 1);
      throw e;
    }
  });
}

/** Ctrl-C / SIGTERM stop the study (finished runs stay); resolves to the exit code. */
async function withSignals(env: StudyEnvironment, f: (signal: AbortSignal) => Promise<number>): Promise<number> {
  if (env.signal) return f(env.signal);
  const ac = new AbortController();
  let code = 130;
  const onInt = () => ac.abort();
  const onTerm = () => {
    code = 143;
    ac.abort();
  };
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  try {
    const r = await f(ac.signal);
    return ac.signal.aborted ? code : r;
  } finally {
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
  }
}

export async function studyRunCommand(file: string, o: StudyRunCliOptions, io: CliIo = processIo, env: StudyEnvironment = {}): Promise<number> {
  return withStudyErrors(async () => {
    const catalog = env.catalog ?? defaultCatalog;
    if (o.queue !== undefined && o.workers !== 1) throw new CliError('--workers is for local runs; with --queue, start as many `spikeloop worker` processes as you like', 2);
    const target = o.queue !== undefined ? parseRedisUrl(o.queue) : null;
    const plan = await planStudy(file, { catalog });
    writeStudyPlan(o.out, plan);
    return withSignals(env, async (signal) => {
      const progress = await createStudyProgress(io, { tty: env.tty ?? false, json: o.json });
      let outcome: StudyOutcome;
      try {
        outcome = target
          ? await runStudyQueue(plan, { out: o.out, target, signal, onEvent: (e) => progress.event(e) })
          : await runStudyLocal(plan, { out: o.out, workers: o.workers, catalog, signal, onEvent: (e) => progress.event(e) });
      } finally {
        progress.stop();
      }
      return finish(plan, o.out, outcome, o.json, io);
    });
  });
}

export async function studyCollectCommand(dir: string, o: { readonly queue: string; readonly json: boolean }, io: CliIo = processIo, env: StudyEnvironment = {}): Promise<number> {
  return withStudyErrors(async () => {
    const target = parseRedisUrl(o.queue);
    const plan = readStudyPlan(dir);
    return withSignals(env, async (signal) => {
      const progress = await createStudyProgress(io, { tty: env.tty ?? false, json: o.json });
      let outcome: StudyOutcome;
      try {
        outcome = await runStudyQueue(plan, { out: dir, target, submit: false, signal, onEvent: (e) => progress.event(e) });
      } finally {
        progress.stop();
      }
      return finish(plan, dir, outcome, o.json, io);
    });
  });
}

async function finish(plan: StudyPlan, out: string, outcome: StudyOutcome, json: boolean, io: CliIo): Promise<number> {
  const { files, summary } = await writeStudyOutputs(plan, out);
  if (json) io.out(`${JSON.stringify(summary)}\n`);
  else {
    io.out(formatStudyTable(summary));
    io.out(`files: ${files.results}, ${files.summary}, ${files.report}\n`);
    for (const f of outcome.failed) {
      const r = plan.runs.find((x) => x.hash === f.hash)?.spec;
      const what = r ? ` (${r.kind} ${r.scenario} ${r.condition}${r.seed !== null ? ` seed ${r.seed}` : ''})` : '';
      io.out(`failed: run ${f.hash.slice(0, 12)}${what}: ${f.error}\n`);
    }
    if (outcome.interrupted) io.out(`stopped: ${summary.runs_done}/${summary.runs} runs done; the same command continues the study\n`);
  }
  return outcome.interrupted ? 130 : outcome.failed.length > 0 ? 1 : 0;
}
