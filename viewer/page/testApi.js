// @ts-check
/**
 * `window.spikeloopViewer`: a small view of the page's state for tests and scripts (the page
 * never reads it; `seek` is its one action, as the timeline does it). Times are the stream's own
 * (seconds of sim or ROS time) except in `plots`, whose axes count from the recording's start;
 * positions are in the fixed frame; screen positions in CSS pixels of the page.
 */

/**
 * @param {{store: import('./store.js').Store, playhead: import('./playhead.js').Playhead, scene: import('./scene3d.js').Scene3d, raster: import('./raster.js').Raster, plots: import('./plots.js').TimePlots, events: import('./eventPanel.js').EventPanel, stats: {frames: number, ms: Record<string, number>}}} v
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
    /**
     * Every plot as last drawn, the raster first: {id, title, legend (the header's entries as
     * shown), box (plot area, CSS pixels in its canvas), window {t0, t1} and cursor {t, x} (seconds
     * since the recording's start; x null when outside the window), xUnit, yUnit, xTicks
     * [{value, label, x}], yTicks [{value, label, y}]}; the raster adds labels [{text, width, fits}].
     */
    get plots() {
      const r = v.raster.layout;
      const raster = { id: 'raster', title: 'spike raster', legend: [], ...(r ?? {}) };
      return JSON.parse(JSON.stringify([raster, ...v.plots.layouts()]));
    },
    /**
     * The event panel as last drawn: {t, window_ms, width, height, on, off (events counted),
     * packets, notShown, outside, box (the canvas, CSS pixels of the page), onCount, offCount
     * (per pixel, row-major)}, or null when hidden (no event topic).
     */
    get events() {
      const e = v.events.last;
      if (!e) return null;
      const r = v.events.canvas.getBoundingClientRect();
      return { ...e, box: { x: r.left, y: r.top, width: r.width, height: r.height }, onCount: [...v.events.onCount], offCount: [...v.events.offCount] };
    },
    /** Pauses and moves the play head to t (the stream's time), as scrubbing the timeline does. */
    seek(t) {
      if (v.playhead.playing) v.playhead.togglePlay();
      v.playhead.seek(t);
    },
  };
  Object.freeze(api);
  Object.defineProperty(window, 'spikeloopViewer', { value: api, writable: false, configurable: false });
}
