/**
 * Turns a NetworkSpec into a runnable Network, checking names, sizes and ranges once with
 * errors that say where (`projections[2].post`) and what was expected. Random streams are
 * named per object (`connect:<projection>`, `init:<population>`, `source:<population>`), so
 * adding a projection never changes another one's synapses.
 */
import { Rng } from '../../loop/rng.js';
import { createCounters } from '../monitors/counters.js';
import { createSynapticCounters } from '../metrics/synapticCounters.js';
import { createModulator, MODULATOR_DEFAULTS, validateModulatorParams } from '../plasticity/modulator.js';
import type { ModulatorParams, ModulatorState } from '../plasticity/modulator.js';
import type { PlasticityRuleState } from '../plasticity/plasticityRule.js';
import { allPlasticityRules, plasticityRule } from '../plasticity/registry.js';
import { createSynapticScaling, SYNAPTIC_SCALING_DEFAULTS, validateSynapticScaling } from '../plasticity/synapticScaling.js';
import type { SynapticScalingParams } from '../plasticity/synapticScaling.js';
import { connect } from './connectivity.js';
import { sample, validateDistribution } from './distribution.js';
import { createSpikeTimes, poissonDriver, spikeTimesDriver } from './inputSource.js';
import type { Network, NetworkProjection } from './network.js';
import type { NetworkSpec, PopulationSpec, ProjectionSpec } from './networkSpec.js';
import { MAX_DELAY_STEPS } from './networkSpec.js';
import { checkHistoryLimit, checkPopulationLimits, synapseBudget } from './networkLimits.js';
import { neuronsFromSpec } from './neuronsFromSpec.js';
import type { NeuronCreateOptions } from '../neurons/refractoryConvention.js';
import { REFRACTORY_CONVENTIONS } from '../neurons/refractoryConvention.js';
import type { Population, PopulationDynamics } from './population.js';
import { createPopulation } from './population.js';
import { buildProjection } from './projection.js';
import { resetNetwork } from './resetNetwork.js';
import { createSpikeHistory } from './spikeHistory.js';
import type { EngineBackend, EngineChoice, EnginePrecision } from './wasmBackend.js';
import { attachWasmBackend, requestedBackend } from './wasmBackend.js';

export interface BuildOptions {
  /** Seed for connectivity, initial weights/state and Poisson sources. */
  readonly seed: number;
  /** Overrides the spec's dt_ms. */
  readonly dt_ms?: number;
  /**
   * Engine backend (wasmBackend.ts): 'wasm' (default) runs the SIMD kernels, 'js' the JS engine;
   * the SPIKELOOP_ENGINE environment variable, when set, wins.
   */
  readonly backend?: EngineBackend;
  /** State precision: 'f64' (default, bit-identical on both backends) or 'f32' (wasm only, faster). */
  readonly precision?: EnginePrecision;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function buildNetwork(spec: NetworkSpec, opts: BuildOptions): Network {
  const dt_ms = opts.dt_ms ?? spec.dt_ms ?? 1;
  if (!(Number.isFinite(dt_ms) && dt_ms > 0)) throw new RangeError(`dt_ms: expected a step > 0 ms, got ${dt_ms}`);
  if (spec.populations.length === 0) throw new RangeError('populations: a network needs at least one population');
  checkPopulationLimits(spec);
  const refractory = spec.refractory ?? 'spikeloop';
  if (!REFRACTORY_CONVENTIONS.includes(refractory)) {
    throw new RangeError(`refractory: expected one of ${REFRACTORY_CONVENTIONS.map((c) => `'${c}'`).join(', ')}, got '${String(refractory)}'`);
  }

  const byName = new Map<string, number>();
  const populations: Population[] = spec.populations.map((ps, k) => {
    const where = `populations[${k}]`;
    if (!NAME.test(ps.name)) throw new RangeError(`${where}.name: '${ps.name}' is not a valid name (letters, digits, _ . -)`);
    if (byName.has(ps.name)) throw new RangeError(`${where}.name: duplicate population name '${ps.name}'`);
    if (!(Number.isInteger(ps.size) && ps.size > 0)) throw new RangeError(`${where}.size: expected an integer > 0, got ${ps.size}`);
    byName.set(ps.name, k);
    return createPopulation(ps.name, k, ps.size, dynamicsFor(ps, dt_ms, where, { refractory }));
  });
  const popNames = () => [...byName.keys()].join(', ');

  const modulators: ModulatorState[] = [];
  const modByName = new Map<string, ModulatorState>();
  (spec.modulators ?? []).forEach((ms, k) => {
    const where = `modulators[${k}]`;
    if (modByName.has(ms.name)) throw new RangeError(`${where}.name: duplicate modulator name '${ms.name}'`);
    const p: ModulatorParams = { ...MODULATOR_DEFAULTS, ...ms };
    validateModulatorParams(p, where);
    const m = createModulator(p, dt_ms);
    modulators.push(m);
    modByName.set(ms.name, m);
  });

  const projNames = new Set<string>();
  const addSynapses = synapseBudget();
  const projections: NetworkProjection[] = (spec.projections ?? []).map((ps, k) => {
    const where = `projections[${k}]`;
    const preIndex = byName.get(ps.pre);
    if (preIndex === undefined) throw new RangeError(`${where}.pre: unknown population '${ps.pre}'; populations are: ${popNames()}`);
    const postIndex = byName.get(ps.post);
    if (postIndex === undefined) throw new RangeError(`${where}.post: unknown population '${ps.post}'; populations are: ${popNames()}`);
    // A spike source may be a target: it ignores its input, but plasticity still sees its
    // spikes as post spikes (a 'teacher' that fixes post spike times).
    populations[postIndex].hasIncoming = true;
    const name = ps.name ?? `${ps.pre}->${ps.post}`;
    if (projNames.has(name)) throw new RangeError(`${where}.name: duplicate projection name '${name}' (give projections between the same populations explicit names)`);
    projNames.add(name);
    addSynapses(ps.connectivity, populations[preIndex].size, populations[postIndex].size, where);
    const syn = buildSynapses(ps, name, preIndex, postIndex, populations, dt_ms, opts.seed, where);
    const plasticity = plasticityFor(ps, syn, modByName, dt_ms, where);
    let homeostasis: PlasticityRuleState | null = null;
    if (ps.homeostasis) {
      const hp: SynapticScalingParams = { ...SYNAPTIC_SCALING_DEFAULTS, ...ps.homeostasis };
      validateSynapticScaling(hp, `${where}.homeostasis`);
      homeostasis = createSynapticScaling(hp, syn.nPost, dt_ms);
    }
    const rules = [plasticity, homeostasis].filter((r): r is PlasticityRuleState => r !== null);
    const delivering = rules.filter((r) => r.rule.deliverSegment !== undefined);
    if (delivering.length > 1) {
      throw new RangeError(`${where}: ${delivering.map((r) => `'${r.kind}'`).join(' and ')} both act on spike arrival; a projection can have only one such rule`);
    }
    return { syn, plasticity, homeostasis, rules, deliveryRule: delivering[0] ?? null };
  });

  // Each population keeps as many steps of spike history as its longest outgoing delay needs.
  const dMaxOf = new Int32Array(populations.length);
  for (const np of projections) dMaxOf[np.syn.preIndex] = Math.max(dMaxOf[np.syn.preIndex]!, np.syn.dMax);
  for (const pop of populations) {
    checkHistoryLimit(pop.size, dMaxOf[pop.index]! + 1, `populations[${pop.index}]`);
    pop.history = createSpikeHistory(pop.size, dMaxOf[pop.index]! + 1);
  }

  const engine = engineFor(opts);
  const net: Network = {
    spec,
    dt_ms,
    engine,
    populations,
    projections,
    modulators,
    monitors: [],
    counters: createCounters(),
    synaptic: createSynapticCounters(),
    afterUpdate: null,
    deliverAll: null,
    stepGroup: null,
    sourceRngs: populations.map(() => null),
    step: 0,
    seed: opts.seed,
    buildSeed: opts.seed,
  };
  // On a failed kernel load (one warning per process) the network stays on the JS engine.
  if (engine.backend === 'wasm' && !attachWasmBackend(net, engine.precision)) (net as { engine: EngineChoice }).engine = { backend: 'js', precision: 'f64' };
  resetNetwork(net, opts.seed);
  return net;
}

function engineFor(opts: BuildOptions): EngineChoice {
  const precision = opts.precision ?? 'f64';
  if (precision !== 'f64' && precision !== 'f32') throw new RangeError(`precision: expected 'f64' or 'f32', got '${String(precision)}'`);
  const backend = requestedBackend(opts.backend);
  if (backend === 'js' && precision === 'f32') {
    throw new RangeError(`precision: 'f32' runs on the wasm engine only, and the JS engine was asked for (backend option or SPIKELOOP_ENGINE=js); use precision 'f64'`);
  }
  return { backend, precision };
}

function dynamicsFor(ps: PopulationSpec, dt_ms: number, where: string, opts: NeuronCreateOptions): PopulationDynamics {
  if ('neuron' in ps) return { kind: 'neurons', neurons: neuronsFromSpec(ps.neuron, ps.size, dt_ms, `${where}.neuron`, opts) };
  const src = ps.source;
  switch (src.kind) {
    case 'spike-times': {
      const st = createSpikeTimes(src.times_ms, ps.size, dt_ms, `${where}.source`);
      return { kind: 'source', source: 'spike-times', driver: spikeTimesDriver(st), rewind: () => (st.cursor = 0) };
    }
    case 'poisson':
      return { kind: 'source', source: 'poisson', driver: poissonDriver(src.rate_Hz, ps.size, dt_ms, `${where}.source`), rewind: () => {} };
    case 'external':
      return { kind: 'source', source: 'external', driver: null, rewind: () => {} };
  }
}

function buildSynapses(
  ps: ProjectionSpec,
  name: string,
  preIndex: number,
  postIndex: number,
  pops: readonly Population[],
  dt_ms: number,
  seed: number,
  where: string,
) {
  const nPre = pops[preIndex].size;
  const nPost = pops[postIndex].size;
  const rng = new Rng(seed, `connect:${name}`);
  const pairs = connect(ps.connectivity, nPre, nPost, preIndex === postIndex, rng, `${where}.connectivity`);
  validateDistribution(ps.weight, `${where}.weight`);
  const delay = ps.delay_ms ?? dt_ms;
  validateDistribution(delay, `${where}.delay_ms`);
  if (ps.weights !== undefined) {
    if (ps.connectivity.kind !== 'list') throw new RangeError(`${where}.weights: explicit weights need connectivity.kind 'list'`);
    if (ps.weights.length !== pairs.pre.length) {
      throw new RangeError(`${where}.weights: ${ps.weights.length} weights for ${pairs.pre.length} pairs`);
    }
  }
  const delays = ps.delays_ms;
  if (delays !== undefined) {
    if (ps.connectivity.kind !== 'list') throw new RangeError(`${where}.delays_ms: explicit delays need connectivity.kind 'list'`);
    if (delays.length !== pairs.pre.length) throw new RangeError(`${where}.delays_ms: ${delays.length} delays for ${pairs.pre.length} pairs`);
    delays.forEach((d, k) => delaySteps(d, dt_ms, `${where}.delays_ms[${k}]`));
  }
  const explicit = ps.weights;
  const target = ps.target ?? 'exc';
  if (target !== 'exc' && target !== 'inh') throw new RangeError(`${where}.target: expected 'exc' or 'inh', got '${String(target)}'`);
  const syn = buildProjection(
    {
      name,
      preIndex,
      postIndex,
      nPre,
      nPost,
      target,
      pairs,
      weightAt: (k, r) => (explicit ? explicit[k]! : sample(ps.weight, r)),
      delayAt: (k, r) => (delays ? delaySteps(delays[k]!, dt_ms, `${where}.delays_ms[${k}]`) : delaySteps(sample(delay, r), dt_ms, `${where}.delay_ms`)),
    },
    rng,
  );
  const post = pops[postIndex].dynamics;
  if (syn.dMin === 0 && post.kind === 'neurons' && post.neurons.model.jumpVariables === undefined) {
    throw new RangeError(
      `${where}.${delays ? 'delays_ms' : 'delay_ms'}: delay 0 needs a post model whose input jumps a synaptic variable (lif, coba-lif, adaptive-lif); '${post.neurons.kind}' takes its input within the step — use a delay of at least one step (${dt_ms} ms)`,
    );
  }
  return syn;
}

/**
 * A delay in whole steps: 0 (delivered within the emitting step, deliverWithinStep.ts) up to
 * MAX_DELAY_STEPS. A positive delay that rounds to 0 steps is refused rather than silently
 * made instantaneous.
 */
function delaySteps(d_ms: number, dt_ms: number, where: string): number {
  if (!Number.isFinite(d_ms) || d_ms < 0) throw new RangeError(`${where}: expected a delay ≥ 0 ms, got ${d_ms}`);
  const steps = Math.round(d_ms / dt_ms);
  if (steps === 0 && d_ms > 0) {
    throw new RangeError(`${where}: a delay of ${d_ms} ms rounds to 0 steps at dt = ${dt_ms} ms; write 0 for delay 0 (within the step) or at least half a step`);
  }
  if (steps > MAX_DELAY_STEPS) {
    throw new RangeError(`${where}: a delay of ${d_ms} ms is ${steps} steps at dt = ${dt_ms} ms; delays are at most ${MAX_DELAY_STEPS} steps (${MAX_DELAY_STEPS * dt_ms} ms)`);
  }
  return steps;
}

function plasticityFor(
  ps: ProjectionSpec,
  syn: ReturnType<typeof buildProjection>,
  modulators: ReadonlyMap<string, ModulatorState>,
  dt_ms: number,
  where: string,
): PlasticityRuleState | null {
  const pl = ps.plasticity;
  if (pl === undefined || pl.kind === 'none') return null;
  const def = plasticityRule(pl.kind);
  if (def === undefined) {
    throw new RangeError(`${where}.plasticity.kind: unknown rule '${pl.kind}'; rules are: none, ${allPlasticityRules().map((d) => d.kind).join(', ')}`);
  }
  return def.create(pl, { syn, dt_ms, modulators, where: `${where}.plasticity` });
}
