/**
 * Episode jobs: the unit of work that runs in-process or in a worker thread. A job is plain,
 * structured-cloneable data — a scenario id, a controller snapshot (the saved-controller JSON of
 * controllerFile.ts, weights as exact base64 Float32), the episode seeds and whether the
 * controller learns — so the same job gives bit-identical results wherever it runs. Every
 * episode of a job starts from the snapshot's weights: episodes never see each other's learning.
 */
import type { HardwareSpec } from '../controllers/hardware/hardwareSpec.js';
import type { EpisodeNeuroMetrics } from '../controllers/metrics/episodeNeuroMetrics.js';
import type { SavedController } from '../controllers/presets/controllerFile.js';
import type { EpisodeResult } from '../loop/runEpisode.js';
import type { RecordedPath } from './report/trajectory.js';
import type { RewardControl } from './rewardControl.js';

export interface EpisodeJob {
  readonly scenarioId: string;
  readonly controller: SavedController;
  /** One episode per seed; results are indexed by position in this list. */
  readonly seeds: readonly number[];
  /** Whether rewards reach plasticity during each episode. */
  readonly learning: boolean;
  /** Return each episode's final learned parameters. @default learning */
  readonly keepParameters?: boolean;
  /** Record the controller network's spikes in every episode of the job (keep such jobs small). */
  readonly record?: SpikeRecordingRequest;
  /**
   * Run the controller on this hardware model (controllers/hardware): device weights, integer
   * state, memristor non-idealities; with `learning`, the float weights learn through it.
   */
  readonly hardware?: HardwareSpec;
  /**
   * Perturbation specs applied to the scenario's body, in order, inside the thread that runs the
   * episode (scenarios/perturbations: `['mirror-lidar', 'dead-beams:19-27']`). @default none
   */
  readonly perturb?: readonly string[];
  /** Replace the reward that reaches the controller (training controls, rewardControl.ts). @default the task's reward */
  readonly rewardControl?: RewardControl;
}

export interface SpikeRecordingRequest {
  /** Most spikes stored per population; more are counted as dropped. */
  readonly maxSpikes: number;
}

/** One population's recorded spikes: spike k is neuron `neurons[k]` at SNN step `steps[k]`. */
export interface RecordedPopulation {
  readonly name: string;
  readonly size: number;
  readonly steps: Int32Array;
  readonly neurons: Int32Array;
  readonly dropped: number;
}

export interface RecordedSpikes {
  readonly dt_ms: number;
  /** SNN steps run in the episode. */
  readonly steps: number;
  readonly populations: readonly RecordedPopulation[];
}

/** The outcome of one episode of a job. */
export interface EpisodeRun {
  /** Position of the episode's seed in `job.seeds`. */
  readonly index: number;
  readonly result: EpisodeResult;
  /** Wall time of the episode (s): the only field that differs between runs. */
  readonly wall_s: number;
  /** Final learned parameters (with `keepParameters`). */
  readonly parameters?: Readonly<Record<string, Float32Array>>;
  /** With `record`, for a spiking controller. */
  readonly spikes?: RecordedSpikes;
  /** With `record`, for a body reporting `odom_position`: its path over the ground and the obstacles (the report's top view). */
  readonly path?: RecordedPath;
  /** NeuroBench-style metrics of the episode (spiking controllers). */
  readonly neuro?: EpisodeNeuroMetrics;
}
