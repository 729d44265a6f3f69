/**
 * Test fixture: a 1-D point mass with a velocity command and a first-order velocity lag,
 *
 *   dv/dt = (u − v)/τ,   dx/dt = v,
 *
 * integrated exactly over each physics step (u is held): v ← u + (v − u)e^{−h/τ},
 * x ← x + u·h + (v − u)·τ·(1 − e^{−h/τ}). Walls at ±wall_m stop it (a collision). The goal is
 * at ±[0.5, 1.5] m from the seed's 'world' stream. A 'faulty' body blows up (x becomes NaN) at
 * a seeded time in a seeded fraction of episodes, standing in for a physics blow-up.
 * Sensors: offset = goal − x, velocity. Actuator: cmd_velocity (m/s, clipped to ±1).
 */
import type { Body } from '../../loop/body.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { Rng } from '../../loop/rng.js';

export interface PointMassOptions {
  /** Velocity lag τ (s). @default 0.2 */
  readonly tauVel_s?: number;
  /** @default 2 */
  readonly wall_m?: number;
  /** @default 1/240 */
  readonly physicsDt_s?: number;
  /** Probability that an episode blows up. @default 0 */
  readonly faultProbability?: number;
  /** Unit of the offset sensor: 'cm' makes a body that controllers reading metres do not fit. @default 'm' */
  readonly offsetUnit?: 'm' | 'cm';
}

export class PointMassBody implements Body {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[] = [{ name: 'cmd_velocity', size: 1, low: -1, high: 1, unit: 'm/s' }];
  readonly tau_s: number;
  readonly wall_m: number;
  readonly h_s: number;
  readonly faultProbability: number;
  x = 0;
  v = 0;
  u = 0;
  goal = 0;
  t_s = 0;
  faultAt_s = Infinity;
  collisions = 0;
  /** Σ |u|·dt (m). */
  effort = 0;
  private readonly scale: number;

  constructor(o: PointMassOptions = {}) {
    this.tau_s = o.tauVel_s ?? 0.2;
    this.wall_m = o.wall_m ?? 2;
    this.h_s = o.physicsDt_s ?? 1 / 240;
    this.faultProbability = o.faultProbability ?? 0;
    const unit = o.offsetUnit ?? 'm';
    this.scale = unit === 'cm' ? 100 : 1;
    this.sensors = [
      { name: 'offset', size: 1, low: -2 * this.wall_m * this.scale, high: 2 * this.wall_m * this.scale, unit },
      { name: 'velocity', size: 1, low: -Infinity, high: Infinity, unit: 'm/s' },
    ];
  }

  reset(seed: number): void {
    const rng = new Rng(seed, 'world');
    const side = rng.uniform() < 0.5 ? -1 : 1;
    this.goal = side * rng.range(0.5, 1.5);
    const faulty = rng.uniform() < this.faultProbability;
    const at = rng.range(0.2, 1.0);
    this.faultAt_s = faulty ? at : Infinity;
    this.x = 0;
    this.v = 0;
    this.u = 0;
    this.t_s = 0;
    this.collisions = 0;
    this.effort = 0;
  }

  observe(out: Channels): void {
    out.offset![0] = (this.goal - this.x) * this.scale;
    out.velocity![0] = this.v;
  }

  command(action: Channels): void {
    const u = action.cmd_velocity![0]!;
    this.u = u > 1 ? 1 : u < -1 ? -1 : u;
  }

  advance(dt_s: number): void {
    const n = Math.max(1, Math.round(dt_s / this.h_s));
    const h = dt_s / n;
    const e = Math.exp(-h / this.tau_s);
    for (let i = 0; i < n; i++) {
      const dv = this.v - this.u;
      this.x += this.u * h + dv * this.tau_s * (1 - e);
      this.v = this.u + dv * e;
      this.t_s += h;
      this.effort += Math.abs(this.u) * h;
      if (Math.abs(this.x) >= this.wall_m) {
        this.x = Math.sign(this.x) * this.wall_m;
        this.v = 0;
        this.collisions++;
      }
      if (this.t_s >= this.faultAt_s) this.x = NaN;
    }
  }
}
