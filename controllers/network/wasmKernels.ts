/**
 * The engine's WebAssembly kernels (controllers/network/wasm/*.c, built by `npm run build:wasm`):
 * compiled once per process from the embedded binary, instantiated once per network over that
 * network's own memory. When WebAssembly (or SIMD128) is unavailable or the binary fails to
 * compile, `wasmKernelModule` returns null after ONE warning on stderr, and networks run on the
 * JS engine: same results in f64, never a crash.
 */
import { KERNELS_WASM_BASE64 } from './wasm/kernelsWasm.js';

// The WebAssembly JS API as far as the engine uses it (the project's TS libs, ES2023 + node, do not declare it).
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
export interface WasmModule {
  readonly __brand?: 'WasmModule';
}
interface WasmApi {
  Module: { new (bytes: Uint8Array): WasmModule; imports(m: WasmModule): Array<{ module: string; name: string; kind: string }> };
  Instance: new (m: WasmModule, imports: object) => { readonly exports: unknown };
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
  LinkError: new () => Error;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A fresh memory of `bytes` (rounded up to 64 KiB pages), fixed size: views into it never detach. */
export function createWasmMemory(bytes: number): WasmMemory {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  return new wasmApi!.Memory({ initial: pages, maximum: pages });
}

/** Where each kernel takes its arrays: byte offsets into the network's memory. */
export interface WasmKernelExports {
  readonly __heap_base: { readonly value: number };
  lif_step_f64(n: number, v: number, ie: number, ii: number, ref: number, exc: number, inh: number, ext: number, c: number, refSteps: number, flags: number, list: number, count: number): number;
  lif_step_f32(n: number, v: number, ie: number, ii: number, ref: number, exc: number, inh: number, ext: number, c: number, refSteps: number, flags: number, list: number, count: number): number;
  coba_lif_step_f64(n: number, v: number, gE: number, gI: number, ref: number, exc: number, inh: number, ext: number, c: number, refSteps: number, flags: number, list: number, count: number): number;
  coba_lif_step_f32(n: number, v: number, gE: number, gI: number, ref: number, exc: number, inh: number, ext: number, c: number, refSteps: number, flags: number, list: number, count: number): number;
  adaptive_lif_step_f64(
    n: number,
    v: number,
    ie: number,
    ii: number,
    ia: number,
    th: number,
    ref: number,
    exc: number,
    inh: number,
    ext: number,
    c: number,
    refSteps: number,
    flags: number,
    list: number,
    count: number,
  ): number;
  adaptive_lif_step_f32(
    n: number,
    v: number,
    ie: number,
    ii: number,
    ia: number,
    th: number,
    ref: number,
    exc: number,
    inh: number,
    ext: number,
    c: number,
    refSteps: number,
    flags: number,
    list: number,
    count: number,
  ): number;
  izhikevich_step_f64(n: number, v: number, u: number, exc: number, inh: number, ext: number, c: number, flags: number, list: number, count: number): number;
  izhikevich_step_f32(n: number, v: number, u: number, exc: number, inh: number, ext: number, c: number, flags: number, list: number, count: number): number;
  deliver_static(
    t: number,
    dMin: number,
    nDelays: number,
    hLists: number,
    hCounts: number,
    hStepOf: number,
    hLength: number,
    hSize: number,
    segStart: number,
    postOf: number,
    weight: number,
    acc: number,
    zerosOut: number,
  ): number;
  deliver_rstdp(
    t: number,
    dMin: number,
    nDelays: number,
    hLists: number,
    hCounts: number,
    hStepOf: number,
    hLength: number,
    hSize: number,
    segStart: number,
    postOf: number,
    weight: number,
    acc: number,
    zerosOut: number,
    r: number,
    mult: number,
    nearest: number,
    xPre: number,
    lastArrival: number,
    yPost: number,
    preDecay: number,
    eligScaled: number,
    accAtFlush: number,
  ): number;
  /** Every projection's arrivals in one call: `table` holds `n` records of DELIVER_RECORD_INTS ints (wasm/deliverAll.c); out: [events, zero-weight events, R-STDP events]. */
  deliver_all(t: number, table: number, n: number, out: number): void;
  /** Clears and steps the `n` populations of `table` (wasm/stepGroup.c). */
  step_group(table: number, n: number): void;
  /** Bernoulli spikes from xoshiro128** words at `s` (wasm/bernoulliSpikes.c); returns the new count. */
  bernoulli_spikes(s: number, p: number, n: number, flags: number, list: number, count: number): number;
  /** y[j] *= k for j < n (wasm/decayTraces.c). */
  scale_f64(y: number, n: number, k: number): void;
  deliver_within_f64(spikes: number, count: number, nDelays: number, segStart: number, postOf: number, weight: number, acc: number, zerosOut: number): number;
  deliver_within_f32(spikes: number, count: number, nDelays: number, segStart: number, postOf: number, weight: number, acc: number, zerosOut: number): number;
}

let cached: WasmModule | null | undefined;
let warned = false;

/** Prints the one fallback warning of the process (later calls print nothing). */
export function warnJsFallback(why: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`spikeloop: the WebAssembly engine is unavailable (${why}); running the JS engine (same results in f64, slower)`, { code: 'SPIKELOOP_WASM_FALLBACK' });
}

/** The compiled kernel module, or null (after one warning) when it cannot be used here. */
export function wasmKernelModule(): WasmModule | null {
  if (cached === undefined) {
    try {
      if (wasmApi === undefined) throw new Error('no WebAssembly in this runtime');
      cached = new wasmApi.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
      heapBase = readHeapBase(cached);
    } catch (e) {
      cached = null;
      warnJsFallback(e instanceof Error ? e.message : String(e));
    }
  }
  return cached;
}

/** Instantiates the kernels over `memory` (imports: the memory, Math.expm1 and Math.exp, see wasm/spikes.h). */
export function instantiateKernels(module: WasmModule, memory: WasmMemory): WasmKernelExports {
  const inst = new wasmApi!.Instance(module, { env: { memory, expm1: Math.expm1, exp: Math.exp } });
  return inst.exports as WasmKernelExports;
}

let heapBase = 0;

/** Bytes below which the kernels' stack lives: a network's arrays start at this offset. */
export function kernelHeapBase(): number {
  return heapBase;
}

function readHeapBase(module: WasmModule): number {
  // A constant of the binary: read it from a throwaway instance over the smallest memory it links with.
  for (let pages = 1; ; pages *= 2) {
    try {
      return instantiateKernels(module, new wasmApi!.Memory({ initial: pages })).__heap_base.value;
    } catch (e) {
      if (!(e instanceof wasmApi!.LinkError) || pages >= 1024) throw e;
    }
  }
}
