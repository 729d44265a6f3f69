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
import { EventPanel } from './eventPanel.js';
import { connectStream } from './stream.js';
import { Store } from './store.js';
import { recordingSummary, snnClockAt } from './episodeInfo.js';
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
    yaw: /** @type {HTMLCanvasElement} */ ($('yaw')),
  },
  raster,
);
const events = new EventPanel(
  $('events-panel'),
  /** @type {HTMLCanvasElement} */ ($('events')),
  $('events-caption'),
  /** @type {HTMLSelectElement} */ ($('events-window')),
);
const refreshControls = bindControls(playhead, scene, store);
/** Frames drawn and the time spent in each part (ms, summed), for the test API and tuning. */
const stats = { frames: 0, ms: { scene: 0, raster: 0, plots: 0, events: 0, render: 0 } };
exposeTestApi({ store, playhead, scene, raster, plots, events, stats });

const status = $('status');
connectStream(store, {
  onStatus: (text) => (status.textContent = text),
  onHello: (h) => {
    document.title = `spikeloop viewer: ${h.source}`;
    const r = recordingSummary(h.metadata);
    const el = $('recording');
    if (el) {
      el.textContent = r ? r.text : '';
      el.title = r ? r.detail : '';
    }
  },
  onComplete: () => (store.complete = true),
});

let last = performance.now();
let drawnVersion = -1;
let drawnTime = NaN;
let drawnWindow = -1;
function frame(now) {
  const dt = Math.min((now - last) / 1000, 0.25);
  last = now;
  // A replay is drawn once it has arrived in full (drawing the partial episode would slow the load).
  if (store.mode === 'replay' && !store.complete) {
    status.textContent = `loading: ${store.received} messages…`;
    requestAnimationFrame(frame);
    return;
  }
  playhead.tick(dt);
  const t = playhead.time_s;
  if (store.version !== drawnVersion || t !== drawnTime || events.version !== drawnWindow) {
    let t0 = performance.now();
    scene.update(store, t);
    let t1 = performance.now();
    stats.ms.scene += t1 - t0;
    raster.draw(store, t, snnClockAt(store, t));
    t0 = performance.now();
    stats.ms.raster += t0 - t1;
    plots.draw(store, t);
    t1 = performance.now();
    stats.ms.plots += t1 - t0;
    events.draw(store, t);
    t0 = performance.now();
    stats.ms.events += t0 - t1;
    drawnVersion = store.version;
    drawnTime = t;
    drawnWindow = events.version;
  }
  if (scene.dirty) {
    const t0 = performance.now();
    scene.render();
    stats.ms.render += performance.now() - t0;
    stats.frames++;
  }
  refreshControls();
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
