/**
 * The host side of a node proxied into a worker thread (portRosNode.ts is the worker side,
 * nodeProxyMessages.ts the protocol): carries out, on the real node, what the proxy asks for,
 * and forwards to the worker the messages of its subscriptions, ROS time (sim time: every
 * `/clock`, in order with the messages) and parameters set at run time. `dispose()` closes what
 * it opened for the worker and stops forwarding; the node itself stays its owner's.
 */
import type { MessagePort } from 'node:worker_threads';
import type { FromWorker, ProxiedNodeInfo, SyncReply, SyncRequest, ToWorker } from './nodeProxyMessages.js';
import { carryError } from './nodeProxyMessages.js';
import type { RosNode, RosPublisher, RosSubscription } from './transport.js';

export interface NodeProxyHost {
  /** What the worker's PortRosNode is built from. */
  readonly info: ProxiedNodeInfo;
  /** Handles a data message from the worker that belongs to the node (others: false). */
  handle(m: FromWorker): boolean;
  dispose(): void;
}

export function hostNodeProxy(node: RosNode, post: (m: ToWorker) => void, syncPort: MessagePort, syncCell: Int32Array): NodeProxyHost {
  const pubs = new Map<number, RosPublisher<unknown>>();
  const subs = new Map<number, RosSubscription>();
  const stops: Array<() => void> = [];
  let disposed = false;

  const answer = (req: SyncRequest): unknown => {
    switch (req.t) {
      case 'publisher': {
        const p = node.publisher<unknown>(req.topic, req.type, req.qos);
        pubs.set(req.pub, p);
        return p.topic;
      }
      case 'subscribe': {
        const id = req.sub;
        const s = node.subscribe<unknown>(req.topic, req.type, (m) => disposed || post({ t: 'msg', sub: id, m }), req.qos);
        subs.set(id, s);
        return s.topic;
      }
      case 'declare':
        return node.declareParameter(req.name, req.defaultValue, req.descriptor);
      case 'countPublishers':
        return node.countPublishers(req.topic);
      case 'countSubscribers':
        return node.countSubscribers(req.topic);
    }
  };
  const onSync = (req: SyncRequest) => {
    let reply: SyncReply;
    try {
      reply = { ok: true, value: answer(req) };
    } catch (e) {
      reply = { ok: false, error: carryError(e) };
    }
    syncPort.postMessage(reply);
    Atomics.store(syncCell, 0, 1);
    Atomics.notify(syncCell, 0);
  };
  syncPort.on('message', onSync);

  // Sim time goes over in order with the messages; wall time the worker reads itself.
  if (node.useSimTime) stops.push(node.onTimeAdvanced(() => disposed || post({ t: 'time', ns: node.now_ns() })));

  const now_ns = node.now_ns();
  const info: ProxiedNodeInfo = {
    name: node.name,
    namespace: node.namespace,
    useSimTime: node.useSimTime,
    wallOffset_ns: now_ns - process.hrtime.bigint(),
    time_ns: now_ns,
  };

  return {
    info,
    handle(m: FromWorker): boolean {
      switch (m.t) {
        case 'publish':
          if (!disposed) pubs.get(m.pub)?.publish(m.m);
          return true;
        case 'unsub':
          subs.get(m.sub)?.close();
          subs.delete(m.sub);
          return true;
        case 'watchParams':
          stops.push(
            node.onSetParameters((changes) => {
              if (!disposed) post({ t: 'params', changes });
              return { successful: true, reason: '' };
            }),
          );
          return true;
        case 'call':
          node.callService(m.service, m.type, m.request, m.timeout_s).then(
            (value) => disposed || post({ t: 'reply', call: m.call, ok: true, value }),
            (e: unknown) => disposed || post({ t: 'reply', call: m.call, ok: false, error: carryError(e) }),
          );
          return true;
        default:
          return false;
      }
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      syncPort.off('message', onSync);
      syncPort.close();
      for (const s of stops) s();
      for (const s of subs.values()) s.close();
      subs.clear();
      pubs.clear();
    },
  };
}
