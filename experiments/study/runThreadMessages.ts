/** The messages between runInThread.ts and its worker thread (runWorker.ts). */
import type { StudyRun } from './studyRun.js';
import type { StudyRunOutput } from './studyResult.js';

/** `workerData` of a study-run worker thread. */
export interface RunThreadSetup {
  /** Module exporting the experiment catalog as `catalog`. */
  readonly catalogModule: string;
  readonly run: StudyRun;
  readonly workDir: string;
}

export type FromRunThread =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly output: StudyRunOutput }
  | { readonly type: 'failed'; readonly message: string; readonly stack: string };
