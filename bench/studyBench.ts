/**
 * Study runs locally vs through the BullMQ queue (issue 16), as a user runs them: the same study
 * with `spikeloop study run --workers 2` and with `spikeloop study run --queue` plus two
 * `spikeloop worker` processes against a private redis-server on a free loopback port — child
 * processes of the built CLI, started together (worker start-up counts against the queue).
 * Rounds are interleaved (L, Q, L, Q, …) so the machine's load weighs on both alike. Figures per
 * round: wall time and CPU time (the children's user+system, read from /proc/self/stat once
 * they are reaped, plus redis-server's); then the means, the queue's overhead per run
 * ((queue − local) / runs, wall and CPU) and the ratios, the gaps between a worker finishing a
 * run and starting its next (BullMQ's job timestamps), the load average before and after, and
 * whether every round wrote the same results.jsonl. The study: examples/studies/forest-reward-small.yaml
 * (5 runs of about 20–60 s); `--quick`: a tiny one (1 training and 1 held-out episode per run,
 * one round) that only checks the machinery. Skipped (a row saying so) without redis-server.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobIdOf, STUDY_QUEUE } from '../experiments/study/studyQueue.js';
import { PrivateRedis, redisServerInstalled } from './redisServer.js';
import type { BenchRow, BenchSuite } from './suite.js';
import { nowSeconds } from './suite.js';

/** The repository root (this file runs as dist/bench/studyBench.js or bench/studyBench.ts). */
function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'bin', 'spikeloop.js'))) {
    const up = dirname(d);
    if (up === d) throw new Error('study bench: bin/spikeloop.js not found above the bench');
    d = up;
  }
  return d;
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime+stime (and with `children`, cutime+cstime: reaped children) of a process, in seconds; null without /proc. */
function cpuSeconds(pid: number | 'self', children: boolean): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: state is field 3.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = children ? Number(f[13]) + Number(f[14]) : Number(f[11]) + Number(f[12]);
    return ticks / CLK_TCK;
  } catch {
    return null;
  }
}

function cli(root: string, args: readonly string[]): { child: ChildProcess; exited: Promise<number>; stderr: () => string } {
  const child = spawn(process.execPath, [join(root, 'bin', 'spikeloop.js'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => void (err += d.toString('utf8')));
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, exited, stderr: () => err };
}

interface Measured {
  readonly wall_s: number;
  readonly cpu_s: number | null;
  readonly results: string;
}

async function runLocal(root: string, file: string, out: string): Promise<Measured> {
  const c0 = cpuSeconds('self', true);
  const t0 = nowSeconds();
  const p = cli(root, ['study', 'run', file, '--out', out, '--workers', '2']);
  const code = await p.exited;
  const wall_s = nowSeconds() - t0;
  if (code !== 0) throw new Error(`study bench: local study exited ${code}:\n${p.stderr()}`);
  const c1 = cpuSeconds('self', true);
  return { wall_s, cpu_s: c0 !== null && c1 !== null ? c1 - c0 : null, results: readFileSync(join(out, 'results.jsonl'), 'utf8') };
}

async function runQueue(root: string, file: string, out: string, redis: PrivateRedis): Promise<Measured & { readonly redis_cpu_s: number | null; readonly gaps_ms: readonly number[] }> {
  await redis.flush();
  const rpid = redis.pid;
  const r0 = rpid !== undefined ? cpuSeconds(rpid, false) : null;
  const c0 = cpuSeconds('self', true);
  const t0 = nowSeconds();
  const workers = [0, 1].map(() => cli(root, ['worker', '--queue', redis.url]));
  const coordinator = cli(root, ['study', 'run', file, '--out', out, '--queue', redis.url]);
  const code = await coordinator.exited;
  const wall_s = nowSeconds() - t0;
  const r1 = rpid !== undefined ? cpuSeconds(rpid, false) : null;
  const gaps = code === 0 ? await pickupGaps(redis, readFileSync(join(out, 'results.jsonl'), 'utf8')) : [];
  for (const w of workers) w.child.kill('SIGTERM');
  const codes = await Promise.all(workers.map((w) => w.exited));
  if (code !== 0) throw new Error(`study bench: queue study exited ${code}:\n${coordinator.stderr()}\n${workers.map((w) => w.stderr()).join('\n')}`);
  if (codes.some((c) => c !== 0)) throw new Error(`study bench: a worker exited ${codes.join(', ')}:\n${workers.map((w) => w.stderr()).join('\n')}`);
  const c1 = cpuSeconds('self', true);
  const redis_cpu_s = r0 !== null && r1 !== null ? r1 - r0 : null;
  const cpu_s = c0 !== null && c1 !== null ? c1 - c0 + (redis_cpu_s ?? 0) : null;
  return { wall_s, cpu_s, redis_cpu_s, gaps_ms: gaps, results: readFileSync(join(out, 'results.jsonl'), 'utf8') };
}

/**
 * Per worker, the time between finishing one run and starting its next (BullMQ's finishedOn →
 * processedOn of the jobs, in ms): what the queue costs per run on the workers' side.
 */
async function pickupGaps(redis: PrivateRedis, results: string): Promise<number[]> {
  const { Queue } = await import('bullmq');
  const queue = new Queue(STUDY_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
  try {
    const ids = results.trim().split('\n').map((l) => jobIdOf({ hash: (JSON.parse(l) as { run: string }).run }));
    const jobs = (await Promise.all(ids.map((id) => queue.getJob(id)))).filter((j): j is NonNullable<typeof j> => j !== undefined && j.processedOn !== undefined && j.finishedOn !== undefined);
    const byWorker = new Map<string, Array<{ start: number; end: number }>>();
    for (const j of jobs) {
      const k = j.processedBy ?? '?';
      byWorker.set(k, [...(byWorker.get(k) ?? []), { start: j.processedOn!, end: j.finishedOn! }]);
    }
    const gaps: number[] = [];
    for (const list of byWorker.values()) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) gaps.push(list[i]!.start - list[i - 1]!.end);
    }
    return gaps;
  } finally {
    await queue.close();
  }
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export const studyBench: BenchSuite = {
  name: 'study',
  description: 'one study locally (2 worker threads) vs through the BullMQ queue (2 spikeloop worker processes, private redis-server), interleaved rounds: wall and CPU time, queue overhead per run',
  async run({ quick, log }) {
    if (!redisServerInstalled()) return [{ case: 'queue-overhead', skipped: 'redis-server is not installed (apt-get install redis-server)' }];
    const root = repoRoot();
    const dir = mkdtempSync(join(tmpdir(), 'bench-study-'));
    let file = join(root, 'examples', 'studies', 'forest-reward-small.yaml');
    if (quick) {
      file = join(dir, 'study.yaml');
      writeFileSync(file, 'study: bench-tiny\nscenarios: [drone-forest-v1]\ntraining:\n  episodes: 1\n  seeds: 2\n  validate_every: 1\n  validate_episodes: 1\nconditions:\n  - name: reward\n  - name: zero-reward\n    control: zero-reward\nevaluation:\n  seed: 0\n  episodes: 1\n  baseline: false\n');
    }
    const rounds = quick ? 1 : 3;
    const load_before = loadavg()[0]!;
    const redis = await PrivateRedis.start();
    const rows: BenchRow[] = [];
    const local: Measured[] = [];
    const queue: Array<Measured & { redis_cpu_s: number | null; gaps_ms: readonly number[] }> = [];
    try {
      for (let i = 1; i <= rounds; i++) {
        const l = await runLocal(root, file, join(dir, `local-${i}`));
        log(`round ${i}: local ${l.wall_s.toFixed(1)} s wall, ${l.cpu_s?.toFixed(1) ?? '?'} s CPU (load ${loadavg()[0]!.toFixed(1)})`);
        const q = await runQueue(root, file, join(dir, `queue-${i}`), redis);
        log(`round ${i}: queue ${q.wall_s.toFixed(1)} s wall, ${q.cpu_s?.toFixed(1) ?? '?'} s CPU (load ${loadavg()[0]!.toFixed(1)})`);
        local.push(l);
        queue.push(q);
        rows.push({ case: 'local-2-threads', round: i, wall_s: round3(l.wall_s), cpu_s: l.cpu_s !== null ? round3(l.cpu_s) : null });
        rows.push({
          case: 'queue-2-workers',
          round: i,
          wall_s: round3(q.wall_s),
          cpu_s: q.cpu_s !== null ? round3(q.cpu_s) : null,
          redis_cpu_s: q.redis_cpu_s !== null ? round3(q.redis_cpu_s) : null,
          pickup_gaps_ms: q.gaps_ms.join(' '),
        });
      }
    } finally {
      await redis.stop();
    }
    const runs = local[0]!.results.trim().split('\n').length;
    const identical = [...local, ...queue].every((m) => m.results === local[0]!.results);
    const gaps = queue.flatMap((q) => q.gaps_ms);
    const cpuKnown = [...local, ...queue].every((m) => m.cpu_s !== null);
    const lw = mean(local.map((m) => m.wall_s));
    const qw = mean(queue.map((m) => m.wall_s));
    const lc = cpuKnown ? mean(local.map((m) => m.cpu_s!)) : null;
    const qc = cpuKnown ? mean(queue.map((m) => m.cpu_s!)) : null;
    rows.push({
      case: 'queue-overhead',
      study: quick ? 'tiny (1+1 episodes per run)' : 'examples/studies/forest-reward-small.yaml',
      runs,
      rounds,
      local_wall_s: round3(lw),
      queue_wall_s: round3(qw),
      overhead_s_per_run: round3((qw - lw) / runs),
      wall_ratio: round3(qw / lw),
      local_cpu_s: lc !== null ? round3(lc) : null,
      queue_cpu_s: qc !== null ? round3(qc) : null,
      cpu_overhead_s_per_run: lc !== null && qc !== null ? round3((qc - lc) / runs) : null,
      cpu_ratio: lc !== null && qc !== null ? round3(qc / lc) : null,
      pickup_gap_ms_mean: gaps.length > 0 ? round3(mean(gaps)) : null,
      pickup_gap_ms_max: gaps.length > 0 ? Math.max(...gaps) : null,
      load_avg_1m_before: round3(load_before),
      load_avg_1m_after: round3(loadavg()[0]!),
      identical_results: identical,
    });
    rmSync(dir, { recursive: true, force: true });
    return rows;
  },
};
