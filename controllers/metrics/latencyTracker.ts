/**
 * Closed-loop latency from a sensor event to the motor command, measured in every episode
 * (NeuroBench covers open-loop workloads only; this is our extension to the loop).
 *
 * Time base: the SNN's own clock. Control period k runs SNN steps [k·n, (k+1)·n) (n = T/dt) on
 * the observation sampled at its start; its command is decoded at the end of its last step.
 *
 * A sensor event is a rise of an encoded input value by at least `inputThreshold` of its
 * encoder's range [low, high] from one control period to the next (an obstacle appearing or
 * coming closer). Rises only: a rate code signals a rise with new spikes, a fall with their
 * absence, which has no first spike to time. The event's time t0 is the first SNN step of the
 * period that first sees the new value. Three latencies are timed from t0, each counting the
 * step it ends in (a spike in step t0 has latency 1 step = dt):
 *  - input spike:  the first spike of one of the value's encoder neurons at or after t0;
 *  - output spike: the first spike, strictly after that input spike, of a motor neuron the
 *                  value's encoder neurons reach through non-zero synapses (any path through
 *                  neuron populations). With background activity this bounds the causal
 *                  latency from below: the spike may have come anyway;
 *  - command:      per decoded output, the end of the first control period k+m (m ≥ 0) whose
 *                  value differs from the one decoded just before the event (period k−1) by at
 *                  least `commandThreshold` of that output's span in the episode (95th minus 5th
 *                  percentile over its periods): (m+1)·T. On a chip running in real time, this
 *                  is when the command could reach the motors. Decoded outputs are noisy, so
 *                  the same criterion is also applied from every control period, event or not:
 *                  that "chance" distribution is what the event latencies must beat to mean
 *                  anything (an output the events do not drive answers them only by chance).
 * A stage that does not happen within `horizon_ms` of t0 counts as unanswered, not as a sample.
 * While an event of a value is open (within the horizon), further rises of that value join it.
 *
 * Cost: nothing per step unless an event still awaits its input or output spike; then a scan of
 * the input and motor populations' spike lists. Buffers are preallocated and only grow (doubling) when an episode
 * outlasts them.
 */
import type { Population } from '../network/population.js';
import type { Network } from '../network/network.js';

export interface LatencyOptions {
  /** Rise of an input value, as a fraction of its encoder range, that makes an event. @default 0.2 */
  readonly inputThreshold: number;
  /** Change of a decoded output, as a fraction of its episode span, that answers it. @default 0.25 */
  readonly commandThreshold: number;
  /** Stages not reached within this time of the event are unanswered. @default 500 */
  readonly horizon_ms: number;
}

export const LATENCY_DEFAULTS: LatencyOptions = { inputThreshold: 0.2, commandThreshold: 0.25, horizon_ms: 500 };

/** An encoder's input population, read value-major (`neuronsPerValue` neurons per value). */
export interface LatencyInput {
  readonly population: Population;
  readonly features: Float32Array;
  readonly neuronsPerValue: number;
  readonly low: number;
  readonly high: number;
}

/** Motor populations and the decoded values a binding writes from them. */
export interface LatencyOutput {
  /** Names decoded value i as `${label}[i]` (or `label` alone for one value). */
  readonly label: string;
  readonly populations: readonly Population[];
  readonly decoded: Float32Array;
}

/**
 * Command latencies of one decoded output in one episode, as counts per whole number of control
 * periods (latencies are multiples of the period): `counts[m]` responses after (m+1)·period_ms.
 */
export interface CommandLatencyCounts {
  readonly output: string;
  readonly period_ms: number;
  readonly counts: readonly number[];
  readonly unanswered: number;
  /** The same criterion applied from every control period (see the module doc). */
  readonly chanceCounts: readonly number[];
  readonly chanceUnanswered: number;
}

/** One episode's latencies in ms (answered events only) and the unanswered counts. */
export interface EpisodeLatencies {
  readonly events: number;
  readonly inputSpike_ms: readonly number[];
  readonly outputSpike_ms: readonly number[];
  readonly unansweredInputSpike: number;
  readonly unansweredOutputSpike: number;
  readonly command: readonly CommandLatencyCounts[];
}

export function validateLatencyOptions(o: LatencyOptions): void {
  if (!(o.inputThreshold > 0 && o.inputThreshold <= 1)) throw new RangeError(`latency.inputThreshold: expected a fraction in (0, 1], got ${o.inputThreshold}`);
  if (!(o.commandThreshold > 0 && Number.isFinite(o.commandThreshold))) throw new RangeError(`latency.commandThreshold: expected a fraction > 0, got ${o.commandThreshold}`);
  if (!(o.horizon_ms > 0 && Number.isFinite(o.horizon_ms))) throw new RangeError(`latency.horizon_ms: expected a time > 0 ms, got ${o.horizon_ms}`);
}

const NONE = -1;

export class LatencyTracker {
  readonly options: LatencyOptions;
  private readonly dt_ms: number;
  /** The horizon in SNN steps. */
  private readonly horizonSteps: number;
  private readonly inputs: readonly LatencyInput[];
  private readonly outputs: readonly LatencyOutput[];
  /** Global value index of each input's first value. */
  private readonly valueBase: Int32Array;
  private readonly nValues: number;
  private readonly outPops: readonly Population[];
  private readonly outBase: Int32Array;
  private readonly nOut: number;
  private readonly nCmd: number;
  /** reach[g·nOut + j]: value g's encoder neurons reach motor neuron j through non-zero synapses. */
  private readonly reach: Uint8Array;
  private readonly prev: Float64Array;
  private havePrev = false;
  private stepsPerPeriod = 0;
  // The open event of each value (NONE when none): its log index, start step, input spike step.
  private readonly openEvent: Int32Array;
  private readonly openStart: Float64Array;
  private readonly openInput: Float64Array;
  private readonly openOutputDone: Uint8Array;
  private open = 0;
  private waitingSpikes = 0;
  // Event log: period and first step of each event, its spike latencies in steps (NaN: unanswered).
  private evPeriod: Int32Array;
  private evStart: Float64Array;
  private evInput: Float64Array;
  private evOutput: Float64Array;
  private events = 0;
  // Decoded outputs at the end of each period, period-major.
  private cmdLog: Float32Array;
  private periods = 0;
  // Reachability search buffers.
  private readonly visited: Uint8Array[];
  private readonly queue: Int32Array;

  constructor(inputs: readonly LatencyInput[], outputs: readonly LatencyOutput[], dt_ms: number, options: LatencyOptions = LATENCY_DEFAULTS) {
    validateLatencyOptions(options);
    this.options = options;
    this.dt_ms = dt_ms;
    this.horizonSteps = options.horizon_ms / dt_ms;
    this.inputs = inputs;
    this.outputs = outputs;
    this.valueBase = new Int32Array(inputs.length);
    let g = 0;
    inputs.forEach((b, k) => {
      if (b.population.size !== b.features.length * b.neuronsPerValue) {
        throw new RangeError(`latency input '${b.population.name}': ${b.population.size} neurons for ${b.features.length} values × ${b.neuronsPerValue}`);
      }
      this.valueBase[k] = g;
      g += b.features.length;
    });
    this.nValues = g;
    const outPops: Population[] = [];
    for (const o of outputs) for (const p of o.populations) if (!outPops.includes(p)) outPops.push(p);
    this.outPops = outPops;
    this.outBase = new Int32Array(outPops.length);
    let j = 0;
    outPops.forEach((p, k) => {
      this.outBase[k] = j;
      j += p.size;
    });
    this.nOut = j;
    this.nCmd = outputs.reduce((a, o) => a + o.decoded.length, 0);
    this.reach = new Uint8Array(this.nValues * this.nOut);
    this.prev = new Float64Array(this.nValues);
    this.openEvent = new Int32Array(this.nValues).fill(NONE);
    this.openStart = new Float64Array(this.nValues);
    this.openInput = new Float64Array(this.nValues);
    this.openOutputDone = new Uint8Array(this.nValues);
    this.evPeriod = new Int32Array(256);
    this.evStart = new Float64Array(256);
    this.evInput = new Float64Array(256);
    this.evOutput = new Float64Array(256);
    this.cmdLog = new Float32Array(Math.max(1, this.nCmd) * 4096);
    this.visited = [];
    this.queue = new Int32Array(2 * 1024);
  }

  /** New episode: clears the logs and recomputes reachability from the current weights. */
  reset(net: Network): void {
    this.havePrev = false;
    this.open = 0;
    this.waitingSpikes = 0;
    this.openEvent.fill(NONE);
    this.events = 0;
    this.periods = 0;
    this.computeReach(net);
  }

  /** Call once per control period, after the features were written, before the SNN steps. */
  beginPeriod(firstStep: number, stepsPerPeriod: number): void {
    this.stepsPerPeriod = stepsPerPeriod;
    if (this.open > 0) this.closeExpired(firstStep);
    const th = this.options.inputThreshold;
    for (let k = 0; k < this.inputs.length; k++) {
      const b = this.inputs[k]!;
      const f = b.features;
      const min = th * (b.high - b.low);
      const base = this.valueBase[k]!;
      for (let v = 0; v < f.length; v++) {
        const g = base + v;
        const x = f[v]!;
        if (x !== x) continue; // NaN: no reading, keep the last value
        if (this.havePrev && x - this.prev[g]! >= min && this.openEvent[g] === NONE) this.openEventFor(g, firstStep);
        this.prev[g] = x;
      }
    }
    this.havePrev = true;
  }

  /** Call after each SNN step (`net.step` already advanced). Nothing to do unless a spike stage is awaited. */
  afterStep(net: Network): void {
    if (this.waitingSpikes > 0) this.scanSpikes(net.step - 1);
  }

  /**
   * Closes the events whose horizon ended before step `t` (checked once per period; a spike past
   * the horizon is never recorded, see scanSpikes): what has not happened is unanswered.
   */
  private closeExpired(t: number): void {
    for (let g = 0; g < this.nValues; g++) {
      if (this.openEvent[g] === NONE || t - this.openStart[g]! < this.horizonSteps) continue;
      if (this.openOutputDone[g] === 0) this.waitingSpikes--;
      this.openEvent[g] = NONE;
      this.open--;
    }
  }

  /** Call once per control period after the decoders were read. */
  endPeriod(): void {
    const need = (this.periods + 1) * this.nCmd;
    if (need > this.cmdLog.length) this.cmdLog = grow(this.cmdLog, need);
    let c = this.periods * this.nCmd;
    for (const o of this.outputs) for (let i = 0; i < o.decoded.length; i++) this.cmdLog[c++] = o.decoded[i]!;
    this.periods++;
  }

  /**
   * The episode's latencies (allocates; call at the end of an episode). Events opened less than
   * the horizon before the last control period ended are left out: the episode stopped watching
   * them before they could be answered.
   */
  result(): EpisodeLatencies {
    const dt = this.dt_ms;
    const endStep = this.periods * this.stepsPerPeriod;
    const horizonSteps = this.horizonSteps;
    const inputSpike_ms: number[] = [];
    const outputSpike_ms: number[] = [];
    let events = 0;
    let uIn = 0;
    let uOut = 0;
    for (let e = 0; e < this.events; e++) {
      if (this.evStart[e]! + horizonSteps > endStep) continue;
      events++;
      if (Number.isFinite(this.evInput[e]!)) inputSpike_ms.push(this.evInput[e]! * dt);
      else uIn++;
      if (Number.isFinite(this.evOutput[e]!)) outputSpike_ms.push(this.evOutput[e]! * dt);
      else uOut++;
    }
    return { events, inputSpike_ms, outputSpike_ms, unansweredInputSpike: uIn, unansweredOutputSpike: uOut, command: this.commandLatencies(endStep, horizonSteps) };
  }

  private openEventFor(g: number, t0: number): void {
    const e = this.events++;
    if (e >= this.evPeriod.length) {
      this.evPeriod = grow(this.evPeriod, e + 1);
      this.evStart = grow(this.evStart, e + 1);
      this.evInput = grow(this.evInput, e + 1);
      this.evOutput = grow(this.evOutput, e + 1);
    }
    this.evPeriod[e] = this.periods;
    this.evStart[e] = t0;
    this.evInput[e] = NaN;
    this.evOutput[e] = NaN;
    this.openEvent[g] = e;
    this.openStart[g] = t0;
    this.openInput[g] = -1;
    this.openOutputDone[g] = 0;
    this.open++;
    this.waitingSpikes++;
  }

  private scanSpikes(t: number): void {
    const horizon = this.horizonSteps;
    // Motor spikes first: an input spike of this step cannot cause a motor spike in the same step.
    for (let k = 0; k < this.outPops.length; k++) {
      const sp = this.outPops[k]!.spikes;
      const base = this.outBase[k]!;
      for (let q = 0; q < sp.count; q++) {
        const j = base + sp.list[q]!;
        for (let g = 0; g < this.nValues; g++) {
          const e = this.openEvent[g]!;
          if (e === NONE || this.openOutputDone[g] === 1 || this.openInput[g]! < 0 || t - this.openStart[g]! + 1 > horizon) continue;
          if (this.reach[g * this.nOut + j] === 0) continue;
          this.evOutput[e] = t - this.openStart[g]! + 1;
          this.openOutputDone[g] = 1;
          this.waitingSpikes--;
        }
      }
    }
    for (let k = 0; k < this.inputs.length; k++) {
      const b = this.inputs[k]!;
      const sp = b.population.spikes;
      const base = this.valueBase[k]!;
      for (let q = 0; q < sp.count; q++) {
        const g = base + Math.floor(sp.list[q]! / b.neuronsPerValue);
        const e = this.openEvent[g]!;
        if (e === NONE || this.openInput[g]! >= 0 || t - this.openStart[g]! + 1 > horizon) continue;
        this.openInput[g] = t;
        this.evInput[e] = t - this.openStart[g]! + 1;
      }
    }
  }

  private commandLatencies(endStep: number, horizonSteps: number): CommandLatencyCounts[] {
    const nCmd = this.nCmd;
    const P = this.periods;
    const log = this.cmdLog;
    const T_ms = this.stepsPerPeriod * this.dt_ms;
    const maxPeriods = Math.max(1, Math.floor(this.options.horizon_ms / T_ms));
    const col = new Float64Array(P);
    const out: CommandLatencyCounts[] = [];
    let c = 0;
    for (const o of this.outputs) {
      for (let i = 0; i < o.decoded.length; i++, c++) {
        for (let k = 0; k < P; k++) col[k] = log[k * nCmd + c]!;
        col.sort();
        const span = P > 0 ? col[Math.min(P - 1, Math.ceil(0.95 * P) - 1)]! - col[Math.max(0, Math.ceil(0.05 * P) - 1)]! : 0;
        const min = this.options.commandThreshold * span;
        // Periods to the first response from period k (reference: period k−1); −1 if none in the horizon.
        const answer = (k: number): number => {
          if (span <= 0) return -1;
          const ref = log[(k - 1) * nCmd + c]!;
          for (let m = 0; m < maxPeriods && k + m < P; m++) if (Math.abs(log[(k + m) * nCmd + c]! - ref) >= min) return m;
          return -1;
        };
        const counts = new Array<number>(maxPeriods).fill(0);
        const chanceCounts = new Array<number>(maxPeriods).fill(0);
        let unanswered = 0;
        let chanceUnanswered = 0;
        for (let e = 0; e < this.events; e++) {
          if (this.evStart[e]! + horizonSteps > endStep) continue;
          const m = answer(this.evPeriod[e]!); // ≥ 1: an event needs the previous period's value
          if (m >= 0) counts[m]!++;
          else unanswered++;
        }
        for (let k = 1; k * this.stepsPerPeriod + horizonSteps <= endStep; k++) {
          const m = answer(k);
          if (m >= 0) chanceCounts[m]!++;
          else chanceUnanswered++;
        }
        out.push({ output: o.decoded.length === 1 ? o.label : `${o.label}[${i}]`, period_ms: T_ms, counts, unanswered, chanceCounts, chanceUnanswered });
      }
    }
    return out;
  }

  /** reach[g, j]: a path of non-zero synapses from value g's encoder neurons to motor neuron j. */
  private computeReach(net: Network): void {
    this.reach.fill(0);
    const pops = net.populations;
    while (this.visited.length < pops.length) this.visited.push(new Uint8Array(pops[this.visited.length]!.size));
    let total = 0;
    for (const p of pops) total += p.size;
    const queue = this.queue.length >= 2 * total ? this.queue : new Int32Array(2 * total);
    const outIndex = new Map(this.outPops.map((p, k) => [p.index, k] as const));
    for (let k = 0; k < this.inputs.length; k++) {
      const b = this.inputs[k]!;
      for (let v = 0; v < b.features.length; v++) {
        const g = this.valueBase[k]! + v;
        for (const vis of this.visited) vis.fill(0);
        let head = 0;
        let tail = 0;
        for (let i = v * b.neuronsPerValue; i < (v + 1) * b.neuronsPerValue; i++) {
          this.visited[b.population.index]![i] = 1;
          queue[tail++] = b.population.index;
          queue[tail++] = i;
        }
        while (head < tail) {
          const p = queue[head++]!;
          const i = queue[head++]!;
          for (const np of net.projections) {
            const syn = np.syn;
            if (syn.preIndex !== p) continue;
            const post = pops[syn.postIndex]!;
            if (post.dynamics.kind !== 'neurons') continue;
            const vis = this.visited[syn.postIndex]!;
            const o = outIndex.get(syn.postIndex);
            for (let s = syn.segStart[i * syn.nDelays]!; s < syn.segStart[(i + 1) * syn.nDelays]!; s++) {
              if (syn.weight[s] === 0) continue;
              const j = syn.postOf[s]!;
              if (o !== undefined) this.reach[g * this.nOut + this.outBase[o]! + j] = 1;
              if (vis[j] === 0) {
                vis[j] = 1;
                queue[tail++] = syn.postIndex;
                queue[tail++] = j;
              }
            }
          }
        }
      }
    }
  }
}

function grow<A extends Int32Array | Float64Array | Float32Array>(a: A, need: number): A {
  const b = new (a.constructor as new (n: number) => A)(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}
