/*
 * Izhikevich (2003) step (izhikevich.ts): two half steps of v, one of u, reset at the peak; the
 * same arithmetic in the same order as izhikevichStep (float64, bit-identical), two neurons per
 * f64x2; or four per f32x4 with float32 state (precision 'f32'): the input current is summed in
 * float64, as JS does, and rounded to float32 once.
 *
 * c[] = { halfDt, aDt, b, c, d, vPeak }. Returns the new spike count.
 */
#include "spikes.h"

EXPORT(izhikevich_step_f64)
int izhikevich_step_f64(int n, double *v, double *u, double *exc, double *inh, const double *ext, const double *c,
                        unsigned char *flags, int *list, int count) {
  const double halfDt = c[0], aDt = c[1], b = c[2], cr = c[3], d = c[4], vPeak = c[5];
  const v128_t HD = wasm_f64x2_splat(halfDt), AD = wasm_f64x2_splat(aDt), B = wasm_f64x2_splat(b), CR = wasm_f64x2_splat(cr);
  const v128_t D = wasm_f64x2_splat(d), VP = wasm_f64x2_splat(vPeak), K04 = wasm_f64x2_splat(0.04), K5 = wasm_f64x2_splat(5.0);
  const v128_t K140 = wasm_f64x2_splat(140.0), ZERO = wasm_f64x2_splat(0.0);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t I = wasm_f64x2_sub(wasm_f64x2_add(wasm_v128_load(ext + i), wasm_v128_load(exc + i)), wasm_v128_load(inh + i));
    wasm_v128_store(exc + i, ZERO);
    wasm_v128_store(inh + i, ZERO);
    v128_t vi = wasm_v128_load(v + i), ui = wasm_v128_load(u + i);
    for (int half = 0; half < 2; half++) {
      v128_t f = wasm_f64x2_add(wasm_f64x2_mul(wasm_f64x2_mul(K04, vi), vi), wasm_f64x2_mul(K5, vi));
      f = wasm_f64x2_add(wasm_f64x2_sub(wasm_f64x2_add(f, K140), ui), I);
      vi = wasm_f64x2_add(vi, wasm_f64x2_mul(HD, f));
    }
    ui = wasm_f64x2_add(ui, wasm_f64x2_mul(AD, wasm_f64x2_sub(wasm_f64x2_mul(B, vi), ui)));
    v128_t spk = wasm_f64x2_ge(vi, VP);
    vi = wasm_v128_bitselect(CR, vi, spk);
    ui = wasm_v128_bitselect(wasm_f64x2_add(ui, D), ui, spk);
    wasm_v128_store(v + i, vi);
    wasm_v128_store(u + i, ui);
    count = emit_f64x2(spk, flags, list, count, i);
  }
  for (; i < n; i++) {
    const double I = ext[i] + exc[i] - inh[i];
    exc[i] = 0;
    inh[i] = 0;
    double vi = v[i], ui = u[i];
    vi += halfDt * (0.04 * vi * vi + 5 * vi + 140 - ui + I);
    vi += halfDt * (0.04 * vi * vi + 5 * vi + 140 - ui + I);
    ui += aDt * (b * vi - ui);
    if (vi >= vPeak) {
      vi = cr;
      ui += d;
      count = emit(flags, list, count, i);
    }
    v[i] = vi;
    u[i] = ui;
  }
  return count;
}

EXPORT(izhikevich_step_f32)
int izhikevich_step_f32(int n, float *v, float *u, double *exc, double *inh, const double *ext, const double *c,
                        unsigned char *flags, int *list, int count) {
  const float halfDt = (float)c[0], aDt = (float)c[1], b = (float)c[2], cr = (float)c[3], d = (float)c[4], vPeak = (float)c[5];
  const v128_t HD = wasm_f32x4_splat(halfDt), AD = wasm_f32x4_splat(aDt), B = wasm_f32x4_splat(b), CR = wasm_f32x4_splat(cr);
  const v128_t D = wasm_f32x4_splat(d), VP = wasm_f32x4_splat(vPeak), K04 = wasm_f32x4_splat(0.04f), K5 = wasm_f32x4_splat(5.0f);
  const v128_t K140 = wasm_f32x4_splat(140.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t i01 = wasm_f64x2_sub(wasm_f64x2_add(wasm_v128_load(ext + i), wasm_v128_load(exc + i)), wasm_v128_load(inh + i));
    const v128_t i23 = wasm_f64x2_sub(wasm_f64x2_add(wasm_v128_load(ext + i + 2), wasm_v128_load(exc + i + 2)), wasm_v128_load(inh + i + 2));
    const v128_t I = wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(i01), wasm_f32x4_demote_f64x2_zero(i23), 0, 1, 4, 5);
    zero4_f64(exc + i);
    zero4_f64(inh + i);
    v128_t vi = wasm_v128_load(v + i), ui = wasm_v128_load(u + i);
    for (int half = 0; half < 2; half++) {
      v128_t f = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(K04, vi), vi), wasm_f32x4_mul(K5, vi));
      f = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_add(f, K140), ui), I);
      vi = wasm_f32x4_add(vi, wasm_f32x4_mul(HD, f));
    }
    ui = wasm_f32x4_add(ui, wasm_f32x4_mul(AD, wasm_f32x4_sub(wasm_f32x4_mul(B, vi), ui)));
    v128_t spk = wasm_f32x4_ge(vi, VP);
    vi = wasm_v128_bitselect(CR, vi, spk);
    ui = wasm_v128_bitselect(wasm_f32x4_add(ui, D), ui, spk);
    wasm_v128_store(v + i, vi);
    wasm_v128_store(u + i, ui);
    count = emit_f32x4(spk, flags, list, count, i);
  }
  for (; i < n; i++) {
    const float I = (float)(ext[i] + exc[i] - inh[i]);
    exc[i] = 0;
    inh[i] = 0;
    float vi = v[i], ui = u[i];
    vi += halfDt * (0.04f * vi * vi + 5 * vi + 140 - ui + I);
    vi += halfDt * (0.04f * vi * vi + 5 * vi + 140 - ui + I);
    ui += aDt * (b * vi - ui);
    if (vi >= vPeak) {
      vi = cr;
      ui += d;
      count = emit(flags, list, count, i);
    }
    v[i] = vi;
    u[i] = ui;
  }
  return count;
}
