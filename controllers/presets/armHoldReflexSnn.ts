/**
 * 'arm-hold-reflex-snn' — an adaptive posture reflex, cerebellum-like: a fixed innate PD reflex
 * plus a plastic spiking pathway that learns, online, the feed-forward torque that cancels
 * gravity and the payload, and keeps re-learning it when the load changes.
 *
 *   τ_k = τ_PD,k + τ_ff,k
 *   τ_PD,k = kp_k e_k − kd_k q̇_k,  e = q* − q            (innate, non-spiking, fixed)
 *   τ_ff,k = gain_k · (r̄_up,k − r̄_down,k)              (antagonistic pair of Purkinje-like groups)
 *
 * Network (LIF, NEST iaf_psc_exp defaults; dt 1 ms):
 *   fibres      external source: the desired posture q* on Gaussian receptive fields (the
 *               mossy/parallel-fibre context; Kawato's inverse model reads the desired state)
 *   up_k, down_k  n LIF neurons each (k = shoulder, elbow) — Purkinje-like output groups
 *   drive       Poisson source, one neuron per output neuron: background firing, so that every
 *               active fibre synapse has post spikes to pair with
 *   fibres → up_k, fibres → down_k   all-to-all, R-STDP gated by modulator cf_up_k / cf_down_k
 *
 * Learning (feedback-error learning, Kawato, Furukawa & Suzuki 1987; Kawato & Gomi 1992, on the
 * cerebellar learning theory of Marr 1969 and Albus 1971): the teaching signal of joint k is the
 * innate reflex's own command τ_PD,k — what the feedback loop still has to supply is exactly what
 * the feed-forward pathway has failed to predict. It plays the climbing fibre's role as the third
 * factor of R-STDP, signed per antagonistic pair: every control period the modulator of up_k
 * receives +c·τ_PD,k/τ_ref,k and that of down_k receives −c·τ_PD,k/τ_ref,k. So
 *   Δw(fibre → up_k)   ∝ +τ_PD,k · E,   Δw(fibre → down_k) ∝ −τ_PD,k · E,
 * with E the STDP eligibility of fibre–output coincidences. With A₋ = A₊/2 and τ₊ = τ₋, pairs
 * of independent spikes leave E ≈ (A₊ − A₋)·τ₊·r_pre·r_post > 0 on average (plus the causal
 * excess where a fibre spike helped fire the neuron), and the background drive keeps every
 * output neuron firing whatever its weights, so E never vanishes: the sign of τ_PD alone sets the
 * direction. A joint that sags (τ_PD > 0) shifts its pair towards positive torque until the
 * reflex has nothing left to do. With one posture (one active set of fibres) the pathway is an
 * adaptive integrator of τ_PD whose rate is set by η; when the load changes, τ_PD jumps and the
 * weights move again — it never stops adapting. Weights are bounded to [0, wMax], which bounds
 * |τ_ff| by the rate range of a side times the gain; at the defaults that range covers the
 * actuators' ±12 / ±5 N·m (one side at wMax, the other at 0, saturates the clamp in `write`).
 * Learning off: no modulator pulse, weights frozen (the PD reflex alone remains, plus whatever
 * feed-forward torque the current weights produce — none from the balanced initial weights).
 */
import type { Channels } from '../../loop/channels.js';
import { buildNetwork } from '../network/buildNetwork.js';
import type { NetworkSpec, ProjectionSpec } from '../network/networkSpec.js';
import { SpikingController } from '../sensorimotor/spikingController.js';
import { ARM_HOLD_ACTUATORS, ARM_HOLD_JOINTS, ARM_HOLD_SENSORS } from './armHoldChannels.js';
import type { ControllerPreset, PresetBuildOptions } from './preset.js';
import { presetRstdp } from './presetRstdp.js';

export interface ArmHoldReflexSnnParams {
  /** Innate reflex gains per joint. */
  readonly kp_NmPerRad: readonly number[];
  readonly kd_NmsPerRad: readonly number[];
  readonly maxTorque_Nm: readonly number[];
  /** Context encoding of the desired posture: range, neurons per joint, peak rate. */
  readonly contextLow_rad: number;
  readonly contextHigh_rad: number;
  readonly neuronsPerJoint: number;
  readonly contextRate_Hz: number;
  /** Output neurons per group (n). */
  readonly neuronsPerGroup: number;
  /** Background: Poisson rate per output neuron and its weight (pA). */
  readonly driveRate_Hz: number;
  readonly driveWeight_pA: number;
  /** Initial fibre → output weight and bound (pA). */
  readonly initialWeight_pA: number;
  readonly wMax_pA: number;
  /** R-STDP. */
  readonly aPlus: number;
  readonly aMinus: number;
  readonly tauElig_ms: number;
  readonly eta_per_ms: number;
  readonly modulatorTau_ms: number;
  /** Teaching signal scale: pulse = teach · τ_PD / τ_ref per control period. */
  readonly teach: number;
  readonly teachRef_Nm: readonly number[];
  /** Decoder: rate filter and N·m per Hz of up − down rate, per joint. */
  readonly decoderTau_ms: number;
  readonly gain_NmPerHz: readonly number[];
}

export const ARM_HOLD_REFLEX_SNN_PARAMS: ArmHoldReflexSnnParams = {
  kp_NmPerRad: [30, 10],
  kd_NmsPerRad: [1.5, 0.3],
  maxTorque_Nm: [12, 5],
  contextLow_rad: -2.6,
  contextHigh_rad: 2.6,
  neuronsPerJoint: 14,
  contextRate_Hz: 200,
  neuronsPerGroup: 10,
  driveRate_Hz: 400,
  driveWeight_pA: 400,
  initialWeight_pA: 200,
  wMax_pA: 2000,
  aPlus: 1,
  aMinus: 0.5,
  tauElig_ms: 200,
  eta_per_ms: 0.002,
  modulatorTau_ms: 20,
  teach: 1,
  teachRef_Nm: [3, 1],
  decoderTau_ms: 100,
  gain_NmPerHz: [0.06, 0.02],
};

const GROUPS = ['up', 'down'] as const;

export function armHoldNetworkSpec(p: ArmHoldReflexSnnParams): NetworkSpec {
  const nCtx = ARM_HOLD_JOINTS * p.neuronsPerJoint;
  const n = p.neuronsPerGroup;
  const populations: NetworkSpec['populations'][number][] = [
    { name: 'fibres', size: nCtx, source: { kind: 'external' } },
    { name: 'drive', size: 2 * ARM_HOLD_JOINTS * n, source: { kind: 'poisson', rate_Hz: p.driveRate_Hz } },
  ];
  const projections: ProjectionSpec[] = [];
  const modulators: { name: string; tau_ms: number; tonic: number }[] = [];
  let g = 0;
  for (let k = 0; k < ARM_HOLD_JOINTS; k++) {
    for (const side of GROUPS) {
      const name = `${side}${k}`;
      populations.push({ name, size: n, neuron: { kind: 'lif' } });
      modulators.push({ name: `cf_${name}`, tau_ms: p.modulatorTau_ms, tonic: 0 });
      projections.push({
        name: `fibres->${name}`,
        pre: 'fibres',
        post: name,
        connectivity: { kind: 'all-to-all' },
        weight: p.initialWeight_pA,
        plasticity: presetRstdp(`cf_${name}`, p),
      });
      const pairs: Array<readonly [number, number]> = [];
      for (let m = 0; m < n; m++) pairs.push([g * n + m, m]);
      projections.push({ name: `drive->${name}`, pre: 'drive', post: name, connectivity: { kind: 'list', pairs }, weight: p.driveWeight_pA });
      g++;
    }
  }
  return { dt_ms: 1, populations, projections, modulators };
}

/** The innate reflex torque of joint k from the observation. */
function reflexTorque(p: ArmHoldReflexSnnParams, obs: Channels, k: number): number {
  return p.kp_NmPerRad[k]! * (obs.posture_target![k]! - obs.joint_position![k]!) - p.kd_NmsPerRad[k]! * obs.joint_velocity![k]!;
}

export function createArmHoldReflexSnn(opts: PresetBuildOptions, p: ArmHoldReflexSnnParams = ARM_HOLD_REFLEX_SNN_PARAMS): SpikingController {
  for (const k of ['kp_NmPerRad', 'kd_NmsPerRad', 'maxTorque_Nm', 'teachRef_Nm', 'gain_NmPerHz'] as const) {
    if (p[k].length !== ARM_HOLD_JOINTS) throw new RangeError(`arm-hold-reflex-snn: ${k} must hold ${ARM_HOLD_JOINTS} values, got ${p[k].length}`);
  }
  const network = buildNetwork(armHoldNetworkSpec(p), { seed: opts.seed });
  const outputs = [];
  const rewards = [];
  for (let k = 0; k < ARM_HOLD_JOINTS; k++) {
    const tmax = p.maxTorque_Nm[k]!;
    outputs.push({
      populations: [`up${k}`, `down${k}`] as const,
      decoder: { kind: 'antagonistic-pair', tau_ms: p.decoderTau_ms, neuronsPerSide: p.neuronsPerGroup, gain_perHz: p.gain_NmPerHz[k]!, layout: 'two-populations' } as const,
      outputs: 1,
      write: (decoded: Float32Array, obs: Channels, action: Channels) => {
        const tau = reflexTorque(p, obs, k) + decoded[0]!;
        action.joint_torque![k] = tau > tmax ? tmax : tau < -tmax ? -tmax : tau;
      },
    });
    const scale = p.teach / p.teachRef_Nm[k]!;
    rewards.push({ modulator: `cf_up${k}`, signal: (_r: number, obs: Channels) => scale * reflexTorque(p, obs, k) });
    rewards.push({ modulator: `cf_down${k}`, signal: (_r: number, obs: Channels) => -scale * reflexTorque(p, obs, k) });
  }
  return new SpikingController({
    preset: 'arm-hold-reflex-snn',
    options: opts,
    sensors: ARM_HOLD_SENSORS,
    actuators: ARM_HOLD_ACTUATORS,
    network,
    inputs: [
      {
        population: 'fibres',
        encoder: {
          kind: 'gaussian-population',
          low: p.contextLow_rad,
          high: p.contextHigh_rad,
          neuronsPerValue: p.neuronsPerJoint,
          sigma: (p.contextHigh_rad - p.contextLow_rad) / (p.neuronsPerJoint - 1),
          maxRate_Hz: p.contextRate_Hz,
          spiking: 'regular',
        },
        values: ARM_HOLD_JOINTS,
        features: (obs, out) => {
          const t = obs.posture_target!;
          for (let k = 0; k < ARM_HOLD_JOINTS; k++) out[k] = t[k]!;
        },
      },
    ],
    outputs,
    rewards,
  });
}

export const ARM_HOLD_REFLEX_SNN: ControllerPreset = {
  id: 'arm-hold-reflex-snn',
  summary: 'adaptive posture reflex: innate PD plus a cerebellum-like spiking feed-forward pathway learning online by feedback-error-modulated R-STDP',
  bodyKind: 'arm',
  spiking: true,
  sensors: ARM_HOLD_SENSORS,
  actuators: ARM_HOLD_ACTUATORS,
  create: (opts) => createArmHoldReflexSnn(opts),
};
