/**
 * Which spikeloop and Node a process is: a run records the coordinator's, and a queue worker
 * of another spikeloop version or Node major version refuses it (its results could differ) and
 * hands it back to the queue for a worker of the run's versions.
 */
import { spikeloopVersion } from '../../bridges/recording/recordingMetadata.js';

export interface RuntimeIdentity {
  readonly spikeloop: string;
  readonly node: number;
}

export function runtimeIdentity(): RuntimeIdentity {
  return { spikeloop: spikeloopVersion() ?? 'unknown', node: Number(process.versions.node.split('.')[0]) };
}

/** Why a process of identity `self` must not run a run made by `run`, or null when it may. */
export function identityMismatch(self: RuntimeIdentity, run: RuntimeIdentity): string | null {
  if (self.spikeloop === run.spikeloop && self.node === run.node) return null;
  return `this worker runs spikeloop ${self.spikeloop} on Node ${self.node}, the study was made with spikeloop ${run.spikeloop} on Node ${run.node}; results could differ, so it is handed back to the queue for a worker of spikeloop ${run.spikeloop} on Node ${run.node}`;
}
