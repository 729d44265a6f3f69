/**
 * Benchmark case `loop-null`: the closed loop's own cost. A body whose observe/command/advance do
 * nothing (NullBody), a controller whose act does nothing (NullController) and a task that
 * returns a constant reward (IdleTask, ended by `withTimeLimit`) run through `runEpisode`, so
 * every microsecond is the tick schedule of loop/controlTick.ts: calling the five phases, the NaN
 * scan of the observation, summing the reward terms, the status checks and the step counting.
 * The channels are a real scenario's (drone-forest-v1: the NaN scan reads its 51 observed
 * floats), at a 1 kHz control rate to compare with a simulator coupled to a controller every
 * 1 ms (issue 4 quotes Brian2 at ~170 µs per Python `network_operation` callback there).
 *
 * Figures: µs per control step without and with the profiler (the difference is the cost of
 * its six timer reads) and the real-time factor of the empty loop. The fastest of a few
 * identical runs is kept (the machine is shared). (Allocation: under `node --trace-gc`, 3 M
 * unprofiled ticks run without a scavenge; profiled ticks make ~90 B of garbage each, from
 * `performance.now()` on Node 20.)
 */
import type { ChannelSpec } from '../../loop/channels.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';
import { IdleTask } from './idleTask.js';
import { NullBody } from './nullBody.js';
import { NullController } from './nullController.js';

const RATE_HZ = 1000;

export interface NullLoopCase {
  /** Channel layout of the body and controller (e.g. a scenario body's). */
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  /** Where the layout comes from, for the row. */
  readonly layout: string;
  readonly steps: number;
  readonly repetitions: number;
}

function timedRun(c: NullLoopCase, profile: boolean): number {
  const body = new NullBody(c.sensors, c.actuators);
  const controller = new NullController(c.sensors, c.actuators);
  const limit_s = c.steps / RATE_HZ;
  const t0 = nowSeconds();
  const r = runEpisode(body, controller, () => withTimeLimit(new IdleTask(), limit_s), { seed: 1, controlRate_Hz: RATE_HZ, profile, maxSteps: c.steps + 10 });
  const wall_s = nowSeconds() - t0;
  if (r.outcome !== 'truncated' || r.steps !== c.steps) throw new Error(`loop-null: expected ${c.steps} steps ending truncated, got ${r.steps} (${r.outcome})`);
  return wall_s;
}

/** Wall seconds of the fastest of `c.repetitions` runs, after an untimed JIT warm-up. */
function fastest(c: NullLoopCase, profile: boolean): number {
  timedRun({ ...c, steps: Math.min(c.steps, 200_000) }, profile);
  let best = Infinity;
  for (let k = 0; k < c.repetitions; k++) best = Math.min(best, timedRun(c, profile));
  return best;
}

export function runNullLoop(c: NullLoopCase): BenchRow {
  const plain = fastest(c, false);
  const profiled = fastest(c, true);
  const us = (plain / c.steps) * 1e6;
  const usProfiled = (profiled / c.steps) * 1e6;
  const floats = (specs: readonly ChannelSpec[]) => specs.reduce((a, s) => a + s.size, 0);
  return {
    case: 'loop-null',
    layout: c.layout,
    observed_floats: floats(c.sensors),
    commanded_floats: floats(c.actuators),
    control_hz: RATE_HZ,
    steps: c.steps,
    repetitions: c.repetitions,
    wall_s: plain,
    realtime_factor: c.steps / RATE_HZ / plain,
    us_per_step: us,
    overhead_us_per_step: us,
    profiled_us_per_step: usProfiled,
    profiler_cost_us_per_step: usProfiled - us,
  };
}
