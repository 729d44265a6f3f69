/**
 * Study runs locally vs through the BullMQ queue (issue 16): the same tiny study (drone-forest-v1,
 * 1 training episode and 1 held-out episode per run, so the fixed costs show) run with one local
 * worker thread and with one queue worker (in this process, one thread) against a private
 * redis-server on a free loopback port; figures: wall time of each and the queue's overhead per
 * run ((queue − local) / runs), and whether both wrote the same results.jsonl. Skipped (a row
 * saying so) without redis-server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../experiments/defaultCatalog.js';
import { planStudy } from '../experiments/study/planStudy.js';
import { parseRedisUrl } from '../experiments/study/redisUrl.js';
import { startQueueWorker } from '../experiments/study/runQueueWorker.js';
import { runStudyLocal } from '../experiments/study/runStudyLocal.js';
import { runStudyQueue } from '../experiments/study/runStudyQueue.js';
import { writeStudyOutputs } from '../experiments/study/studyOutputs.js';
import { PrivateRedis, redisServerInstalled } from './redisServer.js';
import type { BenchRow, BenchSuite } from './suite.js';
import { nowSeconds } from './suite.js';

export const studyBench: BenchSuite = {
  name: 'study',
  description: 'a tiny study on 1 local worker thread vs 1 BullMQ queue worker (private redis-server): queue overhead per run',
  async run({ quick, log }) {
    if (!redisServerInstalled()) return [{ case: 'queue-overhead', skipped: 'redis-server is not installed (apt-get install redis-server)' }];
    const runsWanted = quick ? 2 : 6;
    const dir = mkdtempSync(join(tmpdir(), 'bench-study-'));
    const file = join(dir, 'study.yaml');
    writeFileSync(file, `study: bench\nscenarios: [drone-forest-v1]\ntraining:\n  episodes: 1\n  seeds: ${runsWanted}\n  validate_every: 1\n  validate_episodes: 1\nevaluation:\n  seed: 0\n  episodes: 1\n  baseline: false\n`);
    const redis = await PrivateRedis.start();
    try {
      const target = parseRedisUrl(redis.url);
      const plan = await planStudy(file, { catalog });
      let t0 = nowSeconds();
      await runStudyLocal(plan, { out: join(dir, 'local'), workers: 1, catalog });
      const local_s = nowSeconds() - t0;
      log(`local: ${plan.runs.length} runs in ${local_s.toFixed(2)} s`);
      const worker = await startQueueWorker({ target, catalog, concurrency: 1 });
      t0 = nowSeconds();
      await runStudyQueue(plan, { out: join(dir, 'queue'), target, poll_ms: 100 });
      const queue_s = nowSeconds() - t0;
      await worker.close();
      log(`queue: ${plan.runs.length} runs in ${queue_s.toFixed(2)} s`);
      const a = readFileSync((await writeStudyOutputs(plan, join(dir, 'local'))).files.results, 'utf8');
      const b = readFileSync((await writeStudyOutputs(plan, join(dir, 'queue'))).files.results, 'utf8');
      const row: BenchRow = {
        case: 'queue-overhead',
        runs: plan.runs.length,
        local_wall_s: local_s,
        queue_wall_s: queue_s,
        overhead_per_run_s: (queue_s - local_s) / plan.runs.length,
        overhead_pct: (100 * (queue_s - local_s)) / local_s,
        identical_results: a === b,
      };
      return [row];
    } finally {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
