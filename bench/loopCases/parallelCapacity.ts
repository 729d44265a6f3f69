/**
 * How many cores' worth of CPU K threads actually get right now: the same fixed pure-JS
 * workload (an integer recurrence, no memory traffic) runs in one worker thread, then in K
 * worker threads at once; capacity = K · t₁ / t_K (t = the slowest thread's own time). On an idle
 * machine with K free cores it is ≈ K; on a shared machine whose other load leaves no core spare
 * it is ≈ 1, and no pool of K threads can beat one thread. Used to read the train/eval speed-ups.
 */
import { Worker } from 'node:worker_threads';

const SPIN = `
const { parentPort, workerData } = require('node:worker_threads');
let s = 0;
const t0 = performance.now();
for (let i = 0; i < workerData; i++) s = (s + i * 7) % 1000003;
parentPort.postMessage([performance.now() - t0, s]);
`;

async function slowestThread_ms(threads: number, iterations: number): Promise<number> {
  const ws = Array.from({ length: threads }, () => new Worker(SPIN, { eval: true, workerData: iterations }));
  try {
    const times = await Promise.all(
      ws.map((w) => new Promise<number>((resolve, reject) => {
        w.once('message', (m: [number, number]) => resolve(m[0]));
        w.once('error', reject);
      })),
    );
    return Math.max(...times);
  } finally {
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/** Effective cores for `threads` threads (see the module doc); `iterations` sets the run length. */
export async function parallelCapacity(threads: number, iterations = 60_000_000): Promise<number> {
  const one = await slowestThread_ms(1, iterations);
  const many = await slowestThread_ms(threads, iterations);
  return (threads * one) / many;
}
