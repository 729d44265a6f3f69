import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeHardware, HARDWARE_PRESETS, parseHardwareSpec, validateHardwareSpec } from '../../controllers/hardware/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hardware spec', () => {
  it('presets, inline specs and files give the same structured spec', () => {
    expect(parseHardwareSpec('int8')).toEqual({ name: 'int8', weights: { bits: 8 }, state: { membraneBits: 16, currentBits: 16 } });
    expect(parseHardwareSpec('binary').weights).toEqual({ bits: 1 });
    expect(parseHardwareSpec('memristor:levels=32,noise=0.02,drift_nu=0.05,stuck=0.01')).toEqual({
      name: 'memristor:levels=32,noise=0.02,drift_nu=0.05,stuck=0.01',
      memristor: { levels: 32, noise: 0.02, driftNu: 0.05, stuck: 0.01 },
    });
    expect(parseHardwareSpec('memristor:noise=0.05,noise_mode=read,drift_compensation=true,seed=3')).toEqual({
      name: 'memristor:noise=0.05,noise_mode=read,drift_compensation=true,seed=3',
      memristor: { noise: 0.05, noiseMode: 'read', driftCompensation: true },
      seed: 3,
    });
    expect(parseHardwareSpec('int:weights=6,membrane=12,current=10')).toEqual({ name: 'int:weights=6,membrane=12,current=10', weights: { bits: 6 }, state: { membraneBits: 12, currentBits: 10 } });
    const yaml = join(dir, 'chip.yaml');
    writeFileSync(yaml, 'weights: { bits: 4 }\nstate:\n  membraneBits: 20\n  currentBits: 12\nseed: 2\n');
    expect(parseHardwareSpec(yaml)).toEqual({ name: yaml, weights: { bits: 4 }, state: { membraneBits: 20, currentBits: 12 }, seed: 2 });
    expect(validateHardwareSpec(HARDWARE_PRESETS.int4)).toEqual(HARDWARE_PRESETS.int4);
  });

  it('bad specs fail naming the field and what was expected', () => {
    const err = (t: string) => {
      try {
        parseHardwareSpec(t);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err('memristor:levels=1')).toBe("hardware spec 'memristor:levels=1': memristor.levels: expected an integer from 2 to 65536, got 1");
    expect(err('memristor:levles=3')).toMatch(/unknown key 'levles' for memristor; expected one of levels, noise, noise_mode/);
    expect(err('memristor:noise_mode=sometimes')).toBe("hardware spec 'memristor:noise_mode=sometimes': memristor.noiseMode: expected 'program' or 'read', got \"sometimes\"");
    expect(err('memristor:stuck=2')).toBe("hardware spec 'memristor:stuck=2': memristor.stuck: expected a fraction in [0, 1], got 2");
    expect(err('memristor:drift_nu=0.05,drift_t0_s=10,age_s=5')).toMatch(/memristor.age_s: expected an age ≥ driftT0_s \(10 s\), got 5/);
    expect(err('int:weights=6,membrane=12')).toBe("hardware spec 'int:weights=6,membrane=12': integer state needs both membrane=<bits> and current=<bits>");
    expect(err('int:weights=17')).toMatch(/weights.bits: expected an integer from 1 to 16, got 17/);
    expect(err('fpga:x=1')).toMatch(/unknown kind 'fpga'; expected int:… or memristor:…/);
    expect(err('int9')).toMatch(/not a preset \(float, int8, int4, int2, binary\)/);
    const both = join(dir, 'both.json');
    writeFileSync(both, JSON.stringify({ weights: { bits: 8 }, memristor: { levels: 16 } }, null, 2));
    expect(err(both)).toMatch(/memristor: a memristor model replaces weight quantisation/);
    const state = join(dir, 'state.yaml');
    writeFileSync(state, 'state:\n  membraneBits: 16\n  currentBits: 16\n');
    expect(err(state)).toMatch(/state: integer state needs quantised weights/);
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, 'weights:\n  bits: 8\nstate:\n  membraneBits: 16\n  curentBits: 16\n');
    expect(err(typo)).toMatch(new RegExp(`${typo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:\\d+: state.curentBits: unknown key 'curentBits'`));
  });

  it('says what it models in one line', () => {
    expect(describeHardware(HARDWARE_PRESETS.int8)).toBe('int8: weights 8-bit symmetric per projection; integer LIF state (membrane 16-bit, currents 16-bit, saturating)');
    expect(describeHardware(parseHardwareSpec('memristor:levels=32,noise=0.02,drift_nu=0.05,stuck=0.01'))).toBe(
      'memristor:levels=32,noise=0.02,drift_nu=0.05,stuck=0.01: memristor pairs: 32 levels, noise σ 0.02 G_max per programming, drift ν 0.05 at 86400 s (t0 1 s), 0.01 of devices stuck (0.5 of them at G_max)',
    );
  });
});
