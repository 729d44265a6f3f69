/**
 * ArmBody: a simulated robot arm as a {@link Body}.
 *
 * Description: a serial revolute chain from {@link ArmParams}, fixed on a static pedestal, in a
 * cannon-es world with a ground plane (plus whatever the optional `scene` adds).
 * Action: one channel by command mode — `joint_torque` (N·m), `joint_velocity_target` (rad/s) or
 * `joint_position_target` (rad), one element per joint; clamped to the joint's torque, velocity
 * or position limits.
 * Observation: joint encoders (`joint_position`, `joint_velocity`, `joint_effort`), the tool pose
 * (`ee_position`, `ee_orientation`) and link touch sensors (`contact_touch`, `contact_force`),
 * plus any extra sensors.
 * Start: `initialPose_rad` (default zero configuration) plus a seeded uniform jitter of
 * ±`initialJitter_rad` per joint, at rest.
 * Versions: v1.
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Body } from '../../loop/body.js';
import { Rng } from '../../loop/rng.js';
import type { SimWorld, SimWorldOptions } from '../world/simWorld.js';
import { advanceWorld, createSimWorld } from '../world/simWorld.js';
import type { Sensor } from '../sensors/sensor.js';
import { RayScene } from '../sensors/rayScene.js';
import type { ArmTelemetry, TelemetryReporter } from '../bodyTelemetry.js';
import { jointEncoder } from '../sensors/jointEncoder.js';
import { armEndEffectorPose } from '../sensors/endEffectorPose.js';
import { contactSensor } from '../sensors/contact.js';
import type { ArmActuator, ArmCommandMode } from './armActuator.js';
import { attachArmActuator } from './armActuator.js';
import type { ArmModel } from './armModel.js';
import { buildArm, measureArm } from './armModel.js';
import type { ArmParams } from './armParams.js';
import { validateArmParams } from './armParams.js';

export interface ArmBodyOptions {
  readonly params: ArmParams;
  readonly mode: ArmCommandMode;
  /**
   * World options. `solverIterations` defaults to {@link ARM_SOLVER_ITERATIONS} here: cannon-es's
   * Gauss–Seidel solver starts from zero every step, and on a chain of hinges (five coupled rows
   * per joint) 20 iterations leave a driven link accelerating ~2 % faster than τ/I.
   */
  readonly world?: SimWorldOptions;
  /** Joint angles at reset (rad). @default all zero */
  readonly initialPose_rad?: readonly number[];
  /** Half-width of the seeded uniform perturbation of the initial pose (rad). @default 0 */
  readonly initialJitter_rad?: number;
  /** Adds obstacles to a freshly built world (uses the 'world' random stream). */
  readonly scene?: (sim: SimWorld, rng: Rng) => void;
  /** Extra sensors built for each new world (e.g. an event camera). */
  readonly extraSensors?: (model: ArmModel) => readonly Sensor[];
}

/** The actuator channel for a command mode. */
export function armActuatorChannels(params: ArmParams, mode: ArmCommandMode): readonly ChannelSpec[] {
  const n = params.links.length;
  switch (mode.kind) {
    case 'torque': {
      const t = Math.max(...params.links.map((l) => l.maxTorque_Nm));
      return [{ name: 'joint_torque', size: n, low: -t, high: t, unit: 'N*m', doc: 'clamped per joint to maxTorque_Nm' }];
    }
    case 'velocity': {
      const v = Math.max(...params.links.map((l) => l.maxVelocity_radps));
      return [{ name: 'joint_velocity_target', size: n, low: -v, high: v, unit: 'rad/s', doc: 'clamped per joint to maxVelocity_radps' }];
    }
    case 'position': {
      const lo = Math.min(...params.links.map((l) => l.limitLower_rad));
      const hi = Math.max(...params.links.map((l) => l.limitUpper_rad));
      return [{ name: 'joint_position_target', size: n, low: lo, high: hi, unit: 'rad', doc: 'clamped per joint to its limits' }];
    }
  }
}

/** Default solver iterations for arm worlds (see {@link ArmBodyOptions.world}). */
export const ARM_SOLVER_ITERATIONS = 50;

export class ArmBody implements Body, TelemetryReporter {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  private sim!: SimWorld;
  private armModel!: ArmModel;
  private actuator!: ArmActuator;
  private sensorList: readonly Sensor[] = [];
  private readonly actuatorName: string;

  constructor(private readonly opts: ArmBodyOptions) {
    validateArmParams(opts.params);
    const n = opts.params.links.length;
    if (opts.initialPose_rad !== undefined && opts.initialPose_rad.length !== n) {
      throw new RangeError(`ArmBody: initialPose_rad has ${opts.initialPose_rad.length} entries, expected ${n}`);
    }
    const j = opts.initialJitter_rad ?? 0;
    if (!(j >= 0) || !Number.isFinite(j)) throw new RangeError(`ArmBody: initialJitter_rad must be ≥ 0 and finite, got ${j}`);
    this.actuators = armActuatorChannels(opts.params, opts.mode);
    this.actuatorName = this.actuators[0]!.name;
    this.reset(0);
    this.sensors = this.sensorList.flatMap((s) => s.channels);
    const names = new Set<string>();
    for (const c of this.sensors) {
      if (names.has(c.name)) throw new RangeError(`ArmBody: two sensors both fill channel '${c.name}'; give them distinct prefixes`);
      names.add(c.name);
    }
  }

  /** The current arm (rebuilt by every reset). */
  get model(): ArmModel {
    return this.armModel;
  }

  /** The current world (rebuilt by every reset). */
  get world(): SimWorld {
    return this.sim;
  }

  /** What it reports for recording (sim/bodyTelemetry.ts): its arm and its world's solids; no task channels. */
  telemetry(): ArmTelemetry {
    return armTelemetry(() => this.armModel, null);
  }

  reset(seed: number): void {
    const o = this.opts;
    this.sim = createSimWorld({ solverIterations: ARM_SOLVER_ITERATIONS, ...o.world });
    const n = o.params.links.length;
    const q0 = new Float64Array(n);
    const jitter = o.initialJitter_rad ?? 0;
    const rngPose = new Rng(seed, 'arm-initial-pose');
    for (let i = 0; i < n; i++) q0[i] = (o.initialPose_rad?.[i] ?? 0) + (jitter > 0 ? rngPose.range(-jitter, jitter) : 0);
    o.scene?.(this.sim, new Rng(seed, 'world'));
    this.armModel = buildArm(this.sim, o.params, q0);
    this.actuator = attachArmActuator(this.armModel, o.mode);
    const m = this.armModel;
    const sensors: Sensor[] = [
      jointEncoder(m),
      armEndEffectorPose(m),
      contactSensor(this.sim.world, m.links, { ignore: [m.base] }),
      ...(o.extraSensors?.(m) ?? []),
    ];
    for (const s of sensors) s.reset?.(seed);
    if (this.sensorList.length > 0) {
      const a = sensors.flatMap((s) => s.channels.map((c) => `${c.name}:${c.size}:${c.unit}`)).join(',');
      const b = this.sensorList.flatMap((s) => s.channels.map((c) => `${c.name}:${c.size}:${c.unit}`)).join(',');
      if (a !== b) throw new Error(`ArmBody.reset: extraSensors returned different channels after reset (${a} vs ${b})`);
    }
    this.sensorList = sensors;
    const integrating = sensors.filter((s) => s.afterPhysicsStep !== undefined);
    if (integrating.length > 0) {
      this.sim.afterStep.push((dt_s) => {
        for (let i = 0; i < integrating.length; i++) integrating[i]!.afterPhysicsStep!(dt_s);
      });
    }
  }

  observe(out: Channels): void {
    const s = this.sensorList;
    for (let i = 0; i < s.length; i++) s[i]!.read(out);
  }

  command(action: Channels): void {
    const u = action[this.actuatorName];
    if (u === undefined) throw new RangeError(`ArmBody.command: action has no channel '${this.actuatorName}'`);
    const c = this.actuator.command;
    if (u.length !== c.length) throw new RangeError(`ArmBody.command: '${this.actuatorName}' has ${u.length} elements, expected ${c.length}`);
    for (let i = 0; i < c.length; i++) {
      const v = u[i]!;
      if (!Number.isFinite(v)) throw new RangeError(`ArmBody.command: '${this.actuatorName}'[${i}] must be finite, got ${v}`);
      c[i] = v;
    }
  }

  advance(dt_s: number): void {
    advanceWorld(this.sim, dt_s);
    measureArm(this.armModel); // the actuator measures before each step; refresh after the last one
  }

  close(): void {
    this.actuator.detach();
  }
}

/** The telemetry of an arm whose current model `model()` returns (ArmBody, or a body built on one). */
export function armTelemetry(model: () => ArmModel, taskValues: Channels | null): ArmTelemetry {
  return {
    kind: 'arm',
    model,
    scene: () => {
      const m = model();
      return new RayScene(m.sim, { exclude: [m.base, ...m.links] });
    },
    taskValues,
  };
}
