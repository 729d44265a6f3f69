/**
 * A controller file goes wherever a preset goes: resolveController builds it (checked against the
 * scenario's body), `train` trains it in worker threads and writes its learned result as a saved
 * controller (the versioned format, the controller file embedded and covered by the checksum),
 * and that file loads again — with the learned weights — even though no preset of its id exists.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { decodeFloat32 } from '../../controllers/persistence/weightCodec.js';
import { resolveController } from '../../experiments/resolveController.js';
import { trainController } from '../../experiments/train.js';
import { ARM_REACH_V1 } from '../../scenarios/armReach.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import { errorOf } from '../helpers/errorOf.js';

const root = mkdtempSync(join(tmpdir(), 'spikeloop-spec-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The shipped arm-reach file under an id no preset has. */
function myReach(): string {
  const file = join(root, 'my-reach.yaml');
  writeFileSync(file, readFileSync('controllers/files/arm-reach-snn.yaml', 'utf8').replace('id: arm-reach-snn', 'id: my-reach'));
  return file;
}

describe('controller files in experiments', () => {
  it('resolveController builds a YAML controller file for its scenario, untrained', () => {
    const r = resolveController('controllers/files/drone-avoid-snn.yaml', DRONE_FOREST_V1, 4);
    expect(r.source).toContain('controller file');
    expect(r.controller.preset).toBe('drone-avoid-snn');
    expect(r.controller.options).toEqual({ seed: 4, controlRate_Hz: DRONE_FOREST_V1.controlRate_Hz });
    expect(Object.keys(r.controller.parameters())).toContain('critic');
  });

  it('train writes a versioned saved controller that embeds the file and loads again with its learned weights (1 and 2 workers alike)', async () => {
    const file = myReach();
    const base = { scenario: ARM_REACH_V1, controller: file, episodes: 3, seed: 5, validateEvery: 1, validateEpisodes: 2, evalEpisodes: 1, baseline: false } as const;
    const one = join(root, 'one');
    const two = join(root, 'two');
    const r1 = await trainController({ ...base, outDir: one, workers: 1 });
    const r2 = await trainController({ ...base, outDir: two, workers: 2 });
    expect(r1.interrupted || r2.interrupted).toBe(false);
    const last = readControllerFile(join(one, 'last.json'));
    expect(last.preset).toBe('my-reach');
    expect(last.version).toBe(2);
    expect(last.spec?.id).toBe('my-reach');
    expect(readFileSync(join(two, 'last.json'), 'utf8')).toBe(readFileSync(join(one, 'last.json'), 'utf8'));
    // Learning changed the weights, and the saved file restores exactly those.
    const initial = readControllerFile(join(one, 'initial.json'));
    expect(last.parameters['error->up']!.data).not.toBe(initial.parameters['error->up']!.data);
    const restored = resolveController(join(one, 'last.json'), ARM_REACH_V1, 0);
    expect(restored.controller.preset).toBe('my-reach');
    for (const [name, a] of Object.entries(restored.controller.parameters())) {
      const p = last.parameters[name]!;
      const saved = decodeFloat32(p.data, p.n) as Float32Array;
      expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength)), name).toBe(true);
    }
    // The embedded file is covered by the checksum: editing it is caught.
    const tampered = join(root, 'tampered.json');
    writeFileSync(tampered, readFileSync(join(one, 'last.json'), 'utf8').replace('"elevationScale_rad":0.08', '"elevationScale_rad":0.09'));
    expect(readFileSync(tampered, 'utf8')).not.toBe(readFileSync(join(one, 'last.json'), 'utf8'));
    expect(errorOf(() => resolveController(tampered, ARM_REACH_V1, 0))).toMatch(/checksum/);
  });
});
