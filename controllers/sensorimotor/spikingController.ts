/**
 * A spiking sensorimotor controller: sensor features → encoders → external input populations
 * of a network → SNN steps for one control period → decoders on motor populations → action.
 * Rewards reach the network's modulators (the third factor of R-STDP) at the start of each
 * control period, before the steps they can act on.
 *
 * Inside one `act` (period T, SNN step dt, n = T/dt steps):
 *   0. prepare — an optional hook (controller files: feature blocks from the observation);
 *   1. reward  — for each reward binding, its modulation signal is delivered (if learning);
 *   2. encode  — each input binding writes its feature values from the observation;
 *   3. n × { input drivers run the encoders; networkStep; decoders read the motor spikes };
 *   4. decode  — each output binding reads its decoder and writes action channels (it may add
 *                innate, non-spiking terms from the observation, e.g. an altitude reflex);
 *   5. compose — an optional hook after every output has written (controller files' commands).
 *
 * Every period also feeds the closed-loop latency tracker (metrics/latencyTracker.ts), and
 * `neuroMetrics()` reads the episode's NeuroBench-style metrics. A hardware model
 * (controllers/hardware) may attach `hardware` hooks: `reset` after the network reset and
 * `beforePeriod` at the start of every period (weights on a device grid, read noise).
 *
 * Learning off means no reward is delivered: with no tonic level the modulator stays at 0 and
 * R-STDP changes no weight (Δw = η ∫ e·d dt = 0). Presets build networks without tonic dopamine.
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { ControllerActivity } from '../../loop/controller.js';
import type { Decoder, DecoderSpec } from '../coding/decoder.js';
import { createDecoder } from '../coding/decoder.js';
import type { Encoder, EncoderSpec } from '../coding/encoder.js';
import { createEncoder } from '../coding/encoder.js';
import type { Network } from '../network/network.js';
import { findModulator, findPopulation, rewardNetwork, setSpikeDriver, settleWeights } from '../network/networkAccess.js';
import { networkStep } from '../network/networkStep.js';
import { resetNetwork } from '../network/resetNetwork.js';
import type { ModulatorState } from '../plasticity/modulator.js';
import type { EpisodeNeuroMetrics } from '../metrics/episodeNeuroMetrics.js';
import { collectEpisodeMetrics } from '../metrics/episodeNeuroMetrics.js';
import type { LatencyOptions } from '../metrics/latencyTracker.js';
import { LATENCY_DEFAULTS, LatencyTracker } from '../metrics/latencyTracker.js';
import type { FootprintPrecision } from '../metrics/networkFootprint.js';
import type { Population } from '../network/population.js';
import type { PresetBuildOptions, PresetController } from '../presets/preset.js';

/** Sensor features → one external input population. */
export interface InputBinding {
  /** An external source population of the network. */
  readonly population: string;
  readonly encoder: EncoderSpec;
  /** Number of feature values the encoder reads. */
  readonly values: number;
  /** Writes the feature values for this control period from the observation. Allocates nothing. */
  readonly features: (obs: Channels, out: Float32Array) => void;
}

/** One or two motor populations → decoded values → action channels. */
export interface OutputBinding {
  /** One population, or [left, right] for an antagonistic pair with layout 'two-populations'. */
  readonly populations: readonly [string] | readonly [string, string];
  readonly decoder: DecoderSpec;
  readonly outputs: number;
  /** Writes action channels from the decoded values (and, for innate terms, the observation). */
  readonly write: (decoded: Float32Array, obs: Channels, action: Channels) => void;
}

/** The reward → one modulator. Bindings are called in order, once per control period. */
export interface RewardBinding {
  readonly modulator: string;
  /** Modulation for a reward; default: the reward itself. 0 delivers nothing. */
  readonly signal?: (reward: number, obs: Channels) => number;
}

export interface SpikingControllerConfig {
  readonly preset: string;
  readonly options: PresetBuildOptions;
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  readonly network: Network;
  readonly inputs: readonly InputBinding[];
  readonly outputs: readonly OutputBinding[];
  readonly rewards: readonly RewardBinding[];
  /**
   * Network time (ms) run after the final reward of an episode, so that reward meets the
   * eligibility it is meant for before the next reset clears it. @default 0
   */
  readonly finish_ms?: number;
  /** Clears the preset's own per-episode state (e.g. a reward baseline kept by a signal function). */
  readonly onReset?: () => void;
  /** Learned non-synaptic parameters the preset keeps (e.g. a reward predictor), saved with the weights. */
  readonly extraParameters?: Readonly<Record<string, Float32Array>>;
  /** What counts as a sensor event and a command response (metrics/latencyTracker.ts). @default LATENCY_DEFAULTS */
  readonly latency?: LatencyOptions;
  /**
   * Non-spiking work at the start of every control period and of `finish`, before the reward is
   * delivered (controller files: feature blocks computed from the observation).
   */
  readonly prepare?: (obs: Channels) => void;
  /** After every output binding has written: composes action channels (controller files). */
  readonly compose?: (obs: Channels, action: Channels) => void;
  /** The controller file (as data) it was built from; saved with the weights so it can be rebuilt. */
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** What a hardware model (controllers/hardware) hooks into a spiking controller. */
export interface SpikingControllerHardware {
  /** After the network reset of every episode (seed: the episode's). */
  reset(seed: number): void;
  /** At the start of every control period, before rewards and encoding. */
  beforePeriod(): void;
  /** Bit widths of the deployed weights and state, for the footprint metric. */
  readonly footprint: FootprintPrecision;
}

interface BoundOutput {
  readonly binding: OutputBinding;
  readonly decoder: Decoder;
  readonly first: Population;
  readonly second: Population | null;
  readonly decoded: Float32Array;
}

export class SpikingController implements PresetController {
  readonly preset: string;
  readonly options: PresetBuildOptions;
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  readonly network: Network;
  readonly spec: Readonly<Record<string, unknown>> | undefined;
  learning = true;
  /** Closed-loop latency of the current episode. */
  readonly latency: LatencyTracker;
  /** Hooks of an attached hardware model, or null (float weights and state). */
  hardware: SpikingControllerHardware | null = null;
  private readonly encoders: Encoder[];
  private readonly features: Float32Array[];
  private readonly outs: BoundOutput[];
  private readonly rewards: ReadonlyArray<{ readonly binding: RewardBinding; readonly mod: ModulatorState }>;
  private readonly cfg: SpikingControllerConfig;
  private controlSteps = 0;
  private cachedPeriod_s = NaN;
  private stepsPerPeriod = 0;

  constructor(cfg: SpikingControllerConfig) {
    this.cfg = cfg;
    this.preset = cfg.preset;
    this.options = cfg.options;
    this.sensors = cfg.sensors;
    this.actuators = cfg.actuators;
    const net = cfg.network;
    this.network = net;
    this.spec = cfg.spec;
    this.encoders = [];
    this.features = [];
    for (const b of cfg.inputs) {
      const enc = createEncoder(b.encoder, b.values, net.dt_ms);
      const pop = findPopulation(net, b.population);
      if (enc.size !== pop.size) {
        throw new RangeError(`${cfg.preset}: input population '${b.population}' has ${pop.size} neurons, its ${b.encoder.kind} encoder drives ${enc.size}`);
      }
      const values = new Float32Array(b.values);
      setSpikeDriver(net, b.population, (out, _step, rng) => enc.step(values, out, rng));
      this.encoders.push(enc);
      this.features.push(values);
    }
    this.outs = cfg.outputs.map((b) => {
      const decoder = createDecoder(b.decoder, b.outputs, net.dt_ms);
      const first = findPopulation(net, b.populations[0]);
      const second = b.populations.length === 2 ? findPopulation(net, b.populations[1]) : null;
      const size = first.size + (second?.size ?? 0);
      if (decoder.sources !== (second ? 2 : 1) || decoder.size !== size) {
        throw new RangeError(`${cfg.preset}: decoder ${b.decoder.kind} reads ${decoder.size} neurons from ${decoder.sources} population(s), bound to ${b.populations.join(' + ')} (${size} neurons)`);
      }
      return { binding: b, decoder, first, second, decoded: new Float32Array(b.outputs) };
    });
    this.rewards = cfg.rewards.map((binding) => ({ binding, mod: findModulator(net, binding.modulator) }));
    this.latency = new LatencyTracker(
      cfg.inputs.map((b, k) => ({
        population: findPopulation(net, b.population),
        features: this.features[k]!,
        neuronsPerValue: this.encoders[k]!.size / b.values,
        low: b.encoder.low,
        high: b.encoder.high,
      })),
      this.outs.map((o) => ({ label: o.binding.populations.join('/'), populations: o.second ? [o.first, o.second] : [o.first], decoded: o.decoded })),
      net.dt_ms,
      cfg.latency ?? LATENCY_DEFAULTS,
    );
  }

  reset(seed: number): void {
    resetNetwork(this.network, seed);
    this.hardware?.reset(seed);
    this.latency.reset(this.network);
    for (const e of this.encoders) e.reset();
    for (const o of this.outs) o.decoder.reset();
    this.cfg.onReset?.();
    this.controlSteps = 0;
  }

  act(obs: Channels, reward: number, dt_s: number, out: Channels): void {
    if (dt_s !== this.cachedPeriod_s) this.setPeriod(dt_s);
    const hw = this.hardware;
    if (hw !== null) hw.beforePeriod();
    this.cfg.prepare?.(obs);
    this.deliver(reward, obs);
    const inputs = this.cfg.inputs;
    for (let k = 0; k < inputs.length; k++) inputs[k]!.features(obs, this.features[k]!);
    const net = this.network;
    const outs = this.outs;
    const lat = this.latency;
    lat.beginPeriod(net.step, this.stepsPerPeriod);
    for (let i = 0; i < this.stepsPerPeriod; i++) {
      networkStep(net);
      lat.afterStep(net);
      for (let k = 0; k < outs.length; k++) {
        const o = outs[k]!;
        if (o.second === null) o.decoder.step(o.first.spikes);
        else o.decoder.step(o.first.spikes, o.second.spikes);
      }
    }
    for (let k = 0; k < outs.length; k++) {
      const o = outs[k]!;
      o.decoder.read(o.decoded);
      o.binding.write(o.decoded, obs, out);
    }
    this.cfg.compose?.(obs, out);
    lat.endPeriod();
    this.controlSteps++;
  }

  finish(obs: Channels, reward: number): void {
    this.cfg.prepare?.(obs);
    this.deliver(reward, obs);
    const steps = Math.round((this.cfg.finish_ms ?? 0) / this.network.dt_ms);
    for (let i = 0; i < steps; i++) networkStep(this.network);
  }

  activity(): ControllerActivity {
    const c = this.network.counters;
    return { steps: this.controlSteps, spikes: c.spikesTotal, synOps: c.synOpsTotal };
  }

  /** NeuroBench-style metrics of the episode since the last reset (allocates; call at its end). */
  neuroMetrics(): EpisodeNeuroMetrics {
    return collectEpisodeMetrics(this.network, this.controlSteps, this.learning, this.latency.result(), this.hardware?.footprint ?? {});
  }

  parameters(): Record<string, Float32Array> {
    settleWeights(this.network);
    const p: Record<string, Float32Array> = {};
    for (const np of this.network.projections) p[np.syn.name] = np.syn.weight;
    for (const [name, a] of Object.entries(this.cfg.extraParameters ?? {})) {
      if (name in p) throw new RangeError(`${this.preset}: parameter '${name}' is also a projection name`);
      p[name] = a;
    }
    return p;
  }

  private deliver(reward: number, obs: Channels): void {
    if (!this.learning) return;
    for (let k = 0; k < this.rewards.length; k++) {
      const r = this.rewards[k]!;
      const v = r.binding.signal ? r.binding.signal(reward, obs) : reward;
      if (v !== 0) rewardNetwork(this.network, r.mod, v);
    }
  }

  private setPeriod(dt_s: number): void {
    const n = (dt_s * 1000) / this.network.dt_ms;
    const steps = Math.round(n);
    if (!(steps >= 1 && Math.abs(n - steps) < 1e-6 * Math.max(1, n))) {
      throw new RangeError(`${this.preset}: the control period ${dt_s * 1000} ms is not a whole number of SNN steps of ${this.network.dt_ms} ms`);
    }
    this.cachedPeriod_s = dt_s;
    this.stepsPerPeriod = steps;
  }
}
