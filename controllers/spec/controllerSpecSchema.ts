/**
 * The schema of a controller file (format 'spikeloop-controller-spec', version 1): what a
 * spiking controller reads, how it encodes it, its network, how it decodes spikes into commands,
 * how the reward reaches the modulators, and its learning settings — as data.
 *
 *   format: spikeloop-controller-spec
 *   version: 1
 *   id: my-avoid                      # the name it is saved and reported under
 *   body: quadrotor                   # quadrotor | arm
 *   sensors:   [{name, size, low, high, unit}]   # low/high null = unbounded
 *   actuators: [{name, size, low, high, unit}]
 *   features:  [{name, kind: sector-proximity | goal-bearing | altitude-hold | …, …params}]   # NOT spiking
 *   inputs:    [{population, feature, encoder: {kind: poisson | gaussian-population | …, …}}]
 *   network:   {dt_ms, populations, projections, modulators} | "path/to/network.yaml"
 *   outputs:   [{name, populations: [a] | [left, right], decoder: {kind, …}, values}]
 *   commands:  [{channel, elements: [{sum: [{output|feature: name, index} | {value}], clip: [lo, hi]}], stages: [{kind, …}]}]
 *   reward:    {kind: dopamine | signed-efference | feedback-error, …}
 *   learning:  {finish_ms}
 *
 * Field checks live here; cross-references (names of channels, populations, modulators, feature
 * blocks, outputs) are checked by loadControllerSpec.ts, which knows the whole file.
 */
import { z } from 'zod';
import { decoderSpecSchema, encoderSpecSchema } from './codingKinds.js';
import { COMMAND_STAGES } from './commandStages.js';
import { FEATURE_BLOCKS } from './featureBlocks.js';
import { channelName, finite, index, kindUnion, name, nonNegative, positiveInt, strictBlock } from './specSchemaParts.js';
import { TEACHING_RULES } from './teachingRules.js';

export const CONTROLLER_SPEC_FORMAT = 'spikeloop-controller-spec';
export const CONTROLLER_SPEC_VERSION = 1;

const bound = () => z.number({ error: 'expected a number, or null for unbounded' }).nullable();

const channelSchema = strictBlock('a channel', { name: channelName(), size: positiveInt(), low: bound(), high: bound(), unit: z.string({ error: 'expected a unit (a string)' }), doc: z.string().optional() });

const termSchema = z.union(
  [
    strictBlock('a decoded-output term', { output: name(), index: index().default(0) }),
    strictBlock('a feature term', { feature: name(), index: index().default(0) }),
    strictBlock('a constant term', { value: finite() }),
  ],
  { error: 'expected a term {output: name, index?}, {feature: name, index?} or {value: number}' },
);

const elementSchema = strictBlock('a command element', {
  sum: z.array(termSchema, { error: 'expected a list of terms' }).min(1, { error: 'expected at least one term' }),
  clip: z.tuple([finite(), finite()], { error: 'expected [low, high]' }).optional(),
});

const commandSchema = strictBlock('a command', {
  channel: channelName(),
  elements: z.array(elementSchema, { error: 'expected one entry per element written' }).min(1, { error: 'expected at least one element' }),
  stages: z.array(kindUnion('a command stage', COMMAND_STAGES), { error: 'expected a list of stages' }).optional(),
});

const featureSchema = kindUnion('a feature block', FEATURE_BLOCKS);

const inputSchema = strictBlock('an input', { population: name(), feature: name(), encoder: encoderSpecSchema });

const outputSchema = strictBlock('an output', {
  name: name(),
  populations: z.union([z.tuple([name()]), z.tuple([name(), name()])], { error: 'expected [population] or [left, right]' }),
  decoder: decoderSpecSchema,
  values: positiveInt(),
});

export const controllerSpecSchema = strictBlock('a controller file', {
  format: z.literal(CONTROLLER_SPEC_FORMAT),
  version: z.literal(CONTROLLER_SPEC_VERSION),
  id: name(),
  summary: z.string().optional(),
  body: z.enum(['quadrotor', 'arm'], { error: "expected 'quadrotor' or 'arm'" }),
  sensors: z.array(channelSchema, { error: 'expected a list of channels' }),
  actuators: z.array(channelSchema, { error: 'expected a list of channels' }).min(1, { error: 'expected at least one actuator channel' }),
  features: z.array(featureSchema, { error: 'expected a list of feature blocks' }).optional(),
  inputs: z.array(inputSchema, { error: 'expected a list of inputs' }).optional(),
  network: z.union([z.string().min(1), z.record(z.string(), z.unknown())], { error: 'expected a network spec (an object) or the path of a network file' }),
  outputs: z.array(outputSchema, { error: 'expected a list of outputs' }),
  commands: z.array(commandSchema, { error: 'expected a list of commands' }),
  reward: kindUnion('a teaching rule', TEACHING_RULES).optional(),
  learning: strictBlock('learning settings', { finish_ms: nonNegative().default(0) }).optional(),
});

export type ControllerSpec = z.infer<typeof controllerSpecSchema>;
export type ChannelEntry = ControllerSpec['sensors'][number];
export type CommandSpec = ControllerSpec['commands'][number];
export type TermSpec = CommandSpec['elements'][number]['sum'][number];
