/**
 * 'arm-reach-snn' — spiking reaching that learns its sensorimotor map by reward (R-STDP).
 *
 * Features (shoulder-centred polar coordinates, computed from `joint_origin`, `ee_position` and
 * `target_position`): the elevation error e_φ = φ_target − φ_tool (rad, wrapped) and the distance
 * error e_ρ = ρ_target − ρ_tool (m), squashed to u = tanh(e / scale) so the population resolves
 * small errors finely and saturates far away. Polar errors are what a two-joint arm maps almost
 * one-to-one onto joints (shoulder ↔ elevation, elbow ↔ distance), but the map's gains and
 * cross-couplings (moving the elbow also changes the elevation) are what learning finds.
 *
 * Network (LIF, NEST iaf_psc_exp defaults; dt 1 ms):
 *   error   external source, 2 × N neurons, Gaussian receptive fields over u ∈ [−1, 1]
 *   up      2 × n LIF (joint k: neurons [k·n, (k+1)·n)) — drives q̇_k > 0
 *   down    2 × n LIF                                   — drives q̇_k < 0
 *   noise   Poisson source, one neuron per motor group (4), each exciting all n neurons of its
 *           group: correlated exploration (node perturbation, Fiete & Seung 2006), so a group's
 *           rate — and the joint's speed — wanders, and the reward can tell which way was good.
 *   error → up, error → down   all-to-all, plastic (R-STDP, modulator 'da')
 *   up_k ⊣ down_k, down_k ⊣ up_k   fixed reciprocal inhibition (as between antagonist motor
 *           pools), so co-activation of both sides cancels rather than adding jitter.
 * Decoding: q̇_k = gain · (r̄_up,k − r̄_down,k) (antagonistic-pair decoder, filtered rates), plus
 * the innate obstacle reflex of planarArmReach.ts (non-spiking), limited to the motors' range.
 *
 * Innate map (weak): a synapse from an error neuron with preferred value c starts at
 * w_rand·U(0,1) + w_innate·max(0, ±c) on the diagonal only (elevation → shoulder, distance →
 * elbow) with the sign that reduces the error on the elbow-below branch (q₁ > 0, where opening
 * the elbow lengthens the reach); it moves the arm towards the target, slowly — most held-out
 * targets are not reached within the 5 s limit. Learning must find faster, coupled mappings.
 *
 * Learning: the scenario's reward (mostly progress, 10/m of distance gained per step) is the
 * dopamine signal, minus a running average of the episode's rewards (τ_b = 300 ms, started at
 * the first reward; Frémaux, Sprekeler & Gerstner 2010) and clipped to ±0.15 (the +1 reach and
 * −1 contact terms would otherwise dwarf the progress signal), so only better-than-expected
 * movements potentiate their eligible synapses (Izhikevich 2007; reaching with R-STDP and a
 * two-joint arm: Chadderdon et al. 2012, Dura-Bernal et al. 2015). The eligibility is
 * pre-before-post dominated (A₋ = A₊/2): a motor neuron's extra, noise-driven spikes leave
 * eligibility on the synapses of the error neurons active at the time, so Δw ∝ d · (pre rate ×
 * post excess) — a covariance rule on the exploration. Eligibility τ_e = 300 ms spans the
 * ~50 ms from a motor spike through the decoder, the next command and the measured progress.
 * The weight cap (250 pA) bounds the gain the map can reach: with a higher cap the rule keeps
 * raising gains past the point where the arm still settles inside the 2 cm tolerance, and
 * inputs whose two sides both saturate stop driving the arm (measured on 30 held-out seeds,
 * three controller seeds: with a 400 pA cap success peaked then fell to ~0.5 by 500 episodes;
 * with 250 pA it is 0.83–0.97 at every check from 200 to 600 episodes).
 */
import { Rng } from '../../loop/rng.js';
import type { Channels } from '../../loop/channels.js';
import { buildNetwork } from '../network/buildNetwork.js';
import type { NetworkSpec, ProjectionSpec } from '../network/networkSpec.js';
import { SpikingController } from '../sensorimotor/spikingController.js';
import type { ControllerPreset, PresetBuildOptions } from './preset.js';
import type { ObstacleReflexParams } from './planarArmReach.js';
import { ARM_OBSTACLE_REFLEX, ARM_REACH_ACTUATORS, ARM_REACH_JOINTS, ARM_REACH_SENSORS, addObstacleReflex, limitRates } from './planarArmReach.js';
import { presetRstdp } from './presetRstdp.js';

export interface ArmReachSnnParams {
  /** Squashing scales of the elevation (rad) and distance (m) errors. */
  readonly elevationScale_rad: number;
  readonly distanceScale_m: number;
  /** Error neurons per feature (N) and their peak rate. */
  readonly neuronsPerFeature: number;
  readonly inputRate_Hz: number;
  /** Motor neurons per direction per joint (n). */
  readonly neuronsPerGroup: number;
  /** Exploration: Poisson rate of each group's noise neuron and its weight onto the group (pA). */
  readonly noiseRate_Hz: number;
  readonly noiseWeight_pA: number;
  /** Reciprocal inhibition between a joint's up and down groups, all-to-all (pA; 0 = none). */
  readonly reciprocalInhibition_pA: number;
  /** Initial error → motor weights: random part and innate diagonal part (pA). */
  readonly randomWeight_pA: number;
  readonly innateWeight_pA: number;
  readonly wMax_pA: number;
  /** R-STDP. */
  readonly aPlus: number;
  readonly aMinus: number;
  readonly weightDependence: 'additive' | 'multiplicative';
  readonly tauElig_ms: number;
  readonly eta_per_ms: number;
  readonly dopamineTau_ms: number;
  readonly baselineTau_ms: number;
  /** Rewards are clipped to ±this before they reach the modulator. */
  readonly rewardClip: number;
  /** Decoder: rate filter and rad/s per Hz of up − down rate. */
  readonly decoderTau_ms: number;
  readonly gain_radpsPerHz: number;
  readonly maxRate_radps: number;
  readonly obstacle: ObstacleReflexParams;
}

export const ARM_REACH_SNN_PARAMS: ArmReachSnnParams = {
  elevationScale_rad: 0.08,
  distanceScale_m: 0.025,
  neuronsPerFeature: 11,
  inputRate_Hz: 200,
  neuronsPerGroup: 8,
  noiseRate_Hz: 60,
  noiseWeight_pA: 600,
  reciprocalInhibition_pA: 300,
  randomWeight_pA: 100,
  innateWeight_pA: 120,
  wMax_pA: 250,
  aPlus: 1,
  aMinus: 0.5,
  weightDependence: 'additive',
  tauElig_ms: 300,
  eta_per_ms: 0.02,
  dopamineTau_ms: 50,
  baselineTau_ms: 300,
  rewardClip: 0.15,
  decoderTau_ms: 40,
  gain_radpsPerHz: 0.03,
  maxRate_radps: 3.5,
  obstacle: ARM_OBSTACLE_REFLEX,
};

/** Polar errors about the shoulder, squashed: out[0] elevation, out[1] distance. Allocates nothing. */
export function polarErrorFeatures(obs: Channels, p: ArmReachSnnParams, out: Float32Array): void {
  const o = obs.joint_origin!;
  const ee = obs.ee_position!;
  const tg = obs.target_position!;
  const sx = o[0]!;
  const sz = o[2]!;
  const ex = ee[0]! - sx;
  const ez = ee[2]! - sz;
  const tx = tg[0]! - sx;
  const tz = tg[2]! - sz;
  let de = Math.atan2(tz, tx) - Math.atan2(ez, ex);
  if (de > Math.PI) de -= 2 * Math.PI;
  else if (de < -Math.PI) de += 2 * Math.PI;
  const dr = Math.sqrt(tx * tx + tz * tz) - Math.sqrt(ex * ex + ez * ez);
  out[0] = Math.tanh(de / p.elevationScale_rad);
  out[1] = Math.tanh(dr / p.distanceScale_m);
}

/**
 * The network. Error neuron f·N + j prefers u = −1 + 2j/(N−1) of feature f; motor neuron
 * k·n + m belongs to joint k. Positive elevation error (target above) wants the shoulder to
 * rise (q̇_0 < 0: 'down'); positive distance error wants the elbow to open (q̇_1 < 0 on the
 * q_1 > 0 branch: 'down').
 */
export function armReachNetworkSpec(p: ArmReachSnnParams, seed: number): NetworkSpec {
  const N = p.neuronsPerFeature;
  const n = p.neuronsPerGroup;
  const nIn = ARM_REACH_JOINTS * N;
  const nMotor = ARM_REACH_JOINTS * n;
  const rng = new Rng(seed, 'arm-reach-snn:weights');
  const plastic = (side: 'up' | 'down'): ProjectionSpec => {
    const pairs: Array<readonly [number, number]> = [];
    const weights: number[] = [];
    for (let i = 0; i < nIn; i++) {
      const f = Math.floor(i / N);
      const c = -1 + (2 * (i % N)) / (N - 1);
      for (let j = 0; j < nMotor; j++) {
        const k = Math.floor(j / n);
        // Both diagonal maps want 'down' for a positive error, 'up' for a negative one.
        const innate = f === k ? p.innateWeight_pA * Math.max(0, side === 'down' ? c : -c) : 0;
        pairs.push([i, j]);
        weights.push(p.randomWeight_pA * rng.uniform() + innate);
      }
    }
    return {
      name: `error->${side}`,
      pre: 'error',
      post: side,
      connectivity: { kind: 'list', pairs },
      weight: 0,
      weights,
      plasticity: presetRstdp('da', p),
    };
  };
  const noisePairs = (offset: number): Array<readonly [number, number]> => {
    const pairs: Array<readonly [number, number]> = [];
    for (let k = 0; k < ARM_REACH_JOINTS; k++) for (let m = 0; m < n; m++) pairs.push([offset + k, k * n + m]);
    return pairs;
  };
  const reciprocal: Array<readonly [number, number]> = [];
  for (let k = 0; k < ARM_REACH_JOINTS; k++) for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) reciprocal.push([k * n + a, k * n + b]);
  const inhibition: ProjectionSpec[] =
    p.reciprocalInhibition_pA > 0
      ? [
          { name: 'up-|down', pre: 'up', post: 'down', target: 'inh', connectivity: { kind: 'list', pairs: reciprocal }, weight: p.reciprocalInhibition_pA },
          { name: 'down-|up', pre: 'down', post: 'up', target: 'inh', connectivity: { kind: 'list', pairs: reciprocal }, weight: p.reciprocalInhibition_pA },
        ]
      : [];
  return {
    dt_ms: 1,
    populations: [
      { name: 'error', size: nIn, source: { kind: 'external' } },
      { name: 'noise', size: 2 * ARM_REACH_JOINTS, source: { kind: 'poisson', rate_Hz: p.noiseRate_Hz } },
      { name: 'up', size: nMotor, neuron: { kind: 'lif' } },
      { name: 'down', size: nMotor, neuron: { kind: 'lif' } },
    ],
    projections: [
      plastic('up'),
      plastic('down'),
      { name: 'noise->up', pre: 'noise', post: 'up', connectivity: { kind: 'list', pairs: noisePairs(0) }, weight: p.noiseWeight_pA },
      { name: 'noise->down', pre: 'noise', post: 'down', connectivity: { kind: 'list', pairs: noisePairs(ARM_REACH_JOINTS) }, weight: p.noiseWeight_pA },
      ...inhibition,
    ],
    modulators: [{ name: 'da', tau_ms: p.dopamineTau_ms, tonic: 0, baseline: { kind: 'none' } }],
  };
}

/**
 * The dopamine signal: the reward minus a running average of the episode's rewards (time
 * constant τ_b), clipped to ±clip. The average starts at the episode's first reward, so an
 * episode does not open with a spurious burst (a baseline starting at 0 would reward whatever
 * the network does in its first few hundred ms, every episode).
 */
export class RewardBaseline {
  private readonly state = new Float64Array(2); // [average, started]
  private readonly alpha: number;
  constructor(
    tau_s: number,
    period_s: number,
    private readonly clip: number,
  ) {
    if (!(tau_s > 0 && period_s > 0 && clip > 0)) throw new RangeError(`RewardBaseline: τ (${tau_s} s), period (${period_s} s) and clip (${clip}) must be > 0`);
    this.alpha = -Math.expm1(-period_s / tau_s);
  }
  reset(): void {
    this.state.fill(0);
  }
  /** Modulation for this control period's reward. */
  signal(r: number): number {
    const st = this.state;
    if (st[1] === 0) {
      st[0] = r;
      st[1] = 1;
      return 0;
    }
    const d = r - st[0]!;
    st[0] = st[0]! + this.alpha * d;
    return d > this.clip ? this.clip : d < -this.clip ? -this.clip : d;
  }
}

export function createArmReachSnn(opts: PresetBuildOptions, p: ArmReachSnnParams = ARM_REACH_SNN_PARAMS): SpikingController {
  const network = buildNetwork(armReachNetworkSpec(p, opts.seed), { seed: opts.seed });
  const qd = new Float64Array(ARM_REACH_JOINTS);
  const critic = new RewardBaseline(p.baselineTau_ms / 1000, 1 / opts.controlRate_Hz, p.rewardClip);
  return new SpikingController({
    preset: 'arm-reach-snn',
    options: opts,
    sensors: ARM_REACH_SENSORS,
    actuators: ARM_REACH_ACTUATORS,
    network,
    inputs: [
      {
        population: 'error',
        encoder: { kind: 'gaussian-population', low: -1, high: 1, neuronsPerValue: p.neuronsPerFeature, sigma: 2 / (p.neuronsPerFeature - 1), maxRate_Hz: p.inputRate_Hz, spiking: 'regular' },
        values: 2,
        features: (obs, out) => polarErrorFeatures(obs, p, out),
      },
    ],
    outputs: [
      {
        populations: ['up', 'down'],
        decoder: { kind: 'antagonistic-pair', tau_ms: p.decoderTau_ms, neuronsPerSide: p.neuronsPerGroup, gain_perHz: p.gain_radpsPerHz, layout: 'two-populations' },
        outputs: ARM_REACH_JOINTS,
        write: (decoded, obs, action) => {
          for (let k = 0; k < ARM_REACH_JOINTS; k++) qd[k] = decoded[k]!;
          addObstacleReflex(obs, p.obstacle, qd);
          limitRates(qd, p.maxRate_radps);
          const u = action.joint_velocity_target!;
          for (let k = 0; k < ARM_REACH_JOINTS; k++) u[k] = qd[k]!;
        },
      },
    ],
    rewards: [{ modulator: 'da', signal: (r) => critic.signal(r) }],
    onReset: () => critic.reset(),
    finish_ms: 300,
  });
}

export const ARM_REACH_SNN: ControllerPreset = {
  id: 'arm-reach-snn',
  summary: 'spiking reaching: polar target error → Gaussian population → antagonistic joint-rate populations, R-STDP on the task reward, innate obstacle reflex',
  bodyKind: 'arm',
  spiking: true,
  sensors: ARM_REACH_SENSORS,
  actuators: ARM_REACH_ACTUATORS,
  create: (opts) => createArmReachSnn(opts),
};
