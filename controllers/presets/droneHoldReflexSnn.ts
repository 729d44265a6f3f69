/**
 * 'drone-hold-reflex-snn' — an adaptive position reflex for the drone: a fixed, innate
 * proportional-derivative reflex plus a plastic spiking pathway that learns, online, the velocity command
 * that cancels a persistent disturbance (the wind of drone-gust-v1). Cerebellum-like
 * feedback-error learning (Kawato, Furukawa & Suzuki 1987; Marr 1969, Albus 1971): the output
 * of the innate feedback controller is the teaching signal of the learned pathway.
 *
 * ## Pathways (per world axis a ∈ {x, y}; z has the innate reflex only)
 *   innate:  u_fb,a = −k_p · e_a − k_d · v_a           (e = p − p_ref, v world velocity; dronePositionHold.ts)
 *   learned: u_ff,a = G · (r̄(a_pos) − r̄(a_neg))        (antagonistic-pair decoder, rates in Hz)
 *   command: v_a = u_fb,a + u_ff,a                      (world frame → heading frame → cmd_linear)
 * `mossy` is a tonic context: Poisson fibres at a fixed rate (a constant "hold" context, like
 * mossy-fibre input that does not encode the disturbance). Each neuron of the four LIF
 * populations a_pos, a_neg receives its own random subset of `mossyPerNeuron` fibres (fixed
 * in-degree, so the neurons of a side are not copies of one another) through R-STDP synapses,
 * gated by the population's own modulator (one "climbing fibre" per side).
 *
 * ## Learning rule and its signs
 * R-STDP (rstdp.ts): dw/dt = η · d(t) · E(t), with eligibility E built from pre-before-post
 * pairings only (A₋ = 0), so E ≥ 0: it measures how much a synapse has just taken part in
 * driving its neuron. At every control step each side's modulator receives a pulse
 *   a_pos: +c · u_fb,a        a_neg: −c · u_fb,a
 * (c = `teachingScale`). If the drone sits on the +a side of the set-point (e_a > 0), the
 * reflex asks for −a velocity (u_fb,a < 0): a_pos synapses are depressed and a_neg synapses
 * potentiated, so r̄(a_pos) − r̄(a_neg) falls and u_ff,a moves toward −a — the direction the
 * reflex was pushing. Learning off delivers no pulse: d ≡ 0 and no weight changes.
 *
 * ## Why it converges
 * With E ≥ 0 and rates increasing with weight, du_ff,a/dt = −κ(t) · e_a with κ ≥ 0 (κ scales
 * with the eligibility, i.e. with the firing of each side): the learned pathway is an integral
 * controller on the position error (the k_d·v part of the teaching signal averages out while
 * the drone holds still), and with the innate reflex it forms a PID-like loop. For a
 * constant disturbance the only rest point has ⟨e_a⟩ = 0 — u_ff equals the command that
 * balances the wind — and the loop is stable while κ stays small against k_p (for ė ≈ v:
 * ë + k_p ė + κ e = 0, damping ratio k_p / (2√κ)). With the defaults κ ≈ 2 s⁻² (measured by
 * regressing du_ff/dt on e in the seconds after a wind change), so ζ ≈ 1 with k_p = 3 s⁻¹,
 * and the learned command settles within a few seconds. Gusts that
 * average out leave only a small fluctuation of the weights. When the wind changes, the error
 * reappears and drives the weights again: adaptation never stops, because the teaching signal
 * is the live error, not a schedule. The weight bounds [wMin, wMax] keep every neuron firing
 * (a silent neuron has E = 0 and could never be potentiated again; at wMin the fluctuations of
 * its 30 inputs still drive it at ≈ 14 Hz, at wMax ≈ 128 Hz) and bound |u_ff| by
 * G·(128 − 14) Hz ≈ 1.7 m/s, enough for the ≤ 1.1 m/s that drone-gust-v1's wind needs.
 */
import type { Channels } from '../../loop/channels.js';
import type { ControllerActivity } from '../../loop/controller.js';
import { buildNetwork } from '../network/buildNetwork.js';
import type { Network } from '../network/network.js';
import type { NetworkSpec, ProjectionSpec } from '../network/networkSpec.js';
import type { LifParams } from '../neurons/lif.js';
import { SpikingController } from '../sensorimotor/spikingController.js';
import type { OutputBinding, RewardBinding } from '../sensorimotor/spikingController.js';
import type { ControllerPreset, PresetBuildOptions, PresetController } from './preset.js';
import { HOLD_ACTUATORS, HOLD_SENSORS, HoldState, commandWorldVelocity } from './dronePositionHold.js';

export interface HoldReflexParams {
  /** Innate reflex gain k_p, horizontal and vertical (m/s per m). */
  readonly reflexGain_perS: number;
  /** Innate velocity feedback k_d (m/s of command per m/s of velocity). */
  readonly reflexDamping: number;
  readonly mossyFibres: number;
  /** Mossy fibres converging on each output neuron (fixed in-degree: each neuron sees its own subset). */
  readonly mossyPerNeuron: number;
  readonly mossyRate_Hz: number;
  /** LIF neurons in each of the four output populations. */
  readonly neuronsPerSide: number;
  readonly neuron: Partial<LifParams>;
  /** Initial weight of every mossy → output synapse (pA). */
  readonly initialWeight_pA: number;
  readonly wMin_pA: number;
  readonly wMax_pA: number;
  /** Eligibility added per pre-before-post pairing (pA of eligibility). */
  readonly aPlus_pA: number;
  readonly tauPlus_ms: number;
  readonly tauElig_ms: number;
  readonly eta_per_ms: number;
  /** Decay of each modulator's phasic level (ms). */
  readonly modulatorTau_ms: number;
  /** Modulator pulse per m/s of reflex command. */
  readonly teachingScale_sPerM: number;
  readonly decoderTau_ms: number;
  /** Learned command per Hz of rate difference (m/s per Hz). */
  readonly decoderGain_mpsPerHz: number;
}

export const HOLD_REFLEX_PARAMS: HoldReflexParams = {
  reflexGain_perS: 3,
  reflexDamping: 0.5,
  mossyFibres: 60,
  mossyPerNeuron: 30,
  mossyRate_Hz: 50,
  neuronsPerSide: 10,
  neuron: {},
  initialWeight_pA: 200,
  wMin_pA: 107,
  wMax_pA: 320,
  aPlus_pA: 1,
  tauPlus_ms: 20,
  tauElig_ms: 200,
  eta_per_ms: 1e-3,
  modulatorTau_ms: 50,
  teachingScale_sPerM: 1,
  decoderTau_ms: 200,
  decoderGain_mpsPerHz: 0.015,
};

const AXES = ['x', 'y'] as const;
const SIDES = ['pos', 'neg'] as const;

/** The network: `mossy` → {x,y}_{pos,neg}, R-STDP gated by modulators `cf_{x,y}_{pos,neg}`. */
export function holdReflexNetworkSpec(p: HoldReflexParams): NetworkSpec {
  const projections: ProjectionSpec[] = [];
  for (const a of AXES) {
    for (const s of SIDES) {
      projections.push({
        name: `mossy->${a}_${s}`,
        pre: 'mossy',
        post: `${a}_${s}`,
        connectivity: { kind: 'fixed-in-degree', k: p.mossyPerNeuron },
        weight: p.initialWeight_pA,
        plasticity: {
          kind: 'rstdp',
          modulator: `cf_${a}_${s}`,
          aPlus: p.aPlus_pA,
          aMinus: 0,
          tauPlus_ms: p.tauPlus_ms,
          tauMinus_ms: p.tauPlus_ms,
          wMin: p.wMin_pA,
          wMax: p.wMax_pA,
          weightDependence: 'additive',
          pairing: 'all-to-all',
          tauElig_ms: p.tauElig_ms,
          eta_per_ms: p.eta_per_ms,
        },
      });
    }
  }
  return {
    dt_ms: 1,
    populations: [
      { name: 'mossy', size: p.mossyFibres, source: { kind: 'poisson', rate_Hz: p.mossyRate_Hz } },
      ...AXES.flatMap((a) => SIDES.map((s) => ({ name: `${a}_${s}`, size: p.neuronsPerSide, neuron: { kind: 'lif' as const, params: p.neuron } }))),
    ],
    projections,
    modulators: AXES.flatMap((a) => SIDES.map((s) => ({ name: `cf_${a}_${s}`, tau_ms: p.modulatorTau_ms, tonic: 0, baseline: { kind: 'none' as const } }))),
  };
}

/**
 * The controller: a `SpikingController` for the learned pathway, wrapped with the set-point, the
 * innate reflex and the teaching signals (which read the reflex command computed before each step).
 */
export class HoldReflexController implements PresetController {
  readonly preset = 'drone-hold-reflex-snn';
  readonly sensors = HOLD_SENSORS;
  readonly actuators = HOLD_ACTUATORS;
  readonly options: PresetBuildOptions;
  readonly params: HoldReflexParams;
  private readonly snn: SpikingController;
  private readonly hold = new HoldState();
  /** Innate reflex command (m/s, world x, y, z) of the current step. */
  readonly reflex = new Float64Array(3);
  /** Learned command (m/s, world x, y) of the current step. */
  readonly learned = new Float64Array(2);

  constructor(options: PresetBuildOptions, params: HoldReflexParams = HOLD_REFLEX_PARAMS) {
    validateHoldReflexParams(params);
    this.options = options;
    this.params = params;
    const net = buildNetwork(holdReflexNetworkSpec(params), { seed: options.seed });
    const outputs: OutputBinding[] = AXES.map((a, i) => ({
      populations: [`${a}_pos`, `${a}_neg`] as const,
      decoder: { kind: 'antagonistic-pair', tau_ms: params.decoderTau_ms, neuronsPerSide: params.neuronsPerSide, gain_perHz: params.decoderGain_mpsPerHz, layout: 'two-populations' },
      outputs: 1,
      write: (decoded: Float32Array) => {
        this.learned[i] = decoded[0]!;
      },
    }));
    const c = params.teachingScale_sPerM;
    const rewards: RewardBinding[] = AXES.flatMap((a, i) => [
      { modulator: `cf_${a}_pos`, signal: () => c * this.reflex[i]! },
      { modulator: `cf_${a}_neg`, signal: () => -c * this.reflex[i]! },
    ]);
    this.snn = new SpikingController({
      preset: this.preset,
      options,
      sensors: HOLD_SENSORS,
      actuators: HOLD_ACTUATORS,
      network: net,
      inputs: [],
      outputs,
      rewards,
    });
  }

  get network(): Network {
    return this.snn.network;
  }
  get learning(): boolean {
    return this.snn.learning;
  }
  set learning(on: boolean) {
    this.snn.learning = on;
  }

  reset(seed: number): void {
    this.snn.reset(seed);
    this.hold.clear();
    this.reflex.fill(0);
    this.learned.fill(0);
  }

  act(obs: Channels, reward: number, dt_s: number, out: Channels): void {
    this.updateReflex(obs);
    this.snn.act(obs, reward, dt_s, out);
    const r = this.reflex;
    commandWorldVelocity(r[0]! + this.learned[0]!, r[1]! + this.learned[1]!, r[2]!, obs, out);
  }

  finish(obs: Channels, reward: number): void {
    this.updateReflex(obs);
    this.snn.finish(obs, reward);
  }

  activity(): ControllerActivity {
    return this.snn.activity();
  }

  parameters(): Record<string, Float32Array> {
    return this.snn.parameters();
  }

  private updateReflex(obs: Channels): void {
    const h = this.hold;
    h.update(obs);
    const k = this.params.reflexGain_perS;
    const d = this.params.reflexDamping;
    this.reflex[0] = -k * h.error[0]! - d * h.velocity[0]!;
    this.reflex[1] = -k * h.error[1]! - d * h.velocity[1]!;
    this.reflex[2] = -k * h.error[2]! - d * h.velocity[2]!;
  }
}

/** Throws a RangeError naming the bad parameter (network-level checks happen in buildNetwork). */
export function validateHoldReflexParams(p: HoldReflexParams): void {
  const nonNeg = ['reflexGain_perS', 'reflexDamping', 'teachingScale_sPerM'] as const;
  for (const k of nonNeg) if (!(Number.isFinite(p[k]) && p[k] >= 0)) throw new RangeError(`drone-hold-reflex-snn: ${k} must be a finite number ≥ 0, got ${p[k]}`);
  if (!(p.initialWeight_pA >= p.wMin_pA && p.initialWeight_pA <= p.wMax_pA)) {
    throw new RangeError(`drone-hold-reflex-snn: initialWeight_pA (${p.initialWeight_pA}) must lie in [wMin_pA, wMax_pA] = [${p.wMin_pA}, ${p.wMax_pA}]`);
  }
  if (!(p.eta_per_ms >= 0)) throw new RangeError(`drone-hold-reflex-snn: eta_per_ms must be ≥ 0 (the signs live in the teaching signals), got ${p.eta_per_ms}`);
}

export const DRONE_HOLD_REFLEX_SNN: ControllerPreset = {
  id: 'drone-hold-reflex-snn',
  summary: 'innate P position reflex + spiking pathway that learns online (R-STDP, feedback-error learning) to cancel wind',
  bodyKind: 'quadrotor',
  spiking: true,
  sensors: HOLD_SENSORS,
  actuators: HOLD_ACTUATORS,
  create: (opts) => new HoldReflexController(opts),
};
