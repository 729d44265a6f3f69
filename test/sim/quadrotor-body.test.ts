import { describe, expect, it } from 'vitest';
import { allocateChannels } from '../../loop/channels.js';
import { QuadrotorBody } from '../../sim/quadrotor/quadrotorBody.js';
import { CRAZYFLIE_2X, hoverRpm, maxRpm } from '../../sim/quadrotor/airframe.js';
import type { ObstacleSpec } from '../../sim/world/obstacles.js';
import type { QuadrotorControl } from '../../sim/quadrotor/quadrotor.js';

const P = CRAZYFLIE_2X;
const R = P.collisionRadius_m;

describe('QuadrotorBody contract', () => {
  it('declares actuators per command level with SI units', () => {
    const names = (c: QuadrotorControl) => new QuadrotorBody({ control: c }).actuators.map((a) => `${a.name}:${a.size}:${a.unit}`);
    expect(names({ level: 'rpm' })).toEqual(['motor_rpm:4:rpm']);
    expect(names({ level: 'ctbr' })).toEqual(['thrust:1:N', 'body_rates:3:rad/s']);
    expect(names({ level: 'velocity' })).toEqual(['cmd_linear:3:m/s', 'cmd_yaw_rate:1:rad/s']);
    const rpm = new QuadrotorBody({ control: { level: 'rpm' } }).actuators[0]!;
    expect(rpm.high).toBeCloseTo(maxRpm(P), 9);
  });

  it('rejects bad options and non-finite commands with clear errors', () => {
    expect(() => new QuadrotorBody({ control: { level: 'warp' } as unknown as QuadrotorControl })).toThrow(/control.level must be 'rpm', 'ctbr' or 'velocity'/);
    expect(() => new QuadrotorBody({ control: { level: 'rpm' }, sensors: { noise: { nope: { stddev: 1 } } } })).toThrow(/channel 'nope'/);
    const b = new QuadrotorBody({ control: { level: 'velocity' } });
    const act = allocateChannels(b.actuators);
    act['cmd_linear']![1] = Number.NaN;
    expect(() => b.command(act)).toThrow(/cmd_linear\[1\] is NaN/);
  });

  it('reset(seed) rebuilds the world from the layout for that seed', () => {
    const seen: number[] = [];
    const layout = (seed: number): ObstacleSpec[] => {
      seen.push(seed);
      return [{ kind: 'sphere', center_m: [seed, 0, 1], radius_m: 0.2 }];
    };
    const b = new QuadrotorBody({ control: { level: 'rpm' }, layout });
    b.reset(5);
    expect(seen.at(-1)).toBe(5);
    // ground + obstacle + drone
    expect(b.world.world.bodies).toHaveLength(3);
    expect(b.world.world.bodies[1]!.position.x).toBe(5);
    expect(b.world.steps).toBe(0);
  });
});

describe('collisions', () => {
  const wallX = 1.5;
  const wall: ObstacleSpec = { kind: 'box', center_m: [wallX + 0.05, 0, 1], halfExtents_m: [0.05, 2, 1] };

  it('flying into a wall is detected and reported on the collision channel, and the wall stops the drone', () => {
    const b = new QuadrotorBody({
      control: { level: 'velocity' },
      layout: () => [wall],
      start: { position_m: [0, 0, 1], initialRpm: hoverRpm(P) },
    });
    const obs = allocateChannels(b.sensors);
    const act = allocateChannels(b.actuators);
    act['cmd_linear']![0] = 1;
    b.command(act);
    let firstReport = -1;
    let maxX = 0;
    for (let k = 0; k < 250; k++) {
      b.advance(0.02);
      b.observe(obs);
      maxX = Math.max(maxX, obs['odom_position']![0]!);
      if (obs['collision']![0] === 1 && firstReport < 0) firstReport = k;
      // Before the body's edge can reach the wall there is nothing to report.
      if (obs['odom_position']![0]! < wallX - R - 0.02) expect(obs['collision']![0]).toBe(0);
    }
    expect(firstReport).toBeGreaterThan(0);
    expect(b.quadrotor.obstacleContactSteps).toBeGreaterThan(0);
    expect(maxX).toBeLessThan(wallX - R + 0.01); // soft contact: < 1 cm penetration
    expect(maxX).toBeGreaterThan(wallX - R - 0.01);
  });

  describe('cannon-es pitfall: fast bodies tunnel through thin obstacles', () => {
    // 40 m/s moves 16.7 cm per 1/240 s step: more than the drone (12 cm) plus a 2 cm board.
    const board: ObstacleSpec = { kind: 'box', center_m: [1, 0, 1], halfExtents_m: [0.01, 1, 1] };
    const speed = 40;
    const step = speed / 240;
    const overlapHalf = 0.01 + R; // the drone overlaps the board while |x − 1| < this
    // Start so that one step ends just before any overlap and the next just after it.
    const before = 1 - overlapHalf - (step - 2 * overlapHalf) / 2;
    const x0 = before - 4 * step;
    const run = (sweepTest: boolean) => {
      const b = new QuadrotorBody({
        control: { level: 'rpm' },
        layout: () => [board],
        start: { position_m: [x0, 0, 1], initialRpm: hoverRpm(P) },
        sweepTest,
      });
      const act = allocateChannels(b.actuators);
      act['motor_rpm']!.fill(hoverRpm(P));
      b.command(act);
      b.quadrotor.body.velocity.set(speed, 0, 0);
      const obs = allocateChannels(b.sensors);
      b.advance(0.1);
      b.observe(obs);
      return { x: b.quadrotor.body.position.x, vx: b.quadrotor.body.velocity.x, collision: obs['collision']![0], corrections: b.quadrotor.sweepCorrections };
    };

    it('without the sweep test the drone passes through the board unreported', () => {
      expect(step).toBeGreaterThan(2 * overlapHalf);
      const r = run(false);
      expect(r.x).toBeGreaterThan(1.01 + R);
      expect(r.collision).toBe(0);
    });

    it('with the sweep test it is stopped in front of the board and the collision is reported', () => {
      const r = run(true);
      expect(r.corrections).toBeGreaterThanOrEqual(1);
      expect(r.collision).toBe(1);
      expect(r.x).toBeLessThan(1 - 0.01);
      expect(r.x).toBeGreaterThan(1 - 0.01 - R - 0.01);
      expect(r.vx).toBeLessThan(1e-9); // velocity into the board removed
    });
  });
});
