/**
 * The closed loop's tick schedule — the one place that orders a control step:
 *
 *   1. sense    body.observe(obs)                   (sensors read the world as it is now)
 *   2. judge    task.evaluate(obs, t)               (reward for the period that just ended)
 *   3. control  controller.act(obs, r, T, action)   (encode → SNN steps for one period → decode)
 *   4. act      body.command(action)                (latched until the next tick)
 *   5. physics  body.advance(T)                     (physics steps for one control period)
 *
 * T = 1 / controlRate_Hz. The physics step and the SNN dt are the body's and the controller's
 * own parameters, so the three rates are independent. When the task ends the episode, the
 * controller gets the last reward through `finish` and nothing more is commanded.
 *
 * Every runner uses this tick: `runEpisode` (sim time, as fast as possible), the real-time
 * runner (paced by a clock), and the ROS sim node (bridges/ros2/nodes/simNode.ts), which runs
 * phases 1–2 and 4–5 here (`beginTick`, `endTick`) and gets phase 3 from the ROS graph.
 * Profiling times the same phases in place; there is no second copy of the schedule. A NaN in an observation means the simulation blew up (or a
 * driver sent garbage): the tick throws `NonFiniteObservationError` naming the channel.
 */
import type { Body } from './body.js';
import type { Channels } from './channels.js';
import { allocateChannels, compareChannels, describeMismatches } from './channels.js';
import type { Controller } from './controller.js';
import type { EpisodeStatus, RewardBreakdown, Task } from './task.js';

/** Where a tick's wall time went (seconds, summed over ticks); only filled when profiling. */
export interface LoopProfile {
  sense_s: number;
  judge_s: number;
  control_s: number;
  act_s: number;
  physics_s: number;
  ticks: number;
}

export interface LoopState {
  readonly body: Body;
  readonly controller: Controller;
  readonly task: Task;
  readonly obs: Channels;
  readonly action: Channels;
  /** Control period T (s). */
  readonly period_s: number;
  /** Simulated time since reset (s). */
  t_s: number;
  /** Control steps taken. */
  steps: number;
  status: EpisodeStatus;
  /** Sum of rewards and of each reward term since reset. */
  return: number;
  /** The reward of the last judged period (what `act` or `finish` received). */
  reward: number;
  readonly termTotals: Record<string, number>;
  readonly profile: LoopProfile | null;
}

/** An observation held a NaN: the body's state is no longer meaningful. */
export class NonFiniteObservationError extends Error {
  constructor(
    readonly channel: string,
    readonly index: number,
    readonly t_s: number,
  ) {
    super(`observation '${channel}'[${index}] is NaN at t = ${t_s.toFixed(3)} s (physics blow-up or bad sensor data)`);
    this.name = 'NonFiniteObservationError';
  }
}

/** A controller and a body whose channels do not fit. */
export class ChannelMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelMismatchError';
  }
}

/**
 * Throws a `ChannelMismatchError` unless the body offers every sensor channel the controller
 * reads (same size and unit) and the controller writes every actuator channel the body reads.
 */
export function checkChannelsFit(body: Body, controller: Controller, controllerName = 'controller', bodyName = 'body'): void {
  const sens = compareChannels(controller.sensors, body.sensors);
  const act = compareChannels(body.actuators, controller.actuators);
  if (sens.length === 0 && act.length === 0) return;
  const parts: string[] = [];
  if (sens.length > 0) parts.push(describeMismatches(`sensor channels ${controllerName} reads that ${bodyName} does not provide as expected`, sens));
  if (act.length > 0) parts.push(describeMismatches(`actuator channels ${bodyName} reads that ${controllerName} does not write as expected`, act));
  throw new ChannelMismatchError(`${controllerName} does not fit ${bodyName}:\n${parts.join('\n')}`);
}

export interface LoopOptions {
  readonly controlRate_Hz: number;
  /** Accumulate per-phase wall time in `profile`. @default false */
  readonly profile?: boolean;
}

/** Builds the loop state for a body that was just reset and a task made for that reset. */
export function createLoop(body: Body, controller: Controller, task: Task, opts: LoopOptions): LoopState {
  const rate = opts.controlRate_Hz;
  if (!(Number.isFinite(rate) && rate > 0)) throw new RangeError(`controlRate_Hz: expected a rate > 0 Hz, got ${rate}`);
  checkChannelsFit(body, controller);
  return {
    body,
    controller,
    task,
    obs: allocateChannels(body.sensors),
    action: allocateChannels(controller.actuators),
    period_s: 1 / rate,
    t_s: 0,
    steps: 0,
    status: 'running',
    return: 0,
    reward: 0,
    termTotals: {},
    profile: opts.profile ? { sense_s: 0, judge_s: 0, control_s: 0, act_s: 0, physics_s: 0, ticks: 0 } : null,
  };
}

function requireNoNaN(obs: Channels, t_s: number): void {
  for (const name in obs) {
    const a = obs[name]!;
    for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) throw new NonFiniteObservationError(name, i, t_s);
  }
}

function addTerms(s: LoopState, r: RewardBreakdown): void {
  s.return += r.total;
  const tt = s.termTotals;
  for (const k in r.terms) tt[k] = (tt[k] ?? 0) + r.terms[k]!;
}

/**
 * Phases 1–2 of a tick: sense (with the NaN guard) and judge. Returns the episode status; if the
 * task ended the episode, the controller gets the last reward through `finish`. A runner whose
 * control phase is elsewhere (the ROS sim node waits for a command from the graph) calls
 * `beginTick`, fills `s.action` itself, then `endTick`; every other runner calls `controlTick`.
 */
export function beginTick(s: LoopState): EpisodeStatus {
  if (s.status !== 'running') throw new Error(`controlTick: the episode already ended (${s.status})`);
  const p = s.profile;
  const t0 = p !== null ? performance.now() : 0;
  s.body.observe(s.obs);
  requireNoNaN(s.obs, s.t_s);
  const t1 = p !== null ? performance.now() : 0;
  const r = s.task.evaluate(s.obs, s.t_s);
  addTerms(s, r);
  s.reward = r.total;
  const status = s.task.status();
  if (p !== null) {
    p.sense_s += (t1 - t0) / 1000;
    p.judge_s += (performance.now() - t1) / 1000;
    p.ticks++;
  }
  if (status !== 'running') {
    s.status = status;
    s.controller.finish?.(s.obs, r.total);
  }
  return status;
}

/** Phases 4–5 of a tick: the action goes to the body, physics runs one control period. */
export function endTick(s: LoopState): void {
  const p = s.profile;
  const t0 = p !== null ? performance.now() : 0;
  s.body.command(s.action);
  const t1 = p !== null ? performance.now() : 0;
  s.body.advance(s.period_s);
  if (p !== null) {
    p.act_s += (t1 - t0) / 1000;
    p.physics_s += (performance.now() - t1) / 1000;
  }
  s.t_s = ++s.steps * s.period_s;
}

/** One control step (see the module doc). Returns the episode status after it. */
export function controlTick(s: LoopState): EpisodeStatus {
  const status = beginTick(s);
  if (status !== 'running') return status;
  const p = s.profile;
  const t0 = p !== null ? performance.now() : 0;
  s.controller.act(s.obs, s.reward, s.period_s, s.action);
  if (p !== null) p.control_s += (performance.now() - t0) / 1000;
  endTick(s);
  return status;
}
