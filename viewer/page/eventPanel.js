// @ts-check
/**
 * The event panel, as an event camera viewer shows a DVS: the events of
 * `/event_camera/events` (event_camera_msgs/msg/EventPacket) accumulated over a sliding window
 * ending at the play head, one cell per sensor pixel, ON events in one colour, OFF in another,
 * both (a pixel that saw both) blended, brighter with more events; the caption states the window
 * (ms) and the counts. It is drawn from (store, play-head time t) like the scene and the raster,
 * so it is synchronised with them, live and in replay.
 *
 * Which events: those of packets received by t (message time ≤ t: what a live page knew at t)
 * whose own time, `time_base + dt` (the upstream convention: "event ros time = time_base +
 * decoded event_time"), lies in (t − window, t]. Encodings: `mono` (one 64-bit word per event:
 * polarity bit 63, y bits 48–62, x bits 32–47, dt bits 0–31 in ns; byte order `is_bigendian`),
 * which spikeloop publishes; a packet in another encoding (evt3, libcaer_cmp need stateful
 * decoders) is counted as not shown, and the caption says so. The server sends `events` as a
 * base64 string (wireValue.ts).
 */
import { seconds } from './store.js';

export const EVENTS_TOPIC = '/event_camera/events';
/** Window lengths offered (ms); the first after the default is what the page starts with. */
export const EVENT_WINDOWS_ms = [10, 20, 50, 100, 200, 500];
export const DEFAULT_EVENT_WINDOW_ms = 50;
/** Colours of ON and OFF events (RGB), and of a pixel without events. */
export const ON_RGB = [255, 176, 0];
export const OFF_RGB = [0, 140, 255];
export const BACKGROUND_RGB = [24, 28, 34];
/** Events at a pixel for full colour (fewer are drawn dimmer). */
const FULL_AT = 3;

/**
 * @typedef {{x: Uint16Array, y: Uint16Array, on: Uint8Array, t_s: Float64Array, n: number} | {error: string}} Decoded
 */

/** @type {WeakMap<object, Decoded>} */
const decodedCache = new WeakMap();

/** A packet's events (cached per message object), or why they cannot be shown. @returns {Decoded} */
export function decodePacket(m) {
  let d = decodedCache.get(m);
  if (d) return d;
  d = decode(m);
  decodedCache.set(m, d);
  return d;
}

function decode(m) {
  if (m?.encoding !== 'mono') return { error: `encoding '${m?.encoding}'` };
  if (typeof m.events !== 'string') return { error: 'no event bytes' };
  const bin = atob(m.events);
  if (bin.length % 8 !== 0) return { error: `${bin.length} bytes, not whole 8-byte events` };
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const le = m.is_bigendian !== true;
  const n = bin.length / 8;
  const base_s = seconds(m.time_base ?? 0);
  const out = { x: new Uint16Array(n), y: new Uint16Array(n), on: new Uint8Array(n), t_s: new Float64Array(n), n };
  for (let i = 0; i < n; i++) {
    const lo = view.getUint32(8 * i + (le ? 0 : 4), le);
    const hi = view.getUint32(8 * i + (le ? 4 : 0), le);
    out.on[i] = hi >>> 31;
    out.y[i] = (hi >>> 16) & 0x7fff;
    out.x[i] = hi & 0xffff;
    out.t_s[i] = base_s + lo / 1e9;
  }
  return out;
}

export class EventPanel {
  /**
   * @param {HTMLElement} figure the panel (hidden while the stream has no event topic)
   * @param {HTMLCanvasElement} canvas one canvas pixel per sensor pixel, scaled by CSS
   * @param {HTMLElement} caption
   * @param {HTMLSelectElement} select the window length (ms)
   */
  constructor(figure, canvas, caption, select) {
    this.figure = figure;
    this.canvas = canvas;
    this.caption = caption;
    this.window_ms = DEFAULT_EVENT_WINDOW_ms;
    /** Bumped when the window changes, so the page redraws. */
    this.version = 0;
    for (const w of EVENT_WINDOWS_ms) {
      const o = document.createElement('option');
      o.value = String(w);
      o.textContent = `${w} ms`;
      o.selected = w === this.window_ms;
      select.append(o);
    }
    select.addEventListener('change', () => {
      this.window_ms = Number(select.value);
      this.version++;
    });
    /** @type {Uint16Array} */
    this.onCount = new Uint16Array(0);
    /** @type {Uint16Array} */
    this.offCount = new Uint16Array(0);
    /**
     * What the last frame drew, for the test API.
     * @type {{t: number, window_ms: number, width: number, height: number, on: number, off: number, packets: number, notShown: number, outside: number} | null}
     */
    this.last = null;
  }

  /**
   * @param {import('./store.js').Store} store
   * @param {number} t
   */
  draw(store, t) {
    const s = store.series(EVENTS_TOPIC);
    const latest = s ? s.at(t) ?? s.messages[0] : null;
    if (!s || !latest) {
      this.figure.hidden = true;
      this.last = null;
      return;
    }
    this.figure.hidden = false;
    const width = Math.max(1, Math.min(4096, latest.width | 0));
    const height = Math.max(1, Math.min(4096, latest.height | 0));
    const n = width * height;
    if (this.onCount.length !== n) {
      this.onCount = new Uint16Array(n);
      this.offCount = new Uint16Array(n);
    } else {
      this.onCount.fill(0);
      this.offCount.fill(0);
    }
    const t0 = t - this.window_ms / 1000;
    let on = 0;
    let off = 0;
    let packets = 0;
    let notShown = 0;
    let outside = 0;
    // Packets received by t, newest first; a packet stamped at or before t0 holds no event after
    // t0 (its events precede its own time), so the scan stops there.
    for (let i = s.indexAt(t); i >= 0 && s.times[i] > t0; i--) {
      const d = decodePacket(s.messages[i]);
      if ('error' in d) {
        notShown++;
        continue;
      }
      packets++;
      for (let k = 0; k < d.n; k++) {
        const te = d.t_s[k];
        if (!(te > t0 && te <= t)) continue;
        const x = d.x[k];
        const y = d.y[k];
        if (x >= width || y >= height) {
          outside++;
          continue;
        }
        if (d.on[k]) {
          this.onCount[y * width + x]++;
          on++;
        } else {
          this.offCount[y * width + x]++;
          off++;
        }
      }
    }
    this.paint(width, height);
    this.last = { t, window_ms: this.window_ms, width, height, on, off, packets, notShown, outside };
    this.caption.textContent = `${width}×${height}, ${this.window_ms} ms window: ${on} ON, ${off} OFF${notShown > 0 ? `; ${notShown} packet(s) in an encoding not shown` : ''}${outside > 0 ? `; ${outside} outside the sensor` : ''}`;
  }

  paint(width, height) {
    const c = this.canvas;
    if (c.width !== width || c.height !== height) {
      c.width = width;
      c.height = height;
    }
    const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    const img = ctx.createImageData(width, height);
    const px = img.data;
    for (let p = 0; p < width * height; p++) {
      const a = Math.min(1, this.onCount[p] / FULL_AT);
      const b = Math.min(1, this.offCount[p] / FULL_AT);
      // Each polarity's colour in proportion to its share, over the background by the larger.
      const sum = a + b;
      const mix = Math.max(a, b);
      for (let ch = 0; ch < 3; ch++) {
        const col = sum > 0 ? (a * ON_RGB[ch] + b * OFF_RGB[ch]) / sum : 0;
        px[4 * p + ch] = Math.round(BACKGROUND_RGB[ch] * (1 - mix) + col * mix);
      }
      px[4 * p + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }
}
