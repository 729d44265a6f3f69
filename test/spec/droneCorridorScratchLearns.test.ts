/**
 * The corridor learned from scratch, tested by learning (issue 13, item 2):
 * drone-corridor-scratch-snn starts with every sensor → motor weight equal (no innate map) and
 * learns its side-step, speed and yaw maps on drone-corridor-v1 from the TD actor–critic teaching
 * rule. A small seeded version of `npm run bench -- learning --mode corridor`: one training seed
 * (11), 48 training episodes, the checkpoint picked on 10 frozen validation episodes every 2 rounds
 * (eval-split seeds k ≥ 1 000 000), then best.json and the untrained file evaluated frozen on the
 * same 20 held-out corridors — and the zero-reward control, which must not learn.
 *
 * Margins (docs/learning-notes.md): the untrained file crosses 0 % of held-out corridors (it flies
 * straight into the first turn); seed 11's frozen validation reached 1.00 after 48 episodes in the
 * 96-episode run. Trained must beat untrained by ≥ 50 points here. Passed once: 27 s CPU (user),
 * 102 s wall at load ~20.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { catalog } from '../../experiments/defaultCatalog.js';
import { createEpisodePool } from '../../experiments/episodePool.js';
import { evaluateController } from '../../experiments/evaluate.js';
import { resolveController } from '../../experiments/resolveController.js';
import { trainController } from '../../experiments/train.js';
import { DRONE_CORRIDOR_V1 } from '../../scenarios/droneCorridor.js';

const FILE = 'controllers/files/drone-corridor-scratch-snn.yaml';
const PLASTIC = ['prox-slide_left', 'prox-slide_right', 'prox-fwd_go', 'prox-fwd_stop', 'prox-turn_left', 'prox-turn_right', 'goal-turn_left', 'goal-turn_right'];
const root = mkdtempSync(join(tmpdir(), 'spikeloop-corridor-scratch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const base = { scenario: DRONE_CORRIDOR_V1, controller: FILE, episodes: 48, seed: 11, validateEpisodes: 10, evalEpisodes: 0, baseline: false } as const;

describe('drone-corridor-scratch-snn', () => {
  it('starts with no innate map: every plastic sensor → motor weight is the same', () => {
    const p = resolveController(FILE, DRONE_CORRIDOR_V1, 0).controller.parameters();
    for (const name of PLASTIC) {
      const w = p[name]!;
      expect(w.length, name).toBeGreaterThan(0);
      expect(Math.min(...w), name).toBe(Math.max(...w));
    }
  });
});

describe('drone-corridor-scratch-snn on drone-corridor-v1 (seed 11, 48 episodes, 20 held-out)', () => {
  it('best.json beats the untrained file by ≥ 50 points; the zero-reward control moves no weight', async () => {
    await trainController({ ...base, validateEvery: 2, outDir: join(root, 'trained') });
    await trainController({ ...base, validateEvery: 12, outDir: join(root, 'zero'), control: 'zero-reward' });
    const pool = await createEpisodePool({ workers: 1, catalog });
    try {
      const success = async (file: string) => {
        const { controller } = resolveController(file, DRONE_CORRIDOR_V1, 0);
        return (await evaluateController({ scenario: DRONE_CORRIDOR_V1, controller, label: file, episodes: 20, seed: 0, pool, learning: false })).summary.success_rate;
      };
      const trained = await success(join(root, 'trained', 'best.json'));
      const untrained = await success(join(root, 'trained', 'initial.json'));
      const zero = await success(join(root, 'zero', 'last.json'));
      expect(trained).toBeGreaterThanOrEqual(untrained + 0.5);
      expect(zero).toBeLessThanOrEqual(untrained + 0.05);
    } finally {
      await pool.close();
    }
    const initial = readControllerFile(join(root, 'zero', 'initial.json'));
    const last = readControllerFile(join(root, 'zero', 'last.json'));
    for (const name of PLASTIC) expect(last.parameters[name]!.data, name).toBe(initial.parameters[name]!.data);
    const learned = readControllerFile(join(root, 'trained', 'best.json'));
    expect(learned.parameters['prox-slide_left']!.data).not.toBe(initial.parameters['prox-slide_left']!.data);
  });
});
