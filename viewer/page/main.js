// @ts-check
/**
 * The viewer page: one store filled by the stream, one play head, and every view drawn from
 * (store, play-head time) once per animation frame when something changed.
 */
import { bindControls } from './controls.js';
import { TimePlots } from './plots.js';
import { Playhead } from './playhead.js';
import { Raster } from './raster.js';
import { Scene3d } from './scene3d.js';
import { connectStream } from './stream.js';
import { Store } from './store.js';
import { snnClockAt } from './episodeInfo.js';
import { exposeTestApi } from './testApi.js';

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const store = new Store();
const playhead = new Playhead(store);
const scene = new Scene3d($('view3d'));
const raster = new Raster(/** @type {HTMLCanvasElement} */ ($('raster')));
const plots = new TimePlots(
  {
    rates: /** @type {HTMLCanvasElement} */ ($('rates')),
    reward: /** @type {HTMLCanvasElement} */ ($('reward')),
    velocity: /** @type {HTMLCanvasElement} */ ($('velocity')),
  },
  raster,
);
const refreshControls = bindControls(playhead, scene, store);
const stats = { frames: 0 };
exposeTestApi({ store, playhead, scene, raster, stats });

const status = $('status');
connectStream(store, {
  onStatus: (text) => (status.textContent = text),
  onHello: (h) => (document.title = `spikeloop viewer: ${h.source}`),
  onComplete: () => (store.complete = true),
});

let last = performance.now();
let drawnVersion = -1;
let drawnTime = NaN;
function frame(now) {
  const dt = Math.min((now - last) / 1000, 0.25);
  last = now;
  playhead.tick(dt);
  const t = playhead.time_s;
  if (store.version !== drawnVersion || t !== drawnTime) {
    scene.update(store, t);
    raster.draw(store, t, snnClockAt(store, t));
    plots.draw(store, t);
    drawnVersion = store.version;
    drawnTime = t;
  }
  if (scene.dirty) {
    scene.render();
    stats.frames++;
  }
  refreshControls();
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
