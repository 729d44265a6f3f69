/**
 * Perturbations (scenarios/perturbations): each one's effect against what it must do, checked on
 * a small body whose readings and received commands are known exactly; composition order; spec
 * parsing and its located errors; the registry; the body-change scenario ids.
 */
import { describe, expect, it } from 'vitest';
import type { Body } from '../../loop/body.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { allocateChannels } from '../../loop/channels.js';
import { applyPerturbations, parsePerturbations } from '../../scenarios/perturbations/parsePerturbations.js';
import { PerturbationError } from '../../scenarios/perturbations/perturbation.js';
import type { Perturbation } from '../../scenarios/perturbations/perturbation.js';
import { seededPermutation } from '../../scenarios/perturbations/permuteLidar.js';
import { findPerturbation, PERTURBATIONS, registerPerturbation } from '../../scenarios/perturbations/registry.js';
import { withSensorOffset } from '../../loop/wrappers/withSensorOffset.js';
import { SCENARIOS, findScenario } from '../../scenarios/registry.js';
import { findBodyLayer } from '../../loop/wrappers/bodyWrapper.js';
import { QuadrotorBody } from '../../sim/quadrotor/quadrotorBody.js';

const N = 9;
const SENSORS: readonly ChannelSpec[] = [
  { name: 'lidar', size: N, low: -Infinity, high: Infinity, unit: 'm' },
  { name: 'joint_position', size: 2, low: -1, high: 1, unit: 'rad' },
];
const ACTUATORS: readonly ChannelSpec[] = [
  { name: 'cmd_linear', size: 3, low: -Infinity, high: Infinity, unit: 'm/s' },
  { name: 'cmd_yaw_rate', size: 1, low: -Infinity, high: Infinity, unit: 'rad/s' },
];

/** Beam i reads 1 + i m (beam 2: no return, +Inf); joints read [0.2, 0.95] rad; keeps the last command. */
class ProbeBody implements Body {
  readonly sensors = SENSORS;
  readonly actuators = ACTUATORS;
  readonly got = allocateChannels(ACTUATORS);
  reset(): void {}
  observe(out: Channels): void {
    const l = out['lidar']!;
    for (let i = 0; i < N; i++) l[i] = i === 2 ? Infinity : 1 + i;
    out['joint_position']!.set([0.2, 0.95]);
  }
  command(a: Channels): void {
    for (const s of ACTUATORS) this.got[s.name]!.set(a[s.name]!);
  }
  advance(): void {}
}

const ARM_LIKE: Body = {
  sensors: [{ name: 'joint_position', size: 2, low: -3, high: 3, unit: 'rad' }],
  actuators: [{ name: 'joint_velocity_target', size: 2, low: -4, high: 4, unit: 'rad/s' }],
  reset() {},
  observe() {},
  command() {},
  advance() {},
};

function read(b: Body): Channels {
  const out = allocateChannels(b.sensors);
  b.observe(out);
  return out;
}

function send(b: Body, lin: readonly number[], yaw: number): Channels {
  const a = allocateChannels(b.actuators);
  a['cmd_linear']!.set(lin);
  a['cmd_yaw_rate']![0] = yaw;
  b.command(a);
  return a;
}

const raw = () => [...read(new ProbeBody())['lidar']!];

describe('sensor perturbations', () => {
  it('mirror-lidar reverses the beams: y[i] = x[n−1−i]', () => {
    const y = [...read(applyPerturbations(new ProbeBody(), ['mirror-lidar']))['lidar']!];
    expect(y).toEqual(raw().reverse());
  });

  it('permute-lidar:seed=S reads y[i] = x[π_S(i)], π_S a permutation fixed by the seed; another seed gives another one', () => {
    const order = [...seededPermutation(N, 3)];
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
    expect(order).not.toEqual([...Array(N).keys()]);
    const x = raw();
    const y = [...read(applyPerturbations(new ProbeBody(), ['permute-lidar:seed=3']))['lidar']!];
    expect(y).toEqual(order.map((j) => x[j]));
    expect([...seededPermutation(N, 3)]).toEqual(order);
    expect([...seededPermutation(N, 4)]).not.toEqual(order);
  });

  it('dead-beams:i-j,k reads +Inf (no return) at exactly those beams', () => {
    const y = [...read(applyPerturbations(new ProbeBody(), ['dead-beams:4-6,0']))['lidar']!];
    const x = raw();
    for (let i = 0; i < N; i++) expect(y[i]).toBe([0, 4, 5, 6].includes(i) ? Infinity : x[i]);
  });

  it('sensor-offset adds the offset, clamped to the channel bounds, to one element or all', () => {
    const b = applyPerturbations(new ProbeBody(), ['sensor-offset:joint_position[0]=0.1', 'sensor-offset:lidar=-0.5']);
    const o = read(b);
    expect(o['joint_position']![0]).toBeCloseTo(0.3, 6);
    expect(o['joint_position']![1]).toBeCloseTo(0.95, 6);
    const x = raw();
    // +Inf (no return) stays +Inf.
    expect([...o['lidar']!]).toEqual(x.map((v) => (Number.isFinite(v) ? Math.fround(v - 0.5) : v)));
    // 0.95 + 0.1 clamps to the channel's high bound 1.
    expect(read(withSensorOffset(new ProbeBody(), 'joint_position', [0, 0.1]))['joint_position']![1]).toBe(1);
  });
});

describe('actuator perturbations', () => {
  it('weak-actuator scales the named element (or all) by the gain; the caller\'s action is untouched', () => {
    const p = new ProbeBody();
    const sent = send(applyPerturbations(p, ['weak-actuator:cmd_linear[1]=0.6']), [1, 2, 3], 0.5);
    expect([...p.got['cmd_linear']!]).toEqual([1, Math.fround(1.2), 3]);
    expect(p.got['cmd_yaw_rate']![0]).toBe(0.5);
    expect([...sent['cmd_linear']!]).toEqual([1, 2, 3]);
    const q = new ProbeBody();
    send(applyPerturbations(q, ['weak-actuator:cmd_linear=0.5,cmd_yaw_rate=0']), [1, 2, 3], 0.5);
    expect([...q.got['cmd_linear']!]).toEqual([0.5, 1, 1.5]);
    expect(q.got['cmd_yaw_rate']![0]).toBe(0);
  });

  it('sign-flip negates the named element', () => {
    const p = new ProbeBody();
    send(applyPerturbations(p, ['sign-flip:cmd_yaw_rate,cmd_linear[2]']), [1, 2, 3], 0.5);
    expect(p.got['cmd_yaw_rate']![0]).toBe(-0.5);
    expect([...p.got['cmd_linear']!]).toEqual([1, 2, -3]);
  });

  it('miscalibrated-yaw:rad=θ rotates (vx, vy) by θ counter-clockwise and leaves vz alone', () => {
    const p = new ProbeBody();
    send(applyPerturbations(p, ['miscalibrated-yaw:rad=0.3']), [1, 0, 0.25], 0);
    expect(p.got['cmd_linear']![0]).toBeCloseTo(Math.cos(0.3), 6);
    expect(p.got['cmd_linear']![1]).toBeCloseTo(Math.sin(0.3), 6);
    expect(p.got['cmd_linear']![2]).toBe(0.25);
    const q = new ProbeBody();
    send(applyPerturbations(q, ['miscalibrated-yaw:rad=1.5707963267948966']), [0, 1, 0], 0);
    expect(q.got['cmd_linear']![0]).toBeCloseTo(-1, 6);
    expect(q.got['cmd_linear']![1]).toBeCloseTo(0, 6);
  });
});

describe('composition: applied in order, the first nearest the body', () => {
  it('sensors: mirror then dead-beams:0 kills the mirrored beam 0 (raw beam n−1); the other order kills mirrored n−1', () => {
    const x = raw();
    const a = [...read(applyPerturbations(new ProbeBody(), ['mirror-lidar', 'dead-beams:0']))['lidar']!];
    expect(a[0]).toBe(Infinity);
    expect(a.slice(1)).toEqual([...x].reverse().slice(1));
    const b = [...read(applyPerturbations(new ProbeBody(), ['dead-beams:0', 'mirror-lidar']))['lidar']!];
    expect(b[N - 1]).toBe(Infinity);
    expect(b.slice(0, N - 1)).toEqual([...x].reverse().slice(0, N - 1));
  });

  it('actuators: a command passes the last spec first — rotate then scale differs from scale then rotate', () => {
    const p = new ProbeBody();
    // body → weak (nearest) → rotate: the command is rotated by π/2 first ((1,0) → (0,1)), then vy halved.
    send(applyPerturbations(p, ['weak-actuator:cmd_linear[1]=0.5', 'miscalibrated-yaw:rad=1.5707963267948966']), [1, 0, 0], 0);
    expect(p.got['cmd_linear']![0]).toBeCloseTo(0, 6);
    expect(p.got['cmd_linear']![1]).toBeCloseTo(0.5, 6);
    const q = new ProbeBody();
    // body → rotate (nearest) → weak: vy of (1,0) halved is still 0, then rotated to (0,1).
    send(applyPerturbations(q, ['miscalibrated-yaw:rad=1.5707963267948966', 'weak-actuator:cmd_linear[1]=0.5']), [1, 0, 0], 0);
    expect(q.got['cmd_linear']![1]).toBeCloseTo(1, 6);
  });

  it('no specs: the body itself', () => {
    const b = new ProbeBody();
    expect(applyPerturbations(b, [])).toBe(b);
  });
});

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('bad specs: located errors', () => {
  const body = new ProbeBody();
  const check = (spec: string) => errorOf(() => parsePerturbations([spec], { body }));

  it('an unknown name lists the valid ones and suggests the closest', () => {
    const e = check('mirror-lidr');
    expect(e).toBeInstanceOf(PerturbationError);
    expect(e.message).toContain("--perturb 'mirror-lidr': unknown perturbation 'mirror-lidr' (did you mean 'mirror-lidar'?)");
    for (const p of PERTURBATIONS) expect(e.message).toContain(p.name);
  });

  it('out-of-range parameters name the spec, the value and the range', () => {
    expect(check('dead-beams:5-9').message).toBe(`--perturb 'dead-beams:5-9': beam 9 is past the lidar's last beam 8 ('lidar' has 9 beams) (usage: ${findPerturbation('dead-beams').usage})`);
    expect(check('dead-beams:6-4').message).toContain('backwards');
    expect(check('weak-actuator:cmd_linear=-0.2').message).toContain("gain of 'cmd_linear': expected a number ≥ 0, got -0.2");
    expect(check('weak-actuator:cmd_linear[3]=0.5').message).toContain("element 3 is past the end of 'cmd_linear' (elements 0 … 2)");
    expect(check('miscalibrated-yaw:rad=4').message).toContain('rad: expected a number ≥ -3.142 and ≤ 3.142 rad, got 4');
    expect(check('miscalibrated-yaw').message).toContain("'rad=<value>' is required");
    expect(check('permute-lidar:seed=1.5').message).toContain("seed: expected an integer ≥ 0, got '1.5'");
  });

  it('unknown arguments and channels get a suggestion', () => {
    expect(check('mirror-lidar:chanel=lidar').message).toContain("unknown argument 'chanel' (did you mean 'channel'?)");
    expect(check('sign-flip:cmd_yaw').message).toContain("no actuator channel 'cmd_yaw' (did you mean 'cmd_yaw_rate'?)");
    expect(check('mirror-lidar:').message).toContain("nothing after ':'");
    expect(check('dead-beams').message).toContain('name the dead beams');
    expect(errorOf(() => parsePerturbations([''])).message).toContain('empty perturbation spec');
  });

  it('a perturbation that does not fit the body says so: a lidar perturbation on an arm, a yaw miscalibration without a velocity command', () => {
    const e = errorOf(() => parsePerturbations(['mirror-lidar'], { body: ARM_LIKE }));
    expect(e.message).toBe("--perturb 'mirror-lidar' does not fit this body: it needs a range-sensor channel 'lidar' (unit m); the body's sensors are joint_position");
    expect(errorOf(() => parsePerturbations(['miscalibrated-yaw:rad=0.3'], { body: ARM_LIKE })).message).toContain("does not fit this body: it needs a velocity command channel 'cmd_linear' (unit m/s)");
    // The arm's own actuators work.
    expect(() => parsePerturbations(['weak-actuator:joint_velocity_target[0]=0.6'], { body: ARM_LIKE })).not.toThrow();
  });

  it('the second of several specs is located by its own text', () => {
    expect(errorOf(() => parsePerturbations(['mirror-lidar', 'dead-beams:99'], { body })).message).toMatch(/^--perturb 'dead-beams:99': beam 99/);
  });
});

describe('registry', () => {
  const stuck: Perturbation = {
    name: 'test-stuck-beam',
    summary: 'test: beam 0 reads 1 m',
    usage: 'test-stuck-beam',
    bodyKinds: ['quadrotor'],
    apply(b, args) {
      args.done();
      return applyPerturbations(b, ['sensor-offset:lidar[0]=0']);
    },
  };

  it('a registered perturbation is found by name; taken and malformed names are refused', () => {
    registerPerturbation(stuck);
    expect(findPerturbation('test-stuck-beam')).toBe(stuck);
    expect(() => parsePerturbations(['test-stuck-beam'], { body: new ProbeBody() })).not.toThrow();
    expect(() => registerPerturbation(stuck)).toThrow(/already registered/);
    expect(() => registerPerturbation({ ...stuck, name: 'Bad Name' })).toThrow(/lower-case words/);
  });
});

describe('body-change scenarios', () => {
  it('each wraps its base scenario with its specs and is listed in the registry', () => {
    const want: Record<string, readonly string[]> = {
      'drone-forest-mirrored-v1': ['mirror-lidar'],
      'drone-forest-dead-beams-v1': ['dead-beams:19-27'],
      'drone-forest-weak-v1': ['weak-actuator:cmd_linear[1]=0.5'],
      'arm-reach-weak-v1': ['weak-actuator:joint_velocity_target[0]=0.6'],
    };
    for (const [id, specs] of Object.entries(want)) {
      const s = findScenario(id) as ReturnType<typeof findScenario> & { perturb?: readonly string[] };
      expect(SCENARIOS).toContain(s);
      expect(s.perturb).toEqual(specs);
    }
  });

  it('drone-forest-mirrored-v1 reads the base scenario\'s lidar reversed, on the same world', () => {
    const base = findScenario('drone-forest-v1').createBody();
    const mirrored = findScenario('drone-forest-mirrored-v1').createBody();
    try {
      base.reset(7);
      mirrored.reset(7);
      const a = read(base)['lidar']!;
      const b = read(mirrored)['lidar']!;
      expect([...b]).toEqual([...a].reverse());
      expect([...a].some(Number.isFinite)).toBe(true);
      expect(findBodyLayer(mirrored, QuadrotorBody)).not.toBeNull();
    } finally {
      base.close?.();
      mirrored.close?.();
    }
  });
});
