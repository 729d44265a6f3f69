/*
 * One step of post-trace decay (stdpTraces.ts, decayPostTraces): y[j] *= k for every post neuron,
 * two per f64x2 — the same float64 multiplications as JS, so bit-identical. The wasm engine uses
 * it for large post populations, where this O(neurons) pass is a visible share of a plastic step.
 */
#include "spikes.h"

EXPORT(scale_f64)
void scale_f64(double *y, int n, double k) {
  const v128_t K = wasm_f64x2_splat(k);
  int j = 0;
  for (; j + 2 <= n; j += 2) wasm_v128_store(y + j, wasm_f64x2_mul(wasm_v128_load(y + j), K));
  for (; j < n; j++) y[j] *= k;
}
