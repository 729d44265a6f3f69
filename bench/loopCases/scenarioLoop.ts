/**
 * Benchmark cases `drone-forest-snn`, `drone-forest-snn-learning` and `drone-forest-reactive`:
 * held-out episodes of a scenario (`episodeSeed(1, 'eval', k)`, k = 0 … N−1) with one controller
 * preset, run through `runScenarioEpisode` with the loop's profiler on (LoopProfile in
 * loop/controlTick.ts), on one body reused across episodes as training does.
 *
 * Figures per control step (µs, summed over the N episodes and divided by their control steps):
 *   sensors  = `sense`   (body.observe + the NaN check),
 *   judge    = `judge`   (task.evaluate + summing reward terms + task.status),
 *   control  = `control` (controller.act: for a spiking controller encode → SNN steps for one
 *                         control period → plasticity → decode, i.e. the SNN),
 *   act      = `act`     (body.command),
 *   physics  = `physics` (body.advance: the physics steps of one control period),
 *   overhead = wall per step − the five phases − episode set-up − `finish`, i.e. the loop's own
 *              bookkeeping (tick dispatch, step counting, runEpisode's checks and result) plus
 *              the profiler's timer reads (6 `performance.now()` per tick, ~0.5 µs: see the
 *              `loop-null` case for the overhead without the profiler) and the rare GC pause or
 *              preemption that falls between two phases rather than inside one.
 * Per episode, apart: set-up (body.reset rebuilding the world, controller.reset, the task: the
 * time from the call to the end of the first tick, read in `onTick`, minus that tick's phases)
 * and the controller's `finish` (timed by FinishTimer; a spiking controller runs its network on
 * for `finish_ms`).
 * us_per_step is the whole wall time per control step (the six parts plus set-up and `finish`
 * spread over the steps, `setup_finish_us_per_step`); realtime_factor = simulated seconds / wall
 * seconds over the N episodes.
 *
 * Before the timed episodes, warm-up episodes on training seeds with a throwaway controller of
 * the same preset let the JIT settle (the first episode in a fresh process runs ~2× slower). Then
 * `passes` identical passes over the N episodes, each with a fresh controller built untrained
 * from seed 1 (with learning on, it keeps learning across the N episodes, weights carrying over
 * as in one training sequence); the fastest pass is reported (the machine is shared), and the
 * passes must agree on simulated time and spikes to the bit (determinism by seed).
 */
import type { ControllerPreset } from '../../controllers/presets/preset.js';
import type { Body } from '../../loop/body.js';
import type { LoopProfile, LoopState } from '../../loop/controlTick.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import type { Scenario } from '../../scenarios/scenario.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds, peakRssMiB } from '../suite.js';
import { FinishTimer } from './finishTimer.js';

export interface ScenarioLoopCase {
  readonly case: string;
  readonly scenario: Scenario;
  readonly preset: ControllerPreset;
  readonly learning: boolean;
  /** Timed held-out episodes per pass. */
  readonly episodes: number;
  /** Untimed episodes on training seeds before them (JIT warm-up). */
  readonly warmupEpisodes: number;
  /** Identical passes over the episodes; the fastest is reported. */
  readonly passes: number;
}

const SEED = 1;

interface Pass {
  wall_s: number;
  setup_s: number;
  finish_s: number;
  sim_s: number;
  steps: number;
  spikes: number;
  synOps: number;
  successes: number;
  readonly phases: LoopProfile;
}

function runPass(c: ScenarioLoopCase, body: Body): Pass {
  const { scenario } = c;
  const pc = c.preset.create({ seed: SEED, controlRate_Hz: scenario.controlRate_Hz });
  pc.learning = c.learning;
  const controller = new FinishTimer(pc);
  const ps: Pass = {
    wall_s: 0, setup_s: 0, finish_s: 0, sim_s: 0, steps: 0, spikes: 0, synOps: 0, successes: 0,
    phases: { sense_s: 0, judge_s: 0, control_s: 0, act_s: 0, physics_s: 0, ticks: 0 },
  };
  const phaseSum = (p: LoopProfile) => p.sense_s + p.judge_s + p.control_s + p.act_s + p.physics_s;
  // Set-up = from the call to the end of the first tick, minus that tick's phases.
  let t0 = 0;
  let setup_s = -1;
  const onTick = (s: LoopState) => {
    if (setup_s < 0) setup_s = nowSeconds() - t0 - phaseSum(s.profile!);
  };
  for (let k = 0; k < c.episodes; k++) {
    const seed = episodeSeed(SEED, 'eval', k);
    const finish0 = controller.finish_s;
    setup_s = -1;
    t0 = nowSeconds();
    const r = runScenarioEpisode(scenario, body, controller, { seed, profile: true, onTick });
    const wall_s = nowSeconds() - t0;
    if (r.outcome === 'error') throw new Error(`${c.case}: episode ${k} (seed ${seed}) failed: ${r.error ?? 'unknown error'}`);
    // An episode that ended at its first tick never called onTick: all but its phases and finish is set-up.
    if (setup_s < 0) setup_s = wall_s - phaseSum(r.profile!) - (controller.finish_s - finish0);
    ps.wall_s += wall_s;
    ps.setup_s += setup_s;
    ps.sim_s += r.duration_s;
    ps.steps += r.steps;
    ps.spikes += r.activity.spikes;
    ps.synOps += r.activity.synOps;
    ps.successes += r.metrics['success'] === 1 ? 1 : 0;
    const p = r.profile!;
    ps.phases.sense_s += p.sense_s;
    ps.phases.judge_s += p.judge_s;
    ps.phases.control_s += p.control_s;
    ps.phases.act_s += p.act_s;
    ps.phases.physics_s += p.physics_s;
    ps.phases.ticks += p.ticks;
  }
  ps.finish_s = controller.finish_s;
  return ps;
}

export function runScenarioLoop(c: ScenarioLoopCase): BenchRow {
  const { scenario, preset } = c;
  const body = scenario.createBody();
  try {
    const warm = preset.create({ seed: SEED, controlRate_Hz: scenario.controlRate_Hz });
    warm.learning = c.learning;
    for (let k = 0; k < c.warmupEpisodes; k++) runScenarioEpisode(scenario, body, warm, { seed: episodeSeed(SEED, 'train', k) });
    let best: Pass | null = null;
    for (let k = 0; k < c.passes; k++) {
      const ps = runPass(c, body);
      if (best && (ps.sim_s !== best.sim_s || ps.spikes !== best.spikes)) {
        throw new Error(`${c.case}: pass ${k} differs from pass 0 (sim ${ps.sim_s} vs ${best.sim_s} s, spikes ${ps.spikes} vs ${best.spikes}): not deterministic by seed`);
      }
      if (!best || ps.wall_s < best.wall_s) best = ps;
    }
    const b = best!;
    const us = (s: number) => (s / b.steps) * 1e6;
    const ph = b.phases;
    const phased = ph.sense_s + ph.judge_s + ph.control_s + ph.act_s + ph.physics_s;
    const net = preset.create({ seed: SEED, controlRate_Hz: scenario.controlRate_Hz }).network;
    return {
      case: c.case,
      scenario: scenario.id,
      controller: preset.id,
      learning: c.learning,
      episodes: c.episodes,
      warmup_episodes: c.warmupEpisodes,
      passes: c.passes,
      control_hz: scenario.controlRate_Hz,
      sim_s: b.sim_s,
      wall_s: b.wall_s,
      realtime_factor: b.sim_s / b.wall_s,
      control_steps: b.steps,
      us_per_step: us(b.wall_s),
      sensors_us_per_step: us(ph.sense_s),
      judge_us_per_step: us(ph.judge_s),
      control_us_per_step: us(ph.control_s),
      act_us_per_step: us(ph.act_s),
      physics_us_per_step: us(ph.physics_s),
      overhead_us_per_step: us(b.wall_s - b.setup_s - b.finish_s - phased),
      setup_finish_us_per_step: us(b.setup_s + b.finish_s),
      setup_ms_per_episode: (b.setup_s / c.episodes) * 1e3,
      finish_ms_per_episode: (b.finish_s / c.episodes) * 1e3,
      snn_neurons: net ? net.populations.reduce((a, p) => a + p.size, 0) : 0,
      snn_synapses: net ? net.projections.reduce((a, p) => a + p.syn.nSyn, 0) : 0,
      snn_steps_per_control_step: net ? Math.round(1000 / scenario.controlRate_Hz / net.dt_ms) : 0,
      spikes_per_step: b.spikes / b.steps,
      synops_per_step: b.synOps / b.steps,
      success_rate: b.successes / c.episodes,
      peak_rss_mib: peakRssMiB(),
    };
  } finally {
    body.close?.();
  }
}
