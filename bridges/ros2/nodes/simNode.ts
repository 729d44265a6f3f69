/**
 * The simulator as a ROS 2 robot: runs a scenario's episodes and, every control period,
 * observes the body (a body wrapped with telemetry publishes its sensor topics as it is
 * observed), judges the step with the scenario's task and publishes the reward, then `/clock`,
 * then applies the command that comes back on the robot's command topic and steps the physics.
 *
 * Pacing:
 *  - `lockstep` (for use_sim_time controllers): after `/clock` it waits for the next command
 *    message, so the simulation runs as fast as the controller answers and every control step
 *    sees a fresh command — the graph reproduces the direct loop. A controller that does not
 *    answer within `commandTimeout_s` (wall) gets the step run on the zero command, logged.
 *  - otherwise real time (× `speed`): one step per control period of wall time, with the
 *    latest command (zero before the first). `speed` set at run time (`ros2 param set
 *    /spikeloop_sim speed 2.0`, when the parameter is declared on the node) applies from the
 *    next step on; a factor ≤ 0 is refused and the old one kept.
 * Sim time continues across episodes (it never jumps back); episodes are announced on
 * `spikeloop/episode` so a controller node resets with the same seed the direct loop uses.
 */
import type { Body } from '../../../loop/body.js';
import type { Channels } from '../../../loop/channels.js';
import type { Controller } from '../../../loop/controller.js';
import { beginTick, createLoop, endTick, NonFiniteObservationError } from '../../../loop/controlTick.js';
import type { Task } from '../../../loop/task.js';
import type { CompiledInput } from '../mapping/inputMapping.js';
import { compileInput } from '../mapping/inputMapping.js';
import type { RosNode } from '../transport/transport.js';
import type { EpisodeEnd } from './episodeEvents.js';
import { EPISODE_TOPIC, episodeEventText } from './episodeEvents.js';
import { simCommandInput } from './simCommands.js';
import { REWARD_TOPIC } from './topicReward.js';

export interface SimNodeOptions {
  readonly node: RosNode;
  readonly scenarioId: string;
  readonly body: Body;
  readonly createTask: (body: Body, seed: number) => Task;
  readonly controlRate_Hz: number;
  /** One episode per seed. */
  readonly seeds: readonly number[];
  /** Stop an episode after this many steps (the scenario's time limit is the task's). */
  readonly maxSteps: number;
  readonly lockstep: boolean;
  /**
   * Lockstep: wall seconds to wait for a command (the first one waits `firstCommandTimeout_s`).
   * @default 1. Real time: a command older than this is stale and the zero command applies.
   * @default 0.5
   */
  readonly commandTimeout_s?: number;
  /** @default 30 */
  readonly firstCommandTimeout_s?: number;
  /** Real-time speed factor when not in lockstep. @default 1 */
  readonly speed?: number;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Called once per control step after the physics step (viewer, tests). */
  readonly onStep?: (t_s: number) => void;
  /** Called when an episode ended (recording). */
  readonly onEpisodeEnd?: (e: EpisodeEnd) => void;
}

export interface SimNodeSummary {
  /** Episodes that ended (terminated, truncated by the time limit, or error). */
  readonly episodes: readonly EpisodeEnd[];
  /** The episode the stop cut short (not in `episodes`: neither a success nor a failure), if any. */
  readonly cut: EpisodeEnd | null;
  /** Steps run on the zero command because no valid command came in time. */
  readonly missedCommands: number;
  readonly badCommands: number;
  readonly aborted: boolean;
}

const NS_PER_S = 1_000_000_000n;
/** Wall time (ms) for endpoint matching after a controller appears (DDS discovery is per topic). */
const SETTLE_ms = 250;

export async function runSimNode(o: SimNodeOptions): Promise<SimNodeSummary> {
  const { node, body, log } = o;
  const period_ns = BigInt(Math.round(1e9 / o.controlRate_Hz));
  const period_s = 1 / o.controlRate_Hz;
  const clockPub = node.publisher<{ clock: { sec: number; nanosec: number } }>('/clock', 'rosgraph_msgs/msg/Clock', 'reliable');
  const rewardPub = node.publisher<{ data: number }>(REWARD_TOPIC, 'std_msgs/msg/Float64', 'reliable');
  const episodePub = node.publisher<{ data: string }>(EPISODE_TOPIC, 'std_msgs/msg/String', 'reliable');
  const cmdSpec = simCommandInput(body.actuators);
  const cmd: CompiledInput = compileInput(cmdSpec, `simulated robot command '${cmdSpec.topic}'`);
  // The controller is on the other side of the graph: the loop's control phase is the command
  // that arrives (applyCommand fills the loop's action), so this stand-in is never asked to act.
  const remote: Controller = {
    sensors: body.sensors,
    actuators: body.actuators,
    reset: () => {},
    act: () => {
      throw new Error('runSimNode: the remote controller acts through the ROS graph');
    },
  };
  let action: Channels | null = null;

  let latest: unknown = undefined;
  let latestWall_ms = Number.NaN;
  let arrived = 0;
  /** After a missed lockstep answer: the arrival count its late answer would raise. */
  let lateAnswerAfter = -1;
  let wake: (() => void) | null = null;
  const sub = node.subscribe<unknown>(cmdSpec.topic, cmdSpec.type, (m) => {
    latest = m;
    latestWall_ms = performance.now();
    arrived++;
    wake?.();
  }, 'reliable');

  /** Resolves true when a command arrives after `since` arrivals, false on timeout or abort. */
  const commandAfter = (since: number, timeout_s: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (arrived > since) return resolve(true);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        wake = null;
        o.signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), timeout_s * 1000);
      wake = () => finish(true);
      o.signal?.addEventListener('abort', onAbort, { once: true });
    });
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

  let t_ns = 0n;
  let missed = 0;
  let bad = 0;
  let firstCommand = true;
  const episodes: EpisodeEnd[] = [];
  let cut: EpisodeEnd | null = null;
  let wallStart = performance.now();
  let speed = o.speed ?? 1;
  let wallStep = 0;
  const stopWatchingParameters = node.onSetParameters((changes) => {
    const c = changes.find((x) => x.name === 'speed');
    if (c === undefined) return { successful: true, reason: '' };
    if (typeof c.value !== 'number' || !(Number.isFinite(c.value) && c.value > 0)) return { successful: false, reason: `out of range: 'speed' must be a factor > 0, got ${JSON.stringify(c.value)}` };
    // re-anchor the wall schedule at the step just taken, so the new factor applies from the next one
    wallStart += (wallStep * period_s * 1000) / speed;
    wallStep = 0;
    log(`speed set to ${c.value} (was ${speed})${o.lockstep ? ' (no effect in lockstep: the controller paces the simulation)' : ''}`);
    speed = c.value;
    return { successful: true, reason: '' };
  });
  const publishClock = () => clockPub.publish({ clock: { sec: Number(t_ns / NS_PER_S), nanosec: Number(t_ns % NS_PER_S) } });

  try {
    if (o.lockstep) await waitForController();
    for (let e = 0; e < o.seeds.length && !o.signal?.aborted; e++) {
      const seed = o.seeds[e]!;
      body.reset(seed);
      const task = o.createTask(body, seed);
      episodePub.publish({ data: episodeEventText({ event: 'start', scenario: o.scenarioId, episode: e, seed }) });
      // The tick's phases come from loop/controlTick.ts (sense with the NaN guard, judge; act,
      // physics): the same schedule as the direct loop, with the command from the graph between.
      const loop = createLoop(body, remote, task, { controlRate_Hz: o.controlRate_Hz });
      action = loop.action;
      let outcome: EpisodeEnd['outcome'] = 'truncated';
      let cutByStop = false;
      for (;;) {
        let status;
        try {
          status = beginTick(loop);
        } catch (err) {
          if (!(err instanceof NonFiniteObservationError)) throw err;
          log(`episode ${e} (seed ${seed}): ${err.message}; ending the episode`);
          outcome = 'error';
          break;
        }
        if (status !== 'running' || loop.steps >= o.maxSteps || o.signal?.aborted) {
          outcome = status === 'terminated' ? 'terminated' : 'truncated';
          cutByStop = status === 'running' && loop.steps < o.maxSteps;
          break;
        }
        rewardPub.publish({ data: loop.reward });
        if (lateAnswerAfter >= 0) {
          await commandAfter(lateAnswerAfter, o.commandTimeout_s ?? 1);
          lateAnswerAfter = -1;
        }
        const before = arrived;
        publishClock();
        if (o.lockstep) {
          const ok = await commandAfter(before, firstCommand ? (o.firstCommandTimeout_s ?? 30) : (o.commandTimeout_s ?? 1));
          if (o.signal?.aborted) {
            cutByStop = true;
            break;
          }
          if (!ok) {
            missed++;
            log(`no command on ${sub.topic} within the timeout at step ${loop.steps} (${missed} so far): stepping on the zero command`);
            // Its late answer, if it comes, belongs to this step, not the next: let it arrive first.
            lateAnswerAfter = arrived;
          } else firstCommand = false;
          applyCommand(ok);
        } else {
          await sleep(wallStart + (++wallStep * period_s * 1000) / speed - performance.now());
          // Like a flight controller's setpoint timeout: a command older than that is no command.
          applyCommand(arrived > 0 && (performance.now() - latestWall_ms) / 1000 <= (o.commandTimeout_s ?? 0.5));
        }
        endTick(loop);
        t_ns += period_ns;
        o.onStep?.(Number(t_ns) / 1e9);
      }
      const end: EpisodeEnd = {
        event: 'end',
        scenario: o.scenarioId,
        episode: e,
        seed,
        outcome,
        reward: loop.reward,
        return: loop.return,
        steps: loop.steps,
        metrics: Object.fromEntries(Object.entries(task.metrics()).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
      };
      o.onEpisodeEnd?.(end);
      if (cutByStop) {
        // Cut short by the stop (Ctrl-C, a launch's --duration-s): not an outcome of the
        // controller, so it is neither counted nor announced as an episode end.
        cut = end;
        log(`episode ${e} (seed ${seed}): cut short by the stop after ${loop.steps} steps (not counted)`);
        break;
      }
      episodes.push(end);
      episodePub.publish({ data: episodeEventText(end) });
      log(`episode ${e} (seed ${seed}): ${outcome} after ${loop.steps} steps, return ${loop.return.toFixed(3)}, success ${end.metrics.success ?? '–'}`);
      // No clock went out for the terminal observation, so the next episode's first step takes
      // the next period: one /clock per control step, never a jump (a controller on sim time
      // would tick twice on a jump of two periods).
    }
  } finally {
    stopWatchingParameters();
    sub.close();
  }
  return { episodes, cut, missedCommands: missed, badCommands: bad, aborted: o.signal?.aborted ?? false };

  /**
   * Lockstep starts when a controller publishes on the command topic (its sensor subscriptions
   * exist by then), plus a moment for the other endpoints to be matched: otherwise the first
   * sensors could go out before anyone listens, and step 0 would be answered blind.
   */
  async function waitForController(): Promise<void> {
    const t0 = performance.now();
    const limit_ms = (o.firstCommandTimeout_s ?? 30) * 1000;
    if (node.countPublishers(cmdSpec.topic) === 0) log(`waiting for a controller publishing on ${sub.topic}`);
    while (node.countPublishers(cmdSpec.topic) === 0 && !o.signal?.aborted && performance.now() - t0 < limit_ms) await sleep(20);
    await sleep(SETTLE_ms);
  }

  function applyCommand(have: boolean): void {
    if (action === null) return;
    if (!have) {
      for (const a of body.actuators) action[a.name]!.fill(0);
      return;
    }
    const fault = cmd.decode(latest, action);
    if (fault !== null) {
      bad++;
      if (bad === 1 || bad % 100 === 0) log(`bad command on ${sub.topic} (${bad} so far): ${fault}; stepping on the zero command`);
      for (const a of body.actuators) action[a.name]!.fill(0);
    }
  }
}
