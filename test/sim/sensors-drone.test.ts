import { describe, expect, it } from 'vitest';
import * as CANNON from 'cannon-es';
import { allocateChannels } from '../../loop/channels.js';
import { createSimWorld, advanceWorld } from '../../sim/world/simWorld.js';
import { addObstacles } from '../../sim/world/obstacles.js';
import type { ObstacleSpec } from '../../sim/world/obstacles.js';
import { forestLayout, FOREST_100 } from '../../sim/world/forestLayout.js';
import { PRIMITIVE, RayScene } from '../../sim/sensors/rayScene.js';
import { Lidar, LIDAR_16, beamAngle } from '../../sim/sensors/lidar.js';
import { Rangefinder } from '../../sim/sensors/rangefinder.js';
import { Imu } from '../../sim/sensors/imu.js';
import { Odometry } from '../../sim/sensors/odometry.js';
import { withNoise } from '../../sim/sensors/noise.js';
import type { Sensor } from '../../sim/sensors/sensor.js';
import { QuadrotorBody } from '../../sim/quadrotor/quadrotorBody.js';
import { CRAZYFLIE_2X, hoverRpm } from '../../sim/quadrotor/airframe.js';

const G = 9.81;

/** A world with obstacles and a free (massless-looking) probe body posed by hand. */
function scene(specs: readonly ObstacleSpec[], x: number, y: number, z: number, yaw = 0, roll = 0) {
  const w = createSimWorld();
  addObstacles(w, specs);
  const rs = new RayScene(w);
  const probe = new CANNON.Body({ mass: 1, shape: new CANNON.Sphere(0.01) });
  probe.position.set(x, y, z);
  const qYaw = new CANNON.Quaternion().setFromAxisAngle(new CANNON.Vec3(0, 0, 1), yaw);
  const qRoll = new CANNON.Quaternion().setFromAxisAngle(new CANNON.Vec3(1, 0, 0), roll);
  probe.quaternion.copy(qYaw.mult(qRoll));
  return { w, rs, probe };
}

function readOne(s: Sensor): Float32Array[] {
  const out = allocateChannels(s.channels);
  s.read(out);
  return s.channels.map((c) => out[c.name]!);
}

describe('rangefinder (sensor_msgs/Range, REP-117)', () => {
  const params = { rangeMin_m: 0.04, rangeMax_m: 4 };

  it('down-looking: reads the altitude, z / cos(roll) when rolled, +Inf beyond max, −Inf below min', () => {
    for (const z of [0.5, 1.7, 3.9]) {
      const { rs, probe } = scene([], 0, 0, z);
      expect(readOne(new Rangefinder(probe, rs, params))[0]![0]).toBeCloseTo(z, 6);
    }
    const roll = 0.3;
    const { rs, probe } = scene([], 0, 0, 1.2, 0.7, roll);
    expect(readOne(new Rangefinder(probe, rs, params))[0]![0]).toBeCloseTo(1.2 / Math.cos(roll), 6);
    expect(readOne(new Rangefinder(scene([], 0, 0, 4.5).probe, scene([], 0, 0, 4.5).rs, params))[0]![0]).toBe(Infinity);
    const low = scene([], 0, 0, 0.02);
    expect(readOne(new Rangefinder(low.probe, low.rs, params))[0]![0]).toBe(-Infinity);
  });

  it('forward-looking with a mount offset: distance to a box face and to a sphere', () => {
    const specs: ObstacleSpec[] = [
      { kind: 'box', center_m: [3, 0, 1], halfExtents_m: [0.5, 1, 1] },
      { kind: 'sphere', center_m: [0, 2.5, 1], radius_m: 0.4 },
    ];
    const fwd = { ...params, direction: [1, 0, 0] as const, mount_m: [0.1, 0, 0] as const };
    const a = scene(specs, 0, 0, 1);
    expect(readOne(new Rangefinder(a.probe, a.rs, fwd))[0]![0]).toBeCloseTo(3 - 0.5 - 0.1, 6);
    // Yawed +90°: body +x points to world +y (counter-clockwise), at the sphere.
    const b = scene(specs, 0, 0, 1, Math.PI / 2);
    expect(readOne(new Rangefinder(b.probe, b.rs, fwd))[0]![0]).toBeCloseTo(2.5 - 0.4 - 0.1, 6);
  });
});

describe('planar lidar (sensor_msgs/LaserScan)', () => {
  it('beam i points at angle_min + i·increment, counter-clockwise from body +x', () => {
    expect(beamAngle(LIDAR_16, 0)).toBeCloseTo(-Math.PI, 12);
    expect(beamAngle(LIDAR_16, 8)).toBeCloseTo(0, 12);
    expect(beamAngle(LIDAR_16, 12)).toBeCloseTo(Math.PI / 2, 12);
    expect(beamAngle({ ...LIDAR_16, beams: 5, angleMin_rad: -1, angleIncrement_rad: 0.5 }, 4)).toBeCloseTo(1, 12);
  });

  it('ranges to a wall ahead follow d / cos θ; a cylinder on the left reads centre distance − radius', () => {
    const d = 2;
    const specs: ObstacleSpec[] = [
      { kind: 'box', center_m: [d + 0.1, 0, 1], halfExtents_m: [0.1, 50, 5] }, // a long wall at x = d
      { kind: 'cylinder', center_m: [0, 3, 1], radius_m: 0.25, height_m: 2 },
    ];
    const { rs, probe } = scene(specs, 0, 0, 1);
    const ranges = readOne(new Lidar(probe, rs, LIDAR_16))[0]!;
    for (let i = 0; i < 16; i++) {
      const th = beamAngle(LIDAR_16, i);
      let expected = Infinity;
      if (Math.cos(th) > 1e-9 && d / Math.cos(th) <= LIDAR_16.rangeMax_m) expected = d / Math.cos(th);
      if (i === 12) expected = 3 - 0.25; // θ = +π/2: body +y, left
      if (expected === Infinity) expect(ranges[i]).toBe(Infinity);
      else expect(ranges[i]).toBeCloseTo(expected, 5);
    }
  });

  it('the scan turns with the body: yawed +90°, the wall at world +x appears on the right (θ = −π/2)', () => {
    const specs: ObstacleSpec[] = [{ kind: 'box', center_m: [2.1, 0, 1], halfExtents_m: [0.1, 50, 5] }];
    const { rs, probe } = scene(specs, 0, 0, 1, Math.PI / 2);
    const ranges = readOne(new Lidar(probe, rs, LIDAR_16))[0]!;
    expect(ranges[4]).toBeCloseTo(2, 5); // θ = −π/2
    expect(ranges[12]).toBe(Infinity);
  });

  it('the analytic scene agrees with cannon-es raycastClosest (exact for boxes/spheres; cylinders within the facet depth)', () => {
    const specs: ObstacleSpec[] = [
      ...forestLayout({ ...FOREST_100, count: 30, xMin_m: -6, xMax_m: 6, yMin_m: -6, yMax_m: 6, minGap_m: 0.3 }, 4),
      { kind: 'box', center_m: [0, -7, 1], halfExtents_m: [2, 0.3, 1], yaw_rad: 0.4 },
      { kind: 'sphere', center_m: [7, 0, 1], radius_m: 0.6 },
    ];
    const w = createSimWorld();
    addObstacles(w, specs);
    const rs = new RayScene(w);
    const res = new CANNON.RaycastResult();
    let hits = 0;
    let cylinderHits = 0;
    const from = new CANNON.Vec3();
    const to = new CANNON.Vec3();
    for (let k = 0; k < 720; k++) {
      const a = (k / 720) * 2 * Math.PI;
      const dz = k % 3 === 0 ? -0.2 : 0;
      const n = Math.hypot(1, dz);
      const [dx, dy, dzz] = [Math.cos(a) / n, Math.sin(a) / n, dz / n];
      const t = rs.castRay(0.3, 0.2, 1, dx, dy, dzz, 10);
      const hit = rs.hitIndex;
      res.reset();
      w.world.raycastClosest(from.set(0.3, 0.2, 1), to.set(0.3 + 10 * dx, 0.2 + 10 * dy, 1 + 10 * dzz), {}, res);
      if (!Number.isFinite(t)) {
        expect(res.hasHit).toBe(false);
        continue;
      }
      hits++;
      if (rs.kind[hit] !== PRIMITIVE.cylinder) {
        // Boxes, spheres, the ground: the same surface, the same distance.
        expect(res.hasHit).toBe(true);
        expect(res.distance).toBeCloseTo(t, 9);
        continue;
      }
      // A cylinder: cannon-es collides with a 16-facet polygon inscribed in the circle, so it
      // hits later (or misses when grazing); where it hits the same trunk, the point lies between
      // the facet depth r·cos(π/16) and r from the axis.
      expect(!res.hasHit || res.distance >= t - 1e-9).toBe(true);
      if (res.hasHit && res.body === w.world.bodies[rs.bodyOf[hit]!]) {
        cylinderHits++;
        const r = rs.size[3 * hit]!;
        const radial = Math.hypot(res.hitPointWorld.x - rs.pos[3 * hit]!, res.hitPointWorld.y - rs.pos[3 * hit + 1]!);
        expect(radial).toBeGreaterThanOrEqual(r * Math.cos(Math.PI / 16) - 1e-9);
        expect(radial).toBeLessThanOrEqual(r + 1e-9);
      }
    }
    expect(cylinderHits).toBeGreaterThan(100);
    expect(hits).toBeGreaterThan(300);
  });
});

describe('IMU (specific force and body rates)', () => {
  function droneImu(z: number, rpm: number) {
    const b = new QuadrotorBody({ control: { level: 'rpm' }, start: { position_m: [0, 0, z], initialRpm: rpm } });
    const act = allocateChannels(b.actuators);
    act['motor_rpm']!.fill(rpm);
    b.command(act);
    return b;
  }

  it('a drone resting on the ground reads +g on z and no rotation', () => {
    const b = droneImu(0.05, 0); // drops 3.75 cm onto the ground, then rests
    b.advance(2);
    const obs = allocateChannels(b.sensors);
    b.observe(obs);
    const acc = obs['imu_linear_acceleration']!;
    expect(acc[2]).toBeCloseTo(G, 2);
    expect(Math.hypot(acc[0]!, acc[1]!)).toBeLessThan(1e-3);
    expect(Math.hypot(...obs['imu_angular_velocity']!)).toBeLessThan(1e-3);
    expect(b.quadrotor.groundContactSteps).toBeGreaterThan(0);
  });

  it('in free fall it reads 0; hovering at the hover RPM it reads thrust/m = g', () => {
    const fall = droneImu(20, 0);
    fall.advance(1);
    const obs = allocateChannels(fall.sensors);
    fall.observe(obs);
    expect(Math.hypot(...obs['imu_linear_acceleration']!)).toBeLessThan(1e-4);
    const hover = droneImu(1, hoverRpm(CRAZYFLIE_2X));
    hover.advance(1);
    hover.observe(obs);
    expect(obs['imu_linear_acceleration']![2]).toBeCloseTo(G, 4);
  });

  it('the gyro reads body rates: spinning about world z while rolled +90° shows on body +y', () => {
    // Roll +90° about x: body y → world z, so a world-z spin appears on body +y.
    const w = createSimWorld({ ground: false });
    const b = new CANNON.Body({ mass: 1, shape: new CANNON.Sphere(0.1), angularDamping: 0, linearDamping: 0 });
    b.quaternion.setFromAxisAngle(new CANNON.Vec3(1, 0, 0), Math.PI / 2);
    b.angularVelocity.set(0, 0, 0.7);
    w.world.addBody(b);
    const imu = new Imu(b, w.world.gravity);
    w.afterStep.push((h) => imu.afterPhysicsStep(h));
    advanceWorld(w, 0.1);
    const [gyro, acc] = readOne(imu);
    expect(gyro![1]).toBeCloseTo(0.7, 5);
    expect(Math.abs(gyro![0]!) + Math.abs(gyro![2]!)).toBeLessThan(1e-5);
    expect(Math.hypot(...acc!)).toBeLessThan(1e-4); // free fall
  });
});

describe('odometry (nav_msgs/Odometry: pose in world, twist in body)', () => {
  it('a drone yawed +90° moving along world +y reports forward body velocity', () => {
    const { probe } = scene([], 1, 2, 3, Math.PI / 2);
    probe.velocity.set(0, 1.5, 0);
    probe.angularVelocity.set(0, 0, 0.2);
    const [pos, quat, lin, ang] = readOne(new Odometry(probe));
    expect([...pos!]).toEqual([1, 2, 3]);
    expect(quat![2]).toBeCloseTo(Math.sin(Math.PI / 4), 6); // x, y, z, w order
    expect(quat![3]).toBeCloseTo(Math.cos(Math.PI / 4), 6);
    expect(lin![0]).toBeCloseTo(1.5, 6);
    expect(lin![1]).toBeCloseTo(0, 6);
    expect(ang![2]).toBeCloseTo(0.2, 6);
  });
});

describe('noise wrapper', () => {
  const constant: Sensor = {
    channels: [
      { name: 'x', size: 2, low: -Infinity, high: Infinity, unit: 'm' },
      { name: 'r', size: 1, low: -Infinity, high: Infinity, unit: 'm' },
    ],
    read(out) {
      out['x']![0] = 1;
      out['x']![1] = -2;
      out['r']![0] = Infinity;
    },
  };

  it('adds Gaussian noise with the stated mean and deviation, passes ±Inf through, and is seeded', () => {
    const n = withNoise(constant, { x: { stddev: 0.5, bias: 0.1 }, r: { stddev: 1 } }, 3);
    const out = allocateChannels(n.channels);
    const N = 20000;
    let s = 0;
    let s2 = 0;
    const first: number[] = [];
    for (let k = 0; k < N; k++) {
      n.read(out);
      const e = out['x']![0]! - 1 - 0.1;
      s += e;
      s2 += e * e;
      if (k < 5) first.push(out['x']![1]!);
      expect(out['r']![0]).toBe(Infinity);
    }
    // Mean within 4 standard errors (σ/√N = 0.0035), sd within 3 %.
    expect(Math.abs(s / N)).toBeLessThan((4 * 0.5) / Math.sqrt(N));
    expect(Math.abs(Math.sqrt(s2 / N) - 0.5) / 0.5).toBeLessThan(0.03);
    n.reset(3);
    const again: number[] = [];
    for (let k = 0; k < 5; k++) {
      n.read(out);
      again.push(out['x']![1]!);
    }
    expect(again).toEqual(first);
    n.reset(4);
    n.read(out);
    expect(out['x']![1]).not.toBe(first[0]);
  });

  it('draws a per-element turn-on bias per seed', () => {
    const n = withNoise(constant, { x: { stddev: 0, biasStddev: 0.2 } }, 1);
    const out = allocateChannels(n.channels);
    n.read(out);
    const b1 = [out['x']![0]! - 1, out['x']![1]! + 2];
    n.read(out);
    expect([out['x']![0]! - 1, out['x']![1]! + 2]).toEqual(b1); // constant within an episode
    expect(b1[0]).not.toBe(b1[1]);
    n.reset(2);
    n.read(out);
    expect(out['x']![0]! - 1).not.toBe(b1[0]);
  });

  it('rejects unknown channels and negative deviations', () => {
    expect(() => withNoise(constant, { y: { stddev: 1 } })).toThrow(/channel 'y' is not one of/);
    expect(() => withNoise(constant, { x: { stddev: -1 } })).toThrow(/stddev must be ≥ 0/);
  });
});
