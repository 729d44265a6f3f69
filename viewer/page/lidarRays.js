// @ts-check
/**
 * `/scan` (sensor_msgs/LaserScan) as rays from the scan's frame (the lidar mount, placed through
 * the tf tree: `/tf_static` base_link → lidar on the drone's pose). Ray i points along
 * angle_min + i·angle_increment about the frame's z. A return (range_min ≤ r ≤ range_max) is
 * drawn to its range, coloured from red (near) through yellow to green (range_max); no return
 * (+Inf, NaN, out of limits: null on the wire) is a faint grey ray to range_max, so the field of
 * view stays visible.
 */
import * as THREE from 'three';

const NEAR = new THREE.Color(0xff2020);
const MID = new THREE.Color(0xffd020);
const FAR = new THREE.Color(0x20c040);
const NONE = new THREE.Color(0x8a8a8a);

/** Colour of a return at `r` of at most `max` (red → yellow → green). */
export function rangeColor(r, max, out = new THREE.Color()) {
  const f = Math.min(Math.max(r / max, 0), 1);
  return f < 0.5 ? out.copy(NEAR).lerp(MID, f * 2) : out.copy(MID).lerp(FAR, (f - 0.5) * 2);
}

export class LidarRays {
  constructor() {
    this.capacity = 0;
    this.geometry = new THREE.BufferGeometry();
    this.lines = new THREE.LineSegments(this.geometry, new THREE.LineBasicMaterial({ vertexColors: true, transparent: true, opacity: 0.85 }));
    this.lines.name = 'lidar-rays';
    this.lines.matrixAutoUpdate = false;
    this.lines.frustumCulled = false;
    /** Returns drawn in the last update. */
    this.hits = 0;
  }

  ensure(n) {
    if (n <= this.capacity) return;
    this.capacity = Math.max(n, 2 * this.capacity);
    this.geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(6 * this.capacity), 3));
    this.geometry.setAttribute('color', new THREE.BufferAttribute(new Float32Array(6 * this.capacity), 3));
  }

  /**
   * @param {any} scan LaserScan or null
   * @param {import('./tf.js').TfTree} tf
   */
  update(scan, tf) {
    const frame = scan ? tf.poseOf(scan.header?.frame_id ?? '') : null;
    this.hits = 0;
    if (!scan || !frame || !Array.isArray(scan.ranges)) {
      this.lines.visible = false;
      return;
    }
    const n = scan.ranges.length;
    this.ensure(n);
    const pos = /** @type {THREE.BufferAttribute} */ (this.geometry.getAttribute('position'));
    const col = /** @type {THREE.BufferAttribute} */ (this.geometry.getAttribute('color'));
    const p = /** @type {Float32Array} */ (pos.array);
    const c = /** @type {Float32Array} */ (col.array);
    const max = scan.range_max > 0 ? scan.range_max : 10;
    const color = new THREE.Color();
    for (let i = 0; i < n; i++) {
      const r = scan.ranges[i];
      const hit = typeof r === 'number' && r >= (scan.range_min ?? 0) && r <= max;
      const len = hit ? r : max;
      const a = scan.angle_min + i * scan.angle_increment;
      p.set([0, 0, 0, len * Math.cos(a), len * Math.sin(a), 0], 6 * i);
      if (hit) {
        rangeColor(r, max, color);
        this.hits++;
      } else color.copy(NONE).multiplyScalar(0.6);
      c.set([color.r, color.g, color.b, color.r, color.g, color.b], 6 * i);
    }
    pos.needsUpdate = true;
    col.needsUpdate = true;
    this.geometry.setDrawRange(0, 2 * n);
    this.lines.matrix.copy(frame);
    this.lines.visible = true;
  }
}
