// @ts-check
/**
 * The arm as a skeleton over its links: for every moving tf edge (base_link → link1 → link2 →
 * tool from `/tf`, except the drone's odom → base_link) a line from the parent frame's origin to
 * the child's and a joint ball at the parent; the tool point is the last child. The link boxes
 * themselves come from the scene (markers in ns `arm` attached to the link frames). The arm is
 * drawn when the stream has `/joint_states`.
 */
import * as THREE from 'three';

const JOINT_GEOM = new THREE.SphereGeometry(0.03, 16, 12);
const TOOL_GEOM = new THREE.SphereGeometry(0.02, 16, 12);

export class ArmView {
  constructor() {
    this.group = new THREE.Group();
    this.group.name = 'arm';
    this.lines = new THREE.LineSegments(new THREE.BufferGeometry(), new THREE.LineBasicMaterial({ color: 0x202020 }));
    this.lines.frustumCulled = false;
    this.group.add(this.lines);
    /** @type {THREE.Mesh[]} */
    this.joints = [];
    this.tool = new THREE.Mesh(TOOL_GEOM, new THREE.MeshLambertMaterial({ color: 0x00bcd4 }));
    this.group.add(this.tool);
    this.group.visible = false;
    /** Tool position in the fixed frame (null when there is no arm). */
    this.toolPosition = null;
  }

  /**
   * @param {import('./tf.js').TfTree} tf
   * @param {any} jointState sensor_msgs/JointState at t, or null (no arm)
   * @param {string} droneFrame the odom child frame to leave out ('' if none)
   */
  update(tf, jointState, droneFrame) {
    if (!jointState) {
      this.group.visible = false;
      this.toolPosition = null;
      return;
    }
    const edges = tf.dynamicEdges().filter((e) => e.child !== droneFrame);
    const pts = [];
    const origins = [];
    const parents = new Set(edges.map((e) => e.parent));
    let toolFrame = null;
    for (const e of edges) {
      const a = tf.poseOf(e.parent);
      const b = tf.poseOf(e.child);
      if (!a || !b) continue;
      const pa = new THREE.Vector3().setFromMatrixPosition(a);
      const pb = new THREE.Vector3().setFromMatrixPosition(b);
      pts.push(pa, pb);
      origins.push(pa);
      if (!parents.has(e.child)) toolFrame = pb;
    }
    this.lines.geometry.setFromPoints(pts);
    while (this.joints.length < origins.length) {
      const m = new THREE.Mesh(JOINT_GEOM, new THREE.MeshLambertMaterial({ color: 0xffffff }));
      this.joints.push(m);
      this.group.add(m);
    }
    this.joints.forEach((m, i) => {
      m.visible = i < origins.length;
      if (m.visible) m.position.copy(origins[i]);
    });
    this.tool.visible = toolFrame !== null;
    if (toolFrame) this.tool.position.copy(toolFrame);
    this.toolPosition = toolFrame;
    this.group.visible = true;
  }
}
