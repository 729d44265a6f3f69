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

#endif
