/**
 * The quadrotor as a `Body` (loop/body.ts): a `SimWorld` rebuilt from a seeded obstacle layout
 * on every `reset(seed)`, one `Quadrotor`, and its sensors.
 *
 * Actuator channels depend on the command level (chosen per body, `control.level`):
 *  - `rpm`:      `motor_rpm` [4] (RPM; rotor order as in the airframe, e.g. CF2X: front-right,
 *                back-right, back-left, front-left).
 *  - `ctbr`:     `thrust` [1] (N), `body_rates` [3] (rad/s, FLU).
 *  - `velocity`: `cmd_linear` [3] (m/s: vx, vy in the heading frame, vz up) and `cmd_yaw_rate` [1]
 *                (rad/s, counter-clockwise seen from above) — a ROS `cmd_vel` Twist.
 * Sensor channels: odometry (`odom_*`), IMU (`imu_*`), optionally a lidar, a rangefinder and an
 * event camera (`events_on` / `events_off`),
 * and `collision` [1]: 1 if the drone touched an obstacle (anything but the ground plane) or a
 * sweep test caught a tunnelling step since the previous `observe`, else 0.
 *
 * Determinism: reset(seed) rebuilds everything from the layout function and the seed's named
 * streams ('world' for the layout, 'sensor-noise:*' for noise), so equal seeds replay bit for bit.
 * `observe`, `command` and `advance` allocate nothing.
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Body } from '../../loop/body.js';
import type { SimWorld, SimWorldOptions } from '../world/simWorld.js';
import { advanceWorld, createSimWorld } from '../world/simWorld.js';
import type { LayoutFn, Vec3Tuple } from '../world/obstacles.js';
import { addObstacles } from '../world/obstacles.js';
import type { Sensor } from '../sensors/sensor.js';
import { RayScene } from '../sensors/rayScene.js';
import { Imu } from '../sensors/imu.js';
import { Odometry } from '../sensors/odometry.js';
import type { LidarParams } from '../sensors/lidar.js';
import { Lidar } from '../sensors/lidar.js';
import type { RangefinderParams } from '../sensors/rangefinder.js';
import { Rangefinder } from '../sensors/rangefinder.js';
import type { RasterEventCameraParams } from '../sensors/rasterEventCamera.js';
import { RasterEventCamera } from '../sensors/rasterEventCamera.js';
import type { ChannelNoise } from '../sensors/noise.js';
import type { QuadrotorTelemetry, TelemetryReporter } from '../bodyTelemetry.js';
import { withNoise } from '../sensors/noise.js';
import type { AirframeParams } from './airframe.js';
import { CRAZYFLIE_2X, RPM_TO_RADPS, maxRpm, maxThrust, validateAirframe } from './airframe.js';
import type { QuadrotorControl } from './quadrotor.js';
import { Quadrotor } from './quadrotor.js';

export interface QuadrotorStart {
  readonly position_m: Vec3Tuple;
  /** @default 0 */
  readonly yaw_rad?: number;
  /** Initial rotor speed (RPM). @default 0 */
  readonly initialRpm?: number;
}

export interface QuadrotorSensorOptions {
  /** @default true */
  readonly odometry?: boolean;
  /** @default true */
  readonly imu?: boolean;
  /** @default none */
  readonly lidar?: LidarParams;
  /** @default none */
  readonly rangefinder?: RangefinderParams;
  /** A forward-looking event camera (rasterised, rasterEventCamera.ts), at the body origin. @default none */
  readonly eventCamera?: RasterEventCameraParams;
  /** Noise per channel name, applied by wrapping the sensor that owns the channel. @default none */
  readonly noise?: Readonly<Record<string, ChannelNoise>>;
}

export interface QuadrotorBodyOptions {
  readonly control: QuadrotorControl;
  /** @default CRAZYFLIE_2X */
  readonly airframe?: AirframeParams;
  /** Obstacles for a seed. @default none (ground plane only) */
  readonly layout?: LayoutFn;
  /** Start pose, fixed or drawn from the seed. @default 1 m above the origin, rotors at 0 RPM */
  readonly start?: QuadrotorStart | ((seed: number) => QuadrotorStart);
  /** World options. @default { contactStiffness_Npm: 1e6 } and createSimWorld's defaults */
  readonly world?: SimWorldOptions;
  /** @default false */
  readonly drag?: boolean;
  /** Catch tunnelling through thin obstacles with a sweep test. @default true */
  readonly sweepTest?: boolean;
  readonly sensors?: QuadrotorSensorOptions;
}

function actuatorSpecs(control: QuadrotorControl, p: AirframeParams, g: number): ChannelSpec[] {
  switch (control.level) {
    case 'rpm':
      return [{ name: 'motor_rpm', size: 4, low: 0, high: maxRpm(p, g), unit: 'rpm', doc: 'rotor speed set-points' }];
    case 'ctbr':
      return [
        { name: 'thrust', size: 1, low: 0, high: maxThrust(p, g), unit: 'N', doc: 'collective thrust' },
        { name: 'body_rates', size: 3, low: -Infinity, high: Infinity, unit: 'rad/s', doc: 'body rates p, q, r (FLU)' },
      ];
    case 'velocity':
      return [
        { name: 'cmd_linear', size: 3, low: -Infinity, high: Infinity, unit: 'm/s', doc: 'vx, vy in the heading frame; vz along world z' },
        { name: 'cmd_yaw_rate', size: 1, low: -Infinity, high: Infinity, unit: 'rad/s', doc: 'yaw rate, counter-clockwise seen from above' },
      ];
  }
}

export class QuadrotorBody implements Body, TelemetryReporter {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  readonly airframe: AirframeParams;
  private readonly opts: QuadrotorBodyOptions;
  private sim: SimWorld | null = null;
  private drone: Quadrotor | null = null;
  private scene: RayScene | null = null;
  private sensorList: Sensor[] = [];
  /** The event camera of the current episode (rebuilt by every reset), if any. */
  private eventCam: RasterEventCamera | null = null;
  private readonly afterHook = (h: number) => {
    for (let i = 0; i < this.sensorList.length; i++) this.sensorList[i]!.afterPhysicsStep?.(h);
  };

  constructor(opts: QuadrotorBodyOptions) {
    this.airframe = opts.airframe ?? CRAZYFLIE_2X;
    validateAirframe(this.airframe);
    const level = opts.control?.level;
    if (level !== 'rpm' && level !== 'ctbr' && level !== 'velocity') {
      throw new TypeError(`QuadrotorBody: control.level must be 'rpm', 'ctbr' or 'velocity', got '${String(level)}'`);
    }
    this.opts = opts;
    this.actuators = actuatorSpecs(opts.control, this.airframe, opts.world?.gravity_mps2 ?? 9.81);
    // Build once to learn the sensor channels (names and sizes do not depend on the seed).
    this.reset(0);
    const specs: ChannelSpec[] = this.sensorList.flatMap((s) => [...s.channels]);
    specs.push({ name: 'collision', size: 1, low: 0, high: 1, unit: '1', doc: '1 if an obstacle was touched since the last observe' });
    const names = new Set<string>();
    for (const s of specs) {
      if (names.has(s.name)) throw new RangeError(`QuadrotorBody: two sensors use the channel name '${s.name}'; give one a different name/prefix`);
      names.add(s.name);
    }
    this.sensors = specs;
  }

  /** The live simulation (for tests, viewers and scenarios; rebuilt by every reset). */
  get world(): SimWorld {
    return this.sim!;
  }
  get quadrotor(): Quadrotor {
    return this.drone!;
  }
  get rayScene(): RayScene {
    return this.scene!;
  }

  /** What it reports for recording (sim/bodyTelemetry.ts): its lidar's geometry, rotor speeds, its world's solids. */
  telemetry(): QuadrotorTelemetry {
    return {
      kind: 'quadrotor',
      lidar: this.opts.sensors?.lidar ?? null,
      rotorCount: this.airframe.rotors.length,
      rotorSpeeds: (out) => {
        const rpm = this.drone!.rpm;
        for (let i = 0; i < out.length; i++) out[i] = rpm[i]! * RPM_TO_RADPS;
      },
      scene: () => this.scene!,
      eventCamera:
        this.opts.sensors?.eventCamera && (this.opts.sensors.eventCamera.eventCapacity ?? 65536) > 0
          ? {
              width_px: this.opts.sensors.eventCamera.width_px,
              height_px: this.opts.sensors.eventCamera.height_px,
              drainEvents: (out) => this.eventCam!.drainEvents(out),
              eventsDropped: () => this.eventCam!.eventsDropped,
            }
          : null,
    };
  }

  reset(seed: number): void {
    if (!Number.isFinite(seed)) throw new RangeError(`QuadrotorBody.reset: seed must be finite, got ${seed}`);
    const o = this.opts;
    // Softer contacts than cannon-es' default: see SimWorldOptions.contactStiffness_Npm.
    const w = createSimWorld({ contactStiffness_Npm: 1e6, ...o.world });
    if (o.layout) addObstacles(w, o.layout(seed));
    const start = typeof o.start === 'function' ? o.start(seed) : (o.start ?? { position_m: [0, 0, 1] as const });
    // The scene holds everything but the drone, so build it before the drone joins the world.
    const scene = new RayScene(w);
    const drone = new Quadrotor(w, {
      airframe: this.airframe,
      control: o.control,
      position_m: start.position_m,
      yaw_rad: start.yaw_rad ?? 0,
      initialRpm: start.initialRpm ?? 0,
      drag: o.drag ?? false,
      ...(o.sweepTest ?? true ? { sweepScene: scene } : {}),
    });
    const s = o.sensors ?? {};
    const list: Sensor[] = [];
    if (s.odometry ?? true) list.push(new Odometry(drone.body));
    if (s.imu ?? true) list.push(new Imu(drone.body, w.world.gravity));
    if (s.lidar) list.push(new Lidar(drone.body, scene, s.lidar));
    if (s.rangefinder) list.push(new Rangefinder(drone.body, scene, s.rangefinder));
    if (s.eventCamera) {
      const mount = { kind: 'body', body: drone.body, offset_m: [0, 0, 0], orientation_xyzw: [0, 0, 0, 1] } as const;
      this.eventCam = new RasterEventCamera({ params: s.eventCamera, mount, world: w, scene, noiseSeed: seed });
      list.push(this.eventCam);
    }
    const noise = s.noise ?? {};
    const claimed = new Set<string>();
    this.sensorList = list.map((sensor) => {
      const mine = Object.fromEntries(Object.entries(noise).filter(([name]) => sensor.channels.some((c) => c.name === name)));
      for (const k of Object.keys(mine)) claimed.add(k);
      return Object.keys(mine).length > 0 ? withNoise(sensor, mine, seed) : sensor;
    });
    for (const k of Object.keys(noise)) {
      if (!claimed.has(k)) throw new RangeError(`QuadrotorBody: sensors.noise names channel '${k}', which no sensor provides`);
    }
    w.afterStep.push(this.afterHook);
    this.sim = w;
    this.drone = drone;
    this.scene = scene;
  }

  observe(out: Channels): void {
    for (let i = 0; i < this.sensorList.length; i++) this.sensorList[i]!.read(out);
    const d = this.drone!;
    out['collision']![0] = d.contactLatch ? 1 : 0;
    d.contactLatch = false;
  }

  command(action: Channels): void {
    const c = this.drone!.command;
    switch (this.opts.control.level) {
      case 'rpm':
        copyChecked(action, 'motor_rpm', 0, 4, c, 0);
        break;
      case 'ctbr':
        copyChecked(action, 'thrust', 0, 1, c, 0);
        copyChecked(action, 'body_rates', 0, 3, c, 1);
        break;
      case 'velocity':
        copyChecked(action, 'cmd_linear', 0, 3, c, 0);
        copyChecked(action, 'cmd_yaw_rate', 0, 1, c, 3);
        break;
    }
  }

  advance(dt_s: number): void {
    advanceWorld(this.sim!, dt_s);
  }

  close(): void {
    this.sim = null;
    this.drone = null;
    this.scene = null;
    this.sensorList = [];
    this.eventCam = null;
  }
}

function copyChecked(action: Channels, name: string, from: number, n: number, dst: Float64Array, at: number): void {
  const a = action[name];
  if (a === undefined || a.length < from + n) throw new RangeError(`QuadrotorBody.command: action channel '${name}' missing or shorter than ${from + n}`);
  for (let i = 0; i < n; i++) {
    const x = a[from + i]!;
    if (!Number.isFinite(x)) throw new RangeError(`QuadrotorBody.command: ${name}[${i}] is ${x}; commands must be finite`);
    dst[at + i] = x;
  }
}
