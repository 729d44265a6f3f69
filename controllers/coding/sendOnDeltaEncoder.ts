/**
 * Send-on-delta encoder (event-based sampling, as in a DVS pixel or a Lebesgue sampler;
 * Miskowicz 2006): each value has an ON/OFF neuron pair and a reference level L. Whenever the
 * value has risen by at least `threshold` above L the ON neuron fires and L ← L + threshold;
 * when it has fallen by at least `threshold` below L the OFF neuron fires and L ← L − threshold.
 * The first non-NaN value after a reset sets L without an event.
 *
 * A spike output holds at most one spike per neuron per step, so a change spanning several
 * thresholds emits one event per step until L has caught up: no event is lost, the extra ones
 * are delayed by up to ⌊|Δ|/threshold⌋ − 1 steps. After a ramp from a to b the ON (or OFF)
 * count is ⌊|b − a| / threshold⌋. Values are clipped to [low, high]; NaN samples are ignored
 * (no event, L kept). The comparison allows a relative slack of 1e-9·threshold so that levels
 * built by repeated addition still fire on exact multiples of the threshold.
 *
 * Layout: neuron 2i is ON and 2i+1 is OFF for value i. Deterministic.
 */
import type { SpikeOutput } from '../neurons/model.js';
import { emitSpike } from '../neurons/model.js';
import { clipInput } from './inputRange.js';
import { requireInteger, requireInterval, requirePositive } from './validate.js';

export interface SendOnDeltaEncoderParams {
  readonly low: number;
  readonly high: number;
  /** Change (input units) that triggers one event. */
  readonly threshold: number;
}

export interface SendOnDeltaEncoderState {
  readonly nInputs: number;
  /** 2 · nInputs (ON, OFF per value). */
  readonly size: number;
  /** Reference level per value (last event level, or the first sample). */
  readonly level: Float64Array;
  /** 1 once the level has been set by a sample. */
  readonly hasLevel: Uint8Array;
}

const WHERE = 'send-on-delta encoder';
const SLACK = 1 - 1e-9;

export function createSendOnDeltaEncoder(
  p: SendOnDeltaEncoderParams,
  nInputs: number,
  dt_ms: number,
): SendOnDeltaEncoderState {
  requirePositive(WHERE, 'dt_ms', dt_ms);
  requireInteger(WHERE, 'nInputs', nInputs, 1);
  requireInterval(WHERE, p.low, p.high);
  requirePositive(WHERE, 'threshold', p.threshold);
  return { nInputs, size: 2 * nInputs, level: new Float64Array(nInputs), hasLevel: new Uint8Array(nInputs) };
}

export function resetSendOnDeltaEncoder(_p: SendOnDeltaEncoderParams, s: SendOnDeltaEncoderState): void {
  s.level.fill(0);
  s.hasLevel.fill(0);
}

export function sendOnDeltaEncoderStep(
  p: SendOnDeltaEncoderParams,
  s: SendOnDeltaEncoderState,
  values: ArrayLike<number>,
  out: SpikeOutput,
): void {
  const th = p.threshold;
  const fire = th * SLACK;
  const { level, hasLevel } = s;
  for (let i = 0; i < s.nInputs; i++) {
    const x = clipInput(values[i], p.low, p.high);
    if (x !== x) continue;
    if (hasLevel[i] === 0) {
      level[i] = x;
      hasLevel[i] = 1;
      continue;
    }
    const d = x - level[i];
    if (d >= fire) {
      level[i] += th;
      emitSpike(out, 2 * i);
    } else if (d <= -fire) {
      level[i] -= th;
      emitSpike(out, 2 * i + 1);
    }
  }
}
