/**
 * Learning from scratch, tested by learning (issue 13, part 1): drone-avoid-scratch-snn starts
 * with every lidar → motor weight equal (no innate map) and learns its side-step and speed maps
 * on drone-forest-v1 from the TD actor–critic teaching rule. A small seeded version of the
 * benchmark's row: one training seed, 40 training episodes, 20 held-out episodes evaluated
 * frozen, trained vs untrained on the same seeds — and the zero-reward control, the same
 * training with the reward replaced by 0, which must not learn (δ = 0: no weight moves).
 *
 * Margins (docs/learning-notes.md): the untrained file crosses 7–13 % of held-out forests, and
 * 40 episodes took seed 11 to 87 % on 30 held-out (bench --quick); trained must beat untrained by
 * ≥ 30 points here. About 35 s of CPU (user) on this machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { resolveController } from '../../experiments/resolveController.js';
import { trainController } from '../../experiments/train.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';

const FILE = 'controllers/files/drone-avoid-scratch-snn.yaml';
const root = mkdtempSync(join(tmpdir(), 'spikeloop-scratch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const base = { scenario: DRONE_FOREST_V1, controller: FILE, episodes: 40, seed: 3, validateEvery: 1000, validateEpisodes: 2, evalEpisodes: 20, baseline: false } as const;

describe('drone-avoid-scratch-snn', () => {
  it('starts with no innate map: every lidar → motor weight is the same', () => {
    const p = resolveController(FILE, DRONE_FOREST_V1, 0).controller.parameters();
    for (const name of ['prox-slide_left', 'prox-slide_right', 'prox-fwd_go', 'prox-fwd_stop']) {
      const w = p[name]!;
      expect(w.length, name).toBe(48 * 10);
      expect(Math.min(...w), name).toBe(Math.max(...w));
    }
  });
});

describe('drone-avoid-scratch-snn on drone-forest-v1 (seed 3, 40 episodes, 20 held-out)', () => {
  it('trained frozen success beats untrained by ≥ 30 points; the zero-reward control moves no weight', async () => {
    const trained = await trainController({ ...base, outDir: join(root, 'trained') });
    const control = await trainController({ ...base, outDir: join(root, 'zero'), control: 'zero-reward' });
    const t = trained.final!;
    const c = control.final!;
    // Same held-out episodes, same untrained start.
    expect(c.untrained.success_rate).toBe(t.untrained.success_rate);
    expect(t.trained.success_rate).toBeGreaterThanOrEqual(t.untrained.success_rate + 0.3);
    // The control: no reward, no TD error, no weight change — so no better than untrained.
    expect(c.trained.success_rate).toBeLessThanOrEqual(t.untrained.success_rate + 0.05);
    const initial = readControllerFile(join(root, 'zero', 'initial.json'));
    const last = readControllerFile(join(root, 'zero', 'last.json'));
    for (const name of ['prox-slide_left', 'prox-slide_right', 'prox-fwd_go', 'prox-fwd_stop']) {
      expect(last.parameters[name]!.data, name).toBe(initial.parameters[name]!.data);
    }
    // And learning did move the trained run's maps.
    const learned = readControllerFile(join(root, 'trained', 'last.json'));
    expect(learned.parameters['prox-slide_left']!.data).not.toBe(initial.parameters['prox-slide_left']!.data);
  });
});
