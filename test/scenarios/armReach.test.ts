import { describe, expect, it } from 'vitest';
import type { Channels } from '../../loop/channels.js';
import { allocateChannels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import type { RewardBreakdown, Task } from '../../loop/task.js';
import { PLANAR_2DOF } from '../../sim/arm/armPresets.js';
import { ARM_REACH_LAYOUT, drawReachLayout } from '../../scenarios/armReachLayout.js';
import { ARM_REACH_TASK, ARM_REACH_V1, ArmReachTask, createArmReachBody, observedClearance } from '../../scenarios/armReach.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { ARM_REACH_PID, ARM_REACH_PID_PARAMS, ArmReachPidController } from '../../controllers/presets/armReachPid.js';
import { ARM_REACH_ACTUATORS, ARM_REACH_SENSORS, dampedLeastSquares2, toolJacobianXZ } from '../../controllers/presets/planarArmReach.js';
import { fk } from '../sim/arm-fk.js';

const RATE = ARM_REACH_V1.controlRate_Hz;
const HALF_WIDTH = Float64Array.from(PLANAR_2DOF.links, (l) => l.width_m / 2);

/** Capsule–sphere clearance from test-side forward kinematics (independent of the scenario code). */
function fkClearance(q: readonly number[], c: readonly number[], r: number): number {
  const f = fk(PLANAR_2DOF, q);
  const pts = [...f.joints, f.tip];
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const len2 = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2;
    const t = Math.min(1, Math.max(0, ((c[0]! - a[0]) * d[0]! + (c[1]! - a[1]) * d[1]! + (c[2]! - a[2]) * d[2]!) / len2));
    const dist = Math.hypot(a[0] + t * d[0]! - c[0]!, a[1] + t * d[1]! - c[1]!, a[2] + t * d[2]! - c[2]!);
    best = Math.min(best, dist - r - HALF_WIDTH[i]!);
  }
  return best;
}

/** Drives the tool straight at the obstacle's centre (resolved rate): a controller that must collide. */
class RamObstacle implements Controller {
  readonly sensors = ARM_REACH_SENSORS;
  readonly actuators = ARM_REACH_ACTUATORS;
  private readonly J = new Float64Array(4);
  private readonly qd = new Float64Array(2);
  reset(): void {}
  act(obs: Channels, _r: number, _dt: number, out: Channels): void {
    const ee = obs.ee_position!;
    const o = obs.obstacle!;
    const dx = o[0]! - ee[0]!;
    const dz = o[2]! - ee[2]!;
    const n = Math.hypot(dx, dz);
    dampedLeastSquares2(toolJacobianXZ(obs, this.J), (0.3 * dx) / n, (0.3 * dz) / n, 0.03, this.qd);
    out.joint_velocity_target!.set(this.qd);
  }
}

/** A task wrapper that checks every step's breakdown and keeps the per-step totals. */
class CheckedTask implements Task {
  readonly totals: number[] = [];
  readonly termSums: number[] = [];
  constructor(readonly inner: Task) {}
  evaluate(obs: Channels, t_s: number): RewardBreakdown {
    const r = this.inner.evaluate(obs, t_s);
    let s = 0;
    for (const k in r.terms) s += r.terms[k]!;
    this.totals.push(r.total);
    this.termSums.push(s);
    return r;
  }
  status() {
    return this.inner.status();
  }
  metrics() {
    return this.inner.metrics();
  }
}

describe('arm-reach-v1 layouts', () => {
  it('are seeded and reachable; the obstacle sits just beyond the target or blocks the straight tool path', () => {
    const lp = ARM_REACH_LAYOUT;
    const [sx, , sz] = PLANAR_2DOF.mount_m;
    const hw = HALF_WIDTH[1]!;
    const counts = { beyond: 0, path: 0 };
    for (let k = 0; k < 200; k++) {
      const seed = episodeSeed(11, 'train', k);
      const l = drawReachLayout(PLANAR_2DOF, seed);
      expect(drawReachLayout(PLANAR_2DOF, seed)).toEqual(l);
      counts[l.placement]++;
      const [tx, ty, tz] = l.target;
      // Target: polar ranges about the shoulder, in the arm's plane.
      const rho = Math.hypot(tx - sx, tz - sz);
      const phi = Math.atan2(tz - sz, tx - sx);
      expect(ty).toBe(PLANAR_2DOF.mount_m[1]);
      expect(rho).toBeGreaterThanOrEqual(lp.targetDistance_m[0] - 1e-12);
      expect(rho).toBeLessThanOrEqual(lp.targetDistance_m[1] + 1e-12);
      expect(phi).toBeGreaterThanOrEqual(lp.targetElevation_rad[0] - 1e-12);
      expect(phi).toBeLessThanOrEqual(lp.targetElevation_rad[1] + 1e-12);
      // The goal pose is an exact IK solution on the elbow-below branch; the reach is long enough.
      const goal = fk(PLANAR_2DOF, [...l.goalPose]);
      expect(Math.hypot(goal.tip[0] - tx, goal.tip[2] - tz)).toBeLessThan(1e-12);
      expect(l.goalPose[1]).toBeGreaterThan(0);
      const start = fk(PLANAR_2DOF, [...l.startPose]);
      expect(Math.hypot(start.tip[0] - tx, start.tip[2] - tz)).toBeGreaterThanOrEqual(lp.minReach_m);
      const o = l.obstacle;
      expect(o.radius_m).toBeGreaterThanOrEqual(lp.obstacleRadius_m[0]);
      expect(o.radius_m).toBeLessThanOrEqual(lp.obstacleRadius_m[1]);
      expect(o.center_m[2] - o.radius_m).toBeGreaterThan(0);
      // A collision-free way always exists: the straight joint-space motion (test kinematics).
      for (let j = 1; j < 24; j++) {
        const s = j / 24;
        const q = [l.startPose[0]! + s * (l.goalPose[0]! - l.startPose[0]!), l.startPose[1]! + s * (l.goalPose[1]! - l.startPose[1]!)];
        expect(fkClearance(q, o.center_m, o.radius_m)).toBeGreaterThanOrEqual(lp.pathClearance_m - 1e-12);
      }
      expect(fkClearance([...l.goalPose], o.center_m, o.radius_m)).toBeGreaterThanOrEqual(lp.clearance_m - 1e-12);
      // Distance from the obstacle's centre to the straight tool path (start tool → target).
      const [ax, az] = [start.tip[0], start.tip[2]];
      const [dx, dz] = [tx - ax, tz - az];
      const t = Math.min(1, Math.max(0, ((o.center_m[0] - ax) * dx + (o.center_m[2] - az) * dz) / (dx * dx + dz * dz)));
      const lineDist = Math.hypot(ax + t * dx - o.center_m[0], az + t * dz - o.center_m[2]);
      if (l.placement === 'beyond') {
        // Surface 5–9 cm past the target, in front of the approach; both poses well clear.
        const gap = Math.hypot(o.center_m[0] - tx, o.center_m[1] - ty, o.center_m[2] - tz) - o.radius_m;
        expect(gap).toBeGreaterThanOrEqual(lp.obstacleGap_m[0] - 1e-12);
        expect(gap).toBeLessThanOrEqual(lp.obstacleGap_m[1] + 1e-12);
        const cos = (dx * (o.center_m[0] - tx) + dz * (o.center_m[2] - tz)) / (Math.hypot(dx, dz) * Math.hypot(o.center_m[0] - tx, o.center_m[2] - tz));
        expect(cos).toBeGreaterThanOrEqual(Math.cos(lp.obstacleBearing_rad) - 1e-12);
        expect(fkClearance([...l.startPose], o.center_m, o.radius_m)).toBeGreaterThanOrEqual(lp.clearance_m - 1e-12);
      } else {
        // The tool itself, moving along the line, passes inside sphere + link half-width by the depth.
        expect(lineDist).toBeLessThanOrEqual(o.radius_m + hw - lp.pathDepth_m[0] + 1e-12);
        expect(lineDist).toBeGreaterThanOrEqual(o.radius_m + hw - lp.pathDepth_m[1] - 1e-12);
        expect(fkClearance([...l.startPose], o.center_m, o.radius_m)).toBeGreaterThanOrEqual(lp.pathClearance_m - 1e-12);
      }
    }
    // The placement is drawn once per seed with probability pathFraction (binomial, n = 200).
    const sd = Math.sqrt(200 * lp.pathFraction * (1 - lp.pathFraction));
    expect(Math.abs(counts.path - 200 * lp.pathFraction)).toBeLessThan(3 * sd);
  });

  it('the body starts in the layout pose and reports target, obstacle and joint origins', () => {
    const body = createArmReachBody();
    const obs = allocateChannels(body.sensors);
    for (const k of [0, 1, 2]) {
      const seed = episodeSeed(5, 'eval', k);
      body.reset(seed);
      body.observe(obs);
      const l = drawReachLayout(PLANAR_2DOF, seed);
      const f = fk(PLANAR_2DOF, [...l.startPose]);
      for (let i = 0; i < 2; i++) {
        expect(obs.joint_position![i]).toBeCloseTo(l.startPose[i]!, 6);
        for (let a = 0; a < 3; a++) expect(obs.joint_origin![3 * i + a]).toBeCloseTo(f.joints[i]![a]!, 6);
      }
      for (let a = 0; a < 3; a++) {
        expect(obs.ee_position![a]).toBeCloseTo(f.tip[a]!, 6);
        expect(obs.target_position![a]).toBe(Math.fround(l.target[a]!));
        expect(obs.obstacle![a]).toBe(Math.fround(l.obstacle.center_m[a]!));
      }
      expect(obs.obstacle![3]).toBe(Math.fround(l.obstacle.radius_m));
      expect(body.obstacles).toHaveLength(1);
      expect(body.obstacles[0]!.position.x).toBe(l.obstacle.center_m[0]);
      expect(observedClearance(obs, HALF_WIDTH, ...l.obstacle.center_m, l.obstacle.radius_m)).toBeCloseTo(fkClearance([...l.startPose], l.obstacle.center_m, l.obstacle.radius_m), 5);
    }
  });
});

describe('arm-reach-v1 task', () => {
  it('judges the proximity and effort terms by their formulas', () => {
    const task = new ArmReachTask(episodeSeed(1, 'eval', 0));
    const l = task.layout;
    const obs = allocateChannels(createArmReachBody().sensors);
    // A fake arm: shoulder at the mount, elbow, tool — placed so the forearm passes 1 cm from the sphere.
    const [cx, cy, cz] = l.obstacle.center_m;
    const r = l.obstacle.radius_m;
    const c = 0.01;
    obs.joint_origin!.set([0, cy, 0.6, cx - 0.2, cy, cz + r + HALF_WIDTH[1]! + c]);
    obs.ee_position!.set([cx + 0.2, cy, cz + r + HALF_WIDTH[1]! + c]);
    obs.joint_effort!.set([2, -1]);
    task.evaluate(obs, 0);
    const T = 1 / RATE;
    const rb = task.evaluate(obs, T);
    const got = observedClearance(obs, HALF_WIDTH, cx, cy, cz, r);
    expect(got).toBeCloseTo(c, 6);
    const P = ARM_REACH_TASK;
    expect(rb.terms.proximity).toBeCloseTo(-P.proximity_perS * T * (1 - got / P.proximityMargin_m), 12);
    expect(rb.terms.effort).toBeCloseTo(-P.effort_perNms * 3 * T, 12);
    expect(rb.terms.progress).toBe(0);
    expect(task.metrics().energy).toBeCloseTo(3 * T, 12);
  });

  it('the reward terms sum to the total every step, and progress telescopes to 10/m × distance gained', () => {
    const body = createArmReachBody();
    const seed = episodeSeed(2, 'eval', 3);
    let checked: CheckedTask | null = null;
    const res = runEpisode(body, ARM_REACH_PID.create({ seed: 1, controlRate_Hz: RATE }), (_b, s) => withTimeLimit((checked = new CheckedTask(new ArmReachTask(s))), ARM_REACH_TASK.timeLimit_s), { seed, controlRate_Hz: RATE });
    const t = checked as unknown as CheckedTask;
    expect(t.totals.length).toBe(res.steps + 1);
    for (let k = 0; k < t.totals.length; k++) expect(t.totals[k]).toBe(t.termSums[k]);
    let sum = 0;
    for (const k in res.rewardTerms) sum += res.rewardTerms[k]!;
    expect(res.return).toBeCloseTo(sum, 10);
    const m = res.metrics;
    expect(res.rewardTerms.progress).toBeCloseTo(ARM_REACH_TASK.progress_perM * (m.start_distance_m! - m.tracking_error_m!), 10);
    expect(res.rewardTerms.reach).toBe(ARM_REACH_TASK.reachBonus);
  });

  it('a link touching the obstacle ends the episode as a collision with the contact penalty', () => {
    const body = createArmReachBody();
    for (const k of [0, 1, 2]) {
      const res = runScenarioEpisode(ARM_REACH_V1, body, new RamObstacle(), { seed: episodeSeed(3, 'eval', k) });
      expect(res.outcome).toBe('terminated');
      expect(res.metrics.collisions).toBe(1);
      expect(res.metrics.success).toBe(0);
      expect(res.rewardTerms.contact).toBe(-ARM_REACH_TASK.contactPenalty);
      // Physics contact happens at (capsule) clearance ≈ 0: the box corners may touch slightly before.
      expect(res.metrics.min_clearance_m).toBeLessThan(0.01);
      expect(Number.isNaN(res.metrics.time_to_goal_s)).toBe(true);
    }
  });

  it('energy and minimum clearance equal their definitions over the observed ticks', () => {
    const seed = episodeSeed(4, 'eval', 1);
    const l = drawReachLayout(PLANAR_2DOF, seed);
    const q: number[][] = [];
    const eff: number[][] = [];
    const times: number[] = [];
    class Recorder extends CheckedTask {
      override evaluate(obs: Channels, t_s: number): RewardBreakdown {
        q.push([...obs.joint_position!]);
        eff.push([...obs.joint_effort!]);
        times.push(t_s);
        return super.evaluate(obs, t_s);
      }
    }
    const res = runEpisode(createArmReachBody(), ARM_REACH_PID.create({ seed: 1, controlRate_Hz: RATE }), (_b, s) => withTimeLimit(new Recorder(new ArmReachTask(s)), ARM_REACH_TASK.timeLimit_s), { seed, controlRate_Hz: RATE });
    let energy = 0;
    let minClear = Infinity;
    let tPrev = 0;
    for (let k = 0; k < times.length; k++) {
      energy += (Math.abs(eff[k]![0]!) + Math.abs(eff[k]![1]!)) * (times[k]! - tPrev);
      tPrev = times[k]!;
      minClear = Math.min(minClear, fkClearance(q[k]!, l.obstacle.center_m, l.obstacle.radius_m));
    }
    expect(energy).toBeGreaterThan(0);
    expect(res.metrics.energy).toBeCloseTo(energy, 9);
    // The task measures from the observed link frames, the test from the joint angles through
    // ideal kinematics: the simulated joints are stiff but not rigid constraints, and their pivots
    // sit up to ~5e-5 m off the ideal chain while the arm moves (measured on this episode).
    expect(Math.abs(res.metrics.min_clearance_m! - minClear)).toBeLessThan(1e-4);
  });
});

describe('arm-reach-v1 with the resolved-rate baseline', () => {
  it('is deterministic by seed (bit for bit)', () => {
    const body = createArmReachBody();
    const c = ARM_REACH_PID.create({ seed: 1, controlRate_Hz: RATE });
    const a = runScenarioEpisode(ARM_REACH_V1, body, c, { seed: 12345 });
    const b = runScenarioEpisode(ARM_REACH_V1, ARM_REACH_V1.createBody(), ARM_REACH_PID.create({ seed: 1, controlRate_Hz: RATE }), { seed: 12345 });
    expect(b.metrics).toEqual(a.metrics);
    expect(b.rewardTerms).toEqual(a.rewardTerms);
    expect(b.return).toBe(a.return);
  });

  it('reaches every held-out target without touching the obstacle, no faster than its speed limit allows', () => {
    const body = createArmReachBody();
    const c = ARM_REACH_PID.create({ seed: 1, controlRate_Hz: RATE });
    const results: EpisodeResult[] = [];
    for (let k = 0; k < 20; k++) results.push(runScenarioEpisode(ARM_REACH_V1, body, c, { seed: episodeSeed(9, 'eval', k) }));
    for (const r of results) {
      expect(r.metrics.success).toBe(1);
      expect(r.metrics.collisions).toBe(0);
      expect(r.metrics.tracking_error_m).toBeLessThan(ARM_REACH_TASK.tolerance_m);
      // The tool cannot cover the distance to the tolerance ball faster than v_max.
      const tMin = (r.metrics.start_distance_m! - ARM_REACH_TASK.tolerance_m) / ARM_REACH_PID_PARAMS.maxSpeed_mps;
      expect(r.metrics.time_to_goal_s).toBeGreaterThanOrEqual(tMin);
      // And the episode ends one hold time after the goal was reached.
      expect(r.duration_s).toBeCloseTo(r.metrics.time_to_goal_s! + ARM_REACH_TASK.hold_s, 9);
    }
    const meanTime = results.reduce((s, r) => s + r.metrics.time_to_goal_s!, 0) / results.length;
    // P control: the exponential approach adds ln(d/tol)/kp to the travel at v_max; allow 50 % more.
    const bound = results.reduce((s, r) => {
      const d = r.metrics.start_distance_m!;
      const dSat = ARM_REACH_PID_PARAMS.maxSpeed_mps / ARM_REACH_PID_PARAMS.kp_perS;
      const travel = Math.max(0, d - dSat) / ARM_REACH_PID_PARAMS.maxSpeed_mps + Math.log(Math.min(d, dSat) / ARM_REACH_TASK.tolerance_m) / ARM_REACH_PID_PARAMS.kp_perS;
      return s + travel;
    }, 0) / results.length;
    expect(meanTime).toBeLessThan(1.5 * bound);
  });

  it("needs its obstacle reflex where the obstacle blocks the straight path: without it every such reach collides", () => {
    const body = createArmReachBody();
    const blind = new ArmReachPidController({ seed: 1, controlRate_Hz: RATE }, { ...ARM_REACH_PID_PARAMS, obstacle: { ...ARM_REACH_PID_PARAMS.obstacle, speed_mps: 0 } });
    const sighted = ARM_REACH_PID.create({ seed: 1, controlRate_Hz: RATE });
    let n = 0;
    for (let k = 0; n < 8; k++) {
      const seed = episodeSeed(10, 'eval', k);
      if (drawReachLayout(PLANAR_2DOF, seed).placement !== 'path') continue;
      n++;
      const b = runScenarioEpisode(ARM_REACH_V1, body, blind, { seed });
      expect(b.metrics.collisions).toBe(1);
      const s = runScenarioEpisode(ARM_REACH_V1, body, sighted, { seed });
      expect(s.metrics.collisions).toBe(0);
      expect(s.metrics.success).toBe(1);
    }
  });
});
