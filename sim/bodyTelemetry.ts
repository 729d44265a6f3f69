/**
 * What a simulated body can report beyond its channels, for recording and viewing: its kind,
 * the frames it moves (a lidar's mount, an arm's links), live state no channel carries (rotor
 * speeds) and the solids of its world (obstacles, walls — never the robot itself). A body
 * exposes it as `telemetry()`; `bodyTelemetryOf` finds it under any wrappers (sensor noise,
 * latency, recording), so telemetry (bridges/recording) dispatches on `kind` and never on a body
 * class or its private options.
 *
 * Everything here is read when an episode starts or a message is written: the objects a body
 * rebuilds on reset (world, arm model, ray scene) are returned by functions, never cached.
 */
import type { Body } from '../loop/body.js';
import type { Channels } from '../loop/channels.js';
import { findBodyLayerWhere } from '../loop/wrappers/bodyWrapper.js';
import type { ArmModel } from './arm/armModel.js';
import type { LidarParams } from './sensors/lidar.js';
import type { EventList } from './sensors/eventList.js';
import type { RayScene } from './sensors/rayScene.js';

/** A body's event camera, for recording its events (the channels carry only per-pixel counts). */
export interface EventCameraTelemetry {
  readonly width_px: number;
  readonly height_px: number;
  /**
   * Moves the events since the last drain (the current episode's camera; times in s since its
   * reset, in time order) into `out`, up to its capacity; returns how many.
   */
  drainEvents(out: EventList): number;
  /** Events the camera's list overwrote before they were drained, this episode. */
  eventsDropped(): number;
}

export interface QuadrotorTelemetry {
  readonly kind: 'quadrotor';
  /** The lidar's geometry (a LaserScan's angles, limits and mount), or null without one. */
  readonly lidar: LidarParams | null;
  /** Rotors, airframe order. */
  readonly rotorCount: number;
  /** Writes the rotors' actual speeds (rad/s, airframe order) into `out`; allocates nothing. */
  rotorSpeeds(out: Float64Array): void;
  /** The solids of the current world (everything but the drone and the ground). */
  scene(): RayScene;
  /** The forward event camera, or null without one (or without an event list to drain). */
  readonly eventCamera: EventCameraTelemetry | null;
}

export interface ArmTelemetry {
  readonly kind: 'arm';
  /** The current arm (parameters, links, world; rebuilt by every reset). */
  model(): ArmModel;
  /** The solids of the current world (everything but the arm and the ground). */
  scene(): RayScene;
  /** Values of the episode's task channels (`target_position`, …), or null without any. */
  readonly taskValues: Channels | null;
}

/** What a simulated body reports, by kind. */
export type BodyTelemetry = QuadrotorTelemetry | ArmTelemetry;

/** A body that reports telemetry. */
export interface TelemetryReporter extends Body {
  telemetry(): BodyTelemetry;
}

export function reportsTelemetry(body: Body): body is TelemetryReporter {
  return typeof (body as Partial<TelemetryReporter>).telemetry === 'function';
}

/** The reporting layer of `body` (itself, or the body its wrappers hide), or null. */
export function telemetryLayerOf(body: Body): TelemetryReporter | null {
  return findBodyLayerWhere(body, reportsTelemetry);
}

/** The telemetry of `body` (under any wrappers), or null when it reports none. */
export function bodyTelemetryOf(body: Body): BodyTelemetry | null {
  return telemetryLayerOf(body)?.telemetry() ?? null;
}
