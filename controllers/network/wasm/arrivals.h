/*
 * The delivery walks shared by the per-projection kernels (deliverStatic.c, deliverRstdp.c) and
 * the one-call-per-step delivery of a whole network (deliverAll.c): the same operations in the
 * same order wherever they are called from.
 */
#ifndef SPIKELOOP_ARRIVALS_H
#define SPIKELOOP_ARRIVALS_H

#include "spikes.h"

/*
 * The segments of delay index k of `cnt` pre spikes: each adds its float32 weights to the float64
 * accumulator in CSR order. Returns the synaptic events and counts the zero weights in *zeros.
 */
static inline int add_segments_f64(const int *pre, int cnt, int nDelays, int k, const int *segStart, const int *postOf,
                                   const float *weight, double *acc, int *zeros) {
  int ops = 0;
  for (int q = 0; q < cnt; q++) {
    const int seg = pre[q] * nDelays + k;
    const int s0 = segStart[seg], s1 = segStart[seg + 1];
    ops += s1 - s0;
    for (int s = s0; s < s1; s++) {
      const float w = weight[s];
      acc[postOf[s]] += (double)w;
      *zeros += w == 0.0f;
    }
  }
  return ops;
}

#define PRE_DECAY_STEPS 1024

/* deliver_rstdp's walk with the epoch's acc integral `a` and 1/g `invG` given; zeros added to *zeros. */
static inline int rstdp_arrivals(int t, int dMin, int nDelays, const int *hLists, const int *hCounts, const double *hStepOf,
                                 int hLength, int hSize, const int *segStart, const int *postOf, float *weight, double *acc,
                                 int *zeros, const double *r, double a, double invG, int mult, int nearest, double *xPre,
                                 int *lastArrival, const double *yPost, const double *preDecay, double *eligScaled,
                                 double *accAtFlush) {
  const double eta = r[0], aMinus = r[1], wMin = r[2], wMax = r[3], invSpan = r[4], kPre = r[7];
  int ops = 0;
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
      for (int s = s0; s < s1; s++) *zeros += weight[s] == 0.0f;
    }
  }
  return ops;
}

#endif
