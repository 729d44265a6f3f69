import { describe, expect, it } from 'vitest';
import type { Body } from '../../loop/body.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { checkBody } from '../../loop/checkBody.js';
import { withActionClipping } from '../../loop/wrappers/withActionClipping.js';
import { withSensorLatency } from '../../loop/wrappers/withSensorLatency.js';
import { withSensorNoise } from '../../loop/wrappers/withSensorNoise.js';
import { QuadrotorBody } from '../../sim/quadrotor/quadrotorBody.js';
import { hoverRpm, CRAZYFLIE_2X } from '../../sim/quadrotor/airframe.js';
import { LIDAR_16 } from '../../sim/sensors/lidar.js';
import { forest } from '../../sim/world/forestLayout.js';
import { ArmBody } from '../../sim/arm/armBody.js';
import { PLANAR_2DOF } from '../../sim/arm/armPresets.js';
import { FAKE_ACTUATORS, FakeBody } from './fakes.js';

/** The rule tags of a check's problems, counted. */
function rules(problems: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of problems) {
    const m = /^\[(\w+)\] /.exec(p);
    expect(m, `untagged problem: ${p}`).not.toBeNull();
    out[m![1]!] = (out[m![1]!] ?? 0) + 1;
  }
  return out;
}

class BadSpecs extends FakeBody {
  override readonly sensors: readonly ChannelSpec[] = [
    { name: 'a', size: 1, low: 0, high: 1, unit: 'm' },
    { name: 'a', size: 2, low: 0, high: 1, unit: 'm' }, // duplicate name
    { name: 'b', size: 0, low: 0, high: 1, unit: 'm' }, // size 0
    { name: 'c', size: 1.5, low: 0, high: 1, unit: 'm' }, // size not an integer
    { name: 'd', size: 1, low: 2, high: 1, unit: 'm' }, // low > high
    { name: 'e', size: 1, low: Number.NaN, high: 1, unit: 'm' }, // NaN bound
    { name: '', size: 1, low: 0, high: 1, unit: 'm' }, // no name
  ];
  override readonly actuators: readonly ChannelSpec[] = [{ name: 'u', size: 3, low: -1, high: 1, unit: ' ' }]; // blank unit
}
class Unfilled extends FakeBody {
  override observe(out: Channels): void {
    const keep = Float32Array.from(out['flat']!);
    super.observe(out);
    out['flat']!.set(keep); // forgets to write 'flat'
  }
}
class OutOfRange extends FakeBody {
  override observe(out: Channels): void {
    super.observe(out);
    out['unit']![1] = 1.5;
  }
}
class InfinityWhereFinite extends FakeBody {
  override observe(out: Channels): void {
    super.observe(out);
    out['unit']![0] = Infinity;
  }
}
class NaNReading extends FakeBody {
  override observe(out: Channels): void {
    super.observe(out);
    if (this.steps === 7) out['pos']![2] = Number.NaN;
  }
}
class AcceptsNaN extends FakeBody {
  override command(action: Channels): void {
    this.commanded['u']!.set(action['u']!);
    this.commanded['v']!.set(action['v']!);
  }
}
let globalDrift = 0;
class SharedState extends FakeBody {
  override observe(out: Channels): void {
    super.observe(out);
    out['pos']![0] += globalDrift++ * 1e-3; // state shared between instances, as a global RNG would be
  }
}
class ForgetfulReset extends FakeBody {
  private firstReset = true;
  override reset(seed: number): void {
    if (this.firstReset) super.reset(seed);
    this.firstReset = false;
    this.steps = 0; // …but pos is not restored on later resets
  }
}
class Throws extends FakeBody {
  override advance(dt_s: number): void {
    if (this.steps === 10) throw new Error('motor driver fault');
    super.advance(dt_s);
  }
}

describe('checkBody', () => {
  it('passes a conforming body (and wrapped versions of it) with no problems', () => {
    for (const make of [() => new FakeBody(), () => withSensorLatency(withSensorNoise(withActionClipping(new FakeBody()), { pos: { sd: 0.1 }, unit: { sd: 1 } }), 3)]) {
      expect(checkBody(make)).toEqual({ ok: true, problems: [] });
    }
  });

  it('flags each broken rule, and only that rule', () => {
    const cases: [string, () => Body, Record<string, number>][] = [
      ['bad specs', () => new BadSpecs(), { spec: 8 }],
      ['unfilled channel', () => new Unfilled(), { observe: 1 }],
      ['value above its bound', () => new OutOfRange(), { observe: 1 }],
      ['+Inf where the bound is finite', () => new InfinityWhereFinite(), { observe: 1 }],
      ['NaN reading', () => new NaNReading(), { observe: 1 }],
      ['NaN command accepted', () => new AcceptsNaN(), { command: FAKE_ACTUATORS.length }],
      ['state shared between instances', () => new SharedState(), { determinism: 2, replay: 2 }],
      ['reset that does not restore the state', () => new ForgetfulReset(), { replay: 2 }],
      ['advance throws', () => new Throws(), { error: 2 }],
    ];
    for (const [what, make, expected] of cases) {
      const r = checkBody(make, { seeds: [3, 4], steps: 20 });
      expect(r.ok, what).toBe(false);
      expect(rules(r.problems), `${what}: ${r.problems.join(' | ')}`).toEqual(expected);
    }
  });

  it('says exactly what is wrong', () => {
    const spec = checkBody(() => new BadSpecs()).problems;
    expect(spec).toContain("[spec] sensors[1] 'a': duplicate channel name (names must be unique within sensors)");
    expect(spec).toContain("[spec] sensors[2] 'b': size must be an integer ≥ 1, got 0");
    expect(spec).toContain("[spec] sensors[3] 'c': size must be an integer ≥ 1, got 1.5");
    expect(spec).toContain("[spec] sensors[4] 'd': bounds must satisfy low ≤ high, got low 2 and high 1");
    expect(spec).toContain("[spec] sensors[5] 'e': bounds must satisfy low ≤ high, got low NaN and high 1");
    expect(spec).toContain('[spec] sensors[6]: name must be a non-empty string, got ""');
    expect(spec).toContain("[spec] actuators[0] 'u': unit must be a non-empty string (SI, or '1' for dimensionless), got \" \"");
    expect(checkBody(() => new OutOfRange(), { seeds: [5] }).problems).toEqual([`[observe] seed 5, step 0: 'unit'[1] = 1.5 is outside its declared [0, 1]`]);
    expect(checkBody(() => new InfinityWhereFinite(), { seeds: [5] }).problems).toEqual([`[observe] seed 5, step 0: 'unit'[0] = Infinity is outside its declared [0, 1]`]);
    expect(checkBody(() => new NaNReading(), { seeds: [5] }).problems).toEqual([`[observe] seed 5, step 7: 'pos'[2] is NaN after observe (not written, or NaN)`]);
    expect(checkBody(() => new AcceptsNaN()).problems[0]).toBe("[command] command accepted NaN in 'u'[0] without throwing (a NaN action must be refused, not flown)");
    // The forgetful body's second run starts where the first ended: pos[0] = seed + Σ u·dt.
    const replay = checkBody(() => new ForgetfulReset(), { seeds: [5], steps: 10 }).problems;
    expect(replay).toHaveLength(1);
    expect(replay[0]).toMatch(/^\[replay\] reset\(5\) a second time on the same body observe different values at step 0: 'pos'\[0\] = 5 vs /);
    expect(checkBody(() => new Throws(), { seeds: [5] }).problems[0]).toBe('[error] seed 5: advance at step 10 threw: motor driver fault');
  });

  it('rejects bad options', () => {
    expect(() => checkBody(() => new FakeBody(), { seeds: [] })).toThrow(/seeds must be a non-empty list/);
    expect(() => checkBody(() => new FakeBody(), { steps: 0 })).toThrow(/steps must be an integer ≥ 1/);
    expect(() => checkBody(() => new FakeBody(), { dt_s: 0 })).toThrow(/dt_s must be a finite period > 0 s/);
  });

  it('QuadrotorBody (velocity level, LIDAR_16, seeded forest) passes', () => {
    const make = () =>
      new QuadrotorBody({
        control: { level: 'velocity' },
        layout: forest(),
        start: { position_m: [0, 0, 1], initialRpm: hoverRpm(CRAZYFLIE_2X) },
        sensors: { lidar: LIDAR_16 },
      });
    const r = checkBody(make, { seeds: [0, 17], steps: 50 });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    // The same body with a layout that does not come from the seed alone is caught: each new
    // world draws the next forest, as a layout on a global RNG would.
    let worlds = 0;
    const drifting = () =>
      new QuadrotorBody({
        control: { level: 'velocity' },
        layout: (seed) => forest()(seed + worlds++),
        start: { position_m: [0, 0, 1], initialRpm: hoverRpm(CRAZYFLIE_2X) },
        sensors: { lidar: LIDAR_16 },
      });
    const bad = checkBody(drifting, { seeds: [0], steps: 5 });
    expect(rules(bad.problems)).toEqual({ determinism: 1, replay: 1 });
    expect(bad.problems[0]).toMatch(/^\[determinism\] two bodies reset with seed 0 observe different values at step 0: 'lidar'\[\d+\]/);
  });

  it('ArmBody (PLANAR_2DOF, velocity mode, seeded initial jitter) passes', () => {
    const make = () => new ArmBody({ params: PLANAR_2DOF, mode: { kind: 'velocity' }, initialJitter_rad: 0.2 });
    const r = checkBody(make, { seeds: [0, 17], steps: 50 });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
