/**
 * Text of a NeuroSummary for the command-line summaries (`spikeloop eval`, `spikeloop train`):
 * the NeuroBench-style costs per control step, the closed-loop latency distributions and the
 * energy ESTIMATE with its sources.
 */
import type { Percentiles } from './percentiles.js';
import { ENERGY_PLATFORMS } from './energyEstimate.js';
import type { NeuroSummary } from './neuroSummary.js';

/** The SI prefix for `x` joules: the scale to divide by and its unit (J, mJ, µJ, nJ, pJ). */
export function joulePrefix(x: number): readonly [scale: number, unit: string] {
  const prefixes: ReadonlyArray<readonly [number, string]> = [
    [1, 'J'],
    [1e-3, 'mJ'],
    [1e-6, 'µJ'],
    [1e-9, 'nJ'],
    [1e-12, 'pJ'],
  ];
  return prefixes.find(([s]) => Math.abs(x) >= s) ?? prefixes[prefixes.length - 1]!;
}

/** `x` joules with an SI prefix, e.g. 5.32e-5 → '53.2 µJ'. */
export function formatJoules(x: number): string {
  if (x === 0) return '0 J';
  const [scale, unit] = joulePrefix(x);
  return `${(x / scale).toPrecision(3)} ${unit}`;
}

function dist(p: Percentiles | null, dt_ms: number | null, steps: boolean): string {
  if (p === null) return '–';
  const ms = (v: number) => (steps && dt_ms ? `${v} ms (${Math.round(v / dt_ms)} steps)` : `${v} ms`);
  return `p50 ${ms(p.p50)}, p90 ${p.p90} ms, p99 ${p.p99} ms, max ${p.max} ms (n ${p.n})`;
}

const f = (v: number | null, d: number) => (v === null ? '–' : v.toFixed(d));

/** Indented lines for an eval summary; none for a controller without a spiking network. */
export function formatNeuroSummary(s: NeuroSummary, indent = '  '): string[] {
  if (s.snn_dt_ms === null) return [];
  const i2 = `${indent}  `;
  const lines = [
    `${indent}NeuroBench-style costs per control step (${f(s.snn_steps_per_step, 1)} SNN steps of ${s.snn_dt_ms} ms):`,
    `${i2}effective synaptic ops ${f(s.synaptic_ops_per_step, 1)} (through non-zero weights); dense MACs ${f(s.dense_macs_per_step, 1)}`,
    `${i2}neuron updates ${f(s.neuron_updates_per_step, 1)}, plastic synapse updates ${f(s.synaptic_updates_per_step, 1)}, input spikes ${f(s.input_spikes_per_step, 1)}`,
    `${i2}activation sparsity ${f(s.activation_sparsity, 4)}, connection sparsity ${f(s.connection_sparsity, 4)} (${f(s.nonzero_synapses, 0)} non-zero of ${f(s.synapses, 0)} synapses)`,
    `${i2}footprint ${f(s.footprint_bytes, 0)} B (parameters ${f(s.parameter_bytes, 0)} B, state ${f(s.state_bytes, 0)} B)`,
  ];
  const l = s.latency_ms;
  if (l) {
    lines.push(`${indent}closed-loop latency from ${l.events} sensor events (input rises; see metrics/latencyTracker.ts):`);
    lines.push(`${i2}input spike   ${dist(l.input_spike, s.snn_dt_ms, true)}${l.unanswered_input_spike ? `, ${l.unanswered_input_spike} unanswered` : ''}`);
    lines.push(`${i2}output spike  ${dist(l.output_spike, s.snn_dt_ms, true)}${l.unanswered_output_spike ? `, ${l.unanswered_output_spike} unanswered` : ''}`);
    for (const [name, c] of Object.entries(l.command)) {
      if (c.answered === null && c.chance === null) {
        lines.push(`${i2}command ${name}: never changed by the threshold in any period (a constant output)`);
        continue;
      }
      const chance = c.chance ? `p50 ${c.chance.p50} ms` : '–';
      lines.push(`${i2}command ${name}: ${dist(c.answered, null, false)}, ${c.unanswered} unanswered; from any period: ${chance}, ${c.chance_unanswered} unanswered`);
    }
  }
  const e = s.energy_estimate_j;
  const es = s.energy_estimate_j_per_step;
  if (e && es) {
    lines.push(`${indent}energy ESTIMATE (published per-event energies x counted events; not a measurement), per episode (per control step):`);
    lines.push(`${i2}${ENERGY_PLATFORMS.map((p) => `${p} ${formatJoules(e[p])} (${formatJoules(es[p])})`).join(', ')}`);
    for (const p of ENERGY_PLATFORMS) lines.push(`${i2}${p}: ${s.energy_estimate_sources?.[p] ?? ''}`);
  }
  return lines;
}

/** One line for a training summary: costs and the energy estimate of an evaluation. */
export function neuroOneLine(s: NeuroSummary): string | null {
  if (s.snn_dt_ms === null) return null;
  const e = s.energy_estimate_j;
  return `${f(s.synaptic_ops_per_step, 0)} effective synaptic ops/step, activation sparsity ${f(s.activation_sparsity, 3)}, energy ESTIMATE per episode ${e ? ENERGY_PLATFORMS.map((p) => `${p} ${formatJoules(e[p])}`).join(', ') : '–'} (sources: eval --json)`;
}
