/*
 * Delivery through an R-STDP projection (rstdp.ts, rstdpDeliverSegment inside deliverArrivals):
 * per arriving spike and synapse, flush the lazily modulated weight, add the depression to the
 * eligibility, update the pre trace (lookup table by integer age, host Math.exp beyond it), add
 * the weight to the target's input. Float64 bookkeeping in both precisions, the same operations
 * in the same order as JS — including that the input receives the unrounded float64 weight while
 * the float32 weight array stores it rounded — so results are bit-identical.
 *
 * r[] = { eta, aMinus, wMin, wMax, invSpan, acc (epoch integral), invG, kPre } (set by JS each call).
 * Returns the synaptic events; the zero-weight events (after flushing) are written to *zerosOut.
 */
#include "spikes.h"

#define PRE_DECAY_STEPS 1024

EXPORT(deliver_rstdp)
int deliver_rstdp(int t, int dMin, int nDelays, const int *hLists, const int *hCounts, const double *hStepOf, int hLength,
                  int hSize, const int *segStart, const int *postOf, float *weight, double *acc, int *zerosOut, const double *r,
                  int mult, int nearest, double *xPre, int *lastArrival, const double *yPost, const double *preDecay,
                  double *eligScaled, double *accAtFlush) {
  const double eta = r[0], aMinus = r[1], wMin = r[2], wMax = r[3], invSpan = r[4], a = r[5], invG = r[6], kPre = r[7];
  int ops = 0, zeros = 0;
  for (int k = 0; k < nDelays; k++) {
    const int *lst = 0;
    const int cnt = history_spikes(t - (dMin + k), hLists, hCounts, hStepOf, hLength, hSize, &lst);
    for (int q = 0; q < cnt; q++) {
      const int seg = lst[q] * nDelays + k;
      const int s0 = segStart[seg], s1 = segStart[seg + 1];
      ops += s1 - s0;
      for (int s = s0; s < s1; s++) {
        double w = weight[s];
        const double e = eligScaled[s];
        const double da = a - accAtFlush[s];
        if (da != 0 && e != 0) {
          w += eta * e * da;
          w = w < wMin ? wMin : w > wMax ? wMax : w;
          weight[s] = (float)w;
        }
        accAtFlush[s] = a;
        const int j = postOf[s];
        const double y = yPost[j];
        if (y != 0) eligScaled[s] = e - aMinus * (mult ? (w - wMin) * invSpan : 1) * y * invG;
        const double x = xPre[s];
        const int age = t - lastArrival[s];
        xPre[s] = nearest || x == 0 ? 1 : x * (age < PRE_DECAY_STEPS ? preDecay[age] : host_exp(age * kPre)) + 1;
        lastArrival[s] = t;
        acc[j] += w;
      }
      for (int s = s0; s < s1; s++) zeros += weight[s] == 0.0f;
    }
  }
  *zerosOut = zeros;
  return ops;
}
