/**
 * A Gymnasium-style environment over a registered scenario, for people who bring their own agent
 * (a policy in TypeScript, a learner behind a socket):
 *
 *   const env = makeEnv('drone-forest-v1');
 *   let { observation } = env.reset(42);
 *   for (;;) {
 *     const r = env.step(myPolicy(observation));       // writes into env.action first, or pass channels
 *     if (r.terminated || r.truncated) break;
 *     observation = r.observation;
 *   }
 *   env.close();
 *
 * It runs the loop's one tick schedule (loop/controlTick.ts): `reset` is phases 1–2 (sense,
 * judge) of the first tick, each `step` is phases 4–5 (act, physics) of one tick and 1–2 of the
 * next, so an agent stepping this env sees exactly the observations, rewards and ends a
 * controller sees in `runEpisode`. Observation and action are named channels
 * (`Float32Array`s with declared specs), reused between calls: copy what you keep.
 * The reward judged at reset (the state before any action) is in `info.resetReward`.
 */
import type { Body } from '../loop/body.js';
import type { ChannelSpec, Channels } from '../loop/channels.js';
import { allocateChannels } from '../loop/channels.js';
import type { Controller } from '../loop/controller.js';
import type { LoopState } from '../loop/controlTick.js';
import { beginTick, createLoop, endTick } from '../loop/controlTick.js';
import { findScenario } from './registry.js';
import type { Scenario } from './scenario.js';

export interface EnvStep {
  readonly observation: Readonly<Channels>;
  readonly reward: number;
  /** The task ended the episode (success, collision, …). */
  readonly terminated: boolean;
  /** The time limit ended it. */
  readonly truncated: boolean;
  readonly info: EnvInfo;
}

export interface EnvInfo {
  /** Simulated time since reset (s). */
  readonly t_s: number;
  readonly steps: number;
  /** This step's reward terms (what `reward` sums). */
  readonly rewardTerms: Readonly<Record<string, number>>;
  /** The task's metrics so far (success, clearance, …). */
  readonly metrics: Readonly<Record<string, number>>;
}

export interface Env {
  readonly id: string;
  readonly scenario: Scenario;
  readonly observationSpace: readonly ChannelSpec[];
  readonly actionSpace: readonly ChannelSpec[];
  /** Control period (s): one `step` advances the world this much. */
  readonly period_s: number;
  /** The action buffer `step()` uses when called without an argument; fill it in place. */
  readonly action: Channels;
  reset(seed: number): { observation: Readonly<Channels>; info: EnvInfo & { readonly resetReward: number } };
  step(action?: Readonly<Channels>): EnvStep;
  close(): void;
}

export interface MakeEnvOptions {
  /** A body to use instead of the scenario's own (e.g. one wrapped with sensor noise). */
  readonly body?: Body;
}

/** An agent outside the loop acts through `step`; the loop never asks this stand-in to act. */
function externalAgent(body: Body): Controller {
  return {
    sensors: body.sensors,
    actuators: body.actuators,
    reset: () => {},
    act: () => {
      throw new Error('makeEnv: the agent acts through env.step()');
    },
  };
}

export function makeEnv(id: string, opts: MakeEnvOptions = {}): Env {
  const scenario = findScenario(id);
  const body = opts.body ?? scenario.createBody();
  const agent = externalAgent(body);
  let loop: LoopState | null = null;
  let lastTerms: Record<string, number> = {};
  let closed = false;
  const action = allocateChannels(body.actuators);

  const judge = (s: LoopState) => {
    // beginTick adds this period's terms to the totals; the step's own terms are the difference.
    const before = { ...s.termTotals };
    const status = beginTick(s);
    lastTerms = {};
    for (const k in s.termTotals) lastTerms[k] = s.termTotals[k]! - (before[k] ?? 0);
    return status;
  };
  const info = (s: LoopState): EnvInfo => ({ t_s: s.t_s, steps: s.steps, rewardTerms: lastTerms, metrics: s.task.metrics() });

  return {
    id,
    scenario,
    observationSpace: body.sensors,
    actionSpace: body.actuators,
    period_s: 1 / scenario.controlRate_Hz,
    action,
    reset(seed) {
      if (closed) throw new Error(`env '${id}' is closed`);
      body.reset(seed);
      const task = scenario.createTask(body, seed);
      const s = createLoop(body, agent, task, { controlRate_Hz: scenario.controlRate_Hz });
      loop = s;
      judge(s);
      return { observation: s.obs, info: { ...info(s), resetReward: s.reward } };
    },
    step(a) {
      const s = loop;
      if (s === null) throw new Error(`env '${id}': call reset(seed) before step()`);
      if (s.status !== 'running') throw new Error(`env '${id}': the episode ended (${s.status}); call reset(seed)`);
      const src = a ?? action;
      for (const spec of body.actuators) {
        const v = src[spec.name];
        if (v === undefined || v.length !== spec.size) {
          throw new RangeError(`env '${id}': action '${spec.name}' must be ${spec.size} value(s) in ${spec.unit}; got ${v === undefined ? 'nothing' : `${v.length}`}`);
        }
        s.action[spec.name]!.set(v);
      }
      endTick(s);
      const status = judge(s);
      return { observation: s.obs, reward: s.reward, terminated: status === 'terminated', truncated: status === 'truncated', info: info(s) };
    },
    close() {
      if (closed) return;
      closed = true;
      if (opts.body === undefined) body.close?.();
    },
  };
}
