/*
 * Static event delivery (deliver.ts without a delivery rule): every spike a pre neuron emitted
 * d steps ago reaches its CSR segment of delay d and adds its float32 weight to the float64
 * input accumulator, in the same order as deliverArrivals (bit-identical sums).
 *
 * History (spikeHistory.ts): lists (length × size ints, slot-major), counts, stepOf (float64).
 * Returns the synaptic events; the zero-weight events are written to *zerosOut.
 */
#include "spikes.h"

EXPORT(deliver_static)
int deliver_static(int t, int dMin, int nDelays, const int *hLists, const int *hCounts, const double *hStepOf, int hLength,
                   int hSize, const int *segStart, const int *postOf, const float *weight, double *acc, int *zerosOut) {
  int ops = 0, zeros = 0;
  for (int k = 0; k < nDelays; k++) {
    const int step = t - (dMin + k);
    if (step < 0) continue;
    const int slot = step % hLength;
    if (hStepOf[slot] != (double)step) continue;
    const int cnt = hCounts[slot];
    const int *lst = hLists + slot * hSize;
    for (int q = 0; q < cnt; q++) {
      const int seg = lst[q] * nDelays + k;
      const int s0 = segStart[seg], s1 = segStart[seg + 1];
      ops += s1 - s0;
      for (int s = s0; s < s1; s++) {
        const float w = weight[s];
        acc[postOf[s]] += (double)w;
        zeros += w == 0.0f;
      }
    }
  }
  *zerosOut = zeros;
  return ops;
}
