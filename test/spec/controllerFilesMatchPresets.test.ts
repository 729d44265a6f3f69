/**
 * Every spiking preset shipped as a controller file (controllers/files/) gives the same
 * episodes as its TypeScript preset, bit for bit: the same observations, actions and rewards at
 * every control step, and the same learned parameters after learning episodes (weights and any
 * critic), from the same seeds.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Channels } from '../../loop/channels.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { ControllerPreset, PresetController } from '../../controllers/presets/preset.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';
import { DRONE_HOLD_REFLEX_SNN } from '../../controllers/presets/droneHoldReflexSnn.js';
import { ARM_REACH_SNN } from '../../controllers/presets/armReachSnn.js';
import { ARM_HOLD_REFLEX_SNN } from '../../controllers/presets/armHoldReflexSnn.js';
import { loadControllerSpec, presetFromSpec } from '../../controllers/spec/index.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import { DRONE_GUST_V1 } from '../../scenarios/droneGust.js';
import { ARM_REACH_V1 } from '../../scenarios/armReach.js';
import { ARM_PAYLOAD_V1 } from '../../scenarios/armPayload.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';

/** Stops an episode after a number of control steps (thrown from onTick, caught below). */
class Enough extends Error {}

function hashChannels(h: ReturnType<typeof createHash>, c: Channels): void {
  for (const name of Object.keys(c).sort()) {
    h.update(name);
    h.update(Buffer.from(c[name]!.buffer, c[name]!.byteOffset, c[name]!.byteLength));
  }
}

interface Trace {
  readonly steps: number[];
  readonly digest: string;
  readonly parameters: Record<string, string>;
}

/**
 * Episodes `k = 0 … n−1` (seeds episodeSeed(7, 'train', k)) with learning on, the first one run
 * to its end (its final reward and `finish`), the others cut after `maxSteps`; then one more
 * with learning off. Returns per-episode step counts, one digest of every step's observation,
 * action and reward, and the learned parameters' bytes.
 */
function trace(scenario: Scenario, preset: ControllerPreset, n: number, maxSteps: number): Trace {
  const body = scenario.createBody();
  const c: PresetController = preset.create({ seed: 3, controlRate_Hz: scenario.controlRate_Hz });
  const h = createHash('sha256');
  const steps: number[] = [];
  const rewardBytes = new Float64Array(1);
  try {
    for (let k = 0; k <= n; k++) {
      c.learning = k < n;
      let count = 0;
      const limit = k === 0 ? Infinity : maxSteps;
      try {
        runScenarioEpisode(scenario, body, c, {
          seed: episodeSeed(7, 'train', k),
          onTick: (s) => {
            hashChannels(h, s.obs);
            hashChannels(h, s.action);
            rewardBytes[0] = s.reward;
            h.update(Buffer.from(rewardBytes.buffer));
            if (++count >= limit) throw new Enough();
          },
        });
      } catch (e) {
        if (!(e instanceof Enough)) throw e;
      }
      steps.push(count);
    }
  } finally {
    body.close?.();
  }
  const parameters: Record<string, string> = {};
  for (const [name, a] of Object.entries(c.parameters())) parameters[name] = createHash('sha256').update(Buffer.from(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
  return { steps, digest: h.digest('hex'), parameters };
}

const CASES: ReadonlyArray<{ preset: ControllerPreset; file: string; scenario: Scenario; episodes: number; maxSteps: number }> = [
  { preset: DRONE_AVOID_SNN, file: 'controllers/files/drone-avoid-snn.yaml', scenario: DRONE_FOREST_V1, episodes: 3, maxSteps: 250 },
  { preset: DRONE_HOLD_REFLEX_SNN, file: 'controllers/files/drone-hold-reflex-snn.yaml', scenario: DRONE_GUST_V1, episodes: 2, maxSteps: 250 },
  { preset: ARM_REACH_SNN, file: 'controllers/files/arm-reach-snn.yaml', scenario: ARM_REACH_V1, episodes: 3, maxSteps: 150 },
  { preset: ARM_HOLD_REFLEX_SNN, file: 'controllers/files/arm-hold-reflex-snn.yaml', scenario: ARM_PAYLOAD_V1, episodes: 2, maxSteps: 300 },
];

describe('controller files give the same episodes as the TypeScript presets', () => {
  for (const t of CASES) {
    it(`${t.file} ≡ preset '${t.preset.id}' on ${t.scenario.id}`, () => {
      const fromFile = presetFromSpec(loadControllerSpec(t.file));
      expect(fromFile.id).toBe(t.preset.id);
      expect(fromFile.sensors).toEqual(t.preset.sensors);
      expect(fromFile.actuators).toEqual(t.preset.actuators);
      const a = trace(t.scenario, t.preset, t.episodes, t.maxSteps);
      const b = trace(t.scenario, fromFile, t.episodes, t.maxSteps);
      // The episodes did something: the first ran past the cut, learning changed parameters.
      expect(a.steps[0]).toBeGreaterThan(t.maxSteps);
      const untrained = t.preset.create({ seed: 3, controlRate_Hz: t.scenario.controlRate_Hz }).parameters();
      const changed = Object.entries(untrained).filter(([name, v]) => createHash('sha256').update(Buffer.from(v.buffer, v.byteOffset, v.byteLength)).digest('hex') !== a.parameters[name]);
      expect(changed.length).toBeGreaterThan(0);
      expect(b.steps).toEqual(a.steps);
      expect(b.parameters).toEqual(a.parameters);
      expect(b.digest).toBe(a.digest);
    });
  }
});
