/** What a report shows: the data `train` and `eval` hand to writeReport(). */
import type { EpisodeResult } from '../../loop/runEpisode.js';
import type { CurveRow } from '../curveCsv.js';
import type { RecordedSpikes } from '../episodeJob.js';
import type { EvalSummary } from '../evalSummary.js';
import type { ValidationPoint } from '../trainingCheckpoint.js';
import type { RecordedPath } from './trajectory.js';
import type { ParameterArrays, ParameterUnits } from './weightHistogramSpec.js';

/** One controller's evaluation: its summary and its episodes (episode k on eval seed k). */
export interface EvaluatedController {
  readonly summary: EvalSummary;
  readonly results: readonly EpisodeResult[];
}

export interface ReportInput {
  readonly kind: 'training' | 'evaluation';
  readonly scenario: string;
  /** Facts at the top (controller, seeds, command line…); the versions are added. */
  readonly facts: ReadonlyArray<readonly [string, string]>;
  /** The learning curve (training reports). */
  readonly training?: {
    readonly curve: readonly CurveRow[];
    readonly validation: readonly ValidationPoint[];
    /** Episodes of each validation (for the success intervals). @default 8 */
    readonly validationEpisodes?: number;
    /** Whether the validation ran with plasticity off. @default true */
    readonly validationFrozen?: boolean;
  };
  /** The controllers evaluated on the same held-out seeds; the first is the report's subject or the untrained one. */
  readonly evaluations: readonly EvaluatedController[];
  /** A sentence on the evaluation (which seeds, whether plasticity was on). */
  readonly evaluationNote: string;
  /** The recorded episode, or null for a controller without a spiking network. */
  readonly raster: { readonly spikes: RecordedSpikes; readonly title: string } | null;
  /** The raster episode's path seen from above, for a body reporting its position (the drones). */
  readonly trajectory?: { readonly path: RecordedPath; readonly outcome: string; readonly title: string } | null;
  /** Learned parameters after (and before, for training) — empty for a controller without any. */
  readonly weights: { readonly after: ParameterArrays; readonly before: ParameterArrays | null; readonly units?: ParameterUnits };
}
