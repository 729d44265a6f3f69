// @ts-check
/**
 * `window.spikeloopViewer`: a small read-only view of the page's state for tests and scripts
 * (the page never reads it). Times are the stream's own (seconds of sim or ROS time); positions
 * are in the fixed frame; screen positions in CSS pixels of the page.
 */

/**
 * @param {{store: import('./store.js').Store, playhead: import('./playhead.js').Playhead, scene: import('./scene3d.js').Scene3d, raster: import('./raster.js').Raster, stats: {frames: number, ms: Record<string, number>}}} v
 */
export function exposeTestApi(v) {
  const api = {
    get mode() {
      return v.store.mode;
    },
    /** True once a replay has arrived in full. */
    get complete() {
      return v.store.complete;
    },
    get time_s() {
      return v.playhead.time_s;
    },
    get start_s() {
      return v.store.start_s;
    },
    get end_s() {
      return v.store.end_s;
    },
    get playing() {
      return v.playhead.playing;
    },
    /** Frames drawn so far. */
    get frames() {
      return v.stats.frames;
    },
    /** Milliseconds spent so far in each part of drawing: {scene, raster, plots, render}. */
    get timings() {
      return { ...v.stats.ms };
    },
    get messages() {
      return v.store.received;
    },
    /** The drone's position as drawn, [x, y, z], or null. */
    get dronePosition() {
      const p = v.scene.dronePosition;
      return p ? [p.x, p.y, p.z] : null;
    },
    /** The arm's tool point as drawn, [x, y, z], or null (no arm). */
    get toolPosition() {
      const p = v.scene.arm.toolPosition;
      return p ? [p.x, p.y, p.z] : null;
    },
    /** Screen position of a fixed-frame point with the current camera: {x, y, depth}. */
    project(x, y, z) {
      return v.scene.project(x, y, z);
    },
    /** The camera as drawn: projection and view matrices (column-major) and the canvas box. */
    get camera() {
      const c = v.scene.camera;
      const r = v.scene.renderer.domElement.getBoundingClientRect();
      return {
        projection: [...c.projectionMatrix.elements],
        view: [...c.matrixWorldInverse.elements],
        viewport: { x: r.left, y: r.top, width: r.width, height: r.height },
      };
    },
    get spikes() {
      return { received: v.store.spikesReceived, drawn: v.raster.drawn };
    },
    get lidarHits() {
      return v.scene.lidar.hits;
    },
    get trailPoints() {
      return v.scene.trail.points;
    },
    get markers() {
      return v.scene.markers.items.length;
    },
  };
  Object.freeze(api);
  Object.defineProperty(window, 'spikeloopViewer', { value: api, writable: false, configurable: false });
}
