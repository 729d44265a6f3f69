/**
 * The controller side of the `graph-loop-*` benchmark cases (graphLoop.ts): the controller node
 * with the drone profile and a bench controller, run for `duration_s`, its runner's per-tick
 * samples collected. A worker entry too (bridges/ros2/worker/runInWorker.ts), so the same code
 * runs on the main thread or in a thread of its own.
 *
 * Per-tick samples come from the runner's running statistics read after every tick: Welford's
 * update m_n = m_{n−1} + (x − m_{n−1})/n gives back the sample x = m_{n−1} + n·(m_n − m_{n−1})
 * (error ≤ n·ulp(m), below 1e−15 s here), so the runner itself is not changed to keep samples.
 */
import type { ControllerNodeSummary } from '../../bridges/ros2/nodes/controllerNode.js';
import { runControllerNode } from '../../bridges/ros2/nodes/controllerNode.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import type { RosNode } from '../../bridges/ros2/transport/transport.js';
import type { WorkerEntryContext } from '../../bridges/ros2/worker/runInWorker.js';
import type { RunningStats } from '../../loop/runningStats.js';
import { benchController } from './benchControllers.js';

export interface GraphLoopControllerArgs {
  /** 'fixed' or a controller preset id. */
  readonly controller: string;
  readonly rate_hz: number;
  readonly duration_s: number;
  readonly spin_ms: number;
}

export interface GraphLoopControllerRun {
  readonly summary: ControllerNodeSummary;
  /** Per tick: lateness after its deadline, period since the previous tick (one fewer), compute time (s). */
  readonly lateness_s: number[];
  readonly period_s: number[];
  readonly compute_s: number[];
  /** Deadlines skipped before each tick. */
  readonly skippedBefore: number[];
  readonly safetyEvents: number;
}

/** Collects the last sample pushed into a RunningStats (see the module doc). */
class SampleTap {
  private prevMean = 0;
  private prevN = 0;
  readonly samples: number[] = [];
  constructor(private readonly stats: RunningStats) {}
  take(): void {
    const s = this.stats;
    if (s.n === this.prevN) return;
    if (s.n !== this.prevN + 1) throw new Error(`SampleTap: ${s.n - this.prevN} samples arrived between two reads; expected one per tick`);
    this.samples.push(s.n === 1 ? s.mean : this.prevMean + s.n * (s.mean - this.prevMean));
    this.prevMean = s.mean;
    this.prevN = s.n;
  }
}

export async function graphLoopControllerEntry(node: RosNode, a: GraphLoopControllerArgs, ctx: WorkerEntryContext): Promise<GraphLoopControllerRun> {
  const profile = loadProfile('drone');
  const controller = benchController(a.controller, profile, a.rate_hz);
  const taps: { lateness: SampleTap | null; period: SampleTap | null; compute: SampleTap | null } = { lateness: null, period: null, compute: null };
  const skippedBefore: number[] = [];
  let skipped = 0;
  let safetyEvents = 0;
  const summary = await runControllerNode({
    node,
    profile,
    controller,
    rate_hz: a.rate_hz,
    duration_s: a.duration_s,
    spin_ms: a.spin_ms,
    signal: ctx.signal,
    log: (l) => {
      if (l.startsWith('SAFE')) safetyEvents++;
    },
    onTick: (_body, stats) => {
      (taps.lateness ??= new SampleTap(stats.lateness_s)).take();
      (taps.period ??= new SampleTap(stats.period_s)).take();
      (taps.compute ??= new SampleTap(stats.compute_s)).take();
      skippedBefore.push(stats.skipped - skipped);
      skipped = stats.skipped;
    },
  });
  return { summary, lateness_s: taps.lateness?.samples ?? [], period_s: taps.period?.samples ?? [], compute_s: taps.compute?.samples ?? [], skippedBefore, safetyEvents };
}
