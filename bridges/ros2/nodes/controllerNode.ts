/**
 * The controller node: a controller in closed loop with a robot on ROS 2 — the real-time runner
 * (loop/realtimeRunner.ts) over RosBody, paced by the wall clock or by `/clock`
 * (`use_sim_time`), behind the safety layer:
 *  - in-loop: stale or bad inputs, non-finite actions and controller exceptions make RosBody
 *    publish the safe command in the same tick (see rosBody.ts);
 *  - out of loop: a wall-clock watchdog publishes the safe command when ticks stop coming while
 *    the inputs have gone quiet (the simulator that drives `/clock` died, or the loop stalled);
 *  - on stop (duration, abort, Ctrl-C) the safe command is the last thing published.
 * Diagnostics go to `/diagnostics` once per `diagnosticsPeriod_s` and on every safety
 * transition. Episode announcements of a simulator (episodeEvents.ts) reset the controller with
 * the episode's seed and hand a learning controller its final reward.
 *
 * A backwards jump of ROS time (`/clock` from a restarted simulator or a looping bag) is a
 * reset: the controller is reset (with the node's seed; rewards not yet handed over are
 * dropped), the inputs keep their ages on the new time base, and the control schedule restarts
 * at the new time — the first tick at once, then one per period, as when the node started; a
 * `duration_s` counts the time controlled before the jump. One log line per jump says so.
 * Without this the runner would wait for sim time to come back to its next deadline.
 *
 * The control rate can change while the node runs: the node takes the parameter `rate_hz` set at
 * run time (`ros2 param set /spikeloop_controller rate_hz 25.0`, when the parameter is declared
 * on the node) and retimes its schedule — the running one stops, the next tick is due one new
 * period after the last tick, then one per new period; the controller gets the new period as its
 * `dt`. A rate ≤ 0 or not a number is refused and the old rate kept.
 */
import type { Controller } from '../../../loop/controller.js';
import { createLoop } from '../../../loop/controlTick.js';
import type { RealtimeStats, RealtimeSummary } from '../../../loop/realtimeRunner.js';
import { createRealtimeStats, describeStop, runRealtime, summarizeRealtime } from '../../../loop/realtimeRunner.js';
import { runningMean, runningStd } from '../../../loop/runningStats.js';
import { TIME_TOLERANCE_s } from '../../../loop/timeTolerance.js';
import type { CompiledProfile } from '../mapping/compileProfile.js';
import { zeroMessage } from '../mapping/zeroMessage.js';
import { RosBody } from '../rosBody.js';
import { GuardedController } from '../safety/guardedController.js';
import type { SafetyState } from '../safety/safetyState.js';
import { createSafetyState, faultSummary, isUnsafe, NO_TICKS_FAULT, raiseFault } from '../safety/safetyState.js';
import type { RosNode } from '../transport/transport.js';
import { diagnosticsPublisher, LEVEL } from './diagnostics.js';
import type { EpisodeEnd } from './episodeEvents.js';
import { EPISODE_TOPIC, parseEpisodeEvent } from './episodeEvents.js';
import { firstClock, rosClock, watchClockJumps } from './rosClock.js';
import { topicRewardTask } from './topicReward.js';

export interface ControllerNodeOptions {
  readonly node: RosNode;
  readonly profile: CompiledProfile;
  readonly controller: Controller;
  readonly rate_hz: number;
  /** One line per safety transition and lifecycle event (stderr in the CLI). */
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Stop after this much node time (s). @default until aborted */
  readonly duration_s?: number;
  /** @default 1 */
  readonly diagnosticsPeriod_s?: number;
  /** Extra key/values for diagnostics (spike counts, firing rates, reward). */
  readonly diagnostics?: () => Record<string, string | number>;
  /** Seed of the controller reset before the first tick. @default 0 */
  readonly seed?: number;
  /** On wall time: poll the last this many ms before each deadline (loop/clock.ts). @default DEFAULT_SPIN_ms; 0 = timers only */
  readonly spin_ms?: number;
  /** Called after each tick (recording, tests). */
  readonly onTick?: (body: RosBody, stats: RealtimeStats) => void;
}

export interface ControllerNodeSummary extends RealtimeSummary {
  readonly safeCommands: number;
  readonly commands: number;
  readonly trips: number;
  /** Fault sources raised (with counts). */
  readonly faults: Readonly<Record<string, number>>;
  readonly episodes: readonly EpisodeEnd[];
  readonly rewardsReceived: number;
  /** Backwards jumps of ROS time, each handled as a reset (module doc). */
  readonly clockJumps: number;
  /** What stopped the node, in words ('duration', 'abort', or a launch's normal end: realtimeRunner.ts StopRequest). */
  readonly stoppedBy: string;
}

export async function runControllerNode(o: ControllerNodeOptions): Promise<ControllerNodeSummary> {
  const { node, profile, log } = o;
  let rate_hz = o.rate_hz;
  let period_s = 1 / rate_hz;
  const diag = diagnosticsPublisher(node, `spikeloop controller (${profile.profile.name})`);
  const stats = createRealtimeStats();
  let lastDiag_s = -1;
  const diagEvery_s = o.diagnosticsPeriod_s ?? 1;
  const values = (): Record<string, string | number> => ({
    profile: profile.profile.name,
    rate_hz,
    ticks: stats.ticks,
    overruns: stats.overruns,
    period_mean_s: runningMean(stats.period_s),
    jitter_s: runningStd(stats.period_s),
    compute_mean_s: runningMean(stats.compute_s),
    safe_commands: body.safeCommands,
    faults: faultSummary(safety) || 'none',
    ...o.diagnostics?.(),
  });
  const report = () => {
    lastDiag_s = Number(node.now_ns()) / 1e9;
    diag.publish(isUnsafe(safety) ? LEVEL.ERROR : LEVEL.OK, isUnsafe(safety) ? `safe command: ${faultSummary(safety)}` : 'controlling', values());
  };
  const safety: SafetyState = createSafetyState((line) => {
    log(line);
    if (body) report();
  });
  // Every subscription is made before RosBody creates the command publisher: a simulator in
  // lockstep starts once it sees that publisher, and must not find the node half subscribed
  // (with the loop in a worker thread, each subscription is a round trip to the main thread).
  const task = topicRewardTask(node);
  const episodes: EpisodeEnd[] = [];
  const episodeSub = node.subscribe<{ data: string }>(EPISODE_TOPIC, 'std_msgs/msg/String', (m) => {
    let e;
    try {
      e = parseEpisodeEvent(m.data);
    } catch (err) {
      log(`ignored a message on ${EPISODE_TOPIC}: ${(err as Error).message}`);
      return;
    }
    if (e.event === 'start') {
      task.take(); // rewards of the previous episode are not this one's
      body.reset(e.seed); // inputs that accumulate (event counts) start afresh
      controller.reset(e.seed);
    } else {
      episodes.push(e);
      controller.finish(loop.obs, task.take() + e.reward);
    }
  }, 'reliable');
  const body: RosBody = new RosBody(node, profile, safety, zeroMessage);
  const controller = new GuardedController(o.controller, safety);
  let loop = createLoop(body, controller, task, { controlRate_Hz: rate_hz });
  controller.reset(o.seed ?? 0);

  // The watchdog outside the loop: ticks stopped (no /clock, a stall) and the inputs went quiet.
  // Armed by the first tick: before it (waiting for /clock) nothing has been commanded yet.
  let lastTickWall_ms = Number.NaN;
  const minTimeout_s = Math.min(...profile.inputs.filter((i) => i.spec.required).map((i) => i.spec.timeout_s), 1);
  let ticksSeen = 0;
  const watchdog = setInterval(() => {
    // Read every period: they note when messages and ticks came (the callbacks and the tick do
    // not read the wall clock: performance.now() allocates), so ages are at most a period short.
    const inputAge_s = body.wallAgeOfInputs_s();
    if (stats.ticks !== ticksSeen) {
      ticksSeen = stats.ticks;
      lastTickWall_ms = performance.now();
    }
    if (Number.isNaN(lastTickWall_ms)) return;
    const idle_s = (performance.now() - lastTickWall_ms) / 1000;
    if (idle_s > 2 * period_s && idle_s > minTimeout_s && inputAge_s > minTimeout_s) {
      raiseFault(safety, NO_TICKS_FAULT, `no control tick for ${idle_s.toFixed(2)} s and no sensor data for ${inputAge_s.toFixed(2)} s (wall time)`);
      body.publishSafe();
    }
  }, Math.max(5, period_s * 1000));
  watchdog.unref?.();

  // A backwards clock jump (module doc): reset now, between ticks; the running schedule is
  // aborted and restarted at the new time by the loop below.
  let clockJumps = 0;
  let schedule: AbortController | null = null;
  /** Why the running schedule was aborted from inside (null: by the caller's signal). */
  let restart: 'clock jump' | 'rate' | null = null;
  const seed = o.seed ?? 0;
  const stopWatchingJumps = watchClockJumps(node, (from_ns, to_ns) => {
    clockJumps++;
    body.shiftReceiptTimes(Number(to_ns - from_ns) / 1e9);
    task.take(); // rewards of before the jump are not the new run's
    controller.reset(seed);
    lastDiag_s = -1; // report at the next tick
    const running = schedule !== null;
    if (running) restart = 'clock jump';
    schedule?.abort();
    log(
      `/clock jumped back from ${secondsText(from_ns)} to ${secondsText(to_ns)} s (simulator restart or looping bag): ` +
        `reset the controller (seed ${seed}), kept the inputs' ages${running ? ` and restarted the control schedule at ${secondsText(to_ns)} s` : ''}`,
    );
  });

  // `rate_hz` set at run time (module doc): applied between ticks by retiming the schedule.
  const stopWatchingParameters = node.onSetParameters((changes) => {
    const c = changes.find((x) => x.name === 'rate_hz');
    if (c === undefined) return { successful: true, reason: '' };
    const r = c.value;
    if (typeof r !== 'number' || !(Number.isFinite(r) && r > 0)) return { successful: false, reason: `out of range: 'rate_hz' must be a rate > 0 Hz, got ${JSON.stringify(r)}` };
    if (r === rate_hz) return { successful: true, reason: '' };
    const from = rate_hz;
    rate_hz = r;
    period_s = 1 / r;
    loop = { ...loop, period_s };
    if (schedule !== null && restart === null) {
      restart = 'rate';
      schedule.abort();
    }
    log(`rate_hz set to ${r} Hz (was ${from} Hz): ${schedule !== null ? 'control schedule retimed, next tick one new period after the last' : 'taken for the control schedule'}`);
    return { successful: true, reason: '' };
  });

  /** The real-time runner, restarted at the new time after each clock jump (one summary over all). */
  const clock = rosClock(node, o.spin_ms !== undefined ? { spin_ms: o.spin_ms } : {});
  // a cell, not a captured `let`: a double stored in a closure's context is boxed anew each tick
  const lastTick_s = new Float64Array([Number.NaN]);
  const runSchedule = async (): Promise<RealtimeSummary> => {
    let remaining_s = o.duration_s;
    let start_s: number | undefined;
    for (;;) {
      const run = new AbortController();
      const forward = () => run.abort();
      o.signal?.addEventListener('abort', forward, { once: true });
      if (o.signal?.aborted) run.abort();
      schedule = run;
      const deadlinesBefore = stats.ticks + stats.skipped;
      const runPeriod_s = period_s;
      const runStart_s = start_s ?? clock.now_s();
      restart = null;
      let s: RealtimeSummary;
      try {
        s = await runRealtime(loop, clock, {
          ...(remaining_s !== undefined ? { duration_s: remaining_s } : {}),
          signal: run.signal,
          stats,
          // /clock stands still while a tick computes: time the compute on the wall.
          ...(node.useSimTime ? { computeClock: () => performance.now() / 1000 } : {}),
          start_s: runStart_s,
          onTick: () => {
            lastTick_s[0] = clock.now_s();
            o.onTick?.(body, stats);
            // seconds as doubles: BigInt arithmetic allocates, once per tick here
            if (lastDiag_s < 0 || Number(node.now_ns()) / 1e9 - lastDiag_s >= diagEvery_s - TIME_TOLERANCE_s) report();
          },
        });
      } finally {
        schedule = null;
        o.signal?.removeEventListener('abort', forward);
      }
      if (s.stop !== 'abort' || o.signal?.aborted || restart === null) return s;
      // Retimed at a new rate: resume one new period after the last tick (at once if none yet).
      // Aborted by a clock jump: start again now. Either way every deadline before was run or skipped.
      const why = restart;
      start_s = why === 'rate' && !Number.isNaN(lastTick_s[0]!) && lastTick_s[0]! >= runStart_s ? lastTick_s[0]! + period_s : undefined;
      if (remaining_s !== undefined) {
        remaining_s -= why === 'rate' ? (start_s ?? clock.now_s()) - runStart_s : (stats.ticks + stats.skipped - deadlinesBefore) * runPeriod_s;
        if (remaining_s <= TIME_TOLERANCE_s) {
          stats.stop = 'duration';
          return summarizeRealtime(stats);
        }
      }
    }
  };

  let summary: RealtimeSummary;
  try {
    await callServices(o, 'start');
    await firstClock(node, o.signal);
    log(`controlling at ${rate_hz} Hz on ${node.useSimTime ? 'sim time (/clock)' : 'wall time'} with profile '${profile.profile.name}'`);
    summary = await runSchedule();
  } finally {
    stopWatchingJumps();
    stopWatchingParameters();
    clearInterval(watchdog);
    try {
      body.publishSafe();
      report();
    } catch (e) {
      log(`could not publish the safe command on stop: ${(e as Error).message}`);
    }
    try {
      await callServices(o, 'stop');
    } catch (e) {
      log(`${(e as Error).message}`);
    } finally {
      episodeSub.close();
      task.close();
      body.close();
    }
  }
  // A rate the machine cannot hold is never silent: one line with the overruns.
  if (summary.overruns > 0)
    log(
      `warning: the machine did not hold ${rate_hz} Hz: ${summary.overruns} overrun(s), ${summary.skipped} deadline(s) skipped, max lateness ${(summary.maxLateness_s * 1000).toFixed(3)} ms, compute max ${(summary.computeMax_s * 1000).toFixed(3)} ms`,
    );
  const stoppedBy = describeStop(summary.stop, o.signal);
  log(`stopped (${stoppedBy}); the safe command was published last`);
  return {
    ...summary,
    safeCommands: body.safeCommands,
    commands: body.commands,
    trips: safety.trips,
    faults: Object.fromEntries(safety.counts),
    episodes,
    rewardsReceived: task.received,
    clockJumps,
    stoppedBy,
  };
}

/** ROS time in s with ms, for log lines. */
function secondsText(t_ns: bigint): string {
  return (Number(t_ns) / 1e9).toFixed(3);
}

/** A start or stop service of the profile failed (no server, or no answer in time). */
export class ServiceCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceCallError';
  }
}

/** The profile's start (take off) or stop (land) service calls, in order; a failure names the call. */
async function callServices(o: ControllerNodeOptions, when: 'start' | 'stop'): Promise<void> {
  for (const c of o.profile.profile.services[when]) {
    if (when === 'start' && o.signal?.aborted) return;
    o.log(`${when}: calling ${c.service} (${c.type})`);
    try {
      await o.node.callService(c.service, c.type, c.request, c.timeout_s);
    } catch (e) {
      throw new ServiceCallError(`${when} service ${c.service} failed: ${(e as Error).message}`);
    }
    if (c.then_wait_s > 0) await new Promise((r) => setTimeout(r, c.then_wait_s * 1000));
  }
}
