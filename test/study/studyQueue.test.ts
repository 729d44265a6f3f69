/**
 * Studies through a BullMQ queue on a real Redis (a private redis-server on a free loopback
 * port, see redisServer.ts), with worker processes (queueWorkerProcess.ts): the same
 * results.jsonl as local worker threads (and `study collect` the same three output files), also after a worker is killed with kill -9 mid-run or
 * Redis goes away mid-study; a run submitted twice runs once; a worker of another spikeloop or
 * Node version refuses runs and hands them back (nothing fails, a right worker runs them); a
 * malformed job is rejected, never run. Waits are generous and only
 * catch hangs.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../helpers/pointMassCatalog.js';
import { planStudy } from '../../experiments/study/planStudy.js';
import type { StudyPlan } from '../../experiments/study/planStudy.js';
import { runStudyLocal } from '../../experiments/study/runStudyLocal.js';
import { runStudyQueue } from '../../experiments/study/runStudyQueue.js';
import { parseRedisUrl, probeRedis, RedisUnreachableError } from '../../experiments/study/redisUrl.js';
import { jobIdOf, STUDY_QUEUE } from '../../experiments/study/studyQueue.js';
import type { StudyEvent } from '../../experiments/study/studyEvents.js';
import { writeStudyOutputs } from '../../experiments/study/studyOutputs.js';
import { writeStudyPlan } from '../../experiments/study/studyDir.js';
import { studyCollectCommand } from '../../launch/commands/study.js';
import { redisServerInstalled, TestRedis } from './redisServer.js';
import { writePointMassStudy } from './pointMassStudy.js';

const HANG_MS = 900_000;
const root = mkdtempSync(join(tmpdir(), 'study-queue-'));
const installed = redisServerInstalled();

interface WorkerProc {
  readonly child: ChildProcess;
  readonly events: Array<{ type: string; run?: string; job?: string; reason?: string; handedBack?: boolean }>;
  readonly exited: Promise<void>;
}

const workers: WorkerProc[] = [];

/** A worker process; `version` / `node` make it pretend to be another spikeloop ('-': its own) / Node major version. */
function startWorker(url: string, version?: string, node?: string): WorkerProc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/study/queueWorkerProcess.ts', url, ...(version ? [version] : []), ...(node ? [node] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const events: WorkerProc['events'] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, i)) as WorkerProc['events'][number]);
      buf = buf.slice(i + 1);
    }
  });
  const w = { child, events, exited: new Promise<void>((resolve) => child.once('exit', () => resolve())) };
  workers.push(w);
  return w;
}

async function stopWorker(w: WorkerProc, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill(signal);
  await w.exited;
}

async function until(what: string, cond: () => boolean): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > HANG_MS) throw new Error(`waited too long for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Submits the plan's runs to the queue and returns at once (a `study run --queue` stopped right after submitting). */
async function submitOnly(plan: StudyPlan, out: string, url: string): Promise<void> {
  const ac = new AbortController();
  const outcome = await runStudyQueue(plan, { out, target: parseRedisUrl(url), signal: ac.signal, onEvent: (e) => e.type === 'plan' && ac.abort() });
  expect(outcome).toMatchObject({ done: 0, interrupted: true });
}

/** `spikeloop study collect <out> --queue <url>`, its output captured. */
async function collect(out: string, url: string) {
  let stdout = '';
  let err = '';
  const ac = new AbortController();
  const code = await studyCollectCommand(out, { queue: url, json: false }, { out: (t) => void (stdout += t), err: (t) => void (err += t) }, { catalog, signal: ac.signal });
  return { code, out: stdout, err };
}

async function gather(plan: StudyPlan, out: string, url: string, events: StudyEvent[] = []) {
  const outcome = await runStudyQueue(plan, { out, target: parseRedisUrl(url), poll_ms: 100, onEvent: (e) => events.push(e) });
  const { files } = await writeStudyOutputs(plan, out);
  return { outcome, jsonl: readFileSync(files.results, 'utf8'), events };
}

describe.skipIf(!installed)('study through a BullMQ queue on a private redis-server', () => {
  let redis: TestRedis;
  let plan: StudyPlan;
  let reference: string;

  beforeAll(async () => {
    redis = await TestRedis.start();
    plan = await planStudy(writePointMassStudy(root), { catalog });
    const out = join(root, 'local');
    expect((await runStudyLocal(plan, { out, workers: 2, catalog })).failed).toEqual([]);
    reference = readFileSync((await writeStudyOutputs(plan, out)).files.results, 'utf8');
    expect(reference.trim().split('\n')).toHaveLength(5);
  }, HANG_MS);

  // A failed test leaves no worker behind to take the next test's runs.
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => stopWorker(w, 'SIGKILL')));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('2 worker processes give the same results.jsonl as local worker threads', async () => {
    await redis.flush();
    const ws = [startWorker(redis.url), startWorker(redis.url)];
    const r = await gather(plan, join(root, 'queue-2'), redis.url);
    expect(r.outcome.failed).toEqual([]);
    expect(r.jsonl).toBe(reference);
    // Both took runs, none ran twice.
    const took = ws.flatMap((w) => w.events.filter((e) => e.type === 'took').map((e) => e.run));
    expect(new Set(took).size).toBe(took.length);
    expect(took).toHaveLength(5);
    await Promise.all(ws.map((w) => stopWorker(w)));
  }, HANG_MS);

  it('a worker killed with kill -9 mid-run: BullMQ gives its run to another worker, with the same result', async () => {
    await redis.flush();
    const victim = startWorker(redis.url);
    const events: StudyEvent[] = [];
    const study = gather(plan, join(root, 'queue-kill'), redis.url, events);
    await until('the victim to take a run', () => victim.events.some((e) => e.type === 'took'));
    const killedRun = victim.events.find((e) => e.type === 'took')!.run!;
    await stopWorker(victim, 'SIGKILL');
    const others = [startWorker(redis.url), startWorker(redis.url)];
    const r = await study;
    expect(r.outcome.failed).toEqual([]);
    expect(r.jsonl).toBe(reference);
    expect(victim.events.some((e) => e.type === 'finished')).toBe(false);
    expect(others.some((w) => w.events.some((e) => e.type === 'finished' && e.run === killedRun))).toBe(true);
    await Promise.all(others.map((w) => stopWorker(w)));
  }, HANG_MS);

  it('a run submitted twice (two coordinators at once, then a re-run) runs once', async () => {
    await redis.flush();
    const w = startWorker(redis.url);
    const [a, b] = await Promise.all([gather(plan, join(root, 'dup-a'), redis.url), gather(plan, join(root, 'dup-b'), redis.url)]);
    expect(a.jsonl).toBe(reference);
    expect(b.jsonl).toBe(reference);
    // A third submission into a fresh directory takes the results from the queue: nothing runs.
    const c = await gather(plan, join(root, 'dup-c'), redis.url);
    expect(c.jsonl).toBe(reference);
    expect(w.events.filter((e) => e.type === 'took')).toHaveLength(5);
    await stopWorker(w);
  }, HANG_MS);

  it('workers of another spikeloop or Node version refuse the runs and hand them back: nothing fails, and a worker of the study\'s versions then runs them with the same results', async () => {
    await redis.flush();
    const otherSpikeloop = startWorker(redis.url, '0.0.0-other');
    const otherNode = startWorker(redis.url, '-', '12');
    const events: StudyEvent[] = [];
    const study = gather(plan, join(root, 'versions'), redis.url, events);
    const refusedJobs = (w: WorkerProc) => new Set(w.events.filter((e) => e.type === 'refused').map((e) => e.job));
    // Handed back every second, each run comes to each of them sooner or later.
    await until('both to refuse all 5 runs', () => refusedJobs(otherSpikeloop).size === 5 && refusedJobs(otherNode).size === 5);
    const queue = new Queue(STUDY_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const counts = await queue.getJobCounts('failed', 'completed', 'delayed', 'wait', 'active');
      expect(counts.failed).toBe(0);
      expect(counts.completed).toBe(0);
      expect(counts.delayed + counts.wait + counts.active).toBe(5);
      for (const run of plan.runs) {
        const job = (await queue.getJob(jobIdOf(run)))!;
        // No attempt burnt: BullMQ's retries are still all there for a real failure.
        expect(job.attemptsMade).toBe(0);
        const { logs } = await queue.getJobLogs(jobIdOf(run));
        expect(logs.some((l) => /^refused by worker .*: this worker runs spikeloop 0\.0\.0-other on Node \d+, the study was made with spikeloop \d\S* on Node \d+; results could differ, so it is handed back to the queue for a worker of spikeloop \d\S* on Node \d+$/.test(l))).toBe(true);
        expect(logs.some((l) => /: this worker runs spikeloop \d\S* on Node 12, the study was made with spikeloop \d\S* on Node \d+;/.test(l))).toBe(true);
      }
    } finally {
      await queue.close();
    }
    for (const w of [otherSpikeloop, otherNode]) {
      expect(w.events.filter((e) => e.type === 'took')).toHaveLength(0);
      for (const e of w.events.filter((x) => x.type === 'refused')) expect(e.handedBack).toBe(true);
    }
    // The coordinator says who refused and why, once per worker, and keeps waiting.
    await until('the coordinator to report both refusals', () => events.filter((e) => e.type === 'note' && / refused by worker /.test(e.text)).length === 2);
    expect(events.some((e) => e.type === 'failed')).toBe(false);
    // A worker of the study's versions joins (the others keep running): it takes every run once.
    const right = startWorker(redis.url);
    const r = await study;
    expect(r.outcome.failed).toEqual([]);
    expect(r.jsonl).toBe(reference);
    expect(right.events.filter((e) => e.type === 'took')).toHaveLength(5);
    for (const w of [otherSpikeloop, otherNode]) expect(w.events.filter((e) => e.type === 'took')).toHaveLength(0);
    await Promise.all([right, otherSpikeloop, otherNode].map((w) => stopWorker(w)));
  }, HANG_MS);

  it('study collect gathers a study submitted earlier into D: results.jsonl, summary.json and report.html identical to a local study run', async () => {
    await redis.flush();
    const out = join(root, 'collect');
    // `study run --queue` that submits and is stopped at once (Ctrl-C): the runs wait on the queue.
    writeStudyPlan(out, plan);
    await submitOnly(plan, out, redis.url);
    const w = startWorker(redis.url);
    const r = await collect(out, redis.url);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("study 'point-mass-small': 5/5 runs done");
    for (const f of ['results.jsonl', 'summary.json', 'report.html']) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(root, 'local', f), 'utf8'));
    expect(w.events.filter((e) => e.type === 'took')).toHaveLength(5);
    await stopWorker(w);
  }, HANG_MS);

  it('study collect of a half-submitted study gathers what finished and names each run missing from the queue (exit 1)', async () => {
    await redis.flush();
    const out = join(root, 'collect-half');
    writeStudyPlan(out, plan);
    // Only the first 3 runs reached the queue (a coordinator killed while submitting, or a Redis that lost the rest).
    await submitOnly({ ...plan, runs: plan.runs.slice(0, 3) }, out, redis.url);
    const w = startWorker(redis.url);
    // The command itself (runCli in-process reports 0 and leaves the status in process.exitCode).
    const r = await collect(out, redis.url);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain("study 'point-mass-small': 3/5 runs done");
    const missing = plan.runs.slice(3);
    const failedLines = r.out.split('\n').filter((l) => l.startsWith('failed: '));
    expect(failedLines).toHaveLength(2);
    for (const [i, run] of missing.entries()) {
      const s = run.spec;
      expect(failedLines[i]).toBe(`failed: run ${run.hash.slice(0, 12)} (${s.kind} ${s.scenario} ${s.condition}${s.seed !== null ? ` seed ${s.seed}` : ''}): not on the queue at ${redis.url} (submit it with spikeloop study run --queue)`);
    }
    // What finished is gathered, row for row as in the local study.
    const rows = readFileSync(join(out, 'results.jsonl'), 'utf8');
    const hashes = new Set(plan.runs.slice(0, 3).map((x) => x.hash));
    expect(rows).toBe(reference.split('\n').filter((l) => l !== '' && hashes.has((JSON.parse(l) as { run: string }).run)).map((l) => `${l}\n`).join(''));
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ runs: 5, runs_done: 3 });
    expect(w.events.filter((e) => e.type === 'took')).toHaveLength(3);
    await stopWorker(w);
  }, HANG_MS);

  it('a malformed job payload is rejected by the worker and reported, never run', async () => {
    await redis.flush();
    const w = startWorker(redis.url);
    const queue = new Queue(STUDY_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const good = plan.runs[0]!;
      await queue.add('bad', { hello: 'world' }, { jobId: 'run-bad-shape' });
      await queue.add('tampered', { ...good, spec: { ...good.spec, seed: 7 } }, { jobId: 'run-bad-hash' });
      await until('both jobs to fail', () => w.events.filter((e) => e.type === 'refused').length === 2);
      for (const id of ['run-bad-shape', 'run-bad-hash']) {
        const job = (await queue.getJob(id))!;
        expect(await job.getState()).toBe('failed');
        expect(job.failedReason).toMatch(/^rejected by worker .*: malformed job payload: /);
      }
      expect((await queue.getJob('run-bad-shape'))!.failedReason).toContain('payload: hash');
      expect((await queue.getJob('run-bad-hash'))!.failedReason).toContain('does not match its spec');
      expect(w.events.filter((e) => e.type === 'took')).toHaveLength(0);
      // Rejected for good (failed above), not handed back like a run of other versions.
      for (const e of w.events.filter((x) => x.type === 'refused')) expect(e.handedBack).toBe(false);
    } finally {
      await queue.close();
      await stopWorker(w);
    }
  }, HANG_MS);

  it('Redis going away mid-study is reported with its URL; the study resumes when it returns, with the same results', async () => {
    await redis.flush();
    const w = startWorker(redis.url);
    const events: StudyEvent[] = [];
    const study = gather(plan, join(root, 'redis-gone'), redis.url, events);
    await until('a first run to finish', () => events.some((e) => e.type === 'done'));
    await redis.stop();
    await until('the loss to be reported', () => events.some((e) => e.type === 'note' && e.text.startsWith(`lost Redis at ${redis.url}`)));
    await redis.start();
    const r = await study;
    expect(r.outcome.failed).toEqual([]);
    expect(r.jsonl).toBe(reference);
    expect(events.some((e) => e.type === 'note' && e.text.startsWith(`Redis at ${redis.url} is back`))).toBe(true);
    await stopWorker(w);
  }, HANG_MS);

  it('Redis that stops answering while the runs are submitted fails the study run with the URL, the cause and how many were submitted', async () => {
    await redis.flush();
    const admin = new Redis({ host: '127.0.0.1', port: redis.port });
    try {
      // Writes (BullMQ's scripts) block for 30 s; reads such as the probe's INFO still answer.
      await admin.call('CLIENT', 'PAUSE', '30000', 'WRITE');
      const err = await runStudyQueue(plan, { out: join(root, 'submit-paused'), target: parseRedisUrl(redis.url) }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RedisUnreachableError);
      expect((err as Error).message).toBe(`lost Redis at ${redis.url} while submitting the runs (no answer within 10000 ms): 0 of 5 submitted; the same command submits the rest`);
      await admin.call('CLIENT', 'UNPAUSE');
    } finally {
      admin.disconnect();
    }
  }, HANG_MS);

  it('an unreachable Redis URL fails at once, naming the URL and the cause', async () => {
    await redis.stop();
    const err = await probeRedis(parseRedisUrl(redis.url)).then(
      () => null,
      (e: unknown) => e,
    );
    await redis.start();
    expect(err).toBeInstanceOf(RedisUnreachableError);
    expect((err as Error).message).toBe(`cannot reach Redis at ${redis.url}: connect ECONNREFUSED 127.0.0.1:${redis.port}`);
  }, HANG_MS);
});

// Listed only where it applies, so a run with Redis shows no misleading skip.
if (!installed) {
  describe('study through a BullMQ queue', () => {
    it.skip('skipped: redis-server is not installed (Debian: apt-get install redis-server); the local study tests still run', () => {});
  });
}
