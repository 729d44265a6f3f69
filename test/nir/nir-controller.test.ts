/**
 * An imported NIR graph as a controller through a channel mapping: sensor values → encoder →
 * the graph's Input, its Output → decoder → bias + gain·rate on an actuator channel, with the
 * numbers predicted from the parameters; and the mapping's checks.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelSpec } from '../../loop/channels.js';
import { allocateChannels } from '../../loop/channels.js';
import { parseNirChannelMapping } from '../../controllers/nir/channelMapping.js';
import type { NirChannelMapping } from '../../controllers/nir/channelMapping.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import { nirController } from '../../controllers/nir/nirController.js';
import { eye, fill, graph, input, lif, output, param } from './nirBuilders.js';

const TAU_S = 0.004;
const W = 2;
const DT = 1;
// Input(2) → Linear(2·I) → LIF(2) → Output(2), plus an LI read-out of the same spikes.
const G = graph(
  {
    input: input(2),
    w: param('Linear', { weight: eye(2, W) }),
    l: lif(2, TAU_S),
    out: output(2),
    wl: param('Linear', { weight: eye(2) }),
    li: param('LI', { tau: fill(2, 0.01), r: fill(2, 1), v_leak: fill(2, 0) }),
    state: output(2),
  },
  [
    ['input', 'w'],
    ['w', 'l'],
    ['l', 'out'],
    ['l', 'wl'],
    ['wl', 'li'],
    ['li', 'state'],
  ],
);
const SENSORS: ChannelSpec[] = [{ name: 'range', size: 2, low: 0, high: 1, unit: '1' }];
const ACTUATORS: ChannelSpec[] = [{ name: 'cmd', size: 2, low: -1, high: 1, unit: 'm/s' }];
const DECODER_TAU_MS = 50;
const MAPPING: NirChannelMapping = {
  sensors: SENSORS,
  actuators: ACTUATORS,
  inputs: [{ node: 'input', channel: 'range', encoder: { kind: 'poisson', low: 0, high: 1, maxRate_Hz: 1000, neuronsPerValue: 1 } }],
  outputs: [{ node: 'out', channel: 'cmd', decoder: { kind: 'filtered-rate', tau_ms: DECODER_TAU_MS, neuronsPerOutput: 1 }, gain: 0.002, bias: -0.5 }],
};

describe('a NIR graph as a controller', () => {
  it('commands bias + gain·(filtered output rate), the rate predicted from the LIF parameters', () => {
    const imp = nirToNetwork(G, { dt_ms: DT });
    const c = nirController(imp, MAPPING, { seed: 3, controlRate_Hz: 50 });
    c.reset(3);
    const obs = allocateChannels(SENSORS);
    const act = allocateChannels(ACTUATORS);
    obs.range!.set([1, 0]); // full drive: 1000 Hz at dt = 1 ms is a spike every step; none on the other
    const periods = 50;
    for (let k = 0; k < periods; k++) c.act(obs, 0, 0.02, act);
    // Driven every step from step 1 on, v_k = r·W·(1 − (1 − a)^k) fires at the first k with v > θ,
    // then again every n steps after reset: n from the parameters.
    const a = DT / (TAU_S * 1000);
    let n = 1;
    while (W * (1 - (1 - a) ** n) <= 1) n++;
    const lastStep = periods * 20 - 1;
    const spikeSteps: number[] = [];
    for (let s = n; s <= lastStep; s += n) spikeSteps.push(s);
    // The decoder's rate trace (rateTrace.ts): decays by e^{−dt/τ} per step, jumps (1 − e^{−dt/τ})/dt per spike.
    const decay = Math.exp(-DT / DECODER_TAU_MS);
    const jump_Hz = (1000 * (1 - decay)) / DT;
    const rate = spikeSteps.reduce((r, s) => r + jump_Hz * decay ** (lastStep - s), 0);
    expect(rate).toBeGreaterThan(0.9 * (1000 / n)); // a regular train at 1/(n·dt)
    expect(act.cmd![0]).toBeCloseTo(-0.5 + 0.002 * rate, 5);
    expect(act.cmd![1]).toBe(-0.5);
    expect(c.activity().steps).toBe(periods);
  });

  it('checks the mapping against the graph, naming the binding', () => {
    const imp = nirToNetwork(G, { dt_ms: DT });
    const opts = { seed: 0, controlRate_Hz: 50 };
    const variant = (m: Partial<NirChannelMapping>) => () => nirController(imp, { ...MAPPING, ...m }, opts, 'map.json');
    expect(variant({ inputs: [{ ...MAPPING.inputs[0]!, node: 'in' }] })).toThrow("map.json: inputs[0].node: 'in' is not an Input node of the graph; Inputs are: input");
    expect(variant({ inputs: [{ ...MAPPING.inputs[0]!, channel: 'lidar' }] })).toThrow("map.json: inputs[0].channel: unknown sensor channel 'lidar'; sensor channels are: range");
    expect(variant({ inputs: [{ ...MAPPING.inputs[0]!, offset: 1, values: 2 }] })).toThrow("map.json: inputs[0]: elements 1…2 lie outside channel 'range' of size 2");
    expect(variant({ inputs: [{ ...MAPPING.inputs[0]!, encoder: { kind: 'poisson', low: 0, high: 1, maxRate_Hz: 100, neuronsPerValue: 2 } }] })).toThrow(
      "map.json: inputs[0].encoder: the poisson encoder drives 4 neurons for 2 values; Input 'input' has 2 elements",
    );
    expect(variant({ inputs: [{ ...MAPPING.inputs[0]!, encoder: { kind: 'poisson', low: 1, high: 0, maxRate_Hz: 100, neuronsPerValue: 1 } }] })).toThrow(/^map\.json: inputs\[0\]\.encoder: poisson encoder: /);
    expect(variant({ outputs: [{ ...MAPPING.outputs[0]!, node: 'state' }] })).toThrow("map.json: outputs[0].node: Output 'state' reads the state of a non-spiking node ('li'); decoders read spikes");
    expect(variant({ outputs: [{ ...MAPPING.outputs[0]!, decoder: { kind: 'filtered-rate', tau_ms: 50, neuronsPerOutput: 2 } }] })).toThrow(
      "map.json: outputs[0].decoder: the filtered-rate decoder reads 4 neurons for 2 values; Output 'out' has 2 elements",
    );
  });

  it('parses a mapping from JSON with located structural errors', () => {
    const json = JSON.parse(JSON.stringify({ ...MAPPING, sensors: [{ ...SENSORS[0], high: null }] }));
    const m = parseNirChannelMapping(json, 'map.json');
    expect(m.sensors[0]!.high).toBe(Infinity);
    expect(m.outputs[0]!.gain).toBe(0.002);
    expect(() => parseNirChannelMapping({ ...json, inputs: [{ ...json.inputs[0], chanel: 'range' }] }, 'map.json')).toThrow(/^map\.json: inputs\[0\]\.chanel: unknown key/);
    expect(() => parseNirChannelMapping({ ...json, outputs: [{ ...json.outputs[0], decoder: { kind: 'rate' } }] }, 'map.json')).toThrow(
      /^map\.json: outputs\[0\]\.decoder\.kind: expected a decoder kind, one of filtered-rate, population-vector, antagonistic-pair, winner-take-all/,
    );
  });
});


