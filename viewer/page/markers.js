// @ts-check
/**
 * `/spikeloop/scene` (visualization_msgs/MarkerArray) as three.js objects: obstacles (CUBE,
 * CYLINDER), the goal (SPHERE, ns `goal`), the arm's target (SPHERE, ns `target`) and links
 * (ns `arm`), and whatever else uses the basic shapes or line/point lists. Shapes follow RViz:
 * a marker's scale is its size (diameters for spheres and cylinders, the cylinder's axis along
 * its z), its pose is in `header.frame_id`, which is looked up in the tf tree at every frame so
 * a marker attached to a moving frame (an arm link) moves with it.
 */
import * as THREE from 'three';
import { matrixOf } from './tf.js';

/** visualization_msgs/Marker type constants. */
const ARROW = 0, CUBE = 1, SPHERE = 2, CYLINDER = 3, LINE_STRIP = 4, LINE_LIST = 5, CUBE_LIST = 6, SPHERE_LIST = 7, POINTS = 8;
/** Marker actions. */
const DELETE = 2, DELETEALL = 3;

const unitBox = new THREE.BoxGeometry(1, 1, 1);
const unitSphere = new THREE.SphereGeometry(0.5, 24, 16);
// three's cylinder runs along y; RViz's along z.
const unitCylinder = new THREE.CylinderGeometry(0.5, 0.5, 1, 24).rotateX(Math.PI / 2);

export class MarkerLayer {
  constructor() {
    this.group = new THREE.Group();
    this.group.name = 'scene-markers';
    /** @type {any} the MarkerArray now shown */
    this.shown = null;
    /** @type {{object: THREE.Object3D, frame: string, pose: THREE.Matrix4, marker: any}[]} */
    this.items = [];
  }

  /**
   * Shows `msg` (rebuilding only when it is a different message) and places every marker.
   * @param {any} msg
   * @param {import('./tf.js').TfTree} tf
   */
  update(msg, tf) {
    if (msg !== this.shown) this.rebuild(msg);
    for (const it of this.items) {
      const frame = tf.poseOf(it.frame);
      it.object.visible = frame !== null;
      if (frame) it.object.matrix.multiplyMatrices(frame, it.pose);
    }
  }

  /** The markers of a namespace now shown (e.g. 'goal'). */
  markersIn(ns) {
    return this.items.filter((it) => it.marker.ns === ns).map((it) => it.marker);
  }

  rebuild(msg) {
    this.shown = msg;
    for (const it of this.items) {
      this.group.remove(it.object);
      disposeMaterials(it.object);
    }
    this.items = [];
    /** @type {Map<string, any>} */
    const live = new Map();
    for (const m of msg?.markers ?? []) {
      const key = `${m.ns}/${m.id}`;
      if (m.action === DELETEALL) live.clear();
      else if (m.action === DELETE) live.delete(key);
      else live.set(key, m);
    }
    for (const m of live.values()) {
      const object = makeObject(m);
      if (!object) continue;
      object.matrixAutoUpdate = false;
      object.name = `marker:${m.ns}/${m.id}`;
      this.group.add(object);
      this.items.push({ object, frame: m.header?.frame_id ?? '', pose: matrixOf(m.pose?.position, m.pose?.orientation), marker: m });
    }
  }
}

function materialOf(m, lit = true) {
  const c = m.color ?? {};
  const a = c.a ?? 1;
  const params = { color: new THREE.Color(c.r ?? 0.7, c.g ?? 0.7, c.b ?? 0.7), transparent: a < 1, opacity: a, depthWrite: a >= 1 };
  return lit ? new THREE.MeshLambertMaterial(params) : new THREE.LineBasicMaterial(params);
}

function makeObject(m) {
  const s = m.scale ?? { x: 1, y: 1, z: 1 };
  switch (m.type) {
    case CUBE:
    case SPHERE:
    case CYLINDER: {
      const geom = m.type === CUBE ? unitBox : m.type === SPHERE ? unitSphere : unitCylinder;
      const mesh = new THREE.Mesh(geom, materialOf(m));
      // The scale lives in a child so the parent's matrix can be set from the pose alone.
      mesh.scale.set(s.x || 1e-3, s.y || 1e-3, s.z || 1e-3);
      const g = new THREE.Group();
      g.add(mesh);
      return g;
    }
    case ARROW:
    case LINE_STRIP:
    case LINE_LIST: {
      let pts = (m.points ?? []).map((p) => new THREE.Vector3(p.x, p.y, p.z));
      if (m.type === ARROW && pts.length < 2) pts = [new THREE.Vector3(0, 0, 0), new THREE.Vector3(s.x || 1, 0, 0)];
      if (pts.length < 2) return null;
      const geom = new THREE.BufferGeometry().setFromPoints(pts);
      return m.type === LINE_LIST ? new THREE.LineSegments(geom, materialOf(m, false)) : new THREE.Line(geom, materialOf(m, false));
    }
    case CUBE_LIST:
    case SPHERE_LIST:
    case POINTS: {
      const pts = (m.points ?? []).map((p) => new THREE.Vector3(p.x, p.y, p.z));
      if (pts.length === 0) return null;
      const c = m.color ?? {};
      return new THREE.Points(new THREE.BufferGeometry().setFromPoints(pts), new THREE.PointsMaterial({ color: new THREE.Color(c.r ?? 1, c.g ?? 1, c.b ?? 1), size: Math.max(s.x, 0.02) }));
    }
    default:
      return null; // text, meshes and triangle lists are not drawn
  }
}

function disposeMaterials(object) {
  object.traverse((o) => {
    const mat = /** @type {any} */ (o).material;
    if (mat) mat.dispose();
    const geom = /** @type {any} */ (o).geometry;
    if (geom && geom !== unitBox && geom !== unitSphere && geom !== unitCylinder) geom.dispose();
  });
}
