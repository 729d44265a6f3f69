/**
 * Markers for `/spikeloop/scene`: the solids of a simulated world (from its `RayScene`, which
 * already holds every sphere, box and cylinder with its world transform) and spheres for goals
 * and targets. Sizes follow visualization_msgs/Marker: `scale` is the full extent (diameters,
 * box edges), a CYLINDER's axis is its local z — cannon-es cylinders stand along their local y,
 * so their orientation gets a −90° turn about x (R_marker = R_shape · Rx(−π/2)).
 */
import { MARKER_ACTION, MARKER_TYPE, emptyMarker } from '../ros2/messages/visualizationMsgs.js';
import type { Marker } from '../ros2/messages/visualizationMsgs.js';
import type { Quaternion } from '../ros2/messages/geometryMsgs.js';
import type { ColorRGBA } from '../ros2/messages/stdMsgs.js';
import { setTime } from '../ros2/messages/builtinInterfaces.js';
import { PRIMITIVE } from '../../sim/sensors/rayScene.js';
import type { RayScene } from '../../sim/sensors/rayScene.js';
import { SCENE_NS } from './standardTopics.js';

/** A colour with float32 components (ColorRGBA's type), so a message decodes to exactly what was sent. */
function rgba(r: number, g: number, b: number, a: number): ColorRGBA {
  return { r: Math.fround(r), g: Math.fround(g), b: Math.fround(b), a: Math.fround(a) };
}

export const OBSTACLE_COLOR: ColorRGBA = rgba(0.45, 0.32, 0.2, 1);
export const GOAL_COLOR: ColorRGBA = rgba(0.1, 0.8, 0.2, 0.8);
export const TARGET_COLOR: ColorRGBA = rgba(0.9, 0.2, 0.2, 0.8);
export const ARM_COLOR: ColorRGBA = rgba(0.6, 0.6, 0.65, 1);

/** The unit quaternion (x, y, z, w) of a row-major rotation matrix (Shepperd's method). */
export function quaternionFromMatrix(r: ArrayLike<number>, at: number, out: Quaternion): Quaternion {
  const m00 = r[at]!, m01 = r[at + 1]!, m02 = r[at + 2]!;
  const m10 = r[at + 3]!, m11 = r[at + 4]!, m12 = r[at + 5]!;
  const m20 = r[at + 6]!, m21 = r[at + 7]!, m22 = r[at + 8]!;
  const tr = m00 + m11 + m22;
  if (tr > 0) {
    const s = 2 * Math.sqrt(tr + 1);
    out.w = s / 4;
    out.x = (m21 - m12) / s;
    out.y = (m02 - m20) / s;
    out.z = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    out.w = (m21 - m12) / s;
    out.x = s / 4;
    out.y = (m01 + m10) / s;
    out.z = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    out.w = (m02 - m20) / s;
    out.x = (m01 + m10) / s;
    out.y = s / 4;
    out.z = (m12 + m21) / s;
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    out.w = (m10 - m01) / s;
    out.x = (m02 + m20) / s;
    out.y = (m12 + m21) / s;
    out.z = s / 4;
  }
  return out;
}

function marker(ns: string, id: number, type: number, frame: string, t_ns: number, color: ColorRGBA): Marker {
  const m = emptyMarker();
  m.header.frame_id = frame;
  setTime(m.header.stamp, t_ns);
  m.ns = ns;
  m.id = id;
  m.type = type;
  m.action = MARKER_ACTION.ADD;
  m.color = { ...color };
  return m;
}

/**
 * One marker per sphere, box and cylinder of `scene` (planes — the ground — are left out), in
 * namespace 'obstacles' with ids 0, 1, … in scene order, in `frame` (the scene's world frame).
 */
export function obstacleMarkers(scene: RayScene, frame: string, t_ns: number): Marker[] {
  const out: Marker[] = [];
  const rot = new Float64Array(9);
  for (let i = 0; i < scene.count; i++) {
    const kind = scene.kind[i];
    if (kind === PRIMITIVE.plane) continue;
    const type = kind === PRIMITIVE.sphere ? MARKER_TYPE.SPHERE : kind === PRIMITIVE.box ? MARKER_TYPE.CUBE : MARKER_TYPE.CYLINDER;
    const m = marker(SCENE_NS.obstacles, out.length, type, frame, t_ns, OBSTACLE_COLOR);
    m.pose.position.x = scene.pos[3 * i]!;
    m.pose.position.y = scene.pos[3 * i + 1]!;
    m.pose.position.z = scene.pos[3 * i + 2]!;
    const s = scene.size;
    for (let k = 0; k < 9; k++) rot[k] = scene.rot[9 * i + k]!;
    if (kind === PRIMITIVE.sphere) {
      m.scale.x = m.scale.y = m.scale.z = 2 * s[3 * i]!;
    } else if (kind === PRIMITIVE.box) {
      m.scale.x = 2 * s[3 * i]!;
      m.scale.y = 2 * s[3 * i + 1]!;
      m.scale.z = 2 * s[3 * i + 2]!;
    } else {
      m.scale.x = m.scale.y = 2 * s[3 * i]!;
      m.scale.z = 2 * s[3 * i + 1]!;
      // R · Rx(−π/2): columns (c0, c1, c2) → (c0, −c2, c1), so marker z = the shape's y axis.
      for (let row = 0; row < 3; row++) {
        const c1 = rot[3 * row + 1]!, c2 = rot[3 * row + 2]!;
        rot[3 * row + 1] = -c2;
        rot[3 * row + 2] = c1;
      }
    }
    quaternionFromMatrix(rot, 0, m.pose.orientation);
    out.push(m);
  }
  return out;
}

/** A sphere of `diameter_m` at `position_m` in namespace `ns` (goal, target). */
export function sphereMarker(ns: string, id: number, position_m: ArrayLike<number>, diameter_m: number, frame: string, t_ns: number, color: ColorRGBA): Marker {
  const m = marker(ns, id, MARKER_TYPE.SPHERE, frame, t_ns, color);
  m.pose.position.x = position_m[0]!;
  m.pose.position.y = position_m[1]!;
  m.pose.position.z = position_m[2]!;
  m.scale.x = m.scale.y = m.scale.z = diameter_m;
  return m;
}

/** A box of edges `scale_m` centred at `center_m` (its own frame's axes) in `frame`, optionally following that frame. */
export function boxMarker(ns: string, id: number, center_m: ArrayLike<number>, scale_m: ArrayLike<number>, frame: string, t_ns: number, color: ColorRGBA, frameLocked: boolean): Marker {
  const m = marker(ns, id, MARKER_TYPE.CUBE, frame, t_ns, color);
  m.pose.position.x = center_m[0]!;
  m.pose.position.y = center_m[1]!;
  m.pose.position.z = center_m[2]!;
  m.scale.x = scale_m[0]!;
  m.scale.y = scale_m[1]!;
  m.scale.z = scale_m[2]!;
  m.frame_locked = frameLocked;
  return m;
}
