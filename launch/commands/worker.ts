/**
 * `spikeloop worker --queue redis://HOST:PORT[/db] [--concurrency N]`: a study worker. Takes
 * runs that `spikeloop study run --queue` put on the BullMQ queue, N at a time, each in its own
 * worker thread, and returns their results; runs of another spikeloop or Node major version are
 * refused with the reason and handed back to the queue (for a worker of their versions), malformed
 * jobs are rejected (failed, never run). Stops on Ctrl-C or SIGTERM after the runs in
 * progress (a kill -9 is fine too: BullMQ gives its runs to other workers).
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
import { parseRedisUrl, RedisUnreachableError, RedisUrlError } from '../../experiments/study/redisUrl.js';
import type { QueueWorkerEvent } from '../../experiments/study/runQueueWorker.js';
import { startQueueWorker } from '../../experiments/study/runQueueWorker.js';
import { runtimeIdentity } from '../../experiments/study/runtimeIdentity.js';

const HELP = `
Redis: BullMQ needs Redis ≥ 6.2. On Debian or Ubuntu, 'apt-get install redis-server' (it starts
a service on 127.0.0.1:6379); or a container: 'docker run -p 6379:6379 redis:7'. For workers on
other machines, Redis must listen on an address they reach (bind, protected-mode, a password:
redis://:PASSWORD@HOST:6379).

On a cluster: one Redis, the coordinator ('spikeloop study run … --queue URL') on any node, and
N workers from a job array, e.g. Slurm:
  #SBATCH --array=1-16 --cpus-per-task=2
  spikeloop worker --queue redis://login-node:6379 --concurrency 2

Examples:
  $ spikeloop worker --queue redis://127.0.0.1:6379
  $ spikeloop worker --queue redis://10.0.0.5:6379/2 --concurrency 4`;

export function registerWorker(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  program
    .command('worker')
    .description('take study runs from a Redis queue (spikeloop study run --queue) and run them')
    .addOption(new Option('--queue <url>', 'the BullMQ queue, redis://HOST:PORT[/db] (required)').makeOptionMandatory())
    .addOption(new Option('--concurrency <N>', 'runs at once, one worker thread each (about one per core)').argParser(countArg).default(1))
    .addOption(new Option('--lock-ms <ms>', "a job's lock without renewal; a killed worker's runs go to others after about this long").argParser(countArg).default(30_000))
    .addHelpText('after', HELP)
    .action(async (o: { queue: string; concurrency: number; lockMs: number }) => {
      await workerCommand(o, io, catalog);
    });
}

function line(e: QueueWorkerEvent): string {
  switch (e.type) {
    case 'ready':
      return `worker ${e.name} (spikeloop ${runtimeIdentity().spikeloop}, Node ${runtimeIdentity().node}) waiting for runs on ${e.redis}`;
    case 'took':
      return `took ${e.what} [${e.run.slice(0, 12)}]`;
    case 'finished':
      return `finished [${e.run.slice(0, 12)}] in ${e.wall_s.toFixed(1)} s`;
    case 'refused':
      return e.handedBack ? `refused job ${e.job}, handed back to the queue: ${e.reason}` : `rejected job ${e.job}: ${e.reason}`;
    case 'failed':
      return `run failed (job ${e.job}): ${e.error}`;
    case 'redis':
      return e.text;
  }
}

export async function workerCommand(o: { readonly queue: string; readonly concurrency: number; readonly lockMs: number }, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): Promise<void> {
  await withCliErrors(async () => {
    let target;
    try {
      target = parseRedisUrl(o.queue);
    } catch (e) {
      if (e instanceof RedisUrlError) throw new CliError(e.message, 2);
      throw e;
    }
    let handle;
    try {
      handle = await startQueueWorker({ target, catalog, concurrency: o.concurrency, lockDuration_ms: o.lockMs, onEvent: (e) => io.err(`${line(e)}\n`) });
    } catch (e) {
      if (e instanceof RedisUnreachableError) throw new CliError(e.message, 1);
      throw e;
    }
    await new Promise<void>((resolve) => {
      const stop = () => {
        io.err('stopping: finishing the runs in progress (Ctrl-C again or kill to abandon them; BullMQ gives them to other workers)\n');
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        void handle.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });
}
