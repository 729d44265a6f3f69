/**
 * The time unit of a NIR file's time constants and delays, made explicit.
 *
 * The NIR documentation labels τ in milliseconds (docs/source/primitives.md), but the files the
 * tools write store seconds: Norse's single-neuron graph of the NIR paper has τ = 0.0025
 * (paper/01_lif/lif_norse.nir), snnTorch and Rockpool do the same. spikeloop therefore reads
 * and writes **seconds by default**; a file spikeloop wrote records its unit in the graph
 * metadata (`time_unit`), which is the default when present; an explicit option wins over both.
 *
 * Because a wrong unit is a factor 1000 that still "runs", `timeUnitWarnings` flags values that
 * look like the other unit: every time constant ≥ 1 when read as seconds (τ ≥ 1 s is unusual
 * for a neuron), or every one < 0.1 when read as milliseconds (τ < 100 µs is below any
 * biological or practical step).
 *
 * The integrator's r in `dv/dt = r·I` (IF, I) is per unit time too, so it is converted with the
 * same factor (r per ms = r per s / 1000).
 */
import type { NirGraphNode } from './nirGraph.js';
import { nirParamTypeOf, NIR_PARAM_TYPES } from './nirNodeTypes.js';

export type TimeUnit = 's' | 'ms';
export const TIME_UNITS: readonly TimeUnit[] = ['s', 'ms'];

/** The unit read and written when neither the caller nor the file says otherwise. */
export const DEFAULT_TIME_UNIT: TimeUnit = 's';

/** Milliseconds per unit. */
export function msPerUnit(unit: TimeUnit): number {
  return unit === 's' ? 1000 : 1;
}

export function isTimeUnit(u: unknown): u is TimeUnit {
  return u === 's' || u === 'ms';
}

/** Every time-valued parameter (τ, delay) of a graph and its subgraphs, with where it is. */
export function timeValues(g: NirGraphNode, path = '', out: Array<{ where: string; value: number }> = []): Array<{ readonly where: string; readonly value: number }> {
  // Pushed one by one into one array: spreading a 1e6-element node's values overflows the call stack.
  for (const [name, node] of Object.entries(g.nodes)) {
    const where = path ? `${path}.${name}` : name;
    if (node.type === 'NIRGraph') {
      timeValues(node, where, out);
      continue;
    }
    const t = nirParamTypeOf(node.type);
    if (t === undefined || node.type === 'Unsupported' || !('params' in node)) continue;
    for (const p of NIR_PARAM_TYPES[t].times) {
      for (const v of node.params[p]!.data) if (v > 0) out.push({ where: `${where}.${p}`, value: v });
    }
  }
  return out;
}

/** Warnings when the graph's time constants look like they are in the other unit. */
export function timeUnitWarnings(g: NirGraphNode, unit: TimeUnit): string[] {
  const taus = timeValues(g).filter((t) => !t.where.endsWith('.delay'));
  if (taus.length === 0) return [];
  let lo = taus[0]!;
  let hi = taus[0]!;
  for (const t of taus) {
    if (t.value < lo.value) lo = t;
    if (t.value > hi.value) hi = t;
  }
  const range = lo.value === hi.value ? `${lo.value}` : `${lo.value} (${lo.where}) … ${hi.value} (${hi.where})`;
  if (unit === 's' && lo.value >= 1) {
    return [
      `time constants ${range} read as seconds are all ≥ 1 s, unusual for neurons: if this file is in milliseconds (as the NIR documentation labels them), use time unit 'ms'`,
    ];
  }
  if (unit === 'ms' && hi.value < 0.1) {
    return [
      `time constants ${range} read as milliseconds are all < 0.1 ms: files written by snnTorch, Norse and Rockpool store seconds; if this one does, use time unit 's'`,
    ];
  }
  return [];
}
