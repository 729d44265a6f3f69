/*
 * Shared by the kernels: how a step emits spikes, exactly as model.ts's emitSpike does
 * (flags[i] = 1, list[count++] = i, in ascending neuron order), and the export attribute.
 * Kernels take byte offsets into the network's one wasm memory (pointers) and plain numbers;
 * they allocate nothing, call no libm and keep no state between calls.
 */
#ifndef SPIKELOOP_SPIKES_H
#define SPIKELOOP_SPIKES_H

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name))) __attribute__((visibility("default")))

/* Math.expm1 from the host: the rare out-of-series branch of φ(x) calls the same function the
 * JS engine calls, so results stay bit-identical. */
__attribute__((import_module("env"), import_name("expm1"))) double host_expm1(double x);
/* Math.exp from the host, for the same reason (pre-trace ages beyond the lookup table). */
__attribute__((import_module("env"), import_name("exp"))) double host_exp(double x);

static inline int emit(unsigned char *flags, int *list, int count, int i) {
  flags[i] = 1;
  list[count] = i;
  return count + 1;
}

/* Emits the spiking lanes of an f64x2 mask (neurons i, i + 1), lowest lane first. */
static inline int emit_f64x2(v128_t spk, unsigned char *flags, int *list, int count, int i) {
  if (wasm_v128_any_true(spk)) {
    if (wasm_i64x2_extract_lane(spk, 0)) count = emit(flags, list, count, i);
    if (wasm_i64x2_extract_lane(spk, 1)) count = emit(flags, list, count, i + 1);
  }
  return count;
}

/* Emits the spiking lanes of an f32x4 mask (neurons i … i + 3), lowest lane first. */
static inline int emit_f32x4(v128_t spk, unsigned char *flags, int *list, int count, int i) {
  if (wasm_v128_any_true(spk)) {
    int m = wasm_i32x4_bitmask(spk);
    for (int l = 0; l < 4; l++)
      if (m & (1 << l)) count = emit(flags, list, count, i + l);
  }
  return count;
}

/* The f64x2 kernels widen two int32 refractory counters to i64x2 lanes; this narrows them back. */
static inline void store_ref_i64x2(int *ref, v128_t r) {
  ref[0] = (int)wasm_i64x2_extract_lane(r, 0);
  ref[1] = (int)wasm_i64x2_extract_lane(r, 1);
}

/*
 * Threshold of an f64x2 LIF step after the refractory select: lanes with vn >= VTH reset to VR and
 * start RS refractory steps; stores v and ref of neurons i, i + 1 and emits their spikes.
 */
static inline int fire_f64x2(v128_t vn, v128_t r, v128_t VTH, v128_t VR, v128_t RS, double *v, int *ref, int i,
                             unsigned char *flags, int *list, int count) {
  v128_t spk = wasm_f64x2_ge(vn, VTH);
  wasm_v128_store(v + i, wasm_v128_bitselect(VR, vn, spk));
  store_ref_i64x2(ref + i, wasm_v128_bitselect(RS, r, spk));
  return emit_f64x2(spk, flags, list, count, i);
}

/* fire_f64x2 for four float32 neurons (int32 refractory lanes). */
static inline int fire_f32x4(v128_t vn, v128_t r, v128_t VTH, v128_t VR, v128_t RS, float *v, int *ref, int i,
                             unsigned char *flags, int *list, int count) {
  v128_t spk = wasm_f32x4_ge(vn, VTH);
  wasm_v128_store(v + i, wasm_v128_bitselect(VR, vn, spk));
  wasm_v128_store(ref + i, wasm_v128_bitselect(RS, r, spk));
  return emit_f32x4(spk, flags, list, count, i);
}

/*
 * The scalar tail of the LIF steps, as model.ts's update: the synaptic variables a, b (I_e/I_i or
 * g_e/g_i) decay and take this step's float64 inputs, which are then cleared.
 */
static inline void take_inputs_f64(double *a, double *b, double *exc, double *inh, int i, double pa, double pb) {
  a[i] = a[i] * pa + exc[i];
  b[i] = b[i] * pb + inh[i];
  exc[i] = 0;
  inh[i] = 0;
}

/* take_inputs_f64 for float32 state: each input rounded to float32 before the add. */
static inline void take_inputs_f32(float *a, float *b, double *exc, double *inh, int i, float pa, float pb) {
  a[i] = a[i] * pa + (float)exc[i];
  b[i] = b[i] * pb + (float)inh[i];
  exc[i] = 0;
  inh[i] = 0;
}

/* The scalar fire_f64x2: vi >= vTh resets to vReset, starts refSteps refractory steps and emits i; stores v[i]. */
static inline int fire_f64(double vi, double vTh, double vReset, int refSteps, double *v, int *ref, int i,
                           unsigned char *flags, int *list, int count) {
  if (vi >= vTh) {
    vi = vReset;
    ref[i] = refSteps;
    count = emit(flags, list, count, i);
  }
  v[i] = vi;
  return count;
}

/* fire_f64 for float32 state. */
static inline int fire_f32(float vi, float vTh, float vReset, int refSteps, float *v, int *ref, int i,
                           unsigned char *flags, int *list, int count) {
  if (vi >= vTh) {
    vi = vReset;
    ref[i] = refSteps;
    count = emit(flags, list, count, i);
  }
  v[i] = vi;
  return count;
}

/* Four float64 values rounded to float32 lanes, as (float)p[l] per element. */
static inline v128_t load4_f64_as_f32(const double *p) {
  v128_t a = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(p));
  v128_t b = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(p + 2));
  return wasm_i32x4_shuffle(a, b, 0, 1, 4, 5);
}

/* Clears four float64 input slots (the f32x4 kernels' inputs stay float64). */
static inline void zero4_f64(double *p) {
  wasm_v128_store(p, wasm_f64x2_splat(0.0));
  wasm_v128_store(p + 2, wasm_f64x2_splat(0.0));
}

/*
 * The spikes a population emitted at `step` (spikeHistory.ts's historySlot and its list): their
 * count, with *lst set to their neuron indices; 0 when the step is negative or has left the ring.
 */
static inline int history_spikes(int step, const int *hLists, const int *hCounts, const double *hStepOf, int hLength,
                                 int hSize, const int **lst) {
  if (step < 0) return 0;
  const int slot = step % hLength;
  if (hStepOf[slot] != (double)step) return 0;
  *lst = hLists + slot * hSize;
  return hCounts[slot];
}

#endif
