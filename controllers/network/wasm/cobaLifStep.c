/*
 * Conductance-based LIF step (cobaLif.ts, the COBA benchmark neuron): exponential Euler with
 * mid-step conductances, φ(x) = (1 − e^{−x})/x by the same degree-8 series (Estrin's scheme) for
 * 0 ≤ x ≤ 0.5 and −expm1(−x)/x otherwise (host Math.expm1, the rare branch). Same arithmetic in
 * the same order as cobaLifStep, so float64 results are bit-identical; f32x4 with float32 state
 * for precision 'f32'.
 *
 * c[] = { gL, gL·eL, eE, eI, vTh, vReset, pExc, pInh, hExc, hInh, dtOverC } (computed in JS).
 * Returns the new spike count.
 */
#include "spikes.h"

#define C1 (-1.0 / 2.0)
#define C2 (1.0 / 6.0)
#define C3 (-1.0 / 24.0)
#define C4 (1.0 / 120.0)
#define C5 (-1.0 / 720.0)
#define C6 (1.0 / 5040.0)
#define C7 (-1.0 / 40320.0)
#define C8 (1.0 / 362880.0)
#define XMAX 0.5

static inline double phi_scalar(double x) {
  if (x <= XMAX && x >= 0) {
    const double x2 = x * x, x4 = x2 * x2;
    return 1 + C1 * x + x2 * (C2 + C3 * x) + x4 * (C4 + C5 * x + x2 * (C6 + C7 * x) + x4 * C8);
  }
  return -host_expm1(-x) / x;
}

EXPORT(coba_lif_step_f64)
int coba_lif_step_f64(int n, double *v, double *gE, double *gI, int *ref, double *exc, double *inh, const double *ext,
                      const double *c, int refSteps, unsigned char *flags, int *list, int count) {
  const double gL = c[0], gLeL = c[1], eE = c[2], eI = c[3], vTh = c[4], vReset = c[5];
  const double pExc = c[6], pInh = c[7], hExc = c[8], hInh = c[9], dtOverC = c[10];
  const v128_t GL = wasm_f64x2_splat(gL), GLEL = wasm_f64x2_splat(gLeL), EE = wasm_f64x2_splat(eE), EI = wasm_f64x2_splat(eI);
  const v128_t VTH = wasm_f64x2_splat(vTh), VR = wasm_f64x2_splat(vReset);
  const v128_t PE = wasm_f64x2_splat(pExc), PI = wasm_f64x2_splat(pInh), HE = wasm_f64x2_splat(hExc), HI = wasm_f64x2_splat(hInh);
  const v128_t DTC = wasm_f64x2_splat(dtOverC), ONE = wasm_f64x2_splat(1.0), XM = wasm_f64x2_splat(XMAX), FZ = wasm_f64x2_splat(0.0);
  const v128_t K1 = wasm_f64x2_splat(C1), K2 = wasm_f64x2_splat(C2), K3 = wasm_f64x2_splat(C3), K4 = wasm_f64x2_splat(C4);
  const v128_t K5 = wasm_f64x2_splat(C5), K6 = wasm_f64x2_splat(C6), K7 = wasm_f64x2_splat(C7), K8 = wasm_f64x2_splat(C8);
  const v128_t RS = wasm_i64x2_splat(refSteps), ZERO = wasm_i64x2_splat(0);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t ge = wasm_v128_load(gE + i), gi = wasm_v128_load(gI + i), vi = wasm_v128_load(v + i);
    v128_t r = wasm_i64x2_load32x2(ref + i);
    v128_t isRef = wasm_i64x2_gt(r, ZERO);
    v128_t gem = wasm_f64x2_mul(ge, HE), gim = wasm_f64x2_mul(gi, HI);
    v128_t gTot = wasm_f64x2_add(wasm_f64x2_add(GL, gem), gim);
    v128_t iTot = wasm_f64x2_add(GLEL, wasm_f64x2_mul(gem, EE));
    iTot = wasm_f64x2_add(iTot, wasm_f64x2_mul(gim, EI));
    iTot = wasm_f64x2_add(iTot, wasm_v128_load(ext + i));
    iTot = wasm_f64x2_sub(iTot, wasm_f64x2_mul(gTot, vi));
    v128_t x = wasm_f64x2_mul(gTot, DTC);
    v128_t x2 = wasm_f64x2_mul(x, x), x4 = wasm_f64x2_mul(x2, x2);
    v128_t lo = wasm_f64x2_add(wasm_f64x2_add(ONE, wasm_f64x2_mul(K1, x)), wasm_f64x2_mul(x2, wasm_f64x2_add(K2, wasm_f64x2_mul(K3, x))));
    v128_t hi = wasm_f64x2_add(wasm_f64x2_add(K4, wasm_f64x2_mul(K5, x)), wasm_f64x2_mul(x2, wasm_f64x2_add(K6, wasm_f64x2_mul(K7, x))));
    hi = wasm_f64x2_add(hi, wasm_f64x2_mul(x4, K8));
    v128_t phi = wasm_f64x2_add(lo, wasm_f64x2_mul(x4, hi));
    v128_t inRange = wasm_v128_and(wasm_f64x2_le(x, XM), wasm_f64x2_ge(x, FZ));
    if (!wasm_i64x2_all_true(wasm_v128_or(inRange, isRef))) {
      double p0 = wasm_f64x2_extract_lane(phi, 0), p1 = wasm_f64x2_extract_lane(phi, 1);
      if (!wasm_i64x2_extract_lane(inRange, 0)) p0 = phi_scalar(wasm_f64x2_extract_lane(x, 0));
      if (!wasm_i64x2_extract_lane(inRange, 1)) p1 = phi_scalar(wasm_f64x2_extract_lane(x, 1));
      phi = wasm_f64x2_make(p0, p1);
    }
    v128_t vn = wasm_f64x2_add(vi, wasm_f64x2_mul(wasm_f64x2_mul(DTC, phi), iTot));
    vn = wasm_v128_bitselect(VR, vn, isRef);
    r = wasm_i64x2_add(r, isRef);
    wasm_v128_store(gE + i, wasm_f64x2_add(wasm_f64x2_mul(ge, PE), wasm_v128_load(exc + i)));
    wasm_v128_store(gI + i, wasm_f64x2_add(wasm_f64x2_mul(gi, PI), wasm_v128_load(inh + i)));
    wasm_v128_store(exc + i, ZERO);
    wasm_v128_store(inh + i, ZERO);
    count = fire_f64x2(vn, r, VTH, VR, RS, v, ref, i, flags, list, count);
  }
  for (; i < n; i++) {
    const double ge = gE[i], gi = gI[i];
    double vi = v[i];
    if (ref[i] > 0) {
      ref[i]--;
      vi = vReset;
    } else {
      const double gem = ge * hExc, gim = gi * hInh;
      const double gTot = gL + gem + gim;
      const double iTot = gLeL + gem * eE + gim * eI + ext[i] - gTot * vi;
      const double x = gTot * dtOverC;
      vi += dtOverC * phi_scalar(x) * iTot;
    }
    take_inputs_f64(gE, gI, exc, inh, i, pExc, pInh);
    count = fire_f64(vi, vTh, vReset, refSteps, v, ref, i, flags, list, count);
  }
  return count;
}

static inline float phi_scalar_f32(float x) {
  if (x <= (float)XMAX && x >= 0) {
    const float x2 = x * x, x4 = x2 * x2;
    return 1 + (float)C1 * x + x2 * ((float)C2 + (float)C3 * x) + x4 * ((float)C4 + (float)C5 * x + x2 * ((float)C6 + (float)C7 * x) + x4 * (float)C8);
  }
  return (float)(-host_expm1(-(double)x) / (double)x);
}

EXPORT(coba_lif_step_f32)
int coba_lif_step_f32(int n, float *v, float *gE, float *gI, int *ref, double *exc, double *inh, const double *ext,
                      const double *c, int refSteps, unsigned char *flags, int *list, int count) {
  const float gL = (float)c[0], gLeL = (float)c[1], eE = (float)c[2], eI = (float)c[3], vTh = (float)c[4], vReset = (float)c[5];
  const float pExc = (float)c[6], pInh = (float)c[7], hExc = (float)c[8], hInh = (float)c[9], dtOverC = (float)c[10];
  const v128_t GL = wasm_f32x4_splat(gL), GLEL = wasm_f32x4_splat(gLeL), EE = wasm_f32x4_splat(eE), EI = wasm_f32x4_splat(eI);
  const v128_t VTH = wasm_f32x4_splat(vTh), VR = wasm_f32x4_splat(vReset);
  const v128_t PE = wasm_f32x4_splat(pExc), PI = wasm_f32x4_splat(pInh), HE = wasm_f32x4_splat(hExc), HI = wasm_f32x4_splat(hInh);
  const v128_t DTC = wasm_f32x4_splat(dtOverC), ONE = wasm_f32x4_splat(1.0f), XM = wasm_f32x4_splat((float)XMAX), FZ = wasm_f32x4_splat(0.0f);
  const v128_t K1 = wasm_f32x4_splat((float)C1), K2 = wasm_f32x4_splat((float)C2), K3 = wasm_f32x4_splat((float)C3), K4 = wasm_f32x4_splat((float)C4);
  const v128_t K5 = wasm_f32x4_splat((float)C5), K6 = wasm_f32x4_splat((float)C6), K7 = wasm_f32x4_splat((float)C7), K8 = wasm_f32x4_splat((float)C8);
  const v128_t RS = wasm_i32x4_splat(refSteps), ZERO = wasm_i32x4_splat(0);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t ge = wasm_v128_load(gE + i), gi = wasm_v128_load(gI + i), vi = wasm_v128_load(v + i);
    v128_t r = wasm_v128_load(ref + i);
    v128_t isRef = wasm_i32x4_gt(r, ZERO);
    v128_t gem = wasm_f32x4_mul(ge, HE), gim = wasm_f32x4_mul(gi, HI);
    v128_t gTot = wasm_f32x4_add(wasm_f32x4_add(GL, gem), gim);
    v128_t iTot = wasm_f32x4_add(GLEL, wasm_f32x4_mul(gem, EE));
    iTot = wasm_f32x4_add(iTot, wasm_f32x4_mul(gim, EI));
    iTot = wasm_f32x4_add(iTot, load4_f64_as_f32(ext + i));
    iTot = wasm_f32x4_sub(iTot, wasm_f32x4_mul(gTot, vi));
    v128_t x = wasm_f32x4_mul(gTot, DTC);
    v128_t x2 = wasm_f32x4_mul(x, x), x4 = wasm_f32x4_mul(x2, x2);
    v128_t lo = wasm_f32x4_add(wasm_f32x4_add(ONE, wasm_f32x4_mul(K1, x)), wasm_f32x4_mul(x2, wasm_f32x4_add(K2, wasm_f32x4_mul(K3, x))));
    v128_t hi = wasm_f32x4_add(wasm_f32x4_add(K4, wasm_f32x4_mul(K5, x)), wasm_f32x4_mul(x2, wasm_f32x4_add(K6, wasm_f32x4_mul(K7, x))));
    hi = wasm_f32x4_add(hi, wasm_f32x4_mul(x4, K8));
    v128_t phi = wasm_f32x4_add(lo, wasm_f32x4_mul(x4, hi));
    v128_t inRange = wasm_v128_and(wasm_f32x4_le(x, XM), wasm_f32x4_ge(x, FZ));
    if (!wasm_i32x4_all_true(wasm_v128_or(inRange, isRef))) {
      int m = wasm_i32x4_bitmask(inRange);
      float p[4], xs[4];
      wasm_v128_store(p, phi);
      wasm_v128_store(xs, x);
      for (int l = 0; l < 4; l++)
        if (!(m & (1 << l))) p[l] = phi_scalar_f32(xs[l]);
      phi = wasm_v128_load(p);
    }
    v128_t vn = wasm_f32x4_add(vi, wasm_f32x4_mul(wasm_f32x4_mul(DTC, phi), iTot));
    vn = wasm_v128_bitselect(VR, vn, isRef);
    r = wasm_i32x4_add(r, isRef);
    wasm_v128_store(gE + i, wasm_f32x4_add(wasm_f32x4_mul(ge, PE), load4_f64_as_f32(exc + i)));
    wasm_v128_store(gI + i, wasm_f32x4_add(wasm_f32x4_mul(gi, PI), load4_f64_as_f32(inh + i)));
    zero4_f64(exc + i);
    zero4_f64(inh + i);
    count = fire_f32x4(vn, r, VTH, VR, RS, v, ref, i, flags, list, count);
  }
  for (; i < n; i++) {
    const float ge = gE[i], gi = gI[i];
    float vi = v[i];
    if (ref[i] > 0) {
      ref[i]--;
      vi = vReset;
    } else {
      const float gem = ge * hExc, gim = gi * hInh;
      const float gTot = gL + gem + gim;
      const float iTot = gLeL + gem * eE + gim * eI + (float)ext[i] - gTot * vi;
      const float x = gTot * dtOverC;
      vi += dtOverC * phi_scalar_f32(x) * iTot;
    }
    take_inputs_f32(gE, gI, exc, inh, i, pExc, pInh);
    count = fire_f32(vi, vTh, vReset, refSteps, v, ref, i, flags, list, count);
  }
  return count;
}
