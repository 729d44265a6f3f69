// @ts-check
/**
 * The 3D view in the ROS frame (REP-103: x forward/east, y left/north, z up; the camera's up is
 * +z): ground grid, scene markers, drone, lidar rays, trail and arm, all placed in the tf
 * tree's fixed frame at the play-head time. Orbit camera (drag to turn, wheel to zoom,
 * right-drag to pan); the follow camera keeps its offset from the drone as it flies.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { ArmView } from './armView.js';
import { DroneModel } from './droneModel.js';
import { LidarRays } from './lidarRays.js';
import { MarkerLayer } from './markers.js';
import { TfTree } from './tf.js';
import { Trail } from './trail.js';
import { episodeEvent } from './store.js';

/** Distance of the follow camera from the drone when it is turned on (m). */
export const FOLLOW_DISTANCE_m = 3;

export class Scene3d {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(window.devicePixelRatio || 1);
    this.renderer.setClearColor(0xeef2f6);
    container.appendChild(this.renderer.domElement);
    this.scene = new THREE.Scene();
    this.camera = new THREE.PerspectiveCamera(50, 1, 0.05, 1000);
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(-4, -6, 4);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(0, 0, 0.5);
    this.controls.update();
    /** Set when the view needs drawing (camera moved, resized). */
    this.dirty = true;
    this.controls.addEventListener('change', () => (this.dirty = true));

    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x667788, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.4);
    sun.position.set(5, -8, 12);
    this.scene.add(sun);
    const grid = new THREE.GridHelper(60, 60, 0x9aa5b1, 0xc9d1da);
    grid.rotation.x = Math.PI / 2; // GridHelper lies in x–z; ROS ground is x–y
    this.scene.add(grid);
    this.scene.add(new THREE.AxesHelper(0.5));

    this.tf = new TfTree();
    this.markers = new MarkerLayer();
    this.drone = new DroneModel();
    this.lidar = new LidarRays();
    this.trail = new Trail();
    this.arm = new ArmView();
    for (const o of [this.markers.group, this.trail.line, this.lidar.lines, this.drone.group, this.arm.group]) this.scene.add(o);

    this.follow = false;
    this.framed = false;
    /** The drone's position as last drawn (fixed frame), or null. */
    this.dronePosition = null;
    new ResizeObserver(() => this.resize()).observe(container);
    this.resize();
  }

  resize() {
    const w = Math.max(this.container.clientWidth, 1);
    const h = Math.max(this.container.clientHeight, 1);
    this.renderer.setSize(w, h, true);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.dirty = true;
  }

  /**
   * Turns the follow camera on or off. Turning it on moves the camera to `FOLLOW_DISTANCE_m`
   * from the drone, looking at it from the current direction; it then keeps its offset from the
   * drone (orbit and zoom still change the offset).
   */
  setFollow(on) {
    this.follow = on;
    if (on && this.dronePosition) {
      const dir = this.camera.position.clone().sub(this.controls.target).normalize();
      this.controls.target.copy(this.dronePosition);
      this.camera.position.copy(this.dronePosition).addScaledVector(dir, FOLLOW_DISTANCE_m);
      this.controls.update();
    }
    this.dirty = true;
  }

  /**
   * Places everything as it was at time t.
   * @param {import('./store.js').Store} store
   */
  update(store, t) {
    this.tf.update(store, t);
    const odom = store.at('/odom', t);
    const droneFrame = odom ? odom.child_frame_id || 'base_link' : '';
    const before = this.dronePosition ? this.dronePosition.clone() : null;
    const dronePose = odom ? this.tf.poseOf(droneFrame) : null;
    this.drone.update(dronePose, store.at('/spikeloop/rotors', t)?.data ?? null, t);
    this.dronePosition = dronePose ? new THREE.Vector3().setFromMatrixPosition(dronePose) : null;
    this.markers.update(store.latchedAt('/spikeloop/scene', t), this.tf);
    this.lidar.update(store.at('/scan', t), this.tf);
    this.trail.update(store.series('/odom'), t, episodeStart(store, t));
    this.arm.update(this.tf, store.at('/joint_states', t), droneFrame);
    if (!this.framed) this.frameScene();
    if (this.follow && this.dronePosition && before) {
      const d = this.dronePosition.clone().sub(before);
      this.camera.position.add(d);
      this.controls.target.add(d);
      this.controls.update();
    }
    this.dirty = true;
  }

  /** Aims the camera at everything drawn, once, when there is something. */
  frameScene() {
    this.scene.updateMatrixWorld(true);
    const box = new THREE.Box3();
    if (this.markers.items.length > 0) box.expandByObject(this.markers.group);
    if (this.dronePosition) box.expandByPoint(this.dronePosition);
    if (this.arm.toolPosition) box.expandByPoint(this.arm.toolPosition);
    if (box.isEmpty()) return;
    const center = box.getCenter(new THREE.Vector3());
    const size = Math.max(box.getSize(new THREE.Vector3()).length(), 1);
    this.controls.target.copy(center);
    this.camera.position.set(center.x - 0.35 * size, center.y - 0.75 * size, center.z + 0.55 * size);
    this.camera.near = size / 500;
    this.camera.far = size * 20;
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.framed = true;
  }

  render() {
    this.renderer.render(this.scene, this.camera);
    this.dirty = false;
  }

  /** Screen position (CSS pixels, page coordinates) of a point in the fixed frame. */
  project(x, y, z) {
    const v = new THREE.Vector3(x, y, z).project(this.camera);
    const r = this.renderer.domElement.getBoundingClientRect();
    return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height, depth: v.z };
  }
}

/** Time of the latest episode start at or before t (−∞ when the stream has none). */
function episodeStart(store, t) {
  const s = store.series('/spikeloop/episode');
  if (!s) return -Infinity;
  for (let i = s.indexAt(t); i >= 0; i--) if (episodeEvent(s.messages[i]) === 'start') return s.times[i];
  return -Infinity;
}
