/**
 * Controller files are never trusted: every bad case of issue 15 (item 2) is refused with a
 * message naming the file and the JSON path — non-finite or huge weights, weights outside the
 * plasticity bounds, a NaN critic, oversized or renamed channel lists, an absurd control rate, a
 * flipped byte in the base64 weights (checksum). Old version-1 files (no checksum) still load.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFloat32 } from '../../controllers/persistence/weightCodec.js';
import {
  CONTROLLER_VERSION,
  ControllerSaveError,
  MAX_CHANNELS,
  MAX_CHANNEL_SIZE,
  payloadChecksum,
  readControllerFile,
  restoreController,
  saveController,
  savedControllerOf,
} from '../../controllers/presets/controllerFile.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';
import { parameterBounds } from '../../controllers/presets/parameterBounds.js';
import type { ControllerPreset } from '../../controllers/presets/preset.js';
import { PRESETS } from '../../controllers/presets/registry.js';
import { errorOf } from '../helpers/errorOf.js';
import { pointMassSnn } from '../helpers/pointMassPresets.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-ctrlfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROJ = 'sense-motor';
const N = 128;
type Json = Record<string, any>;
const built = pointMassSnn.create({ seed: 4, controlRate_Hz: 50 });
const good: Json = JSON.parse(JSON.stringify(savedControllerOf(built)));
/** The R-STDP rule's [wMin, wMax] (0 and 1000 in the fixture). */
const bound = parameterBounds(built)[PROJ]!;
const rule = { wMin: bound.low, wMax: bound.high };

/** Writes `d` to `name`; with `resign`, with the checksum of its (edited) content, as a writer that saved bad values would. */
function write(name: string, d: Json, resign = true): string {
  if (resign && d.checksum !== undefined) d.checksum = payloadChecksum(d.preset, d.options.seed, d.parameters);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(d));
  return file;
}

function edited(f: (d: Json) => void): Json {
  const d = structuredClone(good);
  f(d);
  return d;
}

function withWeights(values: (k: number) => number): Json {
  return edited((d) => (d.parameters[PROJ].data = encodeFloat32(Float32Array.from({ length: N }, (_, k) => values(k)))));
}

function load(file: string, preset: ControllerPreset = pointMassSnn) {
  return restoreController(readControllerFile(file), preset, file);
}

describe('a good file', () => {
  it('is version 2 with the sha256 checksum of its payload, and loads bit for bit', () => {
    expect(good.version).toBe(CONTROLLER_VERSION);
    expect(good.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(good.checksum).toBe(payloadChecksum(good.preset, good.options.seed, good.parameters));
    const file = write('good.json', structuredClone(good));
    const c = load(file);
    expect(encodeFloat32(c.parameters()[PROJ]!)).toBe(good.parameters[PROJ].data);
  });

  it("every registered preset's untrained controller saves and loads (its weights are inside its bounds)", () => {
    for (const preset of PRESETS) {
      const file = join(dir, `${preset.id}.json`);
      saveController(preset.create({ seed: 2, controlRate_Hz: 50 }), file);
      const back = load(file, preset);
      expect(back.preset).toBe(preset.id);
    }
  });

  it('with a UTF-8 byte-order mark still loads', () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify(good)}`);
    expect(() => load(file)).not.toThrow();
  });

  it('version 1 (before checksums) still loads, and is still checked', () => {
    const v1 = edited((d) => {
      d.version = 1;
      delete d.checksum;
    });
    expect(() => load(write('v1.json', v1))).not.toThrow();
    const nan = structuredClone(v1);
    nan.parameters[PROJ].data = encodeFloat32(new Float32Array(N).fill(NaN));
    const f = write('v1-nan.json', nan);
    expect(errorOf(() => load(f))).toBe(`${f}: parameters.${PROJ}.data: value [0] is NaN; ${N} of ${N} values are not finite numbers`);
  });

  it('version 2 without a checksum is refused', () => {
    const f = write('no-checksum.json', edited((d) => delete d.checksum));
    expect(errorOf(() => readControllerFile(f))).toBe(`${f}: checksum: missing: a version 2 controller file carries the checksum of its parameters`);
  });
});

describe('refused, with the file and the JSON path', () => {
  it('all-NaN weights', () => {
    const f = write('nan.json', withWeights(() => NaN));
    expect(errorOf(() => load(f))).toBe(`${f}: parameters.${PROJ}.data: value [0] is NaN; ${N} of ${N} values are not finite numbers`);
  });

  it('+Infinity and -Infinity weights', () => {
    const f = write('inf.json', withWeights((k) => (k === 7 ? Infinity : 200)));
    expect(errorOf(() => load(f))).toBe(`${f}: parameters.${PROJ}.data: value [7] is Infinity; 1 of ${N} values are not finite numbers`);
    const g = write('-inf.json', withWeights((k) => (k === 3 ? -Infinity : 200)));
    expect(errorOf(() => load(g))).toBe(`${g}: parameters.${PROJ}.data: value [3] is -Infinity; 1 of ${N} values are not finite numbers`);
  });

  it('3e38 (finite, but it overflows sums)', () => {
    const f = write('3e38.json', withWeights((k) => (k < 2 ? 3e38 : 200)));
    expect(errorOf(() => load(f))).toMatch(new RegExp(`^${f}: parameters\\.${PROJ}\\.data: value \\[0\\] = [23]\\.\\d+e\\+38 exceeds the largest magnitude a parameter may have \\(1000000000\\); 2 of ${N} values do$`));
  });

  it('weights outside the plasticity bounds [wMin, wMax]', () => {
    expect(rule).toEqual({ wMin: 0, wMax: 1000 });
    const f = write('above.json', withWeights((k) => (k === 5 ? rule.wMax + 1 : 200)));
    expect(errorOf(() => load(f))).toBe(`${f}: parameters.${PROJ}.data: value [5] = ${rule.wMax + 1} is outside the plasticity bounds [${rule.wMin}, ${rule.wMax}]; 1 of ${N} values are`);
    const g = write('below.json', withWeights(() => rule.wMin - 0.5));
    expect(errorOf(() => load(g))).toBe(`${g}: parameters.${PROJ}.data: value [0] = ${rule.wMin - 0.5} is outside the plasticity bounds [${rule.wMin}, ${rule.wMax}]; ${N} of ${N} values are`);
    // Exactly at the bounds (as the rule clips) is fine.
    expect(() => load(write('at-bounds.json', withWeights((k) => (k % 2 ? rule.wMax : rule.wMin))))).not.toThrow();
  });

  it("a NaN in the critic (a parameter array that is not a projection's weights)", () => {
    const d: Json = JSON.parse(JSON.stringify(savedControllerOf(DRONE_AVOID_SNN.create({ seed: 1, controlRate_Hz: 20 }))));
    const n = d.parameters.critic.n as number;
    expect(n).toBeGreaterThan(0);
    d.parameters.critic.data = encodeFloat32(Float32Array.from({ length: n }, (_, k) => (k === 2 ? NaN : 0)));
    const f = write('critic.json', d);
    expect(errorOf(() => load(f, DRONE_AVOID_SNN))).toBe(`${f}: parameters.critic.data: value [2] is NaN; 1 of ${n} values are not finite numbers`);
  });

  it('a channel list of 10 000 channels, or a channel of size 1e9', () => {
    const f = write('many.json', edited((d) => (d.sensors = Array.from({ length: 10_000 }, (_, k) => ({ ...d.sensors[0], name: `c${k}` })))));
    expect(errorOf(() => readControllerFile(f))).toMatch(new RegExp(`^${f}: sensors: expected at most ${MAX_CHANNELS} sensor channels, got 10000$`));
    const g = write('huge.json', edited((d) => (d.actuators[0].size = 1e9)));
    expect(errorOf(() => readControllerFile(g))).toBe(`${g}: actuators[0].size: expected a channel size, an integer from 1 to ${MAX_CHANNEL_SIZE}, got 1000000000`);
  });

  it("a renamed channel, a resized one, a list that differs from the preset's", () => {
    const f = write('renamed.json', edited((d) => (d.sensors[0].name = 'ofset')));
    expect(errorOf(() => load(f))).toBe(`${f}: sensors[0].name: channel 'ofset' in the file, preset 'point-mass-snn' reads 'offset' here (offset[1], velocity[1])`);
    const g = write('resized.json', edited((d) => (d.actuators[0].size = 2)));
    expect(errorOf(() => load(g))).toBe(`${g}: actuators[0].size: channel 'cmd_velocity' has 2 value(s) in the file, preset 'point-mass-snn' writes 1`);
    const h = write('fewer.json', edited((d) => d.sensors.pop()));
    expect(errorOf(() => load(h))).toBe(`${h}: sensors: the file lists 1 channel(s) (offset[1]), preset 'point-mass-snn' reads 2 (offset[1], velocity[1])`);
    const k = write('unit.json', edited((d) => (d.sensors[0].unit = 'cm')));
    expect(errorOf(() => load(k))).toBe(`${k}: sensors[0].unit: channel 'offset' is in 'cm' in the file, preset 'point-mass-snn' reads it in 'm'`);
  });

  it('a control rate of 1e-300 Hz, or 1e6 Hz', () => {
    for (const rate of [1e-300, 1e6]) {
      const f = write(`rate-${rate}.json`, edited((d) => (d.options.controlRate_Hz = rate)));
      expect(errorOf(() => readControllerFile(f))).toBe(`${f}: options.controlRate_Hz: expected a control rate from 1 to 10000 Hz, got ${rate}`);
    }
  });

  it('one flipped byte in the base64 weights (the checksum no longer matches)', () => {
    const d = structuredClone(good);
    const data = d.parameters[PROJ].data as string;
    const at = 40;
    const flipped = data[at] === 'A' ? 'B' : 'A';
    d.parameters[PROJ].data = data.slice(0, at) + flipped + data.slice(at + 1);
    const f = write('flip.json', d, false);
    const actual = payloadChecksum(d.preset, d.options.seed, d.parameters);
    expect(errorOf(() => readControllerFile(f))).toBe(
      `${f}: checksum: the parameters do not match the checksum (the file has ${good.checksum}, its content gives ${actual}): the file is corrupted or was edited by hand; refusing to run it`,
    );
    // A hand-edited seed (other wiring under the same weights) is caught the same way.
    const g = write('seed.json', edited((e) => (e.options.seed = 5)), false);
    expect(errorOf(() => readControllerFile(g))).toMatch(new RegExp(`^${g}: checksum: the parameters do not match the checksum`));
  });

  it('a non-integer seed says "an integer"', () => {
    const f = write('seed-frac.json', edited((d) => (d.options.seed = 1.5)), false);
    expect(errorOf(() => readControllerFile(f))).toBe(`${f}: options.seed: expected an integer, got 1.5`);
  });
});

describe('saving', () => {
  it('refuses a controller that could never be loaded, and writes nothing', () => {
    const c = pointMassSnn.create({ seed: 1, controlRate_Hz: 50 });
    c.parameters()[PROJ]!.fill(NaN);
    const file = join(dir, 'never.json');
    expect(() => saveController(c, file)).toThrowError(ControllerSaveError);
    expect(() => saveController(c, file)).toThrowError(
      new ControllerSaveError(`cannot save controller 'point-mass-snn' to ${file}: it could never be loaded:\n  parameters.${PROJ}: value [0] is NaN; ${N} of ${N} values are not finite numbers`),
    );
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
