/**
 * A validated robot profile compiled for the loop: the sensor channels its inputs and constants
 * provide, the actuator channels, compiled inputs/outputs/heartbeats and the safe action.
 * Problems with the message definitions (unknown types, field paths that are no field of their
 * type or of the wrong kind, a safe command that does not fit the wire type) are one SpecError
 * listing them all, located in the profile's text when given (checkProfile.ts). Cross-field
 * problems (a channel provided twice, an output reading a channel that does not exist, an index
 * out of range) are RangeErrors located in the profile's source.
 *
 * Channel names are user strings: every object keyed by them here is made without a prototype.
 */
import type { ChannelSpec, Channels } from '../../../loop/channels.js';
import { locateIssues } from '../../../loop/specFile.js';
import { SpecError } from '../../../loop/specIssues.js';
import { checkProfile } from './checkProfile.js';
import type { CompiledInput } from './inputMapping.js';
import { compileInput } from './inputMapping.js';
import type { CompiledOutput } from './outputMapping.js';
import { compileOutput } from './outputMapping.js';
import type { RobotProfile } from './profileSchema.js';

export interface CompiledProfile {
  readonly profile: RobotProfile;
  /** Where it came from (file name or `built-in '<name>'`), for messages. */
  readonly source: string;
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  readonly inputs: readonly CompiledInput[];
  readonly outputs: readonly CompiledOutput[];
  readonly heartbeats: readonly CompiledOutput[];
  /** Constant sensor channels (no topic), copied into every observation. */
  readonly constants: Readonly<Channels>;
  /** The action published while unsafe. */
  readonly safeAction: Readonly<Channels>;
}

/** An object without a prototype, for keys that come from a profile (no `__proto__` setter, no inherited names). */
export function keyedByName<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Compiles a validated profile; `text` (the file's text) lets errors give line and column.
 * Throws a SpecError (definition problems) or a RangeError (cross-field problems).
 */
export function compileProfile(profile: RobotProfile, source: string, text?: string): CompiledProfile {
  const issues = checkProfile(profile);
  if (issues.length > 0) throw new SpecError(source, locateIssues(issues, text));
  const seen = new Map<string, string>();
  const claim = (name: string, where: string) => {
    const before = seen.get(name);
    if (before) throw new RangeError(`${source}: ${where}: channel '${name}' is already provided by ${before}`);
    seen.set(name, where);
  };
  const inputs = profile.inputs.map((inp, i) => {
    const c = compileInput(inp, `${source}: inputs[${i}]`);
    c.channels.forEach((ch, k) => claim(ch.name, `inputs[${i}].channels[${k}] (${inp.topic})`));
    return c;
  });
  const constants: Channels = keyedByName();
  const constantSpecs: ChannelSpec[] = profile.constants.map((c, i) => {
    claim(c.channel, `constants[${i}]`);
    constants[c.channel] = Float32Array.from(c.value);
    return { name: c.channel, size: c.value.length, low: Math.min(...c.value), high: Math.max(...c.value), unit: c.unit, ...(c.doc ? { doc: c.doc } : {}) };
  });
  const sensors = [...inputs.flatMap((c) => c.channels), ...constantSpecs];
  const actSeen = new Set<string>();
  const safeAction: Channels = keyedByName();
  const actuators: ChannelSpec[] = profile.actuators.map((a, i) => {
    if (actSeen.has(a.channel)) throw new RangeError(`${source}: actuators[${i}]: channel '${a.channel}' is declared twice`);
    actSeen.add(a.channel);
    safeAction[a.channel] = Float32Array.from(a.safe);
    return { name: a.channel, size: a.size, low: a.low, high: a.high, unit: a.unit, ...(a.doc ? { doc: a.doc } : {}) };
  });
  const outputs = profile.outputs.map((o, i) => compileOutput(o, actuators, sensors, `${source}: outputs[${i}]`));
  const heartbeats = profile.heartbeats.map((o, i) => {
    for (const [p, f] of Object.entries(o.fields)) {
      if ('channel' in f) throw new RangeError(`${source}: heartbeats[${i}].fields['${p}']: a heartbeat is constants and time only; it cannot read channel '${f.channel}'`);
    }
    return compileOutput(o, actuators, sensors, `${source}: heartbeats[${i}]`);
  });
  return { profile, source, sensors, actuators, inputs, outputs, heartbeats, constants, safeAction };
}
