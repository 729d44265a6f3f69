/**
 * Entry of the worker thread runInWorker.ts starts: builds the proxy node, imports the entry
 * module, runs its function with the proxy, and posts the result (or the error) back. Aborts
 * from the host abort the function's signal with the same reason: a StopRequest (a launch's
 * normal end) is rebuilt as one, so summaries say what stopped the node.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { StopRequest } from '../../../loop/realtimeRunner.js';
import type { FromWorker, ProxiedNodeInfo, ToWorker } from '../transport/nodeProxyMessages.js';
import { carryError } from '../transport/nodeProxyMessages.js';
import { PortRosNode } from '../transport/portRosNode.js';
import type { WorkerEntry, WorkerEntryFunction } from './runInWorker.js';

export interface NodeWorkerSetup {
  readonly entry: WorkerEntry;
  readonly args: unknown;
  readonly node: ProxiedNodeInfo;
  readonly syncPort: MessagePort;
  readonly syncCell: Int32Array;
}

const port = parentPort;
if (!port) throw new Error('nodeWorker.ts runs as a worker thread (see runInWorker.ts)');
const setup = workerData as NodeWorkerSetup;
const post = (m: FromWorker) => port.postMessage(m);
const node = new PortRosNode(setup.node, { post, syncPort: setup.syncPort, syncCell: setup.syncCell });
const stop = new AbortController();
node.onAbort = (reason) => stop.abort(reason.name === 'StopRequest' ? new StopRequest(reason.message) : reason);
const log = (line: string) => post({ t: 'log', line });
node.onRefusedParameter = (reason) => log(`a parameter set at run time was refused by the node in the worker thread (the host had accepted it): ${reason}`);
port.on('message', (m: ToWorker) => node.receive(m));

try {
  const mod = (await import(setup.entry.module)) as Record<string, unknown>;
  const f = mod[setup.entry.export];
  if (typeof f !== 'function') throw new Error(`worker entry: module ${setup.entry.module} does not export a function '${setup.entry.export}'`);
  const result = await (f as WorkerEntryFunction<unknown, unknown>)(node, setup.args, { signal: stop.signal, log });
  node.close();
  post({ t: 'done', result });
} catch (e) {
  node.close();
  post({ t: 'failed', error: carryError(e) });
}
