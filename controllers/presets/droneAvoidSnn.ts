/**
 * 'drone-avoid-snn' — spiking obstacle avoidance for the drone, plastic with R-STDP.
 *
 *   lidar → S sector proximities → `prox` (Poisson rate code) ── R-STDP ──→ `slide_left` ⇄ `slide_right`
 *   `explore` (Poisson background) ───────────────── fixed ──────────────↗   (mutual inhibition)
 *   bearing to the goal direction → `goal` (Gaussian population) ─ fixed → `turn_left` / `turn_right`
 *   `tonic` (Poisson) → `fwd_go` (fixed);   `prox` (front sectors) → `fwd_stop` (fixed)
 *
 * Read-out (antagonistic pairs, filtered rates r̄): side-step vy = g_s·(r̄_slide_left − r̄_slide_right);
 * yaw rate = g_ψ·(r̄_turn_left − r̄_turn_right) (keeps the heading on the goal);
 * forward speed = g_v·(r̄_go − r̄_stop), clipped to [v_min, v_max]. Altitude is held by an innate
 * non-spiking reflex (vz ∝ z_ref − z), as a brainstem reflex would.
 *
 * Innate reflex (Braitenberg-like): each prox→slide synapse starts at w_base, plus
 * w_innate·|sin θ_k| when sector k is on the side opposite the step (an obstacle on the left
 * excites `slide_right`). w_innate is deliberately too weak to solve drone-forest-v1 reliably.
 *
 * Learning (three-factor R-STDP, rstdp.ts): eligibility from Hebbian-leaning STDP (A₋ < A₊, so it
 * tracks co-activity of a sector and a motor population) with τ_e = 300 ms. The third factor is
 * the task's scalar reward r (clipped to ±1), made into a signed teaching signal per side:
 *   δ = r − b(s),          b(s) = v·φ(s) a reward predictor on the sector proximities, learned
 *                          by LMS across episodes (saved with the weights as parameter 'critic');
 *   d_left = +δ·a,  d_right = −δ·a,   a = low-passed side-step command / max (efference copy).
 * So a side-step that turned out better than predicted strengthens the active sectors' synapses
 * onto the population that produced it and weakens those onto its antagonist (REINFORCE with a
 * state-dependent baseline, Williams 1992; reward prediction as in Frémaux, Sprekeler & Gerstner
 * 2010). Without b(s) the approach to any obstacle is punished whatever the action, and the
 * reflex is unlearned. Exploration comes from the Poisson background; `finish` runs the network
 * a little longer so the last reward meets the eligibility it concerns.
 *
 * Why side-steps learn and turns did not: with yaw as the learned action, turning back to the
 * goal after passing an obstacle coincides with rising clearance, which rewarded turning towards
 * obstacles; side-stepping keeps the heading fixed, so clearance follows the action directly.
 */
import type { Channels } from '../../loop/channels.js';
import type { NetworkSpec, ProjectionSpec } from '../network/networkSpec.js';
import { buildNetwork } from '../network/buildNetwork.js';
import { gaussianCentre } from '../coding/gaussianPopulationEncoder.js';
import type { GaussianPopulationEncoderParams } from '../coding/gaussianPopulationEncoder.js';
import { SpikingController } from '../sensorimotor/spikingController.js';
import { allPairs } from '../spec/weightGenerators.js';
import { presetRstdp } from './presetRstdp.js';
import type { ControllerPreset, PresetBuildOptions } from './preset.js';
import { AVOID_ACTUATORS, AVOID_SENSORS, altitudeHold, goalBearing, sectorAngle, sectorProximity } from './droneAvoidFeatures.js';

export const SNN_AVOID = {
  dt_ms: 1,
  sectors: 8,
  proxRange_m: 3,
  proxPerSector: 6,
  proxMaxRate_Hz: 200,
  goalNeurons: 7,
  goalMaxRate_Hz: 200,
  motorPerSide: 10,
  exploreSize: 20,
  exploreRate_Hz: 40,
  exploreInDegree: 4,
  exploreWeight_pA: 300,
  tonicSize: 10,
  tonicRate_Hz: 100,
  tonicWeight_pA: 250,
  baseWeight_pA: 30,
  innateWeight_pA: 5,
  goalWeight_pA: 500,
  inhibition_pA: 150,
  wMax_pA: 250,
  aPlus: 1,
  aMinus: 0.3,
  tauElig_ms: 300,
  eta_per_ms: 0.002,
  daTau_ms: 200,
  criticRate: 0.05,
  turnTau_ms: 200,
  slideGain_mpsPerHz: 0.03,
  maxSlide_mps: 1.5,
  stopWeight_pA: 120,
  rewardClip: 1,
  finish_ms: 300,
  yawGain_radpsPerHz: 0.03,
  maxYawRate_radps: 2.5,
  speedBase_mps: 0,
  speedGain_mpsPerHz: 0.02,
  minSpeed_mps: 0.3,
  maxSpeed_mps: 1.5,
  altitude_m: 1,
  altitudeGain_perS: 1.5,
  rateTau_ms: 50,
} as const;

export type SnnAvoidParams = { -readonly [K in keyof typeof SNN_AVOID]: (typeof SNN_AVOID)[K] extends number ? number : (typeof SNN_AVOID)[K] };

/** The network as data; `side` +1 for turn_left (CCW), −1 for turn_right. */
export function snnAvoidNetworkSpec(p: SnnAvoidParams): NetworkSpec {
  const goalEnc = goalEncoder(p);
  const lif = { kind: 'lif' } as const;
  const proxTo = (post: string, side: number): ProjectionSpec => {
    const { pairs, weights } = allPairs(p.sectors * p.proxPerSector, p.motorPerSide, (i) => {
      const a = sectorAngle(Math.floor(i / p.proxPerSector), p.sectors);
      // Obstacle on the left (a > 0) should excite turn_right (side −1), and vice versa.
      return p.baseWeight_pA + (Math.sign(a) === -side ? p.innateWeight_pA * Math.abs(Math.sin(a)) : 0);
    });
    return { name: `prox-${post}`, pre: 'prox', post, connectivity: { kind: 'list', pairs }, weight: 0, weights, plasticity: presetRstdp(side > 0 ? 'da_left' : 'da_right', p) };
  };
  const goalTo = (post: string, side: number): ProjectionSpec => {
    const { pairs, weights } = allPairs(p.goalNeurons, p.motorPerSide, (i) => p.goalWeight_pA * Math.max(0, side * gaussianCentre(goalEnc, i)));
    return { name: `goal-${post}`, pre: 'goal', post, connectivity: { kind: 'list', pairs }, weight: 0, weights };
  };
  const stop = allPairs(p.sectors * p.proxPerSector, p.motorPerSide, (i) => {
    const a = sectorAngle(Math.floor(i / p.proxPerSector), p.sectors);
    return p.stopWeight_pA * Math.max(0, Math.cos(a));
  });
  return {
    dt_ms: p.dt_ms,
    populations: [
      { name: 'prox', size: p.sectors * p.proxPerSector, source: { kind: 'external' } },
      { name: 'goal', size: p.goalNeurons, source: { kind: 'external' } },
      { name: 'explore', size: p.exploreSize, source: { kind: 'poisson', rate_Hz: p.exploreRate_Hz } },
      { name: 'tonic', size: p.tonicSize, source: { kind: 'poisson', rate_Hz: p.tonicRate_Hz } },
      { name: 'slide_left', size: p.motorPerSide, neuron: lif },
      { name: 'slide_right', size: p.motorPerSide, neuron: lif },
      { name: 'turn_left', size: p.motorPerSide, neuron: lif },
      { name: 'turn_right', size: p.motorPerSide, neuron: lif },
      { name: 'fwd_go', size: p.motorPerSide, neuron: lif },
      { name: 'fwd_stop', size: p.motorPerSide, neuron: lif },
    ],
    modulators: [
      { name: 'da_left', tau_ms: p.daTau_ms },
      { name: 'da_right', tau_ms: p.daTau_ms },
    ],
    projections: [
      proxTo('slide_left', 1),
      proxTo('slide_right', -1),
      goalTo('turn_left', 1),
      goalTo('turn_right', -1),
      { name: 'explore-slide_left', pre: 'explore', post: 'slide_left', connectivity: { kind: 'fixed-in-degree', k: p.exploreInDegree }, weight: p.exploreWeight_pA },
      { name: 'explore-slide_right', pre: 'explore', post: 'slide_right', connectivity: { kind: 'fixed-in-degree', k: p.exploreInDegree }, weight: p.exploreWeight_pA },
      { name: 'slide_left-slide_right', pre: 'slide_left', post: 'slide_right', target: 'inh', connectivity: { kind: 'all-to-all' }, weight: p.inhibition_pA },
      { name: 'slide_right-slide_left', pre: 'slide_right', post: 'slide_left', target: 'inh', connectivity: { kind: 'all-to-all' }, weight: p.inhibition_pA },
      { name: 'tonic-fwd_go', pre: 'tonic', post: 'fwd_go', connectivity: { kind: 'all-to-all' }, weight: p.tonicWeight_pA },
      { name: 'prox-fwd_stop', pre: 'prox', post: 'fwd_stop', connectivity: { kind: 'list', pairs: stop.pairs }, weight: 0, weights: stop.weights },
    ],
  };
}

function goalEncoder(p: SnnAvoidParams): GaussianPopulationEncoderParams {
  return { low: -1, high: 1, neuronsPerValue: p.goalNeurons, sigma: 2 / (p.goalNeurons - 1), maxRate_Hz: p.goalMaxRate_Hz, spiking: 'poisson' };
}

/** Builds the controller with parameters `p` (SNN_AVOID for the registered preset). */
export function createSnnAvoid(opts: PresetBuildOptions, p: SnnAvoidParams = SNN_AVOID, preset = 'drone-avoid-snn'): SpikingController {
  const net = buildNetwork(snnAvoidNetworkSpec(p), { seed: opts.seed });
  const clip = (v: number, lo: number, hi: number) => (v > hi ? hi : v < lo ? lo : v);
  // Per-episode learning state: the last yaw command as a fraction of the maximum (the
  // efference copy that attributes a reward to the turn taken), the reward baseline r̄, and the
  // centred reward of this period.
  const st = { turn: 0, centred: 0, havePhi: false };
  // Reward predictor b(s) = v·φ(s), φ = (sector proximities of the period just judged, 1),
  // learned by LMS across episodes (a learned parameter, saved with the weights).
  const critic = new Float32Array(p.sectors + 1);
  const phi = new Float32Array(p.sectors + 1);
  const turnAlpha = -Math.expm1(-1000 / opts.controlRate_Hz / p.turnTau_ms);
  return new SpikingController({
    preset,
    options: opts,
    sensors: AVOID_SENSORS,
    actuators: AVOID_ACTUATORS,
    network: net,
    inputs: [
      {
        population: 'prox',
        encoder: { kind: 'poisson', low: 0, high: 1, maxRate_Hz: p.proxMaxRate_Hz, neuronsPerValue: p.proxPerSector },
        values: p.sectors,
        features: (obs: Channels, out: Float32Array) => {
          sectorProximity(obs['lidar']!, p.proxRange_m, out);
          phi.set(out);
          phi[p.sectors] = 1;
          st.havePhi = true;
        },
      },
      {
        population: 'goal',
        encoder: { kind: 'gaussian-population', ...goalEncoder(p) },
        values: 1,
        features: (obs: Channels, out: Float32Array) => {
          out[0] = goalBearing(obs);
        },
      },
    ],
    outputs: [
      {
        populations: ['turn_left', 'turn_right'],
        decoder: { kind: 'antagonistic-pair', tau_ms: p.rateTau_ms, neuronsPerSide: p.motorPerSide, gain_perHz: p.yawGain_radpsPerHz, layout: 'two-populations' },
        outputs: 1,
        write: (d: Float32Array, _obs: Channels, action: Channels) => {
          action['cmd_yaw_rate']![0] = clip(d[0]!, -p.maxYawRate_radps, p.maxYawRate_radps);
        },
      },
      {
        populations: ['slide_left', 'slide_right'],
        decoder: { kind: 'antagonistic-pair', tau_ms: p.rateTau_ms, neuronsPerSide: p.motorPerSide, gain_perHz: p.slideGain_mpsPerHz, layout: 'two-populations' },
        outputs: 1,
        write: (d: Float32Array, _obs: Channels, action: Channels) => {
          const vy = clip(d[0]!, -p.maxSlide_mps, p.maxSlide_mps);
          action['cmd_linear']![1] = vy;
          // The drone's velocity follows the command with a lag: attribute rewards to a
          // low-passed side-step (τ = turnTau_ms), not the last command alone.
          st.turn += turnAlpha * (vy / p.maxSlide_mps - st.turn);
        },
      },
      {
        populations: ['fwd_go', 'fwd_stop'],
        decoder: { kind: 'antagonistic-pair', tau_ms: p.rateTau_ms, neuronsPerSide: p.motorPerSide, gain_perHz: p.speedGain_mpsPerHz, layout: 'two-populations' },
        outputs: 1,
        write: (d: Float32Array, obs: Channels, action: Channels) => {
          const lin = action['cmd_linear']!;
          lin[0] = clip(p.speedBase_mps + d[0]!, p.minSpeed_mps, p.maxSpeed_mps);
          lin[2] = altitudeHold(obs, p.altitude_m, p.altitudeGain_perS);
        },
      },
    ],
    rewards: [
      {
        modulator: 'da_left',
        signal: (r: number) => {
          if (!st.havePhi) return (st.centred = 0);
          const rc = clip(r, -p.rewardClip, p.rewardClip);
          let b = 0;
          for (let k = 0; k <= p.sectors; k++) b += critic[k]! * phi[k]!;
          st.centred = rc - b;
          for (let k = 0; k <= p.sectors; k++) critic[k] = critic[k]! + p.criticRate * st.centred * phi[k]!;
          return st.centred * st.turn;
        },
      },
      { modulator: 'da_right', signal: () => -st.centred * st.turn },
    ],
    onReset: () => {
      st.turn = st.centred = 0;
      st.havePhi = false;
    },
    extraParameters: { critic },
    finish_ms: p.finish_ms,
  });
}

export const DRONE_AVOID_SNN: ControllerPreset = {
  id: 'drone-avoid-snn',
  summary: 'spiking lidar-sector → side-step avoidance (+ goal heading, speed pairs), R-STDP on a weak innate reflex',
  bodyKind: 'quadrotor',
  spiking: true,
  sensors: AVOID_SENSORS,
  actuators: AVOID_ACTUATORS,
  create: (opts) => createSnnAvoid(opts),
};
