// @ts-check
/**
 * The trajectory trail: the `/odom` positions of the current episode up to the play-head time,
 * as one line. Its vertex buffer mirrors the odom series (filled once per new message, grown by
 * doubling), so moving the play head only changes the draw range.
 */
import * as THREE from 'three';

export class Trail {
  constructor() {
    this.geometry = new THREE.BufferGeometry();
    this.capacity = 0;
    /** Odom messages copied into the buffer so far. */
    this.filled = 0;
    /** @type {any} the series the buffer mirrors */
    this.source = null;
    this.line = new THREE.Line(this.geometry, new THREE.LineBasicMaterial({ color: 0x1e6fd9 }));
    this.line.name = 'trail';
    this.line.frustumCulled = false;
    /** Points drawn in the last update. */
    this.points = 0;
  }

  /**
   * @param {import('./store.js').Series | undefined} odom
   * @param {number} t play-head time
   * @param {number} from_s start of the episode shown (the trail begins there)
   */
  update(odom, t, from_s) {
    if (!odom || odom.length === 0) {
      this.line.visible = false;
      this.points = 0;
      return;
    }
    if (odom !== this.source) {
      this.source = odom;
      this.filled = 0;
    }
    if (odom.length > this.capacity) {
      this.capacity = Math.max(1024, 2 * odom.length);
      const grown = new Float32Array(3 * this.capacity);
      const old = this.geometry.getAttribute('position');
      if (old) grown.set(/** @type {Float32Array} */ (old.array).subarray(0, 3 * this.filled));
      this.geometry.setAttribute('position', new THREE.BufferAttribute(grown, 3));
    }
    const attr = /** @type {THREE.BufferAttribute} */ (this.geometry.getAttribute('position'));
    const a = /** @type {Float32Array} */ (attr.array);
    if (this.filled < odom.length) {
      for (let i = this.filled; i < odom.length; i++) {
        const p = odom.messages[i]?.pose?.pose?.position ?? { x: 0, y: 0, z: 0 };
        a[3 * i] = p.x;
        a[3 * i + 1] = p.y;
        a[3 * i + 2] = p.z;
      }
      attr.addUpdateRange(3 * this.filled, 3 * (odom.length - this.filled));
      attr.needsUpdate = true;
      this.filled = odom.length;
    }
    const first = odom.indexAfter(from_s - 1e-9);
    const last = odom.indexAt(t);
    this.points = Math.max(0, last - first + 1);
    this.geometry.setDrawRange(first, this.points);
    this.line.visible = this.points >= 2;
  }
}
