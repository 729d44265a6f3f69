/**
 * A quadrotor in a `SimWorld`: a cannon-es rigid body with the airframe's mass, inertia and
 * collision cylinder, rotors with first-order lag, optional rotor drag, and an onboard flight
 * controller for the `ctbr` and `velocity` command levels. Everything runs inside the world's
 * `beforeStep` hook, once per physics step, because cannon-es clears forces after every internal
 * step: forces applied once per control period would act for one physics step only.
 *
 * Command levels (the latched 4-vector `command`):
 *  - `rpm`:      [ω₀, ω₁, ω₂, ω₃] rotor speed set-points (RPM, clamped to [0, maxRpm]).
 *  - `ctbr`:     [T (N), p, q, r (rad/s, body FLU)] collective thrust and body rates.
 *  - `velocity`: [vx, vy, vz (m/s), yaw rate (rad/s)]: ROS `cmd_vel` — vx, vy in the heading
 *                frame (body frame turned by yaw only), vz along world z, yaw rate about world z.
 *
 * Collisions: after every step the world's contact list is scanned for contacts of the drone
 * with something other than the ground plane (`obstacleContactSteps`, `contactLatch`). A sweep
 * test against a `RayScene` catches tunnelling: if the centre crossed an obstacle's surface
 * during the step (cannon-es only tests overlap at the end of a step, so a body moving more than
 * its own size plus the obstacle's thickness per step passes through), the drone is put back one
 * collision radius before the crossing, its velocity into the surface is removed, and the
 * collision is counted.
 */
import * as CANNON from 'cannon-es';
import type { SimWorld } from '../world/simWorld.js';
import type { RayScene } from '../sensors/rayScene.js';
import { PRIMITIVE } from '../sensors/rayScene.js';
import type { Vec3Tuple } from '../world/obstacles.js';
import type { AirframeParams } from './airframe.js';
import { RPM_TO_RADPS, maxRpm, maxThrust, validateAirframe } from './airframe.js';
import { allocationMatrix, invert4, mixWrench, motorLagStep, rotorWrench } from './rotors.js';
import type { FlightGains, FlightState } from './flightController.js';
import { CRAZYFLIE_2X_GAINS, attitudeLoop, createFlightState, rateLoop, velocityLoop } from './flightController.js';

/** Command level, chosen per body. */
export type QuadrotorControl =
  | { readonly level: 'rpm' }
  | { readonly level: 'ctbr'; readonly gains?: FlightGains }
  | { readonly level: 'velocity'; readonly gains?: FlightGains };
export type CommandLevel = QuadrotorControl['level'];

export interface QuadrotorOptions {
  readonly airframe: AirframeParams;
  readonly control: QuadrotorControl;
  readonly position_m: Vec3Tuple;
  /** Initial heading about world z. @default 0 */
  readonly yaw_rad?: number;
  /** Initial rotor speed (RPM) of all rotors; e.g. `hoverRpm(airframe)` to start in hover. @default 0 */
  readonly initialRpm?: number;
  /** Apply rotor drag. @default false */
  readonly drag?: boolean;
  /** Obstacles for the anti-tunnelling sweep test (the drone must not be in it). @default none */
  readonly sweepScene?: RayScene;
  /** Facets of the collision cylinder polyhedron. @default 12 */
  readonly cylinderSegments?: number;
}

const CYLINDER_UPRIGHT = new CANNON.Quaternion().setFromAxisAngle(new CANNON.Vec3(1, 0, 0), Math.PI / 2);

/**
 * The world AABB of a cylinder (axis = shape-local y, as cannon-es builds it), in closed form:
 * along world axis i the half-extent is (h/2)·|aᵢ| + r·√(1 − aᵢ²) for the axis direction a.
 * cannon-es instead transforms every polyhedron vertex each step; this is exact for the true
 * cylinder, which contains the polyhedron, so the box stays conservative.
 */
function cylinderWorldAabb(r: number, h: number) {
  const hh = h / 2;
  return (pos: CANNON.Vec3, q: CANNON.Quaternion, min: CANNON.Vec3, max: CANNON.Vec3): void => {
    const ax = 2 * (q.x * q.y - q.z * q.w);
    const ay = 1 - 2 * (q.x * q.x + q.z * q.z);
    const az = 2 * (q.y * q.z + q.x * q.w);
    const ex = hh * Math.abs(ax) + r * Math.sqrt(Math.max(0, 1 - ax * ax));
    const ey = hh * Math.abs(ay) + r * Math.sqrt(Math.max(0, 1 - ay * ay));
    const ez = hh * Math.abs(az) + r * Math.sqrt(Math.max(0, 1 - az * az));
    min.set(pos.x - ex, pos.y - ey, pos.z - ez);
    max.set(pos.x + ex, pos.y + ey, pos.z + ez);
  };
}

export class Quadrotor {
  readonly body: CANNON.Body;
  readonly airframe: AirframeParams;
  readonly level: CommandLevel;
  /** Latched command; meaning depends on `level` (see module doc). */
  readonly command = new Float64Array(4);
  /** Actual rotor speeds (RPM). */
  readonly rpm = new Float64Array(4);
  /** Rotor speed set-points (RPM) after the controller and mixer. */
  readonly rpmCmd = new Float64Array(4);
  /** Body→world rotation, row-major, refreshed each physics step. */
  readonly rot = new Float64Array(9);
  /** Body-frame angular velocity (rad/s), refreshed each physics step. */
  readonly omegaBody = new Float64Array(3);
  /** Last body wrench [T, τx, τy, τz] from the rotors. */
  readonly wrench = new Float64Array(4);
  /** Physics steps that ended with the drone touching something other than the ground plane. */
  obstacleContactSteps = 0;
  /** Physics steps that ended touching the ground plane. */
  groundContactSteps = 0;
  /** Tunnelling events caught by the sweep test. */
  sweepCorrections = 0;
  /** Set when an obstacle contact or sweep correction happens; cleared by whoever reports it. */
  contactLatch = false;

  private readonly w: SimWorld;
  private readonly gains: FlightGains;
  private readonly flight: FlightState;
  private readonly alloc: Float64Array;
  private readonly allocInv: Float64Array;
  private readonly maxRpm: number;
  private readonly maxThrust_N: number;
  private readonly gravity: number;
  private readonly drag: boolean;
  private readonly sweep: RayScene | null;
  private readonly vWorld = new Float64Array(3);
  private readonly torque = new Float64Array(3);
  private readonly normal = new Float64Array(3);
  private readonly before: (h: number) => void;
  private readonly after: (h: number) => void;

  constructor(w: SimWorld, opts: QuadrotorOptions) {
    validateAirframe(opts.airframe);
    const p = (this.airframe = opts.airframe);
    this.w = w;
    this.level = opts.control.level;
    if (this.level !== 'rpm' && this.level !== 'ctbr' && this.level !== 'velocity') {
      throw new TypeError(`Quadrotor: control.level must be 'rpm', 'ctbr' or 'velocity', got '${String(this.level)}'`);
    }
    this.gains = (opts.control.level !== 'rpm' ? opts.control.gains : undefined) ?? CRAZYFLIE_2X_GAINS;
    this.flight = createFlightState();
    this.gravity = -w.world.gravity.z;
    this.alloc = allocationMatrix(p);
    this.allocInv = invert4(this.alloc);
    this.maxRpm = maxRpm(p, this.gravity);
    this.maxThrust_N = maxThrust(p, this.gravity);
    this.drag = opts.drag ?? false;
    this.sweep = opts.sweepScene ?? null;

    const [x, y, z] = opts.position_m;
    if (![x, y, z].every(Number.isFinite)) throw new RangeError(`Quadrotor: position_m must be 3 finite numbers, got ${JSON.stringify(opts.position_m)}`);
    const body = new CANNON.Body({ mass: p.mass_kg, linearDamping: 0, angularDamping: 0 });
    const hull = new CANNON.Cylinder(p.collisionRadius_m, p.collisionRadius_m, p.collisionHeight_m, opts.cylinderSegments ?? 12);
    hull.calculateWorldAABB = cylinderWorldAabb(p.collisionRadius_m, p.collisionHeight_m);
    body.addShape(hull, new CANNON.Vec3(), CYLINDER_UPRIGHT);
    // cannon-es estimates inertia from the AABB; use the airframe's.
    const [ix, iy, iz] = p.inertia_kgm2;
    body.inertia.set(ix, iy, iz);
    body.invInertia.set(1 / ix, 1 / iy, 1 / iz);
    body.position.set(x, y, z);
    body.previousPosition.set(x, y, z);
    body.quaternion.setFromAxisAngle(new CANNON.Vec3(0, 0, 1), opts.yaw_rad ?? 0);
    body.previousQuaternion.copy(body.quaternion);
    body.updateInertiaWorld(true);
    body.updateAABB();
    this.body = body;
    w.world.addBody(body);
    const rpm0 = opts.initialRpm ?? 0;
    if (!(rpm0 >= 0) || rpm0 > this.maxRpm) throw new RangeError(`Quadrotor: initialRpm must be in [0, ${this.maxRpm.toFixed(0)}], got ${rpm0}`);
    this.rpm.fill(rpm0);
    this.rpmCmd.fill(rpm0);
    if (this.level === 'rpm') this.command.fill(rpm0);
    this.readState();

    this.before = (h) => this.beforeStep(h);
    this.after = (h) => this.afterStep(h);
    w.beforeStep.push(this.before);
    w.afterStep.push(this.after);
  }

  /** Maximum rotor speed (RPM), derived from the airframe. */
  get maxRotorRpm(): number {
    return this.maxRpm;
  }

  /** Removes the drone's hooks and body from the world. */
  detach(): void {
    const b = this.w.beforeStep.indexOf(this.before);
    if (b >= 0) this.w.beforeStep.splice(b, 1);
    const a = this.w.afterStep.indexOf(this.after);
    if (a >= 0) this.w.afterStep.splice(a, 1);
    this.w.world.removeBody(this.body);
  }

  /** Refreshes `rot`, `omegaBody` and the world velocity from the cannon-es body. */
  private readState(): void {
    const q = this.body.quaternion;
    const { x, y, z, w } = q;
    const r = this.rot;
    r[0] = 1 - 2 * (y * y + z * z); r[1] = 2 * (x * y - z * w); r[2] = 2 * (x * z + y * w);
    r[3] = 2 * (x * y + z * w); r[4] = 1 - 2 * (x * x + z * z); r[5] = 2 * (y * z - x * w);
    r[6] = 2 * (x * z - y * w); r[7] = 2 * (y * z + x * w); r[8] = 1 - 2 * (x * x + y * y);
    const wv = this.body.angularVelocity;
    // ω_body = Rᵀ ω_world (cannon-es keeps angular velocity in the world frame).
    this.omegaBody[0] = r[0] * wv.x + r[3] * wv.y + r[6] * wv.z;
    this.omegaBody[1] = r[1] * wv.x + r[4] * wv.y + r[7] * wv.z;
    this.omegaBody[2] = r[2] * wv.x + r[5] * wv.y + r[8] * wv.z;
    const v = this.body.velocity;
    this.vWorld[0] = v.x;
    this.vWorld[1] = v.y;
    this.vWorld[2] = v.z;
  }

  private beforeStep(h: number): void {
    this.readState();
    const c = this.command;
    const fl = this.flight;
    switch (this.level) {
      case 'rpm':
        for (let i = 0; i < 4; i++) this.rpmCmd[i] = c[i]!;
        break;
      case 'ctbr': {
        const t = c[0]! < 0 ? 0 : c[0]! > this.maxThrust_N ? this.maxThrust_N : c[0]!;
        fl.rateDes[0] = c[1]!;
        fl.rateDes[1] = c[2]!;
        fl.rateDes[2] = c[3]!;
        rateLoop(this.gains, fl, this.airframe, fl.rateDes, this.omegaBody, h, this.torque);
        mixWrench(this.allocInv, t, this.torque[0]!, this.torque[1]!, this.torque[2]!, this.maxRpm, this.rpmCmd);
        break;
      }
      case 'velocity': {
        const p = this.airframe;
        const t = velocityLoop(this.gains, fl, p.mass_kg, this.gravity, this.maxThrust_N, c[0]!, c[1]!, c[2]!, c[3]!, this.rot, this.vWorld, h);
        attitudeLoop(this.gains, fl, this.rot, c[3]!);
        rateLoop(this.gains, fl, p, fl.rateDes, this.omegaBody, h, this.torque);
        mixWrench(this.allocInv, t, this.torque[0]!, this.torque[1]!, this.torque[2]!, this.maxRpm, this.rpmCmd);
        break;
      }
    }
    motorLagStep(this.airframe.motorTimeConstant_s, this.maxRpm, this.rpmCmd, this.rpm, h);
    rotorWrench(this.alloc, this.rpm, this.wrench);
    const r = this.rot;
    let fbx = 0, fby = 0, fbz = this.wrench[0]!;
    if (this.drag) {
      const p = this.airframe;
      const sumW = (this.rpm[0]! + this.rpm[1]! + this.rpm[2]! + this.rpm[3]!) * RPM_TO_RADPS;
      const v = this.vWorld;
      const vbx = r[0]! * v[0]! + r[3]! * v[1]! + r[6]! * v[2]!;
      const vby = r[1]! * v[0]! + r[4]! * v[1]! + r[7]! * v[2]!;
      const vbz = r[2]! * v[0]! + r[5]! * v[1]! + r[8]! * v[2]!;
      fbx -= p.dragCoeffXY_kgPerRad * sumW * vbx;
      fby -= p.dragCoeffXY_kgPerRad * sumW * vby;
      fbz -= p.dragCoeffZ_kgPerRad * sumW * vbz;
    }
    const f = this.body.force;
    f.x += r[0]! * fbx + r[1]! * fby + r[2]! * fbz;
    f.y += r[3]! * fbx + r[4]! * fby + r[5]! * fbz;
    f.z += r[6]! * fbx + r[7]! * fby + r[8]! * fbz;
    const tx = this.wrench[1]!, ty = this.wrench[2]!, tz = this.wrench[3]!;
    const tq = this.body.torque;
    tq.x += r[0]! * tx + r[1]! * ty + r[2]! * tz;
    tq.y += r[3]! * tx + r[4]! * ty + r[5]! * tz;
    tq.z += r[6]! * tx + r[7]! * ty + r[8]! * tz;
  }

  private afterStep(_h: number): void {
    const body = this.body;
    const ground = this.w.ground;
    let obstacle = false;
    let groundHit = false;
    const contacts = this.w.world.contacts;
    for (let k = 0; k < contacts.length; k++) {
      const c = contacts[k]!;
      if (c.bi !== body && c.bj !== body) continue;
      const other = c.bi === body ? c.bj : c.bi;
      if (other === ground) groundHit = true;
      else obstacle = true;
    }
    if (this.sweep) {
      const crossed = this.sweepTest();
      if (crossed === 1) obstacle = true;
      else if (crossed === 2) groundHit = true;
    }
    if (obstacle) {
      this.obstacleContactSteps++;
      this.contactLatch = true;
    }
    if (groundHit) this.groundContactSteps++;
  }

  /**
   * If the centre crossed a surface this step, undoes the crossing and returns 1 (obstacle) or
   * 2 (ground plane); otherwise returns 0.
   */
  private sweepTest(): 0 | 1 | 2 {
    const s = this.sweep!;
    const b = this.body;
    const p0 = b.previousPosition, p1 = b.position;
    const dx = p1.x - p0.x, dy = p1.y - p0.y, dz = p1.z - p0.z;
    const len = Math.hypot(dx, dy, dz);
    // Moving less than the collision radius per step, cannon-es' overlap test sees every contact.
    if (len < this.airframe.collisionRadius_m) return 0;
    s.refresh();
    s.gather(p0.x, p0.y, len);
    const ux = dx / len, uy = dy / len, uz = dz / len;
    const t = s.castGathered(p0.x, p0.y, p0.z, ux, uy, uz, len);
    if (!(t > 0 && t < len)) return 0; // no crossing, or already inside at the start (cannon's business)
    const hit = s.hitIndex;
    const back = Math.max(0, t - this.airframe.collisionRadius_m);
    s.normalAt(hit, p0.x + ux * t, p0.y + uy * t, p0.z + uz * t, this.normal);
    p1.set(p0.x + ux * back, p0.y + uy * back, p0.z + uz * back);
    const n = this.normal;
    const v = b.velocity;
    const vn = v.x * n[0]! + v.y * n[1]! + v.z * n[2]!;
    if (vn < 0) v.set(v.x - vn * n[0]!, v.y - vn * n[1]!, v.z - vn * n[2]!);
    b.aabbNeedsUpdate = true;
    this.sweepCorrections++;
    return s.kind[hit] === PRIMITIVE.plane ? 2 : 1;
  }
}
