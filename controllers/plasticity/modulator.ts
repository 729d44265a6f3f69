/**
 * A neuromodulator (dopamine): the third factor of R-STDP.
 *
 *   d(t) = tonic + phasic(t),   τ_d dphasic/dt = −phasic,   phasic += r − baseline at a reward r
 *
 * A reward raises the phasic level instantly (between SNN steps) and it decays with τ_d
 * (Izhikevich 2007). With `baseline: running-average` the modulation is reward minus expected
 * reward, r − R̄, where R̄ is an exponential running average of past rewards with time constant
 * τ_R: starting from 0 at reset, each reward moves it by (r − R̄)(1 − e^{−Δt/τ_R}), Δt being the
 * time since the previous reward (or since reset). A constant reward r every Δt therefore gives
 * pulses r·e^{−kΔt/τ_R}: the modulation decays to zero. Without a baseline
 * R-STDP is biased by the mean reward (Frémaux, Sprekeler & Gerstner 2010).
 */
export type RewardBaseline = { readonly kind: 'none' } | { readonly kind: 'running-average'; readonly tau_ms: number };

export interface ModulatorParams {
  readonly name: string;
  /** Decay time constant of the phasic level, τ_d. */
  readonly tau_ms: number;
  /** Constant level added to the phasic level (Izhikevich's tonic dopamine). @default 0 */
  readonly tonic: number;
  readonly baseline: RewardBaseline;
}

export const MODULATOR_DEFAULTS: Omit<ModulatorParams, 'name'> = { tau_ms: 200, tonic: 0, baseline: { kind: 'none' } };

export interface ModulatorState {
  readonly params: ModulatorParams;
  readonly decay: number;
  phasic: number;
  /** Running average of reward (only used with a baseline). */
  rewardAverage: number;
  /** Time of the previous reward (ms); 0 after reset. */
  lastReward_ms: number;
  /** Sum of all rewards delivered (for diagnostics). */
  rewardTotal: number;
}

export function validateModulatorParams(p: ModulatorParams, where: string): void {
  if (!(Number.isFinite(p.tau_ms) && p.tau_ms > 0)) throw new RangeError(`${where}.tau_ms: expected > 0, got ${p.tau_ms}`);
  if (!Number.isFinite(p.tonic)) throw new RangeError(`${where}.tonic: expected a finite number, got ${p.tonic}`);
  if (p.baseline.kind === 'running-average' && !(p.baseline.tau_ms > 0)) {
    throw new RangeError(`${where}.baseline.tau_ms: expected > 0, got ${p.baseline.tau_ms}`);
  }
}

export function createModulator(p: ModulatorParams, dt_ms: number): ModulatorState {
  return { params: p, decay: Math.exp(-dt_ms / p.tau_ms), phasic: 0, rewardAverage: 0, lastReward_ms: 0, rewardTotal: 0 };
}

export function resetModulator(m: ModulatorState): void {
  m.phasic = 0;
  m.rewardAverage = 0;
  m.lastReward_ms = 0;
  m.rewardTotal = 0;
}

/** Delivers a reward at time `now_ms` (between steps); returns the modulation pulse added. */
export function deliverReward(m: ModulatorState, reward: number, now_ms: number): number {
  if (!Number.isFinite(reward)) throw new RangeError(`modulator '${m.params.name}': reward must be finite, got ${reward}`);
  const b = m.params.baseline;
  let pulse = reward;
  if (b.kind === 'running-average') {
    pulse = reward - m.rewardAverage;
    const alpha = -Math.expm1(-(now_ms - m.lastReward_ms) / b.tau_ms);
    m.rewardAverage += alpha * (reward - m.rewardAverage);
  }
  m.lastReward_ms = now_ms;
  m.phasic += pulse;
  m.rewardTotal += reward;
  return pulse;
}

/** Current modulator level d(t). */
export function modulatorLevel(m: ModulatorState): number {
  return m.params.tonic + m.phasic;
}

/** End of an SNN step: the phasic level decays by one step. */
export function decayModulator(m: ModulatorState): void {
  m.phasic *= m.decay;
}
