/**
 * Test fixture: controller presets for the point mass.
 *  - 'point-mass-snn': offset → two Poisson-coded values (its positive and negative parts, 8
 *    neurons each) → one plastic R-STDP projection (all-to-all, 128 synapses) → 8 LIF motor
 *    neurons read as an antagonistic pair (first half pushes +, second half −) → cmd_velocity.
 *    Random initial weights, so the untrained controller has no reliable direction.
 *  - 'point-mass-p': a non-spiking proportional–derivative baseline, u = kp·offset − kd·v, its
 *    two gains as its (unlearned) parameters.
 */
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import type { ControllerPreset, PresetBuildOptions, PresetController } from '../../controllers/presets/preset.js';
import { SpikingController } from '../../controllers/sensorimotor/spikingController.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { BodyKind } from '../../scenarios/scenario.js';

/** The fixture is a point mass, which scenario.ts has no kind for; it stands in for a quadrotor. */
export const POINT_MASS_KIND = 'point-mass' as unknown as BodyKind;

export const PM_SENSORS: readonly ChannelSpec[] = [
  { name: 'offset', size: 1, low: -4, high: 4, unit: 'm' },
  { name: 'velocity', size: 1, low: -Infinity, high: Infinity, unit: 'm/s' },
];
export const PM_ACTUATORS: readonly ChannelSpec[] = [{ name: 'cmd_velocity', size: 1, low: -1, high: 1, unit: 'm/s' }];

export const PM_INPUT_PER_VALUE = 8;
export const PM_MOTOR_PER_SIDE = 4;

export const PM_NETWORK: NetworkSpec = {
  dt_ms: 1,
  populations: [
    { name: 'sense', size: 2 * PM_INPUT_PER_VALUE, source: { kind: 'external' } },
    { name: 'motor', size: 2 * PM_MOTOR_PER_SIDE, neuron: { kind: 'lif' } },
  ],
  modulators: [{ name: 'da', tau_ms: 200, baseline: { kind: 'running-average', tau_ms: 2000 } }],
  projections: [
    {
      name: 'sense-motor',
      pre: 'sense',
      post: 'motor',
      connectivity: { kind: 'all-to-all' },
      weight: { kind: 'uniform', low: 100, high: 500 },
      plasticity: { kind: 'rstdp', modulator: 'da', aPlus: 1, aMinus: 1.05, tauElig_ms: 500, eta_per_ms: 0.05, wMin: 0, wMax: 1000 },
    },
  ],
};

export const pointMassSnn: ControllerPreset = {
  id: 'point-mass-snn',
  summary: 'test fixture: Poisson-coded offset → plastic R-STDP projection → antagonistic LIF pair',
  bodyKind: POINT_MASS_KIND,
  spiking: true,
  sensors: PM_SENSORS,
  actuators: PM_ACTUATORS,
  create(options: PresetBuildOptions): PresetController {
    return new SpikingController({
      preset: 'point-mass-snn',
      options,
      sensors: PM_SENSORS,
      actuators: PM_ACTUATORS,
      network: buildNetwork(PM_NETWORK, { seed: options.seed }),
      inputs: [
        {
          population: 'sense',
          encoder: { kind: 'poisson', low: 0, high: 1.5, maxRate_Hz: 200, neuronsPerValue: PM_INPUT_PER_VALUE },
          values: 2,
          features: (obs: Channels, out: Float32Array) => {
            const d = obs.offset![0]!;
            out[0] = d > 0 ? d : 0;
            out[1] = d < 0 ? -d : 0;
          },
        },
      ],
      outputs: [
        {
          populations: ['motor'],
          decoder: { kind: 'antagonistic-pair', tau_ms: 50, neuronsPerSide: PM_MOTOR_PER_SIDE, gain_perHz: 0.01, layout: 'halves' },
          outputs: 1,
          write: (decoded: Float32Array, _obs: Channels, action: Channels) => {
            const u = decoded[0]!;
            action.cmd_velocity![0] = u > 1 ? 1 : u < -1 ? -1 : u;
          },
        },
      ],
      rewards: [{ modulator: 'da' }],
      finish_ms: 200,
    });
  },
};

class PdController implements PresetController {
  readonly preset = 'point-mass-p';
  readonly sensors = PM_SENSORS;
  readonly actuators = PM_ACTUATORS;
  readonly network = null;
  learning = false;
  private readonly gains = Float32Array.of(2, 0.1);

  constructor(readonly options: PresetBuildOptions) {}

  reset(_seed: number): void {}

  act(obs: Channels, _reward: number, _dt_s: number, out: Channels): void {
    const u = this.gains[0]! * obs.offset![0]! - this.gains[1]! * obs.velocity![0]!;
    out.cmd_velocity![0] = u > 1 ? 1 : u < -1 ? -1 : u;
  }

  parameters(): Record<string, Float32Array> {
    return { gains: this.gains };
  }
}

export const pointMassP: ControllerPreset = {
  id: 'point-mass-p',
  summary: 'test fixture: proportional–derivative baseline',
  bodyKind: POINT_MASS_KIND,
  spiking: false,
  sensors: PM_SENSORS,
  actuators: PM_ACTUATORS,
  create: (options) => new PdController(options),
};

/**
 * A PD controller with a toy learning rule, to test how training treats diverging learners:
 * with learning on, an episode ends with kp ← kp + 0.01·(sum of the rewards it was given), except
 * that an episode whose seed is divisible by 3 ends with kp = NaN.
 */
class NanLearner implements PresetController {
  readonly preset = 'point-mass-nan-learner';
  readonly sensors = PM_SENSORS;
  readonly actuators = PM_ACTUATORS;
  readonly network = null;
  readonly plastic = true;
  learning = true;
  private readonly gains = Float32Array.of(2, 0.1);
  private seed = 0;
  private rewardSum = 0;

  constructor(readonly options: PresetBuildOptions) {}

  reset(seed: number): void {
    this.seed = seed;
    this.rewardSum = 0;
  }

  act(obs: Channels, reward: number, _dt_s: number, out: Channels): void {
    this.rewardSum += reward;
    const u = this.gains[0]! * obs.offset![0]! - this.gains[1]! * obs.velocity![0]!;
    out.cmd_velocity![0] = u > 1 ? 1 : u < -1 ? -1 : u;
  }

  finish(_obs: Channels, reward: number): void {
    this.rewardSum += reward;
    if (!this.learning) return;
    this.gains[0] = this.seed % 3 === 0 ? NaN : this.gains[0]! + 0.01 * this.rewardSum;
  }

  parameters(): Record<string, Float32Array> {
    return { gains: this.gains };
  }
}

export const pointMassNanLearner: ControllerPreset = {
  id: 'point-mass-nan-learner',
  summary: 'test fixture: PD controller whose toy learning rule diverges to NaN on seeds divisible by 3',
  bodyKind: POINT_MASS_KIND,
  spiking: false,
  sensors: PM_SENSORS,
  actuators: PM_ACTUATORS,
  create: (options) => new NanLearner(options),
};
