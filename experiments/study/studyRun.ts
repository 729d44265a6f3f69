/**
 * One run of a study: plain data, the same whether it runs in a local worker thread or on a
 * queue worker on another machine. 'train' trains a controller from one seed and evaluates the
 * trained weights frozen on the study's held-out episodes; 'baseline' evaluates a scenario's
 * baseline controller on the same episodes (once per scenario).
 *
 * A controller file travels inside the run (its text), so a worker needs no shared disk; the
 * run's identity is the content hash of everything that determines its result (runHash.ts).
 */
import type { RewardControl } from '../rewardControl.js';

export const STUDY_RUN_FORMAT = 'spikeloop-study-run';
export const STUDY_RUN_VERSION = 1;

export interface ControllerRef {
  /** A preset id, or a file name as the study file wrote it. */
  readonly name: string;
  /** The file's text when the controller is a file (null for a preset or the scenario's default). */
  readonly file: { readonly basename: string; readonly text: string } | null;
}

export interface StudyRunSpec {
  readonly format: typeof STUDY_RUN_FORMAT;
  readonly version: typeof STUDY_RUN_VERSION;
  readonly kind: 'train' | 'baseline';
  readonly study: string;
  readonly scenario: string;
  /** Null: the scenario's default spiking preset (train) or its baseline (baseline). */
  readonly controller: ControllerRef | null;
  readonly condition: string;
  readonly control: RewardControl | null;
  readonly perturb: readonly string[];
  /** Training seed (null for a baseline run). */
  readonly seed: number | null;
  readonly training: { readonly episodes: number; readonly validate_every: number | null; readonly validate_episodes: number | null } | null;
  readonly evaluation: { readonly seed: number; readonly episodes: number };
  /** Who may run it: the same spikeloop and Node major version as the study's coordinator. */
  readonly spikeloop: string;
  readonly node: number;
}

/** A run with its identity. */
export interface StudyRun {
  readonly hash: string;
  readonly spec: StudyRunSpec;
  /** Position of its condition in the study (for the order of results.jsonl). */
  readonly conditionIndex: number;
}
