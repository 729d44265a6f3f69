/*
 * Adaptive LIF step (adaptiveLif.ts): lif.ts's membrane update minus an adaptation current, and an
 * adaptive threshold; the same arithmetic in the same order as adaptiveLifStep (float64,
 * bit-identical), two neurons per f64x2; or four per f32x4 with float32 state (precision 'f32'),
 * the float64 inputs rounded to float32 as they are read (as lif_step_f32 does).
 *
 * c[] = { eL, vTh, vReset, pMem, pExc, pInh, kExc, kInh, kExt, pAd, kAd, pTh, b, dTh }.
 * Returns the new spike count.
 */
#include "spikes.h"

EXPORT(adaptive_lif_step_f64)
int adaptive_lif_step_f64(int n, double *v, double *ie, double *ii, double *ia, double *th, int *ref, double *exc, double *inh,
                          const double *ext, const double *c, int refSteps, unsigned char *flags, int *list, int count) {
  const double eL = c[0], vTh = c[1], vReset = c[2], pMem = c[3], pExc = c[4], pInh = c[5], kExc = c[6], kInh = c[7], kExt = c[8];
  const double pAd = c[9], kAd = c[10], pTh = c[11], b = c[12], dTh = c[13];
  const v128_t EL = wasm_f64x2_splat(eL), VTH = wasm_f64x2_splat(vTh), VR = wasm_f64x2_splat(vReset);
  const v128_t PM = wasm_f64x2_splat(pMem), PE = wasm_f64x2_splat(pExc), PI = wasm_f64x2_splat(pInh);
  const v128_t KE = wasm_f64x2_splat(kExc), KI = wasm_f64x2_splat(kInh), KX = wasm_f64x2_splat(kExt);
  const v128_t PAD = wasm_f64x2_splat(pAd), KAD = wasm_f64x2_splat(kAd), PTH = wasm_f64x2_splat(pTh);
  const v128_t B = wasm_f64x2_splat(b), DTH = wasm_f64x2_splat(dTh);
  const v128_t RS = wasm_i64x2_splat(refSteps), ZERO = wasm_i64x2_splat(0);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t r = wasm_i64x2_load32x2(ref + i);
    v128_t isRef = wasm_i64x2_gt(r, ZERO);
    v128_t e = wasm_v128_load(ie + i), h = wasm_v128_load(ii + i), a = wasm_v128_load(ia + i);
    v128_t vn = wasm_f64x2_add(EL, wasm_f64x2_mul(wasm_f64x2_sub(wasm_v128_load(v + i), EL), PM));
    vn = wasm_f64x2_add(vn, wasm_f64x2_mul(KE, e));
    vn = wasm_f64x2_sub(vn, wasm_f64x2_mul(KI, h));
    vn = wasm_f64x2_add(vn, wasm_f64x2_mul(KX, wasm_v128_load(ext + i)));
    vn = wasm_f64x2_sub(vn, wasm_f64x2_mul(KAD, a));
    vn = wasm_v128_bitselect(VR, vn, isRef);
    r = wasm_i64x2_add(r, isRef);
    wasm_v128_store(ie + i, wasm_f64x2_add(wasm_f64x2_mul(e, PE), wasm_v128_load(exc + i)));
    wasm_v128_store(ii + i, wasm_f64x2_add(wasm_f64x2_mul(h, PI), wasm_v128_load(inh + i)));
    wasm_v128_store(exc + i, ZERO);
    wasm_v128_store(inh + i, ZERO);
    a = wasm_f64x2_mul(a, PAD);
    v128_t t = wasm_f64x2_mul(wasm_v128_load(th + i), PTH);
    v128_t spk = wasm_f64x2_ge(vn, wasm_f64x2_add(VTH, t));
    vn = wasm_v128_bitselect(VR, vn, spk);
    r = wasm_v128_bitselect(RS, r, spk);
    a = wasm_v128_bitselect(wasm_f64x2_add(a, B), a, spk);
    t = wasm_v128_bitselect(wasm_f64x2_add(t, DTH), t, spk);
    wasm_v128_store(v + i, vn);
    wasm_v128_store(ia + i, a);
    wasm_v128_store(th + i, t);
    store_ref_i64x2(ref + i, r);
    count = emit_f64x2(spk, flags, list, count, i);
  }
  for (; i < n; i++) {
    double vi;
    if (ref[i] > 0) {
      ref[i]--;
      vi = vReset;
    } else {
      vi = eL + (v[i] - eL) * pMem + kExc * ie[i] - kInh * ii[i] + kExt * ext[i] - kAd * ia[i];
    }
    take_inputs_f64(ie, ii, exc, inh, i, pExc, pInh);
    ia[i] *= pAd;
    th[i] *= pTh;
    if (vi >= vTh + th[i]) {
      vi = vReset;
      ref[i] = refSteps;
      ia[i] += b;
      th[i] += dTh;
      count = emit(flags, list, count, i);
    }
    v[i] = vi;
  }
  return count;
}

EXPORT(adaptive_lif_step_f32)
int adaptive_lif_step_f32(int n, float *v, float *ie, float *ii, float *ia, float *th, int *ref, double *exc, double *inh,
                          const double *ext, const double *c, int refSteps, unsigned char *flags, int *list, int count) {
  const float eL = (float)c[0], vTh = (float)c[1], vReset = (float)c[2], pMem = (float)c[3], pExc = (float)c[4], pInh = (float)c[5];
  const float kExc = (float)c[6], kInh = (float)c[7], kExt = (float)c[8];
  const float pAd = (float)c[9], kAd = (float)c[10], pTh = (float)c[11], b = (float)c[12], dTh = (float)c[13];
  const v128_t EL = wasm_f32x4_splat(eL), VTH = wasm_f32x4_splat(vTh), VR = wasm_f32x4_splat(vReset);
  const v128_t PM = wasm_f32x4_splat(pMem), PE = wasm_f32x4_splat(pExc), PI = wasm_f32x4_splat(pInh);
  const v128_t KE = wasm_f32x4_splat(kExc), KI = wasm_f32x4_splat(kInh), KX = wasm_f32x4_splat(kExt);
  const v128_t PAD = wasm_f32x4_splat(pAd), KAD = wasm_f32x4_splat(kAd), PTH = wasm_f32x4_splat(pTh);
  const v128_t B = wasm_f32x4_splat(b), DTH = wasm_f32x4_splat(dTh);
  const v128_t RS = wasm_i32x4_splat(refSteps), ZERO = wasm_i32x4_splat(0);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t r = wasm_v128_load(ref + i);
    v128_t isRef = wasm_i32x4_gt(r, ZERO);
    v128_t e = wasm_v128_load(ie + i), h = wasm_v128_load(ii + i), a = wasm_v128_load(ia + i);
    v128_t vn = wasm_f32x4_add(EL, wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(v + i), EL), PM));
    vn = wasm_f32x4_add(vn, wasm_f32x4_mul(KE, e));
    vn = wasm_f32x4_sub(vn, wasm_f32x4_mul(KI, h));
    vn = wasm_f32x4_add(vn, wasm_f32x4_mul(KX, load4_f64_as_f32(ext + i)));
    vn = wasm_f32x4_sub(vn, wasm_f32x4_mul(KAD, a));
    vn = wasm_v128_bitselect(VR, vn, isRef);
    r = wasm_i32x4_add(r, isRef);
    wasm_v128_store(ie + i, wasm_f32x4_add(wasm_f32x4_mul(e, PE), load4_f64_as_f32(exc + i)));
    wasm_v128_store(ii + i, wasm_f32x4_add(wasm_f32x4_mul(h, PI), load4_f64_as_f32(inh + i)));
    zero4_f64(exc + i);
    zero4_f64(inh + i);
    a = wasm_f32x4_mul(a, PAD);
    v128_t t = wasm_f32x4_mul(wasm_v128_load(th + i), PTH);
    v128_t spk = wasm_f32x4_ge(vn, wasm_f32x4_add(VTH, t));
    vn = wasm_v128_bitselect(VR, vn, spk);
    r = wasm_v128_bitselect(RS, r, spk);
    a = wasm_v128_bitselect(wasm_f32x4_add(a, B), a, spk);
    t = wasm_v128_bitselect(wasm_f32x4_add(t, DTH), t, spk);
    wasm_v128_store(v + i, vn);
    wasm_v128_store(ia + i, a);
    wasm_v128_store(th + i, t);
    wasm_v128_store(ref + i, r);
    count = emit_f32x4(spk, flags, list, count, i);
  }
  for (; i < n; i++) {
    float vi;
    if (ref[i] > 0) {
      ref[i]--;
      vi = vReset;
    } else {
      vi = eL + (v[i] - eL) * pMem + kExc * ie[i] - kInh * ii[i] + kExt * (float)ext[i] - kAd * ia[i];
    }
    take_inputs_f32(ie, ii, exc, inh, i, pExc, pInh);
    ia[i] *= pAd;
    th[i] *= pTh;
    if (vi >= vTh + th[i]) {
      vi = vReset;
      ref[i] = refSteps;
      ia[i] += b;
      th[i] += dTh;
      count = emit(flags, list, count, i);
    }
    v[i] = vi;
  }
  return count;
}
