/*
 * Static event delivery (deliver.ts and deliverWithinStep.ts without a delivery rule): every spike a pre neuron emitted
 * d steps ago reaches its CSR segment of delay d and adds its float32 weight to the float64
 * input accumulator, in the same order as deliverArrivals (bit-identical sums).
 *
 * History (spikeHistory.ts): lists (length × size ints, slot-major), counts, stepOf (float64).
 * Returns the synaptic events; the zero-weight events are written to *zerosOut.
 */
#include "arrivals.h"

EXPORT(deliver_static)
int deliver_static(int t, int dMin, int nDelays, const int *hLists, const int *hCounts, const double *hStepOf, int hLength,
                   int hSize, const int *segStart, const int *postOf, const float *weight, double *acc, int *zerosOut) {
  int ops = 0, zeros = 0;
  for (int k = 0; k < nDelays; k++) {
    const int *lst = 0;
    const int cnt = history_spikes(t - (dMin + k), hLists, hCounts, hStepOf, hLength, hSize, &lst);
    ops += add_segments_f64(lst, cnt, nDelays, k, segStart, postOf, weight, acc, &zeros);
  }
  *zerosOut = zeros;
  return ops;
}

/*
 * Delay-0 static delivery (deliverWithinStep.ts without a delivery rule): this step's spikes walk
 * their delay-0 segment (k = 0) and add their weights straight to the post model's jump variable
 * (float64, or float32 state in precision 'f32'), after every update, in the same order as JS.
 */
EXPORT(deliver_within_f64)
int deliver_within_f64(const int *spikes, int count, int nDelays, const int *segStart, const int *postOf, const float *weight,
                       double *acc, int *zerosOut) {
  int zeros = 0;
  const int ops = add_segments_f64(spikes, count, nDelays, 0, segStart, postOf, weight, acc, &zeros);
  *zerosOut = zeros;
  return ops;
}

EXPORT(deliver_within_f32)
int deliver_within_f32(const int *spikes, int count, int nDelays, const int *segStart, const int *postOf, const float *weight,
                       float *acc, int *zerosOut) {
  int ops = 0, zeros = 0;
  for (int q = 0; q < count; q++) {
    const int seg = spikes[q] * nDelays;
    const int s0 = segStart[seg], s1 = segStart[seg + 1];
    ops += s1 - s0;
    for (int s = s0; s < s1; s++) {
      const float w = weight[s];
      acc[postOf[s]] += w;
      zeros += w == 0.0f;
    }
  }
  *zerosOut = zeros;
  return ops;
}
