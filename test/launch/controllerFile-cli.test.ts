/**
 * The built `spikeloop` process (bin/spikeloop.js → dist/) refuses a bad controller file: exit 1,
 * one located message on stderr (file and JSON path), no stack trace, no episode run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFloat32 } from '../../controllers/persistence/weightCodec.js';
import { payloadChecksum, savedControllerOf } from '../../controllers/presets/controllerFile.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';
import { findScenario } from '../../scenarios/registry.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-badctrl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spikeloop eval --controller <bad file> (built CLI)', () => {
  it('a NaN critic: exit 1, a located message, no stack trace', () => {
    expect(ensureBuilt()).toBe(true);
    const scenario = findScenario('drone-forest-v1');
    const d = JSON.parse(JSON.stringify(savedControllerOf(DRONE_AVOID_SNN.create({ seed: 0, controlRate_Hz: scenario.controlRate_Hz }))));
    const n = d.parameters.critic.n as number;
    d.parameters.critic.data = encodeFloat32(new Float32Array(n).fill(NaN));
    d.checksum = payloadChecksum(d.preset, d.options.seed, d.parameters);
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(d));
    const proc = spawnSync(process.execPath, ['bin/spikeloop.js', 'eval', 'drone-forest-v1', '--controller', file, '--episodes', '2', '--json'], { encoding: 'utf8' });
    expect(proc.status).toBe(1);
    expect(proc.stdout).toBe('');
    expect(proc.stderr).toBe(`spikeloop: ${file}: parameters.critic.data: value [0] is NaN; ${n} of ${n} values are not finite numbers\n`);
  });
});
