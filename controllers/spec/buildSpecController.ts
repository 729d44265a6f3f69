/**
 * Builds the `SpikingController` a controller file describes — the same object the TypeScript
 * presets build, so saving, hardware models, metrics and training treat both alike.
 *
 * One control period (spikingController.ts runs it):
 *   1. features — every feature block computes its values from the observation (non-spiking);
 *   2. reward   — the teaching rule turns the reward into modulator pulses (if learning);
 *   3. encode   — each input copies its feature block's values into its encoder;
 *   4. SNN steps, decoders read the motor populations;
 *   5. commands — each actuator element is the sum of its terms (decoded values, feature values,
 *                 constants, left to right), clipped, then the command's stages run, and it is
 *                 stored in the action; the teaching rule sees the commands (efference copy).
 */
import type { Channels } from '../../loop/channels.js';
import { buildNetworkFrom } from '../network/loadNetworkSpec.js';
import type { PresetBuildOptions } from '../presets/preset.js';
import type { InputBinding, OutputBinding } from '../sensorimotor/spikingController.js';
import { SpikingController } from '../sensorimotor/spikingController.js';
import { COMMAND_STAGES } from './commandStages.js';
import { FEATURE_BLOCKS } from './featureBlocks.js';
import type { FeatureBlock } from './featureBlocks.js';
import type { LoadedControllerSpec } from './loadControllerSpec.js';
import { expandNetwork } from './loadControllerSpec.js';
import { TEACHING_RULES } from './teachingRules.js';

/** A term of a command element, resolved: 0 decoded output, 1 feature value, 2 constant. */
interface Term {
  readonly from: 0 | 1 | 2;
  readonly k: number;
  readonly index: number;
  readonly value: number;
}

interface Command {
  readonly channel: string;
  readonly values: Float64Array;
  readonly terms: readonly (readonly Term[])[];
  readonly clips: ReadonlyArray<readonly [number, number] | undefined>;
  readonly stages: ReadonlyArray<(obs: Channels, v: Float64Array) => void>;
}

export function buildSpecController(loaded: LoadedControllerSpec, opts: PresetBuildOptions): SpikingController {
  const { spec } = loaded;
  const ns = loaded.networkSource;
  const network = buildNetworkFrom(expandNetwork(loaded, opts.seed), ns.source, { seed: opts.seed }, ns.text, ns.path);
  const sensorsByName = new Map(loaded.sensors.map((c) => [c.name, c]));

  const blocks: FeatureBlock[] = [];
  const values: Float64Array[] = [];
  const featureIndex = new Map<string, number>();
  for (const f of spec.features ?? []) {
    const b = FEATURE_BLOCKS.get(f.kind)!.create(f, sensorsByName);
    featureIndex.set(f.name as string, blocks.length);
    blocks.push(b);
    values.push(new Float64Array(b.size));
  }
  const featureValues = (name: string) => values[featureIndex.get(name)!]!;

  const outputIndex = new Map(spec.outputs.map((o, k) => [o.name, k]));
  const decoded: Float32Array[] = spec.outputs.map((o) => new Float32Array(o.values));
  const commands: Command[] = spec.commands.map((c) => ({
    channel: c.channel,
    values: new Float64Array(c.elements.length),
    terms: c.elements.map((e) =>
      e.sum.map((t): Term => {
        if ('output' in t) return { from: 0, k: outputIndex.get(t.output)!, index: t.index, value: 0 };
        if ('feature' in t) return { from: 1, k: featureIndex.get(t.feature)!, index: t.index, value: 0 };
        return { from: 2, k: 0, index: 0, value: t.value };
      }),
    ),
    clips: c.elements.map((e) => e.clip),
    stages: (c.stages ?? []).map((s) => COMMAND_STAGES.get(s.kind)!.create(s)),
  }));
  const commandOf = new Map(commands.map((c) => [c.channel, c.values]));

  const teaching = spec.reward
    ? TEACHING_RULES.get(spec.reward.kind)!.create(spec.reward, { feature: featureValues, command: (ch) => commandOf.get(ch)!, controlRate_Hz: opts.controlRate_Hz })
    : null;

  const inputs: InputBinding[] = (spec.inputs ?? []).map((b) => {
    const src = featureValues(b.feature);
    return {
      population: b.population,
      encoder: b.encoder,
      values: src.length,
      features: (_obs: Channels, out: Float32Array) => {
        for (let i = 0; i < src.length; i++) out[i] = src[i]!;
      },
    };
  });
  const outputs: OutputBinding[] = spec.outputs.map((o, k) => ({
    populations: o.populations,
    decoder: o.decoder,
    outputs: o.values,
    write: (d: Float32Array) => {
      decoded[k]!.set(d.subarray(0, o.values));
    },
  }));

  const termValue = (t: Term): number => (t.from === 0 ? decoded[t.k]![t.index]! : t.from === 1 ? values[t.k]![t.index]! : t.value);
  const compose = (obs: Channels, action: Channels): void => {
    for (let c = 0; c < commands.length; c++) {
      const cmd = commands[c]!;
      const v = cmd.values;
      for (let e = 0; e < v.length; e++) {
        const terms = cmd.terms[e]!;
        let s = termValue(terms[0]!);
        for (let i = 1; i < terms.length; i++) s = s + termValue(terms[i]!);
        const clip = cmd.clips[e];
        if (clip) s = s > clip[1] ? clip[1] : s < clip[0] ? clip[0] : s;
        v[e] = s;
      }
      for (let i = 0; i < cmd.stages.length; i++) cmd.stages[i]!(obs, v);
      const out = action[cmd.channel]!;
      for (let e = 0; e < v.length; e++) out[e] = v[e]!;
    }
    teaching?.afterCommands();
  };

  return new SpikingController({
    preset: spec.id,
    options: opts,
    sensors: loaded.sensors,
    actuators: loaded.actuators,
    network,
    inputs,
    outputs,
    rewards: teaching?.bindings ?? [],
    finish_ms: spec.learning?.finish_ms ?? 0,
    prepare: (obs) => {
      teaching?.beginPeriod();
      for (let k = 0; k < blocks.length; k++) blocks[k]!.compute(obs, values[k]!);
    },
    compose,
    onReset: () => {
      for (const b of blocks) b.reset();
      teaching?.reset();
    },
    ...(teaching && Object.keys(teaching.parameters).length > 0 ? { extraParameters: teaching.parameters } : {}),
    spec: loaded.data,
  });
}
