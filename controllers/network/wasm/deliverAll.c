/*
 * The arrivals phase of a whole network in one call per step (wasmBackend.ts uses it when every
 * projection delivers on a kernel): the projections in the network's order, each exactly as its
 * own kernel (deliver_static or deliver_rstdp) would run, so the float64 sums into shared input
 * accumulators happen in the same order as the per-projection calls — bit-identical — without a
 * JS→wasm transition, an arrival check and a counter update per projection.
 *
 * table: n records of DELIVER_RECORD ints (byte offsets and integers, see wasmBackend.ts):
 *   0 kind (0 static, 1 R-STDP), 1 dMin, 2 nDelays, 3 hLists, 4 hCounts, 5 hStepOf, 6 hLength,
 *   7 hSize, 8 segStart, 9 postOf, 10 weight, 11 acc;
 *   R-STDP only: 12 r (deliver_rstdp's constants), 13 mult, 14 nearest, 15 xPre, 16 lastArrival,
 *   17 yPost, 18 preDecay, 19 eligScaled, 20 accAtFlush, 21 epoch ({ g, acc } of rstdp.ts).
 * out[0] = synaptic events, out[1] = zero-weight events, out[2] = events through R-STDP synapses.
 */
#include "arrivals.h"

#define DELIVER_RECORD 22

#define PTR(T, x) ((T)(__SIZE_TYPE__)(x))

EXPORT(deliver_all)
void deliver_all(int t, const int *table, int n, int *out) {
  int ops = 0, zeros = 0, plastic = 0;
  for (int p = 0; p < n; p++) {
    const int *e = table + p * DELIVER_RECORD;
    const int *hLists = PTR(const int *, e[3]), *hCounts = PTR(const int *, e[4]);
    const double *hStepOf = PTR(const double *, e[5]);
    const int *segStart = PTR(const int *, e[8]), *postOf = PTR(const int *, e[9]);
    double *acc = PTR(double *, e[11]);
    if (e[0] == 0) {
      for (int k = 0; k < e[2]; k++) {
        const int *lst = 0;
        const int cnt = history_spikes(t - (e[1] + k), hLists, hCounts, hStepOf, e[6], e[7], &lst);
        ops += add_segments_f64(lst, cnt, e[2], k, segStart, postOf, PTR(const float *, e[10]), acc, &zeros);
      }
    } else {
      /* rstdp.ts reads acc and 1/g from the epoch at each delivery; so does this. */
      const double *epoch = PTR(const double *, e[21]);
      const int o = rstdp_arrivals(t, e[1], e[2], hLists, hCounts, hStepOf, e[6], e[7], segStart, postOf, PTR(float *, e[10]), acc,
                                   &zeros, PTR(const double *, e[12]), epoch[1], 1 / epoch[0], e[13], e[14], PTR(double *, e[15]),
                                   PTR(int *, e[16]), PTR(const double *, e[17]), PTR(const double *, e[18]), PTR(double *, e[19]),
                                   PTR(double *, e[20]));
      ops += o;
      plastic += o;
    }
  }
  out[0] = ops;
  out[1] = zeros;
  out[2] = plastic;
}
