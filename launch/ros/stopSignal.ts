/**
 * The stop signal of a ROS node command: the launcher's signal when it runs the node in-process,
 * else Ctrl-C / SIGTERM of this process (handled once: the node publishes its safe command and
 * returns; a second Ctrl-C is left to Node's default and ends the process).
 */
export interface StopSignal {
  readonly signal: AbortSignal;
  /** Which process signal stopped it, if one did. */
  readonly received: () => NodeJS.Signals | null;
  dispose(): void;
}

export function stopSignal(parent?: AbortSignal): StopSignal {
  if (parent) return { signal: parent, received: () => null, dispose: () => {} };
  const ac = new AbortController();
  let got: NodeJS.Signals | null = null;
  const on = (s: NodeJS.Signals) => {
    got = s;
    ac.abort();
    dispose();
  };
  const onInt = () => on('SIGINT');
  const onTerm = () => on('SIGTERM');
  const dispose = () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return { signal: ac.signal, received: () => got, dispose };
}
