/**
 * ArmTaskBody: an {@link ArmBody} dressed for a task. At every reset it draws the episode's
 * layout from the seed (start pose, obstacles, target, disturbance schedule — whatever the
 * scenario puts in it), builds the world from it, and then reports extra observation channels:
 *
 * - `joint_origin` (3·n, m): world position of every joint, chain order, (x, y, z) each — the
 *   link frames a robot publishes on TF, which a controller needs for Jacobians without knowing
 *   the arm's dimensions;
 * - task channels (e.g. `target_position`, `obstacle`, `posture_target`), filled from the layout
 *   at reset. A controller sees only body channels, so a target is a channel, as a real robot
 *   would receive it on a topic.
 *
 * A layout may also put a force on the tool point as a function of simulated time (a payload's
 * weight, a push): it is evaluated and applied before every physics step, as F on the last link
 * and r × F about its centre of mass (r from the centre to the tool), world frame — cannon-es
 * clears forces after each step. Because everything comes from the layout, the task can redraw
 * the same layout from the seed and never needs to reach into the body.
 */
import * as CANNON from 'cannon-es';
import type { Body } from '../loop/body.js';
import type { ChannelSpec, Channels } from '../loop/channels.js';
import type { ArmBodyOptions } from '../sim/arm/armBody.js';
import { ArmBody, armTelemetry } from '../sim/arm/armBody.js';
import type { ArmTelemetry, TelemetryReporter } from '../sim/bodyTelemetry.js';
import type { ArmModel } from '../sim/arm/armModel.js';
import { setArmConfiguration } from '../sim/arm/armModel.js';
import type { ObstacleSpec } from '../sim/world/obstacles.js';
import { addObstacles } from '../sim/world/obstacles.js';

/** Channel of the joint positions in the world (3 per joint). */
export function jointOriginChannel(joints: number): ChannelSpec {
  return { name: 'joint_origin', size: 3 * joints, low: -Infinity, high: Infinity, unit: 'm', doc: 'world position of each joint, chain order, x y z' };
}

export interface ArmTaskBodyOptions<L> {
  /** The arm; its start pose comes from the layout. */
  readonly arm: Omit<ArmBodyOptions, 'scene' | 'initialPose_rad' | 'initialJitter_rad'>;
  /** Draws the episode's layout from the seed (called once per reset, before the world is built). */
  readonly layout: (seed: number) => L;
  /** Joint angles at reset (rad), inside the joint limits. */
  readonly startPose: (layout: L) => ArrayLike<number>;
  /** Static obstacles of the layout. @default none */
  readonly obstacles?: (layout: L) => readonly ObstacleSpec[];
  /** Extra channels whose (constant) values come from the layout. @default none */
  readonly taskChannels?: readonly ChannelSpec[];
  /** Writes the task channels' values for a layout (once per reset). */
  readonly taskValues?: (layout: L, out: Channels) => void;
  /** Force on the tool point (world frame, N) at simulated time `t_s`, written into `out`. @default none */
  readonly toolForce?: (layout: L, t_s: number, out: Float64Array) => void;
}

export class ArmTaskBody<L> implements Body, TelemetryReporter {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  /** Values of the task channels for the current layout. */
  readonly taskValues: Channels;
  /** Force on the tool point applied in the last physics step, world frame (N). */
  readonly toolForce_N = new Float64Array(3);
  private readonly inner: ArmBody;
  private current!: L;
  private obstacleBodies: CANNON.Body[] = [];
  private readonly joints: number;
  private readonly originName: string;
  private readonly tmpR = new CANNON.Vec3();
  /** Task channel names and their arrays, for an allocation-free copy in `observe`. */
  private readonly taskPairs: ReadonlyArray<readonly [string, Float32Array]>;

  constructor(private readonly opts: ArmTaskBodyOptions<L>) {
    this.joints = opts.arm.params.links.length;
    const origin = jointOriginChannel(this.joints);
    this.originName = origin.name;
    const taskChannels = opts.taskChannels ?? [];
    this.taskValues = {};
    for (const c of taskChannels) this.taskValues[c.name] = new Float32Array(c.size);
    this.taskPairs = taskChannels.map((c) => [c.name, this.taskValues[c.name]!] as const);
    this.current = opts.layout(0);
    this.inner = new ArmBody({ ...opts.arm, scene: (sim) => this.buildScene(sim) });
    this.sensors = [...this.inner.sensors, origin, ...taskChannels];
    this.actuators = this.inner.actuators;
    const names = new Set<string>();
    for (const c of this.sensors) {
      if (names.has(c.name)) throw new RangeError(`ArmTaskBody: channel '${c.name}' is declared twice (task channels must not reuse the arm's names)`);
      names.add(c.name);
    }
    this.reset(0);
  }

  /** The layout of the current episode. */
  get layout(): L {
    return this.current;
  }

  /** The current arm (rebuilt by every reset). */
  get model(): ArmModel {
    return this.inner.model;
  }

  /** What it reports for recording (sim/bodyTelemetry.ts): the arm, its world's solids and the task channels' values. */
  telemetry(): ArmTelemetry {
    return armTelemetry(() => this.inner.model, this.taskValues);
  }

  /** Obstacle bodies of the current world, in layout order. */
  get obstacles(): readonly CANNON.Body[] {
    return this.obstacleBodies;
  }

  reset(seed: number): void {
    this.current = this.opts.layout(seed);
    this.inner.reset(seed);
    const m = this.inner.model;
    const q0 = this.opts.startPose(this.current);
    if (q0.length !== this.joints) throw new RangeError(`ArmTaskBody: startPose gave ${q0.length} angles, the arm has ${this.joints} joints`);
    setArmConfiguration(m, q0);
    this.toolForce_N.fill(0);
    for (const k in this.taskValues) this.taskValues[k]!.fill(0);
    this.opts.taskValues?.(this.current, this.taskValues);
    const force = this.opts.toolForce;
    if (force) {
      const layout = this.current;
      // advanceWorld updates the world's clock after a whole advance, so steps are counted here:
      // before step k the world is at k·h and the force holds for [k·h, (k+1)·h).
      let k = 0;
      m.sim.beforeStep.push((h) => {
        force(layout, k++ * h, this.toolForce_N);
        this.applyToolForce(m);
      });
    }
  }

  observe(out: Channels): void {
    this.inner.observe(out);
    const o = out[this.originName]!;
    const m = this.inner.model;
    for (let i = 0; i < this.joints; i++) {
      const j = m.joints[i]!;
      const b = m.links[i]!;
      b.quaternion.vmult(j.pivotB, this.tmpR);
      o[3 * i] = b.position.x + this.tmpR.x;
      o[3 * i + 1] = b.position.y + this.tmpR.y;
      o[3 * i + 2] = b.position.z + this.tmpR.z;
    }
    const tp = this.taskPairs;
    for (let i = 0; i < tp.length; i++) out[tp[i]![0]]!.set(tp[i]![1]);
  }

  command(action: Channels): void {
    this.inner.command(action);
  }

  advance(dt_s: number): void {
    this.inner.advance(dt_s);
  }

  close(): void {
    this.inner.close();
  }

  private buildScene(sim: Parameters<NonNullable<ArmBodyOptions['scene']>>[0]): void {
    const specs = this.opts.obstacles?.(this.current) ?? [];
    this.obstacleBodies = specs.length > 0 ? addObstacles(sim, specs) : [];
  }

  private applyToolForce(m: ArmModel): void {
    const f = this.toolForce_N;
    const fx = f[0]!;
    const fy = f[1]!;
    const fz = f[2]!;
    if (fx === 0 && fy === 0 && fz === 0) return;
    const last = m.links[m.links.length - 1]!;
    const r = this.tmpR;
    last.quaternion.vmult(m.toolInLastLink, r);
    last.force.x += fx;
    last.force.y += fy;
    last.force.z += fz;
    last.torque.x += r.y * fz - r.z * fy;
    last.torque.y += r.z * fx - r.x * fz;
    last.torque.z += r.x * fy - r.y * fx;
  }
}
