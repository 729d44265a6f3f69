// @ts-check
/**
 * The 3D view in the ROS frame (REP-103: x forward/east, y left/north, z up; the camera's up is
 * +z): ground grid, scene markers, drone, lidar rays, trail and arm, all placed in the tf
 * tree's fixed frame at the play-head time. The drone is drawn last, over everything, and at
 * least `MIN_DRONE_PX` across, so it is never lost behind a tree or in the distance. Orbit camera (drag to turn, wheel to zoom,
 * right-drag to pan); the follow camera keeps its offset from the drone as it flies.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { ArmView } from './armView.js';
import { DRONE_SPAN_m, DroneModel } from './droneModel.js';
import { LidarRays } from './lidarRays.js';
import { MarkerLayer } from './markers.js';
import { TfTree } from './tf.js';
import { Trail } from './trail.js';
import { episodeEvent } from './store.js';

/** Render layers: the world, and the drone drawn over it. */
const WORLD_LAYER = 0;
const DRONE_LAYER = 1;

/** Smallest drawn span of the drone on screen (CSS pixels). */
export const MIN_DRONE_PX = 36;

/** Distance of the follow camera from the drone when it is turned on (m). */
export const FOLLOW_DISTANCE_m = 3;

export class Scene3d {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    // Multisampling halves the frame rate of a software rasterizer (SwiftShader: 8 → 15 frames/s
    // in headless Chromium at 1280×800); keep it for real GPUs. `?antialias=1|0` overrides.
    const forced = new URLSearchParams(location.search).get('antialias');
    this.software = isSoftwareRenderer();
    this.renderer = new THREE.WebGLRenderer({ antialias: forced !== null ? forced === '1' : !this.software });
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

    const sky = new THREE.HemisphereLight(0xffffff, 0x667788, 1.6);
    const sun = new THREE.DirectionalLight(0xffffff, 1.4);
    sun.position.set(5, -8, 12);
    for (const light of [sky, sun]) {
      light.layers.enableAll(); // they light the drone's pass too
      this.scene.add(light);
    }
    this.renderer.autoClear = false;
    // 60 × 60 cells of 1 m; frameScene rescales it to 0.1 m or 10 m cells for small or large scenes.
    this.grid = new THREE.GridHelper(60, 60, 0x9aa5b1, 0xc9d1da);
    this.grid.rotation.x = Math.PI / 2; // GridHelper lies in x–z; ROS ground is x–y
    this.scene.add(this.grid);
    this.scene.add(new THREE.AxesHelper(0.5));

    this.tf = new TfTree();
    this.markers = new MarkerLayer();
    this.drone = new DroneModel();
    this.lidar = new LidarRays();
    this.trail = new Trail();
    this.arm = new ArmView();
    for (const o of [this.markers.group, this.trail.line, this.lidar.lines, this.drone.group, this.arm.group]) this.scene.add(o);
    this.drone.setLayer(DRONE_LAYER);

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
    const radius = Math.max(box.getSize(new THREE.Vector3()).length() / 2, 0.5);
    // Far enough for the bounding sphere to fit the narrower of the two fields of view, with 10 % to spare.
    const vfov = (this.camera.fov * Math.PI) / 180;
    const hfov = 2 * Math.atan(Math.tan(vfov / 2) * this.camera.aspect);
    const dist = (1.1 * radius) / Math.sin(Math.min(vfov, hfov) / 2);
    const dir = new THREE.Vector3(-0.35, -0.75, 0.55).normalize();
    const size = 2 * radius;
    this.controls.target.copy(center);
    this.camera.position.copy(center).addScaledVector(dir, dist);
    this.grid.scale.setScalar(10 ** Math.round(Math.log10(size / 20)));
    this.camera.near = size / 500;
    this.camera.far = dist + size * 20;
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.framed = true;
  }

  /**
   * Draws the world, then the drone over it (its own pass, after clearing depth), so no tree or
   * wall ever hides it; its parts still hide each other.
   */
  render() {
    this.keepDroneVisible();
    this.renderer.clear();
    this.camera.layers.set(WORLD_LAYER);
    this.renderer.render(this.scene, this.camera);
    this.renderer.clearDepth();
    this.camera.layers.set(DRONE_LAYER);
    this.renderer.render(this.scene, this.camera);
    this.camera.layers.set(WORLD_LAYER);
    this.dirty = false;
  }

  /**
   * Enlarges the drone about its own origin so it spans at least `MIN_DRONE_PX` on screen (a
   * 0.36 m drone 25 m away would be a few pixels); its position is untouched.
   */
  keepDroneVisible() {
    const g = this.drone.group;
    const d = this.camera.position.distanceTo(g.position);
    const pxPerM = this.container.clientHeight / (2 * d * Math.tan((this.camera.fov * Math.PI) / 360));
    g.scale.setScalar(Math.max(1, MIN_DRONE_PX / (DRONE_SPAN_m * pxPerM)));
  }

  /** Screen position (CSS pixels, page coordinates) of a point in the fixed frame. */
  project(x, y, z) {
    const v = new THREE.Vector3(x, y, z).project(this.camera);
    const r = this.renderer.domElement.getBoundingClientRect();
    return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height, depth: v.z };
  }
}

/** True when WebGL runs on a CPU rasterizer (SwiftShader, llvmpipe, Microsoft Basic Render Driver). */
function isSoftwareRenderer() {
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const name = info && gl ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|basic render/i.test(name);
}

/** Time of the latest episode start at or before t (−∞ when the stream has none). */
function episodeStart(store, t) {
  const s = store.series('/spikeloop/episode');
  if (!s) return -Infinity;
  for (let i = s.indexAt(t); i >= 0; i--) if (episodeEvent(s.messages[i]) === 'start') return s.times[i];
  return -Infinity;
}
