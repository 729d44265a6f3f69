/**
 * The closed-loop latency tracker on a hand-made network whose every spike is scheduled, so each
 * latency follows from the definitions in metrics/latencyTracker.ts: events are rises of an
 * encoded value by ≥ inputThreshold of its range; latencies count the step they end in; the
 * output stage needs a non-zero synaptic path; the command stage is judged on the decoded output
 * against its episode span; events the episode stopped watching before their horizon are dropped.
 */
import { describe, expect, it } from 'vitest';
import { LatencyTracker } from '../../controllers/metrics/index.js';
import { addSpikeRecorder, buildNetwork, findPopulation, networkStep, setSpikeDriver } from '../../controllers/network/index.js';
import type { NetworkSpec } from '../../controllers/network/index.js';
import { emitSpike, LIF_DEFAULTS, lifCoefficients } from '../../controllers/neurons/index.js';

const STEPS_PER_PERIOD = 10;
const PERIODS = 30;
const HORIZON_MS = 100;
/** The decoded output is 0, then 1 from period ON to OFF − 1, then 0 again. */
const ON = 6;
const OFF = 21;

function setup() {
  // A weight that takes a LIF from rest past threshold in one step of its synaptic current.
  const kExc = lifCoefficients(LIF_DEFAULTS, 1).kExc;
  const strong = (2 * (LIF_DEFAULTS.vThresh_mV - LIF_DEFAULTS.eLeak_mV)) / kExc;
  const spec: NetworkSpec = {
    dt_ms: 1,
    populations: [
      { name: 'in', size: 4, source: { kind: 'external' } },
      { name: 'out', size: 2, neuron: { kind: 'lif' } },
    ],
    projections: [
      {
        name: 'in-out',
        pre: 'in',
        post: 'out',
        connectivity: { kind: 'list', pairs: [[0, 0], [1, 0], [2, 1], [3, 1]] },
        weight: 0,
        weights: [strong, strong, 0, 0], // value 1's neurons reach out[1] only through zero weights
      },
    ],
  };
  const net = buildNetwork(spec, { seed: 1 });
  // Value v is read by neurons 2v and 2v+1. Scheduled input spikes: step → neurons.
  const schedule = new Map<number, number[]>([
    [10, [1]], // before any event: its output spike must not count
    [32, [1]], // first spike of value 0 after its event at step 30
    [85, [2]], // first spike of value 1 after its event at step 80
  ]);
  setSpikeDriver(net, 'in', (out, step) => {
    for (const i of schedule.get(step) ?? []) emitSpike(out, i);
  });
  const features = new Float32Array(2);
  const decoded = new Float32Array(1);
  const tracker = new LatencyTracker(
    [{ population: findPopulation(net, 'in'), features, neuronsPerValue: 2, low: 0, high: 1 }],
    [{ label: 'out', populations: [findPopulation(net, 'out')], decoded }],
    1,
    { inputThreshold: 0.2, commandThreshold: 0.25, horizon_ms: HORIZON_MS },
  );
  return { net, features, decoded, tracker };
}

/** Feature values at the start of period k. */
function featuresAt(k: number): [number, number] {
  const v0 = k < 3 ? 0 : k < 12 ? 0.5 : k < 25 ? 0 : 0.9; // rise at 3, fall at 12, rise at 25 (too late to watch)
  const v1 = k < 5 ? 0 : k < 8 ? 0.1 : 0.7; // rise below threshold at 5, rise at 8
  return [v0, v1];
}

describe('closed-loop latency tracker', () => {
  it('times input spike, reachable output spike and command from each rising sensor event', () => {
    const { net, features, decoded, tracker } = setup();
    const outRec = addSpikeRecorder(net, 'out');
    const outPop = findPopulation(net, 'out');
    tracker.reset(net);
    for (let k = 0; k < PERIODS; k++) {
      features.set(featuresAt(k));
      tracker.beginPeriod(net.step, STEPS_PER_PERIOD);
      for (let i = 0; i < STEPS_PER_PERIOD; i++) {
        // From step 86 on, out[1] fires by itself: value 1 does not reach it, so it answers nothing.
        if (net.step === 86) outPop.input.ext[1] = 1000;
        networkStep(net);
        tracker.afterStep(net);
      }
      decoded[0] = k >= ON && k < OFF ? 1 : 0;
      tracker.endPeriod();
    }
    const r = tracker.result();
    // Events: value 0 at period 3 (step 30), value 1 at period 8 (step 80); the rise at period 25
    // (step 250) is within a horizon of the end (250 + 100 > 300) and is dropped.
    expect(r.events).toBe(2);
    // Input spikes at steps 32 and 85: 32 − 30 + 1 and 85 − 80 + 1 steps of 1 ms.
    expect(r.inputSpike_ms).toEqual([3, 6]);
    // Output: the first spike of out[0] after step 32, as recorded.
    let first = -1;
    for (let q = 0; q < outRec.count; q++) if (outRec.neurons[q] === 0 && outRec.steps[q]! > 32) (first = first < 0 ? outRec.steps[q]! : first);
    // One step of delay, then the current acts on the membrane in the following step.
    expect(first).toBe(32 + 1 + 1);
    expect(r.outputSpike_ms).toEqual([first - 30 + 1]);
    expect(outRec.neurons.subarray(0, outRec.count).includes(1)).toBe(true); // out[1] did fire
    expect(r.unansweredInputSpike).toBe(0);
    expect(r.unansweredOutputSpike).toBe(1);
    // Command: span 1 (p95 − p5 of the decoded values); event at period 3 answered at the end of
    // period ON; event at period 8 (reference 1) would be answered at OFF, beyond the horizon.
    const c = r.command[0]!;
    expect(c.output).toBe('out');
    expect(c.period_ms).toBe(STEPS_PER_PERIOD);
    const T = STEPS_PER_PERIOD;
    const expected = new Array<number>(HORIZON_MS / T).fill(0);
    expected[ON - 3]!++;
    expect(c.counts).toEqual(expected);
    expect(c.unanswered).toBe(1);
    // From any period k (watched to its horizon: 10k + 100 ≤ 300): before ON the reference is 0
    // and the answer comes at ON; from ON + 1 on it is 1 and comes at OFF, if within 10 periods.
    const chance = new Array<number>(HORIZON_MS / T).fill(0);
    let chanceUnanswered = 0;
    for (let k = 1; k * T + HORIZON_MS <= PERIODS * T; k++) {
      const answerAt = k <= ON ? ON : OFF;
      if (answerAt - k < HORIZON_MS / T) chance[answerAt - k]!++;
      else chanceUnanswered++;
    }
    expect(c.chanceCounts).toEqual(chance);
    expect(c.chanceUnanswered).toBe(chanceUnanswered);
    expect(chanceUnanswered).toBe(5);
  });

  it('is deterministic and starts afresh at reset', () => {
    const runs = [0, 1].map(() => {
      const { net, features, decoded, tracker } = setup();
      tracker.reset(net);
      for (let k = 0; k < PERIODS; k++) {
        features.set(featuresAt(k));
        tracker.beginPeriod(net.step, STEPS_PER_PERIOD);
        for (let i = 0; i < STEPS_PER_PERIOD; i++) {
          networkStep(net);
          tracker.afterStep(net);
        }
        decoded[0] = k >= ON && k < OFF ? 1 : 0;
        tracker.endPeriod();
      }
      const first = tracker.result();
      tracker.reset(net);
      return { first, after: tracker.result() };
    });
    expect(runs[1]!.first).toEqual(runs[0]!.first);
    expect(runs[0]!.after.events).toBe(0);
    expect(runs[0]!.after.command[0]!.counts.every((x) => x === 0)).toBe(true);
  });

  it('rejects thresholds that are not fractions', () => {
    const { net } = setup();
    const pop = findPopulation(net, 'in');
    const mk = (o: object) => () => new LatencyTracker([{ population: pop, features: new Float32Array(2), neuronsPerValue: 2, low: 0, high: 1 }], [], 1, { inputThreshold: 0.2, commandThreshold: 0.25, horizon_ms: 100, ...o });
    expect(mk({ inputThreshold: 0 })).toThrow('latency.inputThreshold: expected a fraction in (0, 1], got 0');
    expect(mk({ horizon_ms: -1 })).toThrow('latency.horizon_ms: expected a time > 0 ms, got -1');
    expect(() => new LatencyTracker([{ population: pop, features: new Float32Array(3), neuronsPerValue: 2, low: 0, high: 1 }], [], 1)).toThrow("latency input 'in': 4 neurons for 3 values × 2");
  });
});
