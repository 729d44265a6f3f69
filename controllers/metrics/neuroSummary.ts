/**
 * The NeuroBench-style fields of an evaluation summary, pooled over its episodes: counts are
 * summed and divided by the control steps (per step = per control period, like the summary's
 * `spikes_per_step`), sparsities are ratios of pooled counts, static metrics are means over the
 * episodes (they differ only if weights changed), latency distributions pool every episode's
 * samples, and the energy estimate (energyEstimate.ts) is given per episode (mean) and per step.
 * A controller without a spiking network gets zeros and nulls.
 */
import type { Percentiles } from './percentiles.js';
import { percentilesOf, percentilesOfCounts } from './percentiles.js';
import type { EnergyByPlatform, EnergyPlatform } from './energyEstimate.js';
import { ENERGY_ESTIMATE_SOURCES, ENERGY_PLATFORMS, estimateEnergy } from './energyEstimate.js';
import type { EpisodeNeuroMetrics } from './episodeNeuroMetrics.js';

/** Latency of one decoded output's command (ms), and the same criterion from every period. */
export interface CommandLatencySummary {
  readonly answered: Percentiles | null;
  readonly unanswered: number;
  /** From every control period, event or not: what an output answers by chance. */
  readonly chance: Percentiles | null;
  readonly chance_unanswered: number;
}

/** Closed-loop latencies (ms) pooled over episodes (metrics/latencyTracker.ts defines them). */
export interface LatencySummary {
  /** Sensor events observed to the end of their horizon, over all episodes. */
  readonly events: number;
  readonly input_spike: Percentiles | null;
  readonly output_spike: Percentiles | null;
  readonly unanswered_input_spike: number;
  readonly unanswered_output_spike: number;
  /** By decoded output (e.g. `slide_left/slide_right`). */
  readonly command: Readonly<Record<string, CommandLatencySummary>>;
}

export interface NeuroSummary {
  /** SNN time step (ms). */
  readonly snn_dt_ms: number | null;
  /** SNN steps per control step. */
  readonly snn_steps_per_step: number | null;
  /** Effective synaptic operations (events through non-zero weights) per control step. */
  readonly synaptic_ops_per_step: number;
  /** Dense multiply-accumulates (Σ nPre·nPost every SNN step) per control step. */
  readonly dense_macs_per_step: number;
  readonly neuron_updates_per_step: number;
  /** Plastic synapse updates per control step (0 without learning). */
  readonly synaptic_updates_per_step: number;
  /** Spikes of the encoder (source) populations per control step; `spikes_per_step` counts all. */
  readonly input_spikes_per_step: number;
  /** 1 − neuron spikes / (neurons × SNN steps): neuron populations only, as NeuroBench. */
  readonly activation_sparsity: number | null;
  /** 1 − non-zero synapses / Σ nPre·nPost. */
  readonly connection_sparsity: number | null;
  readonly synapses: number | null;
  readonly nonzero_synapses: number | null;
  readonly parameter_bytes: number | null;
  readonly state_bytes: number | null;
  readonly footprint_bytes: number | null;
  readonly latency_ms: LatencySummary | null;
  /** ESTIMATED energy per episode (mean), by platform (J). */
  readonly energy_estimate_j: EnergyByPlatform | null;
  /** ESTIMATED energy per control step, by platform (J). */
  readonly energy_estimate_j_per_step: EnergyByPlatform | null;
  readonly energy_estimate_sources: { readonly [P in EnergyPlatform]: string } | null;
}

export const EMPTY_NEURO_SUMMARY: NeuroSummary = {
  snn_dt_ms: null,
  snn_steps_per_step: null,
  synaptic_ops_per_step: 0,
  dense_macs_per_step: 0,
  neuron_updates_per_step: 0,
  synaptic_updates_per_step: 0,
  input_spikes_per_step: 0,
  activation_sparsity: null,
  connection_sparsity: null,
  synapses: null,
  nonzero_synapses: null,
  parameter_bytes: null,
  state_bytes: null,
  footprint_bytes: null,
  latency_ms: null,
  energy_estimate_j: null,
  energy_estimate_j_per_step: null,
  energy_estimate_sources: null,
};

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function summarizeNeuroMetrics(episodes: readonly (EpisodeNeuroMetrics | null | undefined)[]): NeuroSummary {
  const m = episodes.filter((e): e is EpisodeNeuroMetrics => e !== null && e !== undefined);
  if (m.length === 0) return EMPTY_NEURO_SUMMARY;
  const sum = (f: (e: EpisodeNeuroMetrics) => number) => m.reduce((a, e) => a + f(e), 0);
  const steps = sum((e) => e.controlSteps);
  const per = (x: number) => (steps > 0 ? x / steps : 0);
  const snnSteps = sum((e) => e.snnSteps);
  const neuronSteps = sum((e) => e.neurons * e.snnSteps);
  const energies = m.map((e) =>
    estimateEnergy({ synapticOps: e.synapticOps, synapticUpdates: e.synapticUpdates, neuronUpdates: e.neuronUpdates, spikes: e.neuronSpikes + e.inputSpikes, denseMacs: e.denseMacs }),
  );
  const perEpisode = {} as { [P in EnergyPlatform]: number };
  const perStep = {} as { [P in EnergyPlatform]: number };
  for (const p of ENERGY_PLATFORMS) {
    const total = energies.reduce((a, e) => a + e[p], 0);
    perEpisode[p] = total / m.length;
    perStep[p] = per(total);
  }
  const params = mean(m.map((e) => e.parameterBytes));
  const state = mean(m.map((e) => e.stateBytes));
  return {
    snn_dt_ms: m[0]!.dt_ms,
    snn_steps_per_step: per(snnSteps),
    synaptic_ops_per_step: per(sum((e) => e.synapticOps)),
    dense_macs_per_step: per(sum((e) => e.denseMacs)),
    neuron_updates_per_step: per(sum((e) => e.neuronUpdates)),
    synaptic_updates_per_step: per(sum((e) => e.synapticUpdates)),
    input_spikes_per_step: per(sum((e) => e.inputSpikes)),
    activation_sparsity: neuronSteps > 0 ? 1 - sum((e) => e.neuronSpikes) / neuronSteps : null,
    connection_sparsity: mean(m.map((e) => (e.denseSynapses > 0 ? 1 - e.nonzeroSynapses / e.denseSynapses : 0))),
    synapses: mean(m.map((e) => e.synapses)),
    nonzero_synapses: mean(m.map((e) => e.nonzeroSynapses)),
    parameter_bytes: params,
    state_bytes: state,
    footprint_bytes: params + state,
    latency_ms: summarizeLatencies(m),
    energy_estimate_j: perEpisode,
    energy_estimate_j_per_step: perStep,
    energy_estimate_sources: ENERGY_ESTIMATE_SOURCES,
  };
}

function summarizeLatencies(m: readonly EpisodeNeuroMetrics[]): LatencySummary | null {
  const l = m.map((e) => e.latency).filter((x) => x !== null);
  if (l.length === 0) return null;
  const command: Record<string, CommandLatencySummary> = {};
  for (const name of new Set(l.flatMap((x) => x.command.map((c) => c.output)))) {
    const cs = l.flatMap((x) => x.command.filter((c) => c.output === name));
    const period = cs[0]!.period_ms;
    if (cs.some((c) => c.period_ms !== period)) throw new RangeError(`latency of '${name}': episodes with different control periods cannot be pooled`);
    const pool = (f: (c: (typeof cs)[number]) => readonly number[]) => {
      const n = Math.max(...cs.map((c) => f(c).length));
      const sum = new Array<number>(n).fill(0);
      for (const c of cs) f(c).forEach((v, i) => (sum[i]! += v));
      return sum;
    };
    const at = (i: number) => (i + 1) * period;
    command[name] = {
      answered: percentilesOfCounts(pool((c) => c.counts), at),
      unanswered: cs.reduce((a, c) => a + c.unanswered, 0),
      chance: percentilesOfCounts(pool((c) => c.chanceCounts), at),
      chance_unanswered: cs.reduce((a, c) => a + c.chanceUnanswered, 0),
    };
  }
  return {
    events: l.reduce((a, x) => a + x.events, 0),
    input_spike: percentilesOf(l.flatMap((x) => x.inputSpike_ms)),
    output_spike: percentilesOf(l.flatMap((x) => x.outputSpike_ms)),
    unanswered_input_spike: l.reduce((a, x) => a + x.unansweredInputSpike, 0),
    unanswered_output_spike: l.reduce((a, x) => a + x.unansweredOutputSpike, 0),
    command,
  };
}
