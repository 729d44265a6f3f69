/** The BullMQ queue studies use: one queue for every study (a run's job id is its content hash). */
import type { StudyRun } from './studyRun.js';

export const STUDY_QUEUE = 'spikeloop-study-runs';

/** BullMQ job ids may not be integers nor contain ':'; `run-<sha256>` is neither. */
export function jobIdOf(run: Pick<StudyRun, 'hash'>): string {
  return `run-${run.hash}`;
}

/** Attempts of a run before it counts as failed (a worker killed mid-run returns it through stalled-job detection, counted separately). */
export const RUN_ATTEMPTS = 3;
