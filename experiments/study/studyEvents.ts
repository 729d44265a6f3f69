/** What a study reports while it runs (the CLI's progress display and --json lines). */
import type { StudyRun } from './studyRun.js';

export type StudyEvent =
  | { readonly type: 'plan'; readonly runs: number; readonly done: number; readonly where: string }
  | { readonly type: 'start'; readonly run: StudyRun; readonly by?: string }
  | { readonly type: 'progress'; readonly run: StudyRun; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly run: StudyRun; readonly wall_s: number }
  | { readonly type: 'failed'; readonly run: StudyRun; readonly error: string }
  | { readonly type: 'note'; readonly text: string };

export interface StudyOutcome {
  readonly runs: number;
  /** Runs finished before this invocation (skipped). */
  readonly skipped: number;
  readonly done: number;
  readonly failed: ReadonlyArray<{ readonly hash: string; readonly error: string }>;
  readonly interrupted: boolean;
}
