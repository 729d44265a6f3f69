/** The messages between runThreadPool.ts and its worker threads (runWorker.ts). */
import type { StudyRun } from './studyRun.js';
import type { StudyRunOutput } from './studyResult.js';

/** `workerData` of a study-run worker thread. */
export interface RunThreadSetup {
  /** Module exporting the experiment catalog as `catalog`. */
  readonly catalogModule: string;
  /** Plugin modules to import first (plugins.ts), so user registrations exist in the worker. */
  readonly plugins?: readonly string[];
}

export type ToRunThread = { readonly type: 'run'; readonly id: number; readonly run: StudyRun; readonly workDir: string };

export type FromRunThread =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly id: number; readonly output: StudyRunOutput }
  | { readonly type: 'failed'; readonly id: number; readonly message: string; readonly stack: string };
