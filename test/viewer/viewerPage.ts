/**
 * Test helper: a viewer page in headless Chromium, watched for console errors, page errors and
 * requests to anything but the viewer's own server, with its state read through
 * `window.spikeloopViewer` and its pixels through screenshots decoded in Node (png.ts).
 */
import type { Browser, Page } from 'playwright-core';
import type { Rgba } from './png.js';
import { decodePng, findPixels } from './png.js';

export interface WatchedPage {
  readonly page: Page;
  /** Console messages of type 'error' and uncaught page errors. */
  readonly errors: string[];
  /** URLs of requests (and WebSockets) that did not go to the viewer's server. */
  readonly foreign: string[];
  /** Every request URL. */
  readonly requests: string[];
}

/** A new page (1100×720) on `url`, watched from the first request on. */
export async function openViewer(browser: Browser, url: string): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const origin = new URL(url);
  const w: WatchedPage = { page, errors: [], foreign: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('request', (r) => {
    w.requests.push(r.url());
    if (new URL(r.url()).origin !== origin.origin) w.foreign.push(r.url());
  });
  page.on('websocket', (ws) => {
    const u = new URL(ws.url());
    if (u.host !== origin.host || u.protocol !== 'ws:') w.foreign.push(ws.url());
  });
  await page.goto(url);
  return w;
}

/** What the tests read of the page at one moment. */
export interface ViewerState {
  readonly time_s: number;
  readonly start_s: number;
  readonly end_s: number;
  readonly frames: number;
  readonly messages: number;
  readonly complete: boolean;
  readonly playing: boolean;
  readonly dronePosition: [number, number, number] | null;
  readonly toolPosition: [number, number, number] | null;
  readonly camera: { projection: number[]; view: number[]; viewport: { x: number; y: number; width: number; height: number } };
  readonly spikes: { received: number; drawn: number };
  readonly lidarHits: number;
  readonly trailPoints: number;
  readonly markers: number;
  readonly timings: Record<string, number>;
}

export function viewerState(page: Page): Promise<ViewerState> {
  return page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const v = (globalThis as any).spikeloopViewer;
    return {
      time_s: v.time_s,
      start_s: v.start_s,
      end_s: v.end_s,
      frames: v.frames,
      messages: v.messages,
      complete: v.complete,
      playing: v.playing,
      dronePosition: v.dronePosition,
      toolPosition: v.toolPosition,
      camera: v.camera,
      spikes: v.spikes,
      lidarHits: v.lidarHits,
      trailPoints: v.trailPoints,
      markers: v.markers,
      timings: v.timings,
    };
  });
}

/** The few browser globals the page functions below use (the tests compile without the DOM library). */
interface PageGlobals {
  document: { getElementById(id: string): { value: string; max: string; dispatchEvent(e: unknown): boolean } | null };
  Event: new (type: string) => unknown;
  requestAnimationFrame(cb: () => void): number;
  spikeloopViewer: { start_s: number; end_s: number };
}

/** Waits for `n` animation frames of the page (its draw loop runs once per animation frame). */
export function afterAnimationFrames(page: Page, n = 2): Promise<void> {
  return page.evaluate(async (k) => {
    const g = globalThis as unknown as PageGlobals;
    for (let i = 0; i < k; i++) await new Promise<void>((r) => g.requestAnimationFrame(() => r()));
  }, n);
}

/**
 * Moves the timeline slider as a user would (value, then input and change events): to slider
 * value `value` (0…max) or, with `t_s`, to the value nearest that time. Waits two frames.
 */
export async function scrub(page: Page, to: { value: number } | { t_s: number }): Promise<void> {
  await page.evaluate((to) => {
    const g = globalThis as unknown as PageGlobals;
    const el = g.document.getElementById('timeline')!;
    const v = g.spikeloopViewer;
    el.value = String('value' in to ? to.value : Math.round(((to.t_s - v.start_s) / (v.end_s - v.start_s)) * Number(el.max)));
    el.dispatchEvent(new g.Event('input'));
    el.dispatchEvent(new g.Event('change'));
  }, to);
  await afterAnimationFrames(page);
}

/** Waits until the page has drawn `n` more frames (it draws only when something changed). */
export async function nextFrames(page: Page, n = 2): Promise<void> {
  const f0 = (await viewerState(page)).frames;
  await page.waitForFunction((f) => (globalThis as unknown as { spikeloopViewer: { frames: number } }).spikeloopViewer.frames >= f, f0 + n);
}

/**
 * Projects the fixed-frame point p with a camera read from the page, in Node: clip = P·V·p
 * (column-major 4×4 matrices, as three.js stores them), NDC = clip / w, then onto the canvas box.
 */
export function projectWith(camera: ViewerState['camera'], p: readonly number[]): { x: number; y: number } {
  const mul = (m: number[], v: number[]) => [0, 1, 2, 3].map((r) => m[r]! * v[0]! + m[4 + r]! * v[1]! + m[8 + r]! * v[2]! + m[12 + r]! * v[3]!);
  const clip = mul(camera.projection, mul(camera.view, [p[0]!, p[1]!, p[2]!, 1]));
  const [nx, ny] = [clip[0]! / clip[3]!, clip[1]! / clip[3]!];
  const vp = camera.viewport;
  return { x: vp.x + ((nx + 1) / 2) * vp.width, y: vp.y + ((1 - ny) / 2) * vp.height };
}

/** A screenshot of the element `selector`, decoded, with the element's page offset. */
export async function shotOf(page: Page, selector: string): Promise<{ img: Rgba; x: number; y: number }> {
  const box = (await page.locator(selector).boundingBox())!;
  const png = await page.screenshot({ clip: box });
  return { img: decodePng(png), x: box.x, y: box.y };
}

/** The drone body's colour (droneModel.js DRONE_BODY_COLOR, #ff00ff, unlit), allowing for antialiased edges. */
export const isDroneMagenta = (r: number, g: number, b: number): boolean => r > 200 && b > 200 && g < 90;

/** Centroid (page coordinates) and pixel count of the drone body in the 3D view. */
export async function droneOnScreen(page: Page): Promise<{ count: number; x: number; y: number }> {
  const { img, x, y } = await shotOf(page, '#view3d');
  const f = findPixels(img, isDroneMagenta);
  return { count: f.count, x: x + f.x, y: y + f.y };
}
