/**
 * The report's top view of one episode: the robot's path over the ground (x, y of
 * `odom_position`, world frame, m) drawn over the obstacles of its world (trees as circles,
 * walls as rectangles, from the body's ray scene) and the goal, coloured by the episode's
 * outcome. Recorded by the episode runner alongside the raster's spikes (a job with `record`),
 * for bodies that report `odom_position` (the drones); arms get no path.
 * Mark names: obstacleOutline, episodePath, pathStart, closestApproach, goal.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Body } from '../../loop/body.js';
import type { LoopState } from '../../loop/controlTick.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { bodyTelemetryOf } from '../../sim/bodyTelemetry.js';
import { PRIMITIVE } from '../../sim/sensors/rayScene.js';
import { CHART_WIDTH } from './successSpec.js';

/** Obstacles seen from above (world frame, m). */
export interface TopViewScene {
  readonly circles: ReadonlyArray<{ readonly x: number; readonly y: number; readonly r: number }>;
  /** Rectangles: centre, half extents along their own axes, yaw (rad). */
  readonly boxes: ReadonlyArray<{ readonly x: number; readonly y: number; readonly hx: number; readonly hy: number; readonly yaw: number }>;
  readonly goal: readonly [number, number] | null;
}

export interface RecordedPath {
  /** Simulated time of each point (s). */
  readonly t_s: Float32Array;
  readonly x_m: Float32Array;
  readonly y_m: Float32Array;
  readonly scene: TopViewScene;
}

/** Most points kept of a path (every k-th control step). */
export const PATH_MAX_POINTS = 1500;

/** Collects `odom_position` every control step; `finish` thins it and adds the scene (null without a position channel). */
export function pathRecorder(): { onTick(s: LoopState): void; finish(body: Body, goal: readonly number[] | undefined): RecordedPath | null } {
  const ts: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  return {
    onTick(s: LoopState): void {
      const p = s.obs['odom_position'];
      if (p && p.length >= 2) {
        ts.push(s.t_s);
        xs.push(p[0]!);
        ys.push(p[1]!);
      }
    },
    finish(body: Body, goal: readonly number[] | undefined): RecordedPath | null {
      if (xs.length === 0) return null;
      const k = Math.max(1, Math.ceil(xs.length / PATH_MAX_POINTS));
      const keep = (a: number[]) => Float32Array.from(a.filter((_, i) => i % k === 0 || i === a.length - 1));
      return { t_s: keep(ts), x_m: keep(xs), y_m: keep(ys), scene: topViewOf(body, goal) };
    },
  };
}

function topViewOf(body: Body, goal: readonly number[] | undefined): TopViewScene {
  const circles: Array<{ x: number; y: number; r: number }> = [];
  const boxes: Array<{ x: number; y: number; hx: number; hy: number; yaw: number }> = [];
  const t = bodyTelemetryOf(body);
  if (t) {
    const sc = t.scene();
    for (let i = 0; i < sc.count; i++) {
      const x = sc.pos[3 * i]!;
      const y = sc.pos[3 * i + 1]!;
      const kind = sc.kind[i];
      if (kind === PRIMITIVE.cylinder || kind === PRIMITIVE.sphere) circles.push({ x, y, r: sc.size[3 * i]! });
      else if (kind === PRIMITIVE.box) {
        // Half extents along the box's own x and y, turned by its yaw (world-from-local, row-major).
        const r = sc.rot;
        boxes.push({ x, y, hx: sc.size[3 * i]!, hy: sc.size[3 * i + 1]!, yaw: Math.atan2(r[9 * i + 3]!, r[9 * i]!) });
      }
    }
  }
  return { circles, boxes, goal: goal && goal.length >= 2 ? [goal[0]!, goal[1]!] : null };
}

/** Where the path comes closest to an obstacle's outline (top view), or null without obstacles. */
export function closestApproach(path: RecordedPath): { readonly t_s: number; readonly x: number; readonly y: number; readonly clearance_m: number } | null {
  const { circles, boxes } = path.scene;
  if (circles.length === 0 && boxes.length === 0) return null;
  let best: { t_s: number; x: number; y: number; clearance_m: number } | null = null;
  for (let i = 0; i < path.x_m.length; i++) {
    const x = path.x_m[i]!;
    const y = path.y_m[i]!;
    let d = Infinity;
    for (const c of circles) d = Math.min(d, Math.hypot(x - c.x, y - c.y) - c.r);
    for (const b of boxes) {
      // In the box's frame: distance to the rectangle (0 inside).
      const cs = Math.cos(b.yaw);
      const sn = Math.sin(b.yaw);
      const u = Math.abs(cs * (x - b.x) + sn * (y - b.y)) - b.hx;
      const v = Math.abs(-sn * (x - b.x) + cs * (y - b.y)) - b.hy;
      d = Math.min(d, Math.hypot(Math.max(u, 0), Math.max(v, 0)) + Math.min(Math.max(u, v), 0));
    }
    if (!best || d < best.clearance_m) best = { t_s: path.t_s[i]!, x, y, clearance_m: d };
  }
  return best;
}

export function outcomeOf(r: EpisodeResult): string {
  if (r.outcome === 'error') return 'error';
  if ((r.metrics.collisions ?? 0) > 0) return 'collided';
  if (r.metrics.success === 1) return 'reached the goal';
  return 'did not reach the goal';
}

const OUTCOME_COLORS: Readonly<Record<string, string>> = { 'reached the goal': '#2ca02c', collided: '#d62728', 'did not reach the goal': '#ff7f0e', error: '#7f7f7f' };

export function trajectorySpec(path: RecordedPath, outcome: string, title: string, width = CHART_WIDTH): TopLevelSpec {
  const closest = closestApproach(path);
  const pathPts = Array.from(path.x_m, (x, i) => ({ x, y: path.y_m[i]!, i, outcome }));
  const outlines: Array<{ x: number; y: number; shape: number; i: number }> = [];
  let shape = 0;
  for (const c of path.scene.circles) {
    for (let k = 0; k <= 16; k++) outlines.push({ x: c.x + c.r * Math.cos((k * Math.PI) / 8), y: c.y + c.r * Math.sin((k * Math.PI) / 8), shape, i: k });
    shape++;
  }
  for (const b of path.scene.boxes) {
    const cs = Math.cos(b.yaw);
    const sn = Math.sin(b.yaw);
    const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]] as const;
    corners.forEach(([u, v], k) => outlines.push({ x: b.x + cs * u * b.hx - sn * v * b.hy, y: b.y + sn * u * b.hx + cs * v * b.hy, shape, i: k }));
    shape++;
  }
  // The view: the path and the goal with a margin, the same metres per pixel on both axes.
  const xs = [...pathPts.map((p) => p.x), ...(path.scene.goal ? [path.scene.goal[0]] : [])];
  const ys = [...pathPts.map((p) => p.y), ...(path.scene.goal ? [path.scene.goal[1]] : [])];
  const margin = 2;
  let x0 = Math.floor(Math.min(...xs) - margin);
  let x1 = Math.ceil(Math.max(...xs) + margin);
  let y0 = Math.floor(Math.min(...ys) - margin);
  let y1 = Math.ceil(Math.max(...ys) + margin);
  const w = width - 80;
  // At most 1.2 × as tall as wide: widen the narrower extent to keep metres square.
  const maxH = 1.2 * w;
  if ((y1 - y0) / (x1 - x0) > maxH / w) {
    const need = ((y1 - y0) * w) / maxH;
    const grow = (need - (x1 - x0)) / 2;
    x0 -= grow;
    x1 += grow;
  }
  // At least half as tall as wide: the obstacles beside a straight path stay in view.
  const h = Math.max(0.5 * w, Math.min(maxH, (w * (y1 - y0)) / (x1 - x0)));
  const yNeed = ((x1 - x0) * h) / w;
  if (yNeed > y1 - y0) {
    const grow = (yNeed - (y1 - y0)) / 2;
    y0 -= grow;
    y1 += grow;
  }
  const inView = (p: { x: number; y: number }) => p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
  const visibleShapes = new Set(outlines.filter(inView).map((p) => p.shape));
  const X = { field: 'x', type: 'quantitative', title: 'x, east (m)', scale: { domain: [x0, x1], nice: false, zero: false } } as const;
  const Y = { field: 'y', type: 'quantitative', title: 'y, north (m)', scale: { domain: [y0, y1], nice: false, zero: false } } as const;
  const color = { field: 'outcome', type: 'nominal', title: 'outcome', scale: { domain: Object.keys(OUTCOME_COLORS), range: Object.values(OUTCOME_COLORS) }, legend: { orient: 'bottom', labelLimit: 0 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `top view: the path over the obstacles (brown), start ○, goal ◆${closest ? `, closest approach ✚ (${closest.clearance_m.toFixed(2)} m at t = ${closest.t_s.toFixed(1)} s)` : ''}` },
    width: w,
    height: h,
    layer: [
      { name: 'obstacleOutline', data: { values: outlines.filter((p) => visibleShapes.has(p.shape)) }, mark: { type: 'line', color: '#8c6d31', strokeWidth: 1.5, clip: true }, encoding: { x: X, y: Y, detail: { field: 'shape' }, order: { field: 'i' } } },
      { name: 'episodePath', data: { values: pathPts }, mark: { type: 'line', strokeWidth: 2.5, clip: true }, encoding: { x: X, y: Y, order: { field: 'i' }, color } },
      { name: 'pathStart', data: { values: pathPts.slice(0, 1) }, mark: { type: 'point', size: 80, strokeWidth: 2, color: 'black' }, encoding: { x: X, y: Y } },
      ...(closest ? [{ name: 'closestApproach', data: { values: [{ x: closest.x, y: closest.y }] }, mark: { type: 'point', shape: 'cross', size: 160, filled: true, color: 'black' }, encoding: { x: X, y: Y } }] : []),
      ...(path.scene.goal ? [{ name: 'goal', data: { values: [{ x: path.scene.goal[0], y: path.scene.goal[1] }] }, mark: { type: 'point', shape: 'diamond', size: 140, filled: true, color: '#2ca02c' }, encoding: { x: X, y: Y } }] : []),
    ],
  } as unknown as TopLevelSpec;
}
