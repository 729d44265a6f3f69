// @ts-check
/**
 * The drone: a body (magenta, unlit, centred on `base_link`'s origin so its picture sits exactly
 * where the pose says), a red nose along body +x, arms and rotors. The messages carry no
 * airframe geometry, so the model has a fixed span of `DRONE_SPAN_m` (larger than a Crazyflie's
 * 92 mm, for visibility; the view enlarges it further when it would be tiny on screen) with rotors in the Crazyflie order (0 front-right, 1 back-right,
 * 2 back-left, 3 front-left; 0 and 2 counter-clockwise); other rotor counts are spread evenly.
 *
 * Rotor speeds (`/spikeloop/rotors`, rad/s) are shown twice: each rotor disc's colour goes from
 * grey (stopped) to orange (the fastest speed seen in the stream), and its blades turn at
 * `BLADE_SLOWDOWN` × the true speed (the real 2 000 rad/s would alias into a random angle at
 * screen frame rates). The blade angle is a function of time, so a scrubbed replay shows the
 * same picture as the live run.
 */
import * as THREE from 'three';

/** Rotor-to-rotor diagonal of the drawn drone (m). */
export const DRONE_SPAN_m = 0.36;
/** Drawn blade speed over true rotor speed. */
const BLADE_SLOWDOWN = 0.01;
/** The body's colour; nothing else in the scene uses it (tests find the drone by it). */
export const DRONE_BODY_COLOR = 0xff00ff;

const GREY = new THREE.Color(0x555555);
const ORANGE = new THREE.Color(0xff8c00);

export class DroneModel {
  constructor() {
    this.group = new THREE.Group();
    this.group.name = 'drone';
    this.group.visible = false;
    const body = new THREE.Mesh(new THREE.BoxGeometry(0.12, 0.12, 0.05), new THREE.MeshBasicMaterial({ color: DRONE_BODY_COLOR }));
    body.name = 'drone-body';
    this.group.add(body);
    const nose = new THREE.Mesh(new THREE.ConeGeometry(0.025, 0.08, 12).rotateZ(-Math.PI / 2), new THREE.MeshLambertMaterial({ color: 0xdd2222 }));
    nose.position.set(0.09, 0, 0);
    this.group.add(nose);
    /** @type {{pivot: THREE.Group, disc: THREE.Mesh, spin: number}[]} */
    this.rotors = [];
    this.maxSpeedSeen = 0;
    /** @type {number | undefined} render layer of every part (setLayer) */
    this.layer = undefined;
    this.layoutFor(4);
  }

  /** Puts every part of the drone on render layer `layer` (also parts built later). */
  setLayer(layer) {
    this.layer = layer;
    this.group.traverse((o) => o.layers.set(layer));
  }

  /** (Re)builds arms and rotors for `n` rotors. */
  layoutFor(n) {
    for (const r of this.rotors) this.group.remove(r.pivot.parent ?? r.pivot);
    this.rotors = [];
    const arm = DRONE_SPAN_m / 2;
    for (let i = 0; i < n; i++) {
      const az = n === 4 ? [-Math.PI / 4, (-3 * Math.PI) / 4, (3 * Math.PI) / 4, Math.PI / 4][i] : -Math.PI / n - (2 * Math.PI * i) / n;
      const spin = n === 4 ? (i % 2 === 0 ? 1 : -1) : i % 2 === 0 ? 1 : -1;
      const mount = new THREE.Group();
      const beam = new THREE.Mesh(new THREE.BoxGeometry(arm, 0.012, 0.008), new THREE.MeshLambertMaterial({ color: 0x333333 }));
      beam.position.set(arm / 2, 0, 0);
      mount.add(beam);
      mount.rotation.z = az;
      const pivot = new THREE.Group();
      pivot.position.set(arm, 0, 0.02);
      const disc = new THREE.Mesh(new THREE.CircleGeometry(0.07, 24), new THREE.MeshBasicMaterial({ color: GREY.clone(), transparent: true, opacity: 0.45, side: THREE.DoubleSide, depthWrite: false }));
      pivot.add(disc);
      const blade = new THREE.Mesh(new THREE.BoxGeometry(0.13, 0.012, 0.004), new THREE.MeshLambertMaterial({ color: 0x222222 }));
      pivot.add(blade);
      mount.add(pivot);
      this.group.add(mount);
      this.rotors.push({ pivot, disc, spin });
    }
    if (this.layer !== undefined) this.setLayer(this.layer);
  }

  /**
   * Places the drone at `pose` (Matrix4 in the fixed frame, or null to hide it) and shows the
   * rotor speeds `speeds` (rad/s, or null) at time t.
   */
  update(pose, speeds, t) {
    this.group.visible = pose !== null;
    // The scale is the view's (Scene3d.keepDroneVisible): only position and attitude come from the pose.
    if (pose) pose.decompose(this.group.position, this.group.quaternion, new THREE.Vector3());
    if (!speeds) return;
    if (speeds.length !== this.rotors.length && speeds.length > 0) this.layoutFor(speeds.length);
    for (const w of speeds) if (typeof w === 'number' && Math.abs(w) > this.maxSpeedSeen) this.maxSpeedSeen = Math.abs(w);
    for (let i = 0; i < this.rotors.length; i++) {
      const r = this.rotors[i];
      const w = typeof speeds[i] === 'number' ? speeds[i] : 0;
      r.pivot.rotation.z = (r.spin * w * t * BLADE_SLOWDOWN) % (2 * Math.PI);
      const f = this.maxSpeedSeen > 0 ? Math.min(Math.abs(w) / this.maxSpeedSeen, 1) : 0;
      /** @type {THREE.MeshBasicMaterial} */ (r.disc.material).color.copy(GREY).lerp(ORANGE, f);
    }
  }
}
