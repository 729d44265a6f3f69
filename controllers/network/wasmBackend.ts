/**
 * The WebAssembly engine backend: moves a freshly built network's hot arrays — input
 * accumulators, spike buffers, spike histories, the state of populations whose model has a
 * kernel (lif, coba-lif, adaptive-lif, izhikevich), the CSR arrays of static projections and of
 * R-STDP projections with the rule's per-synapse state — into one wasm memory per
 * network, then rebinds those populations' steps and those projections' delivery to the SIMD
 * kernels (controllers/network/wasm/*.c). When every projection delivers on a kernel, the
 * arrivals phase is one call per step (deliver_all); source populations draw their Bernoulli
 * spikes on a kernel (bernoulli_spikes, the same generator words); large R-STDP post
 * populations decay their traces on one. JS keeps orchestrating (networkStep.ts) and every
 * other piece (plasticity rules' post side, monitors, other models) runs unchanged on the same
 * arrays, which are now views into the wasm memory.
 *
 * Precision: 'f64' is bit-identical with the JS engine (same operations in the same order, no
 * FMA). 'f32' stores the state of every kernel model in float32 and steps it with f32x4 (input
 * accumulators and the plasticity bookkeeping stay float64).
 *
 * The memory has a fixed size (initial = maximum), so the typed-array views never detach.
 * Called by buildNetwork before the first reset; nothing may hold the old arrays yet.
 */
import type { SynapticCounters } from '../metrics/synapticCounters.js';
import type { CobaLifParams, CobaLifState } from '../neurons/cobaLif.js';
import type { AdaptiveLifParams, AdaptiveLifState } from '../neurons/adaptiveLif.js';
import type { IzhikevichParams, IzhikevichState } from '../neurons/izhikevich.js';
import type { LifParams, LifState } from '../neurons/lif.js';
import type { PopulationInput, SpikeOutput } from '../neurons/model.js';
import type { BernoulliSampler } from '../neurons/bernoulliSpikes.js';
import { bernoulliSpikesJs } from '../neurons/bernoulliSpikes.js';
import type { BoundNeurons } from './boundNeurons.js';
import type { Network, NetworkProjection } from './network.js';
import type { Population } from './population.js';
import type { SpikeHistory } from './spikeHistory.js';
import type { RstdpState } from '../plasticity/rstdp.js';
import { EPOCH_ACC, EPOCH_G } from '../plasticity/rstdp.js';
import { PRE_DECAY_STEPS } from '../plasticity/stdpTraces.js';
import { ENGINE_ENV, engineEnvProblem } from './engineEnv.js';
import type { WasmKernelExports, WasmMemory } from './wasmKernels.js';
import { createWasmMemory, instantiateKernels, kernelHeapBase, wasmKernelModule } from './wasmKernels.js';

export type EngineBackend = 'js' | 'wasm';
export type EnginePrecision = 'f64' | 'f32';

/** The engine a network runs on, as built. */
export interface EngineChoice {
  readonly backend: EngineBackend;
  readonly precision: EnginePrecision;
}

export { ENGINE_ENV } from './engineEnv.js';

/** The models with kernels, by kind. */
const KERNEL_KINDS = new Set(['lif', 'coba-lif', 'adaptive-lif', 'izhikevich']);

/**
 * The backend a build asks for: SPIKELOOP_ENGINE when set (it wins, so one variable can force
 * the JS engine everywhere), else the build option, else 'wasm'.
 */
export function requestedBackend(option: EngineBackend | undefined): EngineBackend {
  const bad = engineEnvProblem();
  if (bad) throw new RangeError(bad);
  const env = process.env[ENGINE_ENV];
  if (env === 'js' || env === 'wasm') return env;
  if (option !== undefined && option !== 'js' && option !== 'wasm') throw new RangeError(`backend: expected 'js' or 'wasm', got '${String(option)}'`);
  return option ?? 'wasm';
}

type ArrayView = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;
interface ViewConstructor<A extends ArrayView> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): A;
  new (length: number): A;
  readonly BYTES_PER_ELEMENT: number;
}

/** Bump allocator over the network's memory; with no buffer it only measures (first pass). */
class Arena {
  constructor(
    private readonly buf: ArrayBuffer | null,
    public end: number,
  ) {}

  private take(bytes: number): number {
    const off = (this.end + 15) & ~15;
    this.end = off + bytes;
    return off;
  }

  /** A view of `src`'s values in the memory (a 16-byte aligned slice); an empty array when measuring. */
  private view<A extends ArrayView>(C: ViewConstructor<A>, src: ArrayLike<number>): A {
    const off = this.take(src.length * C.BYTES_PER_ELEMENT);
    const a = this.buf ? new C(this.buf, off, src.length) : new C(0);
    if (this.buf) a.set(src);
    return a;
  }

  f64(src: ArrayLike<number>): Float64Array {
    return this.view(Float64Array, src);
  }

  f32(src: ArrayLike<number>): Float32Array {
    return this.view(Float32Array, src);
  }

  i32(src: ArrayLike<number>): Int32Array {
    return this.view(Int32Array, src);
  }

  u32(src: ArrayLike<number>): Uint32Array {
    return this.view(Uint32Array, src);
  }

  u8(src: ArrayLike<number>): Uint8Array {
    return this.view(Uint8Array, src);
  }
}

// The network's objects are built read-only for their users; only this module, once, before the
// first step, swaps their arrays for views of the same values in wasm memory.
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Moves `net` onto the wasm kernels. Returns false when the kernels cannot be loaded (after the one
 * process-wide warning) or the network's arrays do not fit one wasm memory (a warning for it); the
 * network then stays on the JS engine, unchanged.
 */
export function attachWasmBackend(net: Network, precision: EnginePrecision): boolean {
  const module = wasmKernelModule();
  if (module === null) return false;
  const base = kernelHeapBase();
  const measure = new Arena(null, base);
  relocate(net, measure, null, precision);
  let memory: WasmMemory;
  try {
    // wasm32 addresses, and the kernels' int indices: keep a network's memory under 2 GiB.
    if (measure.end > MAX_MEMORY_BYTES) throw new RangeError(`it needs ${(measure.end / 2 ** 30).toFixed(2)} GiB of wasm memory, above the ${MAX_MEMORY_BYTES / 2 ** 30} GiB a network may have`);
    memory = createWasmMemory(measure.end);
  } catch (e) {
    process.emitWarning(`spikeloop: this network runs on the JS engine: ${e instanceof Error ? e.message : String(e)}`, { code: 'SPIKELOOP_WASM_TOO_LARGE' });
    return false;
  }
  const kernels = instantiateKernels(module, memory);
  relocate(net, new Arena(memory.buffer, base), kernels, precision);
  return true;
}

/** Largest wasm memory a network may take (wasm32 addresses; the kernels index with int). */
const MAX_MEMORY_BYTES = 2 ** 31;

/** Ints per projection record of deliver_all's table (wasm/deliverAll.c). */
const DELIVER_RECORD_INTS = 22;

/** Ints per population record of step_group's table (wasm/stepGroup.c). */
const GROUP_RECORD_INTS = 16;

/**
 * Two or more populations on kernels: their update phase becomes one step_group call per step
 * (networkStep runs it before the population loop and skips their clear and step). `records[p]`:
 * population p's step_group record, or null (not on a kernel).
 */
function groupPopulations(net: Network, records: ReadonlyArray<number[] | null>, table: Int32Array, k: WasmKernelExports): void {
  const members = net.populations.filter((_, p) => records[p] !== null);
  if (members.length < 2) return;
  members.forEach((pop, g) => {
    table.set(records[pop.index]!, g * GROUP_RECORD_INTS);
    (pop as Mutable<Population>).grouped = true;
  });
  const spikes = members.map((pop) => pop.spikes);
  const n = spikes.length;
  const [stepGroup, tp] = [k.step_group, table.byteOffset];
  const COUNT = 4;
  net.stepGroup = () => {
    // Counts in: JS may have cleared a buffer since (a reset, a population stepped on its own).
    for (let g = 0; g < n; g++) table[g * GROUP_RECORD_INTS + COUNT] = spikes[g]!.count;
    stepGroup(tp, n);
    for (let g = 0; g < n; g++) spikes[g]!.count = table[g * GROUP_RECORD_INTS + COUNT]!;
  };
}

/** A projection's deliver_all record (wasm/deliverAll.c), or null when it does not deliver on a kernel. */
type DeliverRecord = number[] | null;

function relocate(net: Network, a: Arena, k: WasmKernelExports | null, precision: EnginePrecision): void {
  const scratch = a.i32([0]);
  // The same sizes in both passes: a record per projection and deliver_all's three counters.
  const table = a.i32(new Int32Array(net.projections.length * DELIVER_RECORD_INTS));
  const out = a.i32([0, 0, 0]);
  const groupTable = a.i32(new Int32Array(net.populations.length * GROUP_RECORD_INTS));
  const stepped = net.populations.map((pop) => relocatePopulation(pop, a, k, precision));
  if (k !== null) groupPopulations(net, stepped, groupTable, k);
  const records = net.projections.map((np) => relocateProjection(np, net.populations, a, k, scratch));
  if (k === null || records.length === 0 || records.some((r) => r === null)) return;
  // Every projection delivers on a kernel: the whole arrivals phase becomes one call per step.
  records.forEach((r, p) => table.set(r!, p * DELIVER_RECORD_INTS));
  const deliverAll = k.deliver_all;
  const [tp, n, op] = [table.byteOffset, records.length, out.byteOffset];
  net.deliverAll = (t: number, sc: SynapticCounters): number => {
    deliverAll(t, tp, n, op);
    const ops = out[0]!;
    sc.effectiveOps += ops - out[1]!;
    sc.plasticUpdates += out[2]!;
    return ops;
  };
}

function relocatePopulation(pop: Population, a: Arena, k: WasmKernelExports | null, precision: EnginePrecision): number[] | null {
  const input: PopulationInput = { exc: a.f64(pop.input.exc), inh: a.f64(pop.input.inh), ext: a.f64(pop.input.ext) };
  const flags = a.u8(pop.spikes.flags);
  const list = a.i32(pop.spikes.list);
  const sampler = pop.dynamics.kind === 'source' ? kernelSampler(pop.size, flags, list, a, k) : null;
  const spikes: SpikeOutput = { flags, list, count: pop.spikes.count, sampler };
  const h = pop.history;
  const history: SpikeHistory = { length: h.length, size: h.size, lists: a.i32(h.lists), counts: a.i32(h.counts), stepOf: a.f64(h.stepOf) };
  const dyn = pop.dynamics;
  const kern = dyn.kind === 'neurons' && KERNEL_KINDS.has(dyn.neurons.kind) ? kernelNeurons(dyn.neurons, input, spikes, a, k, precision) : null;
  if (k === null) return null;
  const m = pop as Mutable<Population>;
  m.input = input;
  m.spikes = spikes;
  m.history = history;
  if (kern === null) return null;
  m.dynamics = { kind: 'neurons', neurons: kern.neurons };
  return kern.record;
}

/**
 * A source population's Bernoulli draws (bernoulliSpikes.ts) on bernoulli_spikes: the probabilities
 * and the generator's four words are copied into this memory, drawn from, and the words copied
 * back, so the JS generator continues the same stream. Arrays of another length draw in JS.
 */
function kernelSampler(size: number, flags: Uint8Array, list: Int32Array, a: Arena, k: WasmKernelExports | null): BernoulliSampler | null {
  const prob = a.f64(new Float64Array(size));
  const words = a.u32(new Uint32Array(4));
  if (k === null) return null;
  const draw = k.bernoulli_spikes;
  const [pp, wp, fp, lp] = [prob.byteOffset, words.byteOffset, flags.byteOffset, list.byteOffset];
  return (rng, p, n, out) => {
    if (n !== size || p.length !== size) return bernoulliSpikesJs(rng, p, n, out);
    // Element copies: for a few dozen values they beat TypedArray#set's call.
    for (let i = 0; i < n; i++) prob[i] = p[i]!;
    const s = rng.stateWords();
    for (let i = 0; i < 4; i++) words[i] = s[i]!;
    out.count = draw(wp, pp, n, fp, lp, out.count);
    for (let i = 0; i < 4; i++) s[i] = words[i]!;
  };
}

/**
 * The state arrays of a population whose model has a kernel, in wasm memory, and its step on the
 * kernel. State variables are moved by name (the model's own state fields); float32 in precision
 * 'f32' (refractory counters stay int32).
 */
function kernelNeurons(
  b: BoundNeurons,
  input: PopulationInput,
  out: SpikeOutput,
  a: Arena,
  k: WasmKernelExports | null,
  precision: EnginePrecision,
): { neurons: BoundNeurons; record: number[] } {
  const f32 = precision === 'f32';
  const st = b.state as Record<string, unknown> & { n: number; refLeft?: Int32Array };
  const moved: Record<string, Float64Array | Float32Array | Int32Array> = {};
  const real = (name: string) => (moved[name] = f32 ? a.f32(st[name] as Float64Array) : a.f64(st[name] as Float64Array)).byteOffset;
  const ref = () => (moved['refLeft'] = a.i32(st.refLeft!)).byteOffset;
  const n = st.n;
  const exc = input.exc.byteOffset;
  const inh = input.inh.byteOffset;
  const ext = input.ext.byteOffset;
  const flags = out.flags.byteOffset;
  const list = out.list.byteOffset;
  let step: (o: SpikeOutput) => void;
  // step_group's record (wasm/stepGroup.c): kernel id (even f64, odd f32), then the same arguments.
  let record: number[];
  const head = (id: number, c: number, refSteps: number) => [id + (f32 ? 1 : 0), n, flags, list, 0, c, exc, inh, ext, refSteps];
  switch (b.kind) {
    case 'lif': {
      const p = b.params as LifParams;
      const co = (b.state as LifState).coef;
      const c = a.f64([p.eLeak_mV, p.vThresh_mV, p.vReset_mV, co.pMem, co.pExc, co.pInh, co.kExc, co.kInh, co.kExt]).byteOffset;
      const [v, ie, ii, rf] = [real('v_mV'), real('iExc_pA'), real('iInh_pA'), ref()];
      const { refSteps } = co;
      const kern = k && (f32 ? k.lif_step_f32 : k.lif_step_f64);
      step = (o) => (o.count = kern!(n, v, ie, ii, rf, exc, inh, ext, c, refSteps, flags, list, o.count));
      record = [...head(0, c, refSteps), v, ie, ii, rf];
      break;
    }
    case 'coba-lif': {
      const p = b.params as CobaLifParams;
      const co = (b.state as CobaLifState).coef;
      const c = a.f64([p.gLeak_nS, p.gLeak_nS * p.eLeak_mV, p.eExc_mV, p.eInh_mV, p.vThresh_mV, p.vReset_mV, co.pExc, co.pInh, co.hExc, co.hInh, co.dtOverC]).byteOffset;
      const [v, ge, gi, rf] = [real('v_mV'), real('gExc_nS'), real('gInh_nS'), ref()];
      const { refSteps } = co;
      const kern = k && (f32 ? k.coba_lif_step_f32 : k.coba_lif_step_f64);
      step = (o) => (o.count = kern!(n, v, ge, gi, rf, exc, inh, ext, c, refSteps, flags, list, o.count));
      record = [...head(2, c, refSteps), v, ge, gi, rf];
      break;
    }
    case 'adaptive-lif': {
      const p = b.params as AdaptiveLifParams;
      const co = (b.state as AdaptiveLifState).coef;
      const l = co.lif;
      const c = a.f64([
        p.eLeak_mV, p.vThresh_mV, p.vReset_mV, l.pMem, l.pExc, l.pInh, l.kExc, l.kInh, l.kExt,
        co.pAdaptCurrent, co.kAdaptCurrent, co.pAdaptThresh, p.adaptCurrentIncrement_pA, p.adaptThreshIncrement_mV,
      ]).byteOffset;
      const [v, ie, ii, ia, th, rf] = [real('v_mV'), real('iExc_pA'), real('iInh_pA'), real('iAdapt_pA'), real('thAdapt_mV'), ref()];
      const { refSteps } = l;
      const kern = k && (f32 ? k.adaptive_lif_step_f32 : k.adaptive_lif_step_f64);
      step = (o) => (o.count = kern!(n, v, ie, ii, ia, th, rf, exc, inh, ext, c, refSteps, flags, list, o.count));
      record = [...head(4, c, refSteps), v, ie, ii, ia, th, rf];
      break;
    }
    default: {
      const p = b.params as IzhikevichParams;
      const co = (b.state as IzhikevichState).coef;
      const c = a.f64([co.halfDt, co.aDt, p.b, p.c, p.d, p.vPeak_mV]).byteOffset;
      const [v, u] = [real('v_mV'), real('u')];
      const kern = k && (f32 ? k.izhikevich_step_f32 : k.izhikevich_step_f64);
      step = (o) => (o.count = kern!(n, v, u, exc, inh, ext, c, flags, list, o.count));
      record = [...head(6, c, 0), v, u];
    }
  }
  if (k === null) return { neurons: b, record };
  Object.assign(b.state as object, moved);
  const { model, params, state } = b;
  const neurons: BoundNeurons = {
    kind: b.kind,
    // The population's own input and spike buffers are the ones at these offsets.
    step: (_input, o) => step(o),
    reset: () => model.reset(params, state),
    variables: model.variables(state),
    model,
    params,
    state,
  };
  return { neurons, record };
}

function relocateProjection(np: NetworkProjection, pops: readonly Population[], a: Arena, k: WasmKernelExports | null, scratch: Int32Array): DeliverRecord {
  const rule = np.deliveryRule;
  if (rule !== null && rule === np.plasticity && rule.kind === 'rstdp' && (rule as RstdpState).traces.preDecay.length === PRE_DECAY_STEPS) {
    return relocateRstdp(np, rule as RstdpState, pops, a, k, scratch);
  }
  // Other plastic projections keep their arrays where their rule's state points and deliver in JS.
  if (np.plasticity !== null || rule !== null) return null;
  const p = np.syn;
  const segStart = a.i32(p.segStart);
  const postOf = a.i32(p.postOf);
  const weight = a.f32(p.weight);
  if (k === null) return null;
  const m = p as Mutable<typeof p>;
  m.segStart = segStart;
  m.postOf = postOf;
  m.weight = weight;
  const { pre, post, acc, hl, hc, hs, hLen, hSize, arrives } = arrivalArgs(np, pops);
  const { dMin, nDelays } = p;
  const [seg, po, w, zp] = [segStart.byteOffset, postOf.byteOffset, weight.byteOffset, scratch.byteOffset];
  const deliver = k.deliver_static;
  const m2 = np as Mutable<NetworkProjection>;
  m2.deliverKernel = (t: number, sc: SynapticCounters): number => {
    if (!arrives(t)) return 0;
    const ops = deliver(t, dMin, nDelays, hl, hc, hs, hLen, hSize, seg, po, w, acc, zp);
    sc.effectiveOps += ops - scratch[0]!;
    return ops;
  };
  const record = [0, dMin, nDelays, hl, hc, hs, hLen, hSize, seg, po, w, acc];
  if (dMin !== 0) return record;
  // Delay 0 jumps the post model's variable (or a source's input) directly; on the kernel only
  // when that array lives in this memory (a model without a kernel keeps its state in JS).
  const dyn = post.dynamics;
  const jump = dyn.kind === 'neurons' ? dyn.neurons.model.jumpVariables : undefined;
  const target = dyn.kind === 'neurons' ? (jump === undefined ? undefined : dyn.neurons.variables[p.target === 'exc' ? jump.exc : jump.inh]) : p.target === 'exc' ? post.input.exc : post.input.inh;
  if (target === undefined || target.buffer !== scratch.buffer) return record;
  const within = target instanceof Float32Array ? k.deliver_within_f32 : k.deliver_within_f64;
  const ta = target.byteOffset;
  const spikes = pre.spikes;
  const list = spikes.list.byteOffset;
  m2.deliverWithinKernel = (_t: number, sc: SynapticCounters): number => {
    if (spikes.count === 0) return 0;
    const ops = within(list, spikes.count, nDelays, seg, po, w, ta, zp);
    sc.effectiveOps += ops - scratch[0]!;
    return ops;
  };
  return record;
}

/** Post populations from this size decay their traces on the kernel (below, a wasm call costs more than the JS loop). */
const DECAY_KERNEL_MIN_NEURONS = 64;

/** An R-STDP projection: its synapse arrays and the rule's per-synapse state move; delivery runs on deliver_rstdp. */
function relocateRstdp(np: NetworkProjection, st: RstdpState, pops: readonly Population[], a: Arena, k: WasmKernelExports | null, scratch: Int32Array): DeliverRecord {
  const p = np.syn;
  const tr = st.traces;
  const segStart = a.i32(p.segStart);
  const postOf = a.i32(p.postOf);
  const weight = a.f32(p.weight);
  const xPre = a.f64(tr.xPre);
  const lastArrival = a.i32(tr.lastArrival);
  const yPost = a.f64(tr.yPost);
  const preDecay = a.f64(tr.preDecay);
  const eligScaled = a.f64(st.eligScaled);
  const accAtFlush = a.f64(st.accAtFlush);
  const epochArr = a.f64(st.epoch);
  const pr = st.params;
  const r = a.f64([pr.eta_per_ms, pr.aMinus, pr.wMin, pr.wMax, 1 / (pr.wMax - pr.wMin), 0, 1, tr.preExponentPerStep]);
  if (k === null) return null;
  Object.assign(p, { segStart, postOf, weight });
  Object.assign(tr, { xPre, lastArrival, yPost, preDecay });
  Object.assign(st, { eligScaled, accAtFlush, epoch: epochArr });
  const { acc, hl, hc, hs, hLen, hSize, arrives } = arrivalArgs(np, pops);
  const { dMin, nDelays } = p;
  const [seg, po, w, zp, rp] = [segStart.byteOffset, postOf.byteOffset, weight.byteOffset, scratch.byteOffset, r.byteOffset];
  const [xp, la, yp, pd, el, af] = [xPre.byteOffset, lastArrival.byteOffset, yPost.byteOffset, preDecay.byteOffset, eligScaled.byteOffset, accAtFlush.byteOffset];
  const mult = pr.weightDependence === 'multiplicative' ? 1 : 0;
  const nearest = tr.nearest ? 1 : 0;
  const epoch = st.epoch;
  const deliver = k.deliver_rstdp;
  (np as Mutable<NetworkProjection>).deliverKernel = (t: number, sc: SynapticCounters): number => {
    if (!arrives(t)) return 0;
    r[5] = epoch[EPOCH_ACC]!;
    r[6] = 1 / epoch[EPOCH_G]!;
    const ops = deliver(t, dMin, nDelays, hl, hc, hs, hLen, hSize, seg, po, w, acc, zp, rp, mult, nearest, xp, la, yp, pd, el, af);
    sc.effectiveOps += ops - scratch[0]!;
    sc.plasticUpdates += ops;
    return ops;
  };
  if (yPost.length >= DECAY_KERNEL_MIN_NEURONS) {
    const scale = k.scale_f64;
    const [n, decay] = [yPost.length, tr.decayMinus];
    tr.decayKernel = () => scale(yp, n, decay);
  }
  return [1, dMin, nDelays, hl, hc, hs, hLen, hSize, seg, po, w, acc, rp, mult, nearest, xp, la, yp, pd, el, af, epochArr.byteOffset];
}

/**
 * What deliver_static and deliver_rstdp read besides the synapses: the pre history (byte offsets
 * and shape), the post input accumulator the projection targets, and the arrival check.
 */
function arrivalArgs(np: NetworkProjection, pops: readonly Population[]) {
  const p = np.syn;
  const pre = pops[p.preIndex]!;
  const post = pops[p.postIndex]!;
  const h = pre.history;
  return {
    pre,
    post,
    acc: (p.target === 'exc' ? post.input.exc : post.input.inh).byteOffset,
    hl: h.lists.byteOffset,
    hc: h.counts.byteOffset,
    hs: h.stepOf.byteOffset,
    hLen: h.length,
    hSize: h.size,
    arrives: arrivalCheck(h, p.dMin, p.nDelays),
  };
}

/**
 * Whether any spike reaches the projection in step t (a slot of the pre history holds the step
 * and is not empty): a few typed-array reads that save a call into wasm on the many steps of a
 * small network where nothing arrives.
 */
function arrivalCheck(h: SpikeHistory, dMin: number, nDelays: number): (t: number) => boolean {
  const { stepOf, counts, length } = h;
  return (t) => {
    for (let k = 0; k < nDelays; k++) {
      const step = t - (dMin + k);
      if (step < 0) return false;
      const slot = step % length;
      if (stepOf[slot] === step && counts[slot]! > 0) return true;
    }
    return false;
  };
}
