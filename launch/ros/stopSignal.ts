/**
 * The stop signal of a ROS node command: the launcher's signal when it runs the node in-process,
 * else Ctrl-C / SIGTERM of this process (handled once: the node publishes its safe command and
 * returns; a second Ctrl-C is left to Node's default and ends the process).
 */
export interface StopSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function stopSignal(parent?: AbortSignal): StopSignal {
  if (parent) return { signal: parent, dispose: () => {} };
  const ac = new AbortController();
  const on = () => {
    ac.abort();
    dispose();
  };
  const onInt = on;
  const onTerm = on;
  const dispose = () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return { signal: ac.signal, dispose };
}
