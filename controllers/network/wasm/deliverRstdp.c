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
#include "arrivals.h"

EXPORT(deliver_rstdp)
int deliver_rstdp(int t, int dMin, int nDelays, const int *hLists, const int *hCounts, const double *hStepOf, int hLength,
                  int hSize, const int *segStart, const int *postOf, float *weight, double *acc, int *zerosOut, const double *r,
                  int mult, int nearest, double *xPre, int *lastArrival, const double *yPost, const double *preDecay,
                  double *eligScaled, double *accAtFlush) {
  int zeros = 0;
  const int ops = rstdp_arrivals(t, dMin, nDelays, hLists, hCounts, hStepOf, hLength, hSize, segStart, postOf, weight, acc, &zeros, r,
                                 r[5], r[6], mult, nearest, xPre, lastArrival, yPost, preDecay, eligScaled, accAtFlush);
  *zerosOut = zeros;
  return ops;
}
