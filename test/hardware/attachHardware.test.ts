/**
 * A hardware model attached to a real spiking controller (drone-avoid-snn on drone-forest-v1):
 * device weights while attached, float weights back after, the same bits for the same seeds,
 * and learning through quantised weights with float shadow weights (straight-through).
 */
import { describe, expect, it } from 'vitest';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';
import { DRONE_AVOID_REACTIVE } from '../../controllers/presets/droneAvoidReactive.js';
import { SpikingController } from '../../controllers/sensorimotor/spikingController.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { attachHardware, hardwareHost, HARDWARE_PRESETS, parseHardwareSpec, quantLevels } from '../../controllers/hardware/index.js';

const body = DRONE_FOREST_V1.createBody();
function controller(seed = 1): SpikingController {
  const c = DRONE_AVOID_SNN.create({ seed, controlRate_Hz: DRONE_FOREST_V1.controlRate_Hz });
  if (!(c instanceof SpikingController)) throw new Error('drone-avoid-snn is a SpikingController');
  return c;
}
const weightsOf = (c: SpikingController) => Object.fromEntries(c.network.projections.map((np) => [np.syn.name, np.syn.weight.slice()]));

describe('attached hardware', () => {
  it('runs on grid weights, restores the float weights bit for bit, and repeats bit for bit', () => {
    const c = controller();
    c.learning = false;
    const float = weightsOf(c);
    const runs = [0, 1].map(() => {
      const s = attachHardware(c, HARDWARE_PRESETS.int4);
      const qMax = quantLevels(4);
      for (const np of c.network.projections) {
        const step = s.scaleOf(np.syn.name);
        let maxAbs = 0;
        for (const w of float[np.syn.name]!) maxAbs = Math.max(maxAbs, Math.abs(w));
        expect(step).toBeCloseTo(maxAbs / qMax, 6);
        for (const w of np.syn.weight) if (Math.abs(w / step - Math.round(w / step)) > 1e-4) throw new Error(`${np.syn.name}: ${w} is not a multiple of ${step}`);
      }
      const r = runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(3, 'eval', 0) });
      const m = c.neuroMetrics();
      s.detach();
      return { r, m };
    });
    expect(runs[1]!.r).toEqual(runs[0]!.r);
    expect(runs[1]!.m).toEqual(runs[0]!.m);
    // The weights' own bytes: on the wasm engine a weight array is a view into the network's memory.
    for (const np of c.network.projections) {
      const w = np.syn.weight;
      expect(Buffer.from(w.buffer, w.byteOffset, w.byteLength).equals(Buffer.from(float[np.syn.name]!.buffer)), np.syn.name).toBe(true);
    }
    expect(c.hardware).toBeNull();
    expect(c.network.afterUpdate).toBeNull();
    // 4-bit weights drop the smallest ones to 0: fewer effective synaptic operations than synapses say.
    expect(runs[0]!.m.nonzeroSynapses).toBeLessThan(runs[0]!.m.synapses);
    expect(runs[0]!.m.synapticOps).toBeLessThan(runs[0]!.m.synapticEvents);
  });

  it('memristor devices depend on the device seed, read noise on the episode too', () => {
    const c = controller();
    c.learning = false;
    const read = (spec: string) => {
      const s = attachHardware(c, parseHardwareSpec(spec));
      c.reset(11);
      const w = weightsOf(c);
      c.reset(12);
      const w2 = weightsOf(c);
      s.detach();
      return { w, w2 };
    };
    const a = read('memristor:noise=0.05,stuck=0.02,seed=1');
    const b = read('memristor:noise=0.05,stuck=0.02,seed=2');
    const a2 = read('memristor:noise=0.05,stuck=0.02,seed=1');
    expect(a2.w).toEqual(a.w);
    expect(a.w2).toEqual(a.w); // programming noise: the same chip every episode
    expect(b.w).not.toEqual(a.w);
    const r = read('memristor:noise=0.05,noise_mode=read,seed=1');
    expect(r.w2).not.toEqual(r.w); // read noise: a fresh read in every episode
  });

  it('learning goes through the device weights into float shadow weights (straight-through)', () => {
    const learn = () => {
      const c = controller();
      c.learning = true;
      const before = weightsOf(c);
      const s = attachHardware(c, HARDWARE_PRESETS.int4);
      // Check at the start of every control period that the network runs on the 4-bit grid.
      let off = 0;
      let periods = 0;
      const hooks = c.hardware!;
      c.hardware = {
        ...hooks,
        beforePeriod: () => {
          hooks.beforePeriod();
          periods++;
          for (const np of c.network.projections) {
            const step = s.scaleOf(np.syn.name);
            for (const w of np.syn.weight) off = Math.max(off, Math.abs(w / step - Math.round(w / step)));
          }
        },
      };
      runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(1, 'train', 0) });
      const steps = new Map(c.network.projections.map((np) => [np.syn.name, s.scaleOf(np.syn.name)] as const));
      s.detach();
      return { before, after: weightsOf(c), off, periods, steps };
    };
    const a = learn();
    expect(a.periods).toBeGreaterThan(100);
    expect(a.off).toBeLessThan(1e-4);
    // The float weights learned, and most changes are smaller than half a quantisation step:
    // rounding each update to the grid would have thrown them away.
    const name = 'prox-slide_left';
    const step = a.steps.get(name)!;
    let changed = 0;
    let subStep = 0;
    for (let i = 0; i < a.after[name]!.length; i++) {
      const d = Math.abs(a.after[name]![i]! - a.before[name]![i]!);
      if (d > 0) changed++;
      if (d > 0 && d < step / 2) subStep++;
    }
    expect(changed).toBeGreaterThan(100);
    expect(subStep).toBeGreaterThan(changed / 2);
    // Non-plastic projections keep their float weights exactly.
    expect(Array.from(a.after['goal-turn_left']!)).toEqual(Array.from(a.before['goal-turn_left']!));
    expect(learn().after).toEqual(a.after);
  });

  it('needs a spiking controller', () => {
    expect(() => hardwareHost(DRONE_AVOID_REACTIVE.create({ seed: 1, controlRate_Hz: 50 }))).toThrow(
      "controller 'drone-avoid-reactive' has no spiking network; a hardware model applies to spiking controllers",
    );
    const c = controller();
    const s = attachHardware(c, HARDWARE_PRESETS.int8);
    expect(() => attachHardware(c, HARDWARE_PRESETS.int8)).toThrow('drone-avoid-snn: a hardware model is already attached; detach it first');
    s.detach();
  });
});
