/**
 * Runs single episodes of jobs (episodeJob.ts) in one thread: the in-process pool and every
 * worker thread use this same class, so where an episode runs never changes its result.
 *
 * It keeps one body per scenario and one controller per (preset, build options) and reuses them:
 * before each episode the controller's learned parameters are overwritten with the job's
 * snapshot and `runEpisode` resets body, task and controller from the episode seed, so an
 * episode's result depends only on (scenario, perturbations, snapshot, seed, learning, reward
 * control) — not on which episodes
 * ran before it in this thread. The pool tests check this (1 worker vs 2 give identical bits).
 */
import type { HardwareSession } from '../controllers/hardware/attachHardware.js';
import { attachHardware, hardwareHost } from '../controllers/hardware/attachHardware.js';
import type { EpisodeNeuroMetrics } from '../controllers/metrics/episodeNeuroMetrics.js';
import { collectEpisodeMetrics } from '../controllers/metrics/episodeNeuroMetrics.js';
import type { SpikeRecorder } from '../controllers/monitors/spikeRecorder.js';
import { addSpikeRecorder } from '../controllers/network/networkAccess.js';
import { decodeFloat32 } from '../controllers/persistence/weightCodec.js';
import type { SavedController } from '../controllers/presets/controllerFile.js';
import type { PresetController } from '../controllers/presets/preset.js';
import { SpikingController } from '../controllers/sensorimotor/spikingController.js';
import type { Body } from '../loop/body.js';
import type { EpisodeResult } from '../loop/runEpisode.js';
import { runScenarioEpisode } from '../scenarios/runScenarioEpisode.js';
import type { ExperimentCatalog } from './catalog.js';
import { findPresetIn, findScenarioIn } from './catalog.js';
import type { EpisodeJob, EpisodeRun, RecordedSpikes } from './episodeJob.js';
import { presetOfSaved } from './savedControllerPreset.js';
import type { RecordedPath } from './report/trajectory.js';
import { pathRecorder } from './report/trajectory.js';
import { applyPerturbations } from '../scenarios/perturbations/parsePerturbations.js';
import { withRewardControl } from './rewardControl.js';

/** A snapshot's parameters, decoded once per job. */
function decodeParameters(saved: SavedController): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, p] of Object.entries(saved.parameters)) {
    const v = decodeFloat32(p.data, p.n);
    if (typeof v === 'string') throw new RangeError(`controller snapshot: parameters.${name}.data ${v}`);
    out.set(name, v);
  }
  return out;
}

/** Overwrites every live parameter with the snapshot's values (counts must match). */
function loadParameters(c: PresetController, values: ReadonlyMap<string, Float32Array>): void {
  const live = c.parameters();
  const names = Object.keys(live);
  if (names.length !== values.size) throw new RangeError(`controller snapshot: ${values.size} parameter arrays for preset '${c.preset}', which has ${names.length} (${names.join(', ')})`);
  for (const name of names) {
    const v = values.get(name);
    const target = live[name]!;
    if (!v) throw new RangeError(`controller snapshot: no values for '${name}' of preset '${c.preset}'`);
    if (v.length !== target.length) throw new RangeError(`controller snapshot: '${name}' has ${v.length} values, preset '${c.preset}' builds ${target.length}`);
    target.set(v);
  }
}

/** Copies of the controller's learned parameters (the live arrays keep changing). */
export function copyParameters(c: PresetController): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, a] of Object.entries(c.parameters())) out[name] = a.slice();
  return out;
}

export class EpisodeRunner {
  private readonly bodies = new Map<string, Body>();
  private readonly controllers = new Map<string, PresetController>();
  private lastJob: EpisodeJob | null = null;
  private lastValues: Map<string, Float32Array> | null = null;

  constructor(readonly catalog: ExperimentCatalog) {}

  /** Runs episode `index` of `job` (seed `job.seeds[index]`). */
  run(job: EpisodeJob, index: number): EpisodeRun {
    const seed = job.seeds[index];
    if (seed === undefined) throw new RangeError(`episode index ${index} is outside the job's ${job.seeds.length} seeds`);
    const scenario = findScenarioIn(this.catalog, job.scenarioId);
    const perturb = job.perturb ?? [];
    // One body per (scenario, perturbations): the specs are plain strings, parsed here.
    const body = this.bodyFor(perturb.length === 0 ? scenario.id : `${scenario.id}|${JSON.stringify(perturb)}`, () => applyPerturbations(scenario.createBody(), perturb));
    const controller = this.controllerFor(job.controller);
    if (job !== this.lastJob) {
      this.lastValues = decodeParameters(job.controller);
      this.lastJob = job;
    }
    loadParameters(controller, this.lastValues!);
    controller.learning = job.learning;

    // Attached after the snapshot is loaded (the device is programmed from it), detached before
    // the parameters are copied (they are the float weights again, learning included).
    const hw: HardwareSession | null = job.hardware ? attachHardware(hardwareHost(controller), job.hardware) : null;
    const recorders = job.record && controller.network ? controller.network.populations.map((p) => addSpikeRecorder(controller.network!, p.name, job.record!.maxSpikes)) : null;
    // The report's top view: the path with the obstacles (bodies reporting a position only).
    const paths = job.record ? pathRecorder() : null;
    let path: RecordedPath | null = null;
    const t0 = performance.now();
    let result: EpisodeResult;
    let neuro: EpisodeNeuroMetrics | undefined;
    try {
      const acting = job.rewardControl ? withRewardControl(controller, job.rewardControl) : controller;
      result = runScenarioEpisode(scenario, body, acting, { seed, ...(paths ? { onTick: paths.onTick } : {}) });
      path = paths?.finish(body, scenario.describeScene?.(seed).goal_m) ?? null;
      neuro = neuroMetricsOf(controller, result);
    } finally {
      if (recorders) detach(controller, recorders);
      hw?.detach();
    }
    const wall_s = (performance.now() - t0) / 1000;
    const keep = job.keepParameters ?? job.learning;
    return {
      index,
      result,
      wall_s,
      ...(keep ? { parameters: copyParameters(controller) } : {}),
      ...(recorders ? { spikes: spikesOf(controller, recorders) } : {}),
      ...(path ? { path } : {}),
      ...(neuro ? { neuro } : {}),
    };
  }

  /** Closes the bodies it made. */
  close(): void {
    for (const b of this.bodies.values()) b.close?.();
    this.bodies.clear();
    this.controllers.clear();
    this.lastJob = null;
    this.lastValues = null;
  }

  private bodyFor(id: string, make: () => Body): Body {
    let b = this.bodies.get(id);
    if (!b) {
      b = make();
      this.bodies.set(id, b);
    }
    return b;
  }

  private controllerFor(saved: SavedController): PresetController {
    // A controller built from a controller file carries it (`spec`): it is part of the identity.
    const spec = saved.spec;
    const key = `${saved.preset}|${saved.options.seed}|${saved.options.controlRate_Hz}${spec === undefined ? '' : `|${JSON.stringify(spec)}`}`;
    let c = this.controllers.get(key);
    if (!c) {
      c = (presetOfSaved(saved, 'controller snapshot', this.catalog) ?? findPresetIn(this.catalog, saved.preset)).create(saved.options);
      this.controllers.set(key, c);
    }
    return c;
  }
}

/** The episode's NeuroBench-style metrics (latency only from a SpikingController), if it has a network. */
function neuroMetricsOf(c: PresetController, r: EpisodeResult): EpisodeNeuroMetrics | undefined {
  if (c instanceof SpikingController) return c.neuroMetrics();
  return c.network ? collectEpisodeMetrics(c.network, r.activity.steps, c.learning, null) : undefined;
}

function detach(c: PresetController, recs: readonly SpikeRecorder[]): void {
  const mons = c.network!.monitors;
  for (const r of recs) {
    const k = mons.indexOf(r);
    if (k >= 0) mons.splice(k, 1);
  }
}

function spikesOf(c: PresetController, recs: readonly SpikeRecorder[]): RecordedSpikes {
  const net = c.network!;
  return {
    dt_ms: net.dt_ms,
    steps: net.step,
    populations: recs.map((r) => ({
      name: r.population,
      size: net.populations[r.populationIndex]!.size,
      steps: r.steps.slice(0, r.count),
      neurons: r.neurons.slice(0, r.count),
      dropped: r.dropped,
    })),
  };
}
