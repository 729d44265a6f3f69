/**
 * Independent Bernoulli spikes: neuron i of a population spikes in this step when the next
 * uniform draw of `rng` is below `prob[i]`, one draw per neuron in neuron order whatever its
 * probability (so the stream's position never depends on the inputs). Poisson sources and the
 * rate encoders draw their spikes through it (inputSource.ts, poissonEncoder.ts,
 * gaussianPopulationEncoder.ts).
 *
 * On the wasm engine a source population's spike buffer carries a `sampler`
 * (wasmBackend.ts): the same generator words drawn by a kernel (wasm/bernoulliSpikes.c), so the
 * same spikes and the same generator state afterwards, without a JS call per draw.
 */
import type { Rng } from '../../loop/rng.js';
import type { SpikeOutput } from './model.js';
import { emitSpike } from './model.js';

/** Draws the spikes of neurons 0 … n−1 with probabilities prob[0 … n−1] into `out` (already cleared). */
export type BernoulliSampler = (rng: Rng, prob: Float64Array, n: number, out: SpikeOutput) => void;

export function bernoulliSpikes(rng: Rng, prob: Float64Array, n: number, out: SpikeOutput): void {
  const sampler = out.sampler;
  if (sampler != null) sampler(rng, prob, n, out);
  else bernoulliSpikesJs(rng, prob, n, out);
}

/** The draws in JS (what a sampler must reproduce). */
export function bernoulliSpikesJs(rng: Rng, prob: Float64Array, n: number, out: SpikeOutput): void {
  for (let i = 0; i < n; i++) if (rng.uniform() < prob[i]) emitSpike(out, i);
}
