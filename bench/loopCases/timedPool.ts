/**
 * An EpisodePool that times every job it passes to the pool it wraps, so a benchmark can tell the
 * training episodes of a `train` run (jobs that keep their learned parameters) from its
 * validation episodes, and the wall time of the jobs from the time spent inside episodes.
 */
import type { EpisodeJob, EpisodeRun } from '../../experiments/episodeJob.js';
import type { EpisodePool, RunJobOptions } from '../../experiments/episodePool.js';
import { nowSeconds } from '../suite.js';

/** Totals over the jobs of one kind. */
export interface JobTotals {
  jobs: number;
  episodes: number;
  /** Wall time of the `run` calls (s). */
  wall_s: number;
  /** Σ of the episodes' own wall times (s): thread time spent inside episodes. */
  episodeWall_s: number;
  /** Σ simulated time (s) and control steps of the episodes. */
  sim_s: number;
  steps: number;
}

const zero = (): JobTotals => ({ jobs: 0, episodes: 0, wall_s: 0, episodeWall_s: 0, sim_s: 0, steps: 0 });

export class TimedPool implements EpisodePool {
  /** Jobs whose episodes return their learned parameters: training rounds. */
  readonly training: JobTotals = zero();
  /** Every other job (validation, evaluation). */
  readonly other: JobTotals = zero();

  constructor(readonly inner: EpisodePool) {}

  get workers(): number {
    return this.inner.workers;
  }

  async run(job: EpisodeJob, opts?: RunJobOptions): Promise<EpisodeRun[]> {
    const t0 = nowSeconds();
    const runs = await this.inner.run(job, opts);
    const tot = (job.keepParameters ?? job.learning) ? this.training : this.other;
    tot.wall_s += nowSeconds() - t0;
    tot.jobs++;
    for (const r of runs) {
      tot.episodes++;
      tot.episodeWall_s += r.wall_s;
      tot.sim_s += r.result.duration_s;
      tot.steps += r.result.steps;
    }
    return runs;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
