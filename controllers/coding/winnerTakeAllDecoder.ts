/**
 * Winner-take-all decoder: each output chooses one of `options` groups of `neuronsPerOption`
 * neurons, the group with the highest mean filtered rate (rateTrace.ts). Output k reads
 * neurons [k·o·n, (k+1)·o·n), option i being [k·o·n + i·n, k·o·n + (i+1)·n).
 * - The output is the winning option's index, or `values[index]` when `values` is given
 *   (e.g. discrete motor commands).
 * - Ties go to the lowest index (a fixed, documented rule; exact equality of float rates
 *   happens when groups spiked at the same steps).
 * - When the winner's mean rate is ≤ `silentBelow_Hz` (0: only an exactly silent group), the
 *   output is `silentValue` ("no decision").
 */
import type { SpikeOutput } from '../neurons/model.js';
import type { RateTraceState } from './rateTrace.js';
import { createRateTrace, meanRate_Hz, rateTraceStep, resetRateTrace } from './rateTrace.js';
import { requireFinite, requireFiniteArray, requireInteger, requireNonNegative } from './validate.js';

export interface WinnerTakeAllDecoderParams {
  readonly tau_ms: number;
  /** Number of competing groups per output (≥ 2). */
  readonly options: number;
  readonly neuronsPerOption: number;
  /** Value per option; when absent the output is the option index. */
  readonly values?: readonly number[];
  /** Output when no group is above `silentBelow_Hz`. */
  readonly silentValue: number;
  readonly silentBelow_Hz: number;
}

export interface WinnerTakeAllDecoderState {
  readonly outputs: number;
  readonly size: number;
  readonly trace: RateTraceState;
}

const WHERE = 'winner-take-all decoder';

export function createWinnerTakeAllDecoder(
  p: WinnerTakeAllDecoderParams,
  nOutputs: number,
  dt_ms: number,
): WinnerTakeAllDecoderState {
  requireInteger(WHERE, 'nOutputs', nOutputs, 1);
  requireInteger(WHERE, 'options', p.options, 2);
  requireInteger(WHERE, 'neuronsPerOption', p.neuronsPerOption, 1);
  if (p.values !== undefined) requireFiniteArray(WHERE, 'values', p.values, p.options);
  requireFinite(WHERE, 'silentValue', p.silentValue);
  requireNonNegative(WHERE, 'silentBelow_Hz', p.silentBelow_Hz);
  const size = nOutputs * p.options * p.neuronsPerOption;
  return { outputs: nOutputs, size, trace: createRateTrace(WHERE, p, size, dt_ms) };
}

export function resetWinnerTakeAllDecoder(_p: WinnerTakeAllDecoderParams, s: WinnerTakeAllDecoderState): void {
  resetRateTrace(s.trace);
}

export function winnerTakeAllDecoderStep(
  _p: WinnerTakeAllDecoderParams,
  s: WinnerTakeAllDecoderState,
  spikes: SpikeOutput,
): void {
  rateTraceStep(s.trace, spikes);
}

/** Index of the winning option of output `k`, or −1 when silent. */
export function winnerTakeAllIndex(p: WinnerTakeAllDecoderParams, s: WinnerTakeAllDecoderState, k: number): number {
  const n = p.neuronsPerOption;
  const base = k * p.options * n;
  let best = -1;
  let bestRate = p.silentBelow_Hz;
  for (let i = 0; i < p.options; i++) {
    const r = meanRate_Hz(s.trace, base + i * n, n);
    if (r > bestRate) {
      // strict '>' keeps the lowest index on ties
      best = i;
      bestRate = r;
    }
  }
  return best;
}

/** Writes each output's decision into out[0 … outputs−1]. */
export function winnerTakeAllDecoderRead(p: WinnerTakeAllDecoderParams, s: WinnerTakeAllDecoderState, out: Float32Array): void {
  for (let k = 0; k < s.outputs; k++) {
    const i = winnerTakeAllIndex(p, s, k);
    out[k] = i < 0 ? p.silentValue : p.values !== undefined ? p.values[i] : i;
  }
}
