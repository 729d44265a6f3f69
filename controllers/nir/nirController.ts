/**
 * An imported NIR graph as a controller: the network built from the import, NIR Inputs driven
 * by encoders of sensor channel values, NIR Outputs decoded into actuator commands, following
 * a channel mapping (channelMapping.ts). It is a SpikingController (spikingController.ts) with
 * no reward bindings: an imported graph is a frozen network, so `learning` changes nothing.
 *
 * Checked against the graph, each failure naming the binding: Input/Output node names,
 * channel names and ranges, encoder and decoder parameters and sizes (an encoder must drive
 * exactly the Input's elements, a decoder read exactly the Output's), and that a decoded
 * Output is spikes of one population (a non-spiking LI/I read-out has no decoder here).
 */
import type { Channels } from '../../loop/channels.js';
import { createDecoder } from '../coding/decoder.js';
import { createEncoder } from '../coding/encoder.js';
import { buildNetwork } from '../network/buildNetwork.js';
import { SpecError } from '../network/specIssues.js';
import type { PresetBuildOptions } from '../presets/preset.js';
import type { InputBinding, OutputBinding } from '../sensorimotor/spikingController.js';
import { SpikingController } from '../sensorimotor/spikingController.js';
import type { NirChannelMapping } from './channelMapping.js';
import type { NirImport } from './importGraph.js';

/** Preset id reported by controllers built from NIR graphs. */
export const NIR_CONTROLLER_PRESET = 'nir';

export function nirController(imp: NirImport, mapping: NirChannelMapping, opts: PresetBuildOptions, source = 'channel mapping'): SpikingController {
  const fail = (path: string, message: string): never => {
    throw new SpecError(source, [{ path, message }]);
  };
  const net = buildNetwork(imp.spec, { seed: opts.seed });
  const channelOf = (list: NirChannelMapping['sensors'], name: string, where: string, what: string) => {
    const c = list.find((x) => x.name === name);
    if (!c) return fail(where, `unknown ${what} channel '${name}'; ${what} channels are: ${list.map((x) => x.name).join(', ') || 'none'}`);
    return c;
  };
  const span = (size: number, offset: number | undefined, values: number | undefined, where: string, name: string) => {
    const o = offset ?? 0;
    const n = values ?? size - o;
    if (!(n >= 1 && o + n <= size)) fail(where, `elements ${o}…${o + n - 1} lie outside channel '${name}' of size ${size}`);
    return [o, n] as const;
  };

  const inputs: InputBinding[] = mapping.inputs.map((b, k) => {
    const where = `inputs[${k}]`;
    const port = imp.inputs[b.node];
    if (!port) return fail(`${where}.node`, `'${b.node}' is not an Input node of the graph; Inputs are: ${Object.keys(imp.inputs).join(', ') || 'none'}`);
    const c = channelOf(mapping.sensors, b.channel, `${where}.channel`, 'sensor');
    const [o, n] = span(c.size, b.offset, b.values, where, c.name);
    let size = 0;
    try {
      size = createEncoder(b.encoder, n, net.dt_ms).size;
    } catch (e) {
      fail(`${where}.encoder`, (e as Error).message);
    }
    if (size !== port.size) fail(`${where}.encoder`, `the ${b.encoder.kind} encoder drives ${size} neurons for ${n} values; Input '${b.node}' has ${port.size} elements`);
    const name = c.name;
    return {
      population: port.population,
      encoder: b.encoder,
      values: n,
      features: (obs: Channels, out: Float32Array) => {
        const src = obs[name]!;
        for (let i = 0; i < n; i++) out[i] = src[o + i]!;
      },
    };
  });

  const outputs: OutputBinding[] = mapping.outputs.map((b, k) => {
    const where = `outputs[${k}]`;
    const port = imp.outputs[b.node];
    if (!port) return fail(`${where}.node`, `'${b.node}' is not an Output node of the graph; Outputs are: ${Object.keys(imp.outputs).join(', ') || 'none'}`);
    if (port.signal !== 'spikes') fail(`${where}.node`, `Output '${b.node}' reads the state of a non-spiking node ('${port.node}'); decoders read spikes`);
    if (port.populations.length !== 1) fail(`${where}.node`, `Output '${b.node}' spans ${port.populations.length} populations (its node's elements differ in parameters); a decoder reads one`);
    const c = channelOf(mapping.actuators, b.channel, `${where}.channel`, 'actuator');
    const [o, n] = span(c.size, b.offset, b.values, where, c.name);
    let size = 0;
    try {
      size = createDecoder(b.decoder, n, net.dt_ms).size;
    } catch (e) {
      fail(`${where}.decoder`, (e as Error).message);
    }
    if (size !== port.size) fail(`${where}.decoder`, `the ${b.decoder.kind} decoder reads ${size} neurons for ${n} values; Output '${b.node}' has ${port.size} elements`);
    const gain = b.gain ?? 1;
    const bias = b.bias ?? 0;
    const { name, low, high } = c;
    return {
      populations: [port.populations[0]!] as const,
      decoder: b.decoder,
      outputs: n,
      write: (decoded: Float32Array, _obs: Channels, action: Channels) => {
        const dst = action[name]!;
        for (let i = 0; i < n; i++) dst[o + i] = Math.min(high, Math.max(low, bias + gain * decoded[i]!));
      },
    };
  });

  return new SpikingController({
    preset: NIR_CONTROLLER_PRESET,
    options: opts,
    sensors: mapping.sensors,
    actuators: mapping.actuators,
    network: net,
    inputs,
    outputs,
    rewards: [],
  });
}
