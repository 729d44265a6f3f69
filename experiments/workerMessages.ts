/** The messages between the episode pool (episodePool.ts) and its worker threads (episodeWorker.ts). */
import type { EpisodeJob, EpisodeRun } from './episodeJob.js';

/** `workerData` of an episode worker. */
export interface EpisodeWorkerSetup {
  /** Module exporting the experiment catalog as `catalog`. */
  readonly catalogModule: string;
  /** Plugin modules to import first (plugins.ts), so user registrations exist in the worker. */
  readonly plugins?: readonly string[];
}

export type ToWorker =
  /** Remember a job (its snapshot is sent once per worker, not once per episode). */
  | { readonly type: 'job'; readonly jobId: number; readonly job: EpisodeJob }
  /** Run one episode of a remembered job. */
  | { readonly type: 'episode'; readonly jobId: number; readonly index: number }
  /** Forget a finished job. */
  | { readonly type: 'drop'; readonly jobId: number };

export type FromWorker =
  /** The catalog is loaded; episodes can be sent. */
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly jobId: number; readonly run: EpisodeRun }
  /** An episode threw (a bug or bad job, not a physics blow-up: those are results). */
  | { readonly type: 'failed'; readonly jobId: number; readonly index: number; readonly message: string; readonly stack: string };
