// @ts-check
/**
 * Transforms at the play-head time: a small tf2 buffer over the store. Static transforms come
 * from `/tf_static`, dynamic ones from the latest `/tf` messages at or before t (each child
 * frame's newest), and the drone's `odom → base_link` from `/odom` itself (the pose the
 * recording states, REP-105). Every frame is expressed in the *fixed frame*: the root of the
 * tree (the frame with no parent), e.g. `odom` for the drone, `base_link` for the arm.
 */
import * as THREE from 'three';

/** How many /tf messages back a child frame's newest transform is looked for. */
const TF_LOOKBACK = 64;

/** geometry_msgs Transform or Pose → Matrix4 (translation/position, rotation/orientation). */
export function matrixOf(translation, rotation, out = new THREE.Matrix4()) {
  const q = new THREE.Quaternion(rotation?.x ?? 0, rotation?.y ?? 0, rotation?.z ?? 0, rotation?.w ?? 1);
  if (q.lengthSq() < 1e-12) q.set(0, 0, 0, 1);
  q.normalize();
  return out.compose(new THREE.Vector3(translation?.x ?? 0, translation?.y ?? 0, translation?.z ?? 0), q, new THREE.Vector3(1, 1, 1));
}

export class TfTree {
  constructor() {
    /** @type {Map<string, {parent: string, matrix: THREE.Matrix4, dynamic: boolean}>} child → edge */
    this.edges = new Map();
    /** @type {Map<string, THREE.Matrix4 | null>} */
    this.cache = new Map();
    this.fixedFrame = '';
  }

  /**
   * Rebuilds the tree for time t.
   * @param {import('./store.js').Store} store
   */
  update(store, t) {
    this.edges.clear();
    this.cache.clear();
    const stat = store.series('/tf_static');
    if (stat) {
      const last = Math.max(stat.indexAt(t), 0);
      for (let i = 0; i <= last && i < stat.length; i++) this.addAll(stat.messages[i], false);
    }
    const dyn = store.series('/tf');
    if (dyn) {
      const seen = new Set();
      const last = dyn.indexAt(t);
      for (let i = last; i >= 0 && i > last - TF_LOOKBACK; i--) {
        for (const tr of dyn.messages[i]?.transforms ?? []) {
          if (seen.has(tr.child_frame_id)) continue;
          seen.add(tr.child_frame_id);
          this.add(tr.header?.frame_id ?? '', tr.child_frame_id, tr.transform?.translation, tr.transform?.rotation, true);
        }
      }
    }
    const odom = store.at('/odom', t);
    if (odom) this.add(odom.header?.frame_id || 'odom', odom.child_frame_id || 'base_link', odom.pose?.pose?.position, odom.pose?.pose?.orientation, true);
    this.fixedFrame = this.rootOf(odom?.child_frame_id || 'base_link');
  }

  addAll(msg, dynamic) {
    for (const tr of msg?.transforms ?? []) this.add(tr.header?.frame_id ?? '', tr.child_frame_id, tr.transform?.translation, tr.transform?.rotation, dynamic);
  }

  add(parent, child, translation, rotation, dynamic) {
    if (!child || parent === child) return;
    this.edges.set(child, { parent, matrix: matrixOf(translation, rotation), dynamic });
  }

  /** The top of `frame`'s chain (itself when it has no parent). */
  rootOf(frame) {
    let f = frame;
    for (let guard = 0; guard < 64; guard++) {
      const e = this.edges.get(f);
      if (!e) return f;
      f = e.parent;
    }
    return f; // a cycle: give up at some frame of it
  }

  /** `frame`'s pose in the fixed frame, or null when it is not connected to it. */
  poseOf(frame) {
    if (frame === '' || frame === this.fixedFrame) return new THREE.Matrix4();
    const cached = this.cache.get(frame);
    if (cached !== undefined) return cached;
    this.cache.set(frame, null); // cycle guard
    const e = this.edges.get(frame);
    let m = null;
    if (e) {
      const parent = this.poseOf(e.parent);
      if (parent) m = parent.clone().multiply(e.matrix);
    }
    this.cache.set(frame, m);
    return m;
  }

  /** The child frames with a dynamic edge, with their parents. */
  dynamicEdges() {
    return [...this.edges].filter(([, e]) => e.dynamic).map(([child, e]) => ({ child, parent: e.parent }));
  }
}
