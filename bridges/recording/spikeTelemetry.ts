/**
 * Spikes and the neuromodulator as topics. Each control period the source is drained and every
 * population's spikes go out on `/spikeloop/spikes/<population>` as a std_msgs/UInt32MultiArray
 * of (neuron index, SNN step since episode start) pairs:
 *
 *   data = [n₀, s₀, n₁, s₁, …]   (2·k values for k spikes, in the order the source gave them)
 *   layout.dim = [{label: 'spike', size: k, stride: 2k}, {label: 'neuron_step', size: 2, stride: 2}]
 *
 * (row-major k × 2, as std_msgs/MultiArrayLayout describes it). A population without spikes in the
 * period gets an empty message, so every population has one message per control step.
 * `/spikeloop/dopamine` (std_msgs/Float64) carries the level of the first neuromodulator when
 * there is one; a network with several (e.g. one per side) also gets every level on
 * `/spikeloop/modulator/<name>`.
 *
 * Buffers are preallocated and grow by doubling when a period has more spikes than ever before,
 * so steady state allocates only the exact-length view each message needs.
 */
import { MSG } from '../ros2/messages/messageTypes.js';
import type { Float64, UInt32MultiArray } from '../ros2/messages/stdMsgs.js';
import type { MessageSink } from './messageSink.js';
import { TOPIC, modulatorTopic, spikesTopic } from './standardTopics.js';

/** Where spikes come from (a network's spike recorders, launch/telemetry/networkSpikeSource.ts). */
export interface SpikeSource {
  readonly populations: readonly { readonly name: string; readonly size: number }[];
  /** Visits every spike since the last drain (population index into `populations`, neuron index, SNN step since episode start) and forgets them. */
  drain(visit: (population: number, neuron: number, step: number) => void): void;
}

/** A neuromodulator whose level is published on `/spikeloop/dopamine`. */
export interface ModulatorSource {
  readonly name: string;
  level(): number;
}

export class SpikeTelemetry {
  readonly topics: readonly (readonly [string, string])[];
  private readonly names: readonly string[];
  private readonly sizes: Int32Array;
  private buffers: Uint32Array[];
  private readonly counts: Int32Array;
  private readonly messages: UInt32MultiArray[];
  private readonly levels: Float64[];
  private readonly levelTopics: string[];
  /** Spikes whose neuron index was out of range for its population (a source bug). */
  private bad = '';
  private readonly visit = (p: number, neuron: number, step: number): void => {
    if (!(p >= 0 && p < this.counts.length && neuron >= 0 && neuron < this.sizes[p]! && step >= 0)) {
      if (this.bad === '') this.bad = `population ${p}, neuron ${neuron}, step ${step}`;
      return;
    }
    let buf = this.buffers[p]!;
    const k = this.counts[p]!;
    if (2 * k + 2 > buf.length) {
      const grown = new Uint32Array(2 * buf.length);
      grown.set(buf);
      this.buffers[p] = buf = grown;
    }
    buf[2 * k] = neuron;
    buf[2 * k + 1] = step;
    this.counts[p] = k + 1;
  };

  constructor(
    readonly source: SpikeSource,
    readonly modulators: readonly ModulatorSource[] = [],
  ) {
    this.names = source.populations.map((p) => p.name);
    this.sizes = Int32Array.from(source.populations, (p) => p.size);
    this.buffers = source.populations.map((p) => new Uint32Array(Math.max(16, 2 * p.size)));
    this.counts = new Int32Array(this.names.length);
    this.messages = this.names.map(() => ({
      layout: {
        dim: [
          { label: 'spike', size: 0, stride: 0 },
          { label: 'neuron_step', size: 2, stride: 2 },
        ],
        data_offset: 0,
      },
      data: new Uint32Array(0),
    }));
    const topics: [string, string][] = this.names.map((n) => [spikesTopic(n), MSG.UInt32MultiArray]);
    this.levelTopics = modulators.length === 0 ? [] : [TOPIC.dopamine, ...(modulators.length > 1 ? modulators.map((m) => modulatorTopic(m.name)) : [])];
    this.levels = this.levelTopics.map(() => ({ data: 0 }));
    for (const t of this.levelTopics) topics.push([t, MSG.Float64]);
    this.topics = topics;
  }

  /** Drains the source and writes one message per population (and the modulator level) at `stamp`. */
  write(sink: MessageSink, stamp: bigint): void {
    this.counts.fill(0);
    this.source.drain(this.visit);
    if (this.bad !== '') {
      const b = this.bad;
      this.bad = '';
      throw new RangeError(`SpikeTelemetry: the spike source reported a spike outside its populations (${b}); populations are ${this.names.map((n, i) => `${n} [${this.sizes[i]}]`).join(', ')}`);
    }
    for (let p = 0; p < this.names.length; p++) {
      const k = this.counts[p]!;
      const m = this.messages[p]!;
      const spike = m.layout.dim[0]!;
      spike.size = k;
      spike.stride = 2 * k;
      m.data = this.buffers[p]!.subarray(0, 2 * k);
      sink.write(this.topics[p]![0], stamp, m);
    }
    for (let i = 0; i < this.levels.length; i++) {
      // Topic 0 is /spikeloop/dopamine (the first modulator); then one per modulator when several.
      const m = this.modulators[i === 0 ? 0 : i - 1]!;
      this.levels[i]!.data = m.level();
      sink.write(this.levelTopics[i]!, stamp, this.levels[i]!);
    }
  }

  /** Forgets spikes left in the source (e.g. those of a previous episode). */
  discard(): void {
    this.source.drain(() => {});
  }
}
