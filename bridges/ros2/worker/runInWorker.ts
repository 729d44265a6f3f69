/**
 * Runs a function that drives a ROS node — the controller node's real-time loop — in a worker
 * thread of its own, with a proxy of `node` (transport/portRosNode.ts): the node, its DDS
 * callbacks, a viewer and logging stay on this thread, so a busy event loop here delays
 * messages, not control ticks (`--loop-thread worker`).
 *
 * The function is named by module and export (functions do not cross threads):
 * `entry.module` is a file URL, `entry.export` a function `(node, args, { signal, log }) =>
 * Promise<result>`; `args` and the result cross by structured clone. The worker starts from the
 * compiled JavaScript next to this file, or — from TypeScript sources (tests) — through the tsx
 * hooks, as the episode workers do (experiments/startEpisodeWorker.ts). Aborting `signal` aborts
 * the worker's signal with the same reason (a StopRequest stays one); the worker's log lines go
 * to `log`. An error thrown in the worker rejects with its message, class name and exit code.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { tsxRegisterUrl } from '../../../experiments/startEpisodeWorker.js';
import { hostNodeProxy } from '../transport/nodeProxyHost.js';
import type { FromWorker, ToWorker } from '../transport/nodeProxyMessages.js';
import { carryError, reviveError } from '../transport/nodeProxyMessages.js';
import type { RosNode } from '../transport/transport.js';
import type { NodeWorkerSetup } from './nodeWorker.js';

/** A function exported by a module, run in the worker with the proxied node. */
export interface WorkerEntry {
  /** File URL of the module (use `siblingModule(import.meta.url, './x')` so it works from sources and from dist). */
  readonly module: string;
  readonly export: string;
}

/** What an entry function gets besides the node and its arguments. */
export interface WorkerEntryContext {
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

export type WorkerEntryFunction<A, R> = (node: RosNode, args: A, ctx: WorkerEntryContext) => Promise<R>;

/** The URL of module `rel` (no extension) next to `here`, with `here`'s extension (.ts from sources, .js from dist). */
export function siblingModule(here: string, rel: string): string {
  const ext = here.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${rel}${ext}`, here).href;
}

export interface RunInWorkerOptions<A> {
  readonly node: RosNode;
  readonly entry: WorkerEntry;
  readonly args: A;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
}

export function runInWorker<A, R>(o: RunInWorkerOptions<A>): Promise<R> {
  const sync = new MessageChannel();
  const syncCell = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | null = null;
  const post = (m: ToWorker) => worker?.postMessage(m);
  const host = hostNodeProxy(o.node, post, sync.port1, syncCell);
  const setup: NodeWorkerSetup = { entry: o.entry, args: o.args, node: host.info, syncPort: sync.port2, syncCell };
  worker = startNodeWorker(setup, [sync.port2]);
  const w = worker;
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const onAbort = () => post({ t: 'abort', reason: carryError(o.signal!.reason) });
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      host.dispose();
      f();
      void w.terminate();
    };
    w.on('message', (m: FromWorker) => {
      if (host.handle(m)) return;
      if (m.t === 'log') o.log(m.line);
      else if (m.t === 'done') finish(() => resolve(m.result as R));
      else if (m.t === 'failed') finish(() => reject(reviveError(m.error)));
    });
    w.on('error', (e) => finish(() => reject(e)));
    w.on('exit', (code) => finish(() => reject(new Error(`the control loop's worker thread exited (code ${code}) before it finished`))));
    if (o.signal?.aborted) onAbort();
    else o.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function startNodeWorker(setup: NodeWorkerSetup, transfer: NodeWorkerSetup['syncPort'][], here: string = import.meta.url): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./nodeWorker.js', here), { workerData: setup, transferList: transfer });
  const entry = new URL('./nodeWorker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxRegisterUrl(here))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup, transferList: transfer });
}
