/**
 * Izhikevich (2007), "Solving the distal reward problem through linkage of STDP and dopamine
 * signaling", Cerebral Cortex 17:2443–2452, Fig. 1 — rebuilt from the author's `daspnet.m`.
 *
 * Network: 800 excitatory RS and 200 inhibitory FS Izhikevich neurons (v₀ = −65, u₀ = b·v₀,
 * dt = 1 ms, v in two 0.5 ms half-steps), 100 synapses per neuron, all with a 1 ms delay.
 * Connectivity as in the code, `post = ceil([N*rand(Ne,M); Ne*rand(Ni,M)])`: every excitatory
 * neuron draws its 100 targets uniformly among all 1000 neurons *with replacement* (so ≈ 80 onto
 * excitatory and ≈ 20 onto inhibitory neurons, duplicates and autapses possible), weight 1; every
 * inhibitory neuron draws 100 excitatory targets, weight −1 (here: target 'inh', magnitude 1).
 * Excitatory synapses (onto both populations) are plastic in [0, 4]; inhibitory ones are fixed.
 * Every ms every neuron gets thalamic input I = 13·(rand − 0.5), written into `input.ext`.
 *
 * Plasticity, the code's discrete rule and our continuous equivalent:
 *  - STDP traces are set to 0.1 at a spike and decay ×0.95 per ms: nearest-neighbour pairing,
 *    τ₊ = τ₋ = −1 ms / ln 0.95 ≈ 19.5 ms, A₊ = 0.1.
 *  - LTD: the code delivers a spike in the step it is detected and subtracts 1.5 × the post
 *    trace *of that step*; our engine registers the arrival one step later (the 1 ms delay), by
 *    which time the post trace has decayed once more (×0.95). A₋ = 1.5·0.1/0.95 makes every
 *    pair's LTD identical to the code's (LTP needs no correction: the code reads the pre trace
 *    one column back, i.e. at the arrival step, exactly as we do).
 *  - Eligibility sd decays ×0.99 every 10 ms: τ_e = −10 ms / ln 0.99 ≈ 995 ms.
 *  - Dopamine DA decays ×0.995 per ms (τ_d ≈ 199.5 ms) and jumps by 0.5 at each reward.
 *  - Every 10 ms, s += (0.002 + DA)·sd, clipped to [0, 4]. Continuous equivalent:
 *    dw/dt = η·(tonic + phasic)·e with tonic = 0.002 and η = 1/(10 ms) = 0.1 per ms. The engine
 *    integrates this exactly and continuously (rstdp.ts) instead of in 10 ms lumps.
 *
 * The task: n1 = excitatory neuron 0, n2 = the first of its excitatory targets that is neither
 * n1 itself nor a duplicate (the code takes `post(1,1)`, which may be inhibitory or duplicated;
 * we want a unique excitatory synapse so "the target synapse" is one number). Its weight starts
 * at 0. Whenever n2 fires 1–19 ms after n1's latest spike (the code's `t − n1f < 20` with
 * `n2f > n1f`), a reward is scheduled 1001–3000 ms later (uniform, the code's
 * `1000 + ceil(2000·rand)`), and delivered as DA += 0.5 after that step. As in the code, several
 * rewards due in the same ms give one pulse (`any(rew == t)`).
 *
 * `runDistalReward` can shorten the reward delay (the reduced test does; see its justification)
 * and replace the contingent rewards by none or by rewards at random times (controls).
 *
 * Random streams: `distal:connect` (targets), `thalamus` (input), `reward-delay` (delays),
 * `reward-times` (the Poisson control). The loop allocates nothing per step.
 */
import { Rng } from '../../loop/rng.js';
import { buildNetwork } from '../network/buildNetwork.js';
import type { Network } from '../network/network.js';
import { findModulator, findPopulation, findProjection, rewardNetwork, settleWeights } from '../network/networkAccess.js';
import type { NetworkSpec } from '../network/networkSpec.js';
import { networkStep } from '../network/networkStep.js';

/** The constants of `daspnet.m`, in the code's own (discrete, per-step) form. */
export const DASPNET = {
  nExc: 800,
  nInh: 200,
  synapsesPerNeuron: 100,
  /** Maximal synaptic strength sm. */
  wMax: 4,
  /** Thalamic input: I = amplitude·(rand − 0.5) every ms. */
  thalamicAmplitude: 13,
  /** STDP trace value at a spike, and its decay factor per 1 ms step. */
  stdpTraceJump: 0.1,
  stdpTraceDecayPerStep: 0.95,
  /** LTD is this times the post trace. */
  ltdRatio: 1.5,
  /** sd ← 0.99·sd and s ← s + (tonic + DA)·sd every 10 ms. */
  eligibilityDecayPerUpdate: 0.99,
  weightUpdateInterval_ms: 10,
  tonicDopamine: 0.002,
  /** DA ← 0.995·DA every 1 ms step. */
  dopamineDecayPerStep: 0.995,
  rewardDopamine: 0.5,
  /** n2 must fire less than this after n1 (and strictly after it). */
  coincidenceWindow_ms: 20,
  /** Reward delay: uniform over whole ms in [min, max]. */
  rewardDelayMin_ms: 1001,
  rewardDelayMax_ms: 3000,
  dt_ms: 1,
} as const;

/** Time constant of a quantity multiplied by `factor` every `every_ms`. */
export function tauFromDecay(factor: number, every_ms: number): number {
  return -every_ms / Math.log(factor);
}

/** Which rewards the run delivers: the paper's contingent ones, none, or Poisson times (control). */
export type DistalRewardSchedule =
  | { readonly kind: 'contingent' }
  | { readonly kind: 'none' }
  /** Rewards at random times (probability rate·dt per step), unrelated to n1→n2 firing. */
  | { readonly kind: 'poisson'; readonly rate_Hz: number };

export interface DistalRewardSetup {
  readonly spec: NetworkSpec;
  /** Presynaptic (n1) and postsynaptic (n2) excitatory neuron of the rewarded synapse. */
  readonly n1: number;
  readonly n2: number;
}

/**
 * The network spec (connectivity drawn from `seed`, stream `distal:connect`) and the rewarded
 * pair. Projections: `exc-exc` and `exc-inh` (R-STDP on modulator `dopamine`), `inh-exc` (fixed).
 */
export function distalRewardSpec(seed: number): DistalRewardSetup {
  const P = DASPNET;
  const n = P.nExc + P.nInh;
  const rng = new Rng(seed, 'distal:connect');
  const ee: Array<[number, number]> = [];
  const ei: Array<[number, number]> = [];
  const ie: Array<[number, number]> = [];
  for (let i = 0; i < P.nExc; i++) {
    for (let m = 0; m < P.synapsesPerNeuron; m++) {
      const j = rng.int(n);
      if (j < P.nExc) ee.push([i, j]);
      else ei.push([i, j - P.nExc]);
    }
  }
  for (let i = 0; i < P.nInh; i++) for (let m = 0; m < P.synapsesPerNeuron; m++) ie.push([i, rng.int(P.nExc)]);

  const n1 = 0;
  const fromN1 = ee.filter(([i]) => i === n1).map(([, j]) => j);
  const n2 = fromN1.find((j) => j !== n1 && fromN1.indexOf(j) === fromN1.lastIndexOf(j));
  if (n2 === undefined) throw new RangeError(`distalRewardSpec: seed ${seed} gives neuron ${n1} no unique excitatory target`);

  const tauTrace = tauFromDecay(P.stdpTraceDecayPerStep, P.dt_ms);
  const rstdp = {
    kind: 'rstdp' as const,
    modulator: 'dopamine',
    aPlus: P.stdpTraceJump,
    aMinus: (P.ltdRatio * P.stdpTraceJump) / P.stdpTraceDecayPerStep,
    tauPlus_ms: tauTrace,
    tauMinus_ms: tauTrace,
    pairing: 'nearest' as const,
    weightDependence: 'additive' as const,
    wMin: 0,
    wMax: P.wMax,
    tauElig_ms: tauFromDecay(P.eligibilityDecayPerUpdate, P.weightUpdateInterval_ms),
    eta_per_ms: 1 / P.weightUpdateInterval_ms,
  };
  const list = (pairs: Array<[number, number]>) => ({ kind: 'list' as const, pairs });
  const spec: NetworkSpec = {
    dt_ms: P.dt_ms,
    populations: [
      { name: 'exc', size: P.nExc, neuron: { kind: 'izhikevich', preset: 'RS' } },
      { name: 'inh', size: P.nInh, neuron: { kind: 'izhikevich', preset: 'FS' } },
    ],
    modulators: [{ name: 'dopamine', tau_ms: tauFromDecay(P.dopamineDecayPerStep, P.dt_ms), tonic: P.tonicDopamine, baseline: { kind: 'none' } }],
    projections: [
      {
        name: 'exc-exc',
        pre: 'exc',
        post: 'exc',
        connectivity: list(ee),
        weight: 1,
        weights: ee.map(([i, j]) => (i === n1 && j === n2 ? 0 : 1)),
        delay_ms: P.dt_ms,
        plasticity: rstdp,
      },
      { name: 'exc-inh', pre: 'exc', post: 'inh', connectivity: list(ei), weight: 1, delay_ms: P.dt_ms, plasticity: rstdp },
      { name: 'inh-exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: list(ie), weight: 1, delay_ms: P.dt_ms },
    ],
  };
  return { spec, n1, n2 };
}

export interface DistalRewardOptions {
  readonly seed: number;
  readonly duration_s: number;
  /** @default { kind: 'contingent' } */
  readonly schedule?: DistalRewardSchedule;
  /** Dopamine jump per reward. @default DASPNET.rewardDopamine (0.5) */
  readonly reward?: number;
  /** Reward delay range in ms (whole ms, inclusive). @default the code's 1001–3000 ms */
  readonly rewardDelay_ms?: { readonly min: number; readonly max: number };
  /** Called after every simulated second with its index (0-based) and the trace so far. */
  readonly onSecond?: (second: number, trace: DistalRewardTrace) => void;
}

/** Per-second figures, sampled at the end of each simulated second (weights settled). */
export interface DistalRewardTrace {
  readonly n1: number;
  readonly n2: number;
  readonly targetWeight: Float64Array;
  /** Rewards (dopamine pulses) delivered so far. */
  readonly rewards: Int32Array;
  /** n1-then-n2 coincidences (rewards scheduled in the contingent run) so far. */
  readonly coincidences: Int32Array;
  /** Mean, median and 99th percentile of every other plastic (excitatory) weight, exc→exc and exc→inh. */
  readonly otherMean: Float64Array;
  readonly otherMedian: Float64Array;
  readonly otherP99: Float64Array;
  /** Mean firing rate of all 1000 neurons during that second. */
  readonly rate_Hz: Float64Array;
}

/** Longer than the longest reward delay, so a slot is consumed before it can be reused. */
const REWARD_RING = 4096;

/** Runs the experiment for `duration_s` simulated seconds and returns the per-second trace. */
export function runDistalReward(opts: DistalRewardOptions): DistalRewardTrace {
  const run = startDistalReward(opts);
  for (const sec of run.seconds) opts.onSecond?.(sec, run.trace);
  return run.trace;
}

/** A started experiment: `seconds` simulates one second per iteration and yields its index once
 *  that second's figures are in `trace`, so a caller can pace it (e.g. yield to the event loop so
 *  Ctrl-C is handled) or stop early. */
export interface DistalRewardRun {
  readonly trace: DistalRewardTrace;
  readonly seconds: Generator<number, void, void>;
}

export function startDistalReward(opts: Omit<DistalRewardOptions, 'onSecond'>): DistalRewardRun {
  const P = DASPNET;
  if (!(Number.isInteger(opts.duration_s) && opts.duration_s > 0)) {
    throw new RangeError(`runDistalReward: duration_s must be a whole number of seconds > 0, got ${opts.duration_s}`);
  }
  const schedule = opts.schedule ?? { kind: 'contingent' };
  if (schedule.kind === 'poisson' && !(schedule.rate_Hz >= 0 && schedule.rate_Hz * P.dt_ms * 1e-3 <= 1)) {
    throw new RangeError(`runDistalReward: schedule.rate_Hz must be in [0, ${1000 / P.dt_ms}] Hz, got ${schedule.rate_Hz}`);
  }
  const reward = opts.reward ?? P.rewardDopamine;
  if (!(Number.isFinite(reward) && reward >= 0)) throw new RangeError(`runDistalReward: reward must be a finite number ≥ 0, got ${reward}`);

  const delayRange = opts.rewardDelay_ms ?? { min: P.rewardDelayMin_ms, max: P.rewardDelayMax_ms };
  if (!(Number.isInteger(delayRange.min) && Number.isInteger(delayRange.max) && delayRange.min >= 1 && delayRange.min <= delayRange.max && delayRange.max < REWARD_RING)) {
    throw new RangeError(`runDistalReward: rewardDelay_ms must be whole ms with 1 ≤ min ≤ max < ${REWARD_RING}, got ${delayRange.min}–${delayRange.max}`);
  }
  const { spec, n1, n2 } = distalRewardSpec(opts.seed);
  const net = buildNetwork(spec, { seed: opts.seed });
  const exc = findPopulation(net, 'exc');
  const inh = findPopulation(net, 'inh');
  const da = findModulator(net, 'dopamine');
  const ee = findProjection(net, 'exc-exc').syn;
  const ei = findProjection(net, 'exc-inh').syn;
  const target = targetSynapse(net, n1, n2);

  const thalamus = new Rng(opts.seed, 'thalamus');
  const delays = new Rng(opts.seed, 'reward-delay');
  const times = new Rng(opts.seed, 'reward-times');
  const pRandom = schedule.kind === 'poisson' ? schedule.rate_Hz * P.dt_ms * 1e-3 : 0;
  const contingent = schedule.kind === 'contingent';
  const due = new Uint8Array(REWARD_RING);
  const others = new Float64Array(ee.nSyn + ei.nSyn - 1);
  const extE = exc.input.ext;
  const extI = inh.input.ext;
  const flagsE = exc.spikes.flags;
  const amp = P.thalamicAmplitude;
  const window = Math.round(P.coincidenceWindow_ms / P.dt_ms);
  const delayMin = Math.round(delayRange.min / P.dt_ms);
  const delaySpan = Math.round(delayRange.max / P.dt_ms) - delayMin + 1;
  const stepsPerSecond = Math.round(1000 / P.dt_ms);

  const seconds = opts.duration_s;
  const trace: DistalRewardTrace = {
    n1,
    n2,
    targetWeight: new Float64Array(seconds),
    rewards: new Int32Array(seconds),
    coincidences: new Int32Array(seconds),
    otherMean: new Float64Array(seconds),
    otherMedian: new Float64Array(seconds),
    otherP99: new Float64Array(seconds),
    rate_Hz: new Float64Array(seconds),
  };
  return { trace, seconds: simulateSeconds() };

  function* simulateSeconds(): Generator<number, void, void> {
    let lastN1 = -1e9;
    let rewards = 0;
    let coincidences = 0;
    for (let sec = 0; sec < seconds; sec++) {
      const spikes0 = net.counters.spikesTotal;
      for (let k = 0; k < stepsPerSecond; k++) {
        // The code draws I = 13·(rand(N,1) − 0.5) for neurons 1..N: excitatory first.
        for (let i = 0; i < extE.length; i++) extE[i] = amp * (thalamus.uniform() - 0.5);
        for (let i = 0; i < extI.length; i++) extI[i] = amp * (thalamus.uniform() - 0.5);
        const t = net.step;
        networkStep(net);
        if (flagsE[n1] === 1) lastN1 = t;
        if (flagsE[n2] === 1 && t > lastN1 && t - lastN1 < window) {
          coincidences++;
          if (contingent) due[(t + delayMin + delays.int(delaySpan)) % REWARD_RING] = 1;
        }
        let deliver = false;
        const slot = t % REWARD_RING;
        if (due[slot] === 1) {
          due[slot] = 0;
          deliver = true;
        }
        if (pRandom > 0 && times.uniform() < pRandom) deliver = true;
        if (deliver) {
          rewardNetwork(net, da, reward);
          rewards++;
        }
      }
      settleWeights(net);
      trace.targetWeight[sec] = ee.weight[target];
      trace.rewards[sec] = rewards;
      trace.coincidences[sec] = coincidences;
      let m = 0;
      let sum = 0;
      for (let s = 0; s < ee.nSyn; s++) {
        if (s !== target) {
          others[m++] = ee.weight[s];
          sum += ee.weight[s];
        }
      }
      for (let s = 0; s < ei.nSyn; s++) {
        others[m++] = ei.weight[s];
        sum += ei.weight[s];
      }
      trace.otherMean[sec] = sum / m;
      trace.otherP99[sec] = quantileInPlace(others, 0.99);
      trace.otherMedian[sec] = quantileInPlace(others, 0.5);
      trace.rate_Hz[sec] = (net.counters.spikesTotal - spikes0) / (P.nExc + P.nInh) / (stepsPerSecond * P.dt_ms * 1e-3);
      yield sec;
    }
  }
}

/** Synapse id of the (unique) exc→exc synapse n1→n2. */
function targetSynapse(net: Network, n1: number, n2: number): number {
  const p = findProjection(net, 'exc-exc').syn;
  for (let s = p.segStart[n1 * p.nDelays]; s < p.segStart[(n1 + 1) * p.nDelays]; s++) if (p.postOf[s] === n2) return s;
  throw new RangeError(`no exc-exc synapse ${n1}→${n2}`);
}

/**
 * The q-quantile of `a` as the element of rank ⌊q·(n−1)⌋ (lower nearest rank), by Hoare's
 * selection in O(n); reorders `a`. Sorting 80 000 weights every simulated second would cost
 * more than the second itself.
 */
export function quantileInPlace(a: Float64Array, q: number): number {
  if (a.length === 0) throw new RangeError('quantileInPlace: empty array');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantileInPlace: q must be in [0, 1], got ${q}`);
  const k = Math.floor(q * (a.length - 1));
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
