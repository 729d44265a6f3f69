/**
 * `spikeloop run drone-forest-v1 --view` in headless Chromium: the page gets the live episode,
 * draws it (not blank), the drone moves on screen where its streamed pose projects, the raster
 * fills with spikes as they arrive; the paced, streamed episode is the same episode as the plain
 * run (same return, steps and metrics); no console errors, no request but to the viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CliIo } from '../../launch/cliIo.js';
import { runCommand } from '../../launch/commands/run.js';
import { startLiveViewer } from '../../viewer/server/startLiveViewer.js';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { distinctColours, findPixels } from './png.js';
import { droneOnScreen, openViewer, scrub, projectWith, shotOf, viewerState } from './viewerPage.js';

/** Simulated seconds per wall second: the 32 s episode takes about 4 s. */
const SPEED = 8;
/** The page's background (scene3d.js setClearColor). */
const CLEAR = [0xee, 0xf2, 0xf6];
/** Largest distance (px) between the drone body's pixel centroid and its projected pose. */
const PIXEL_TOLERANCE = 2;

let browser: Browser | null = null;
beforeAll(async () => {
  if (skipWithoutChromium === null) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('run --view (live)', () => {
  it('streams the episode to the page: drawn, moving where its pose projects, raster filling, same episode as the plain run', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    let out = '';
    let err = '';
    let gotUrl: (u: string) => void = () => {};
    const url = new Promise<string>((r) => (gotUrl = r));
    const io: CliIo = {
      out: (t) => void (out += t),
      err: (t) => {
        err += t;
        const m = /viewer: (http:\/\/\S+)/.exec(err);
        if (m) gotUrl(m[1]!);
      },
    };
    const run = runCommand('drone-forest-v1', { seed: 0, json: true, view: true, port: 0, host: '127.0.0.1', open: false, viewSpeed: SPEED, viewExit: true }, io);
    const base = await url;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const w = await openViewer(browser!, base);
    const { page } = w;
    type V = { spikeloopViewer: { time_s: number; frames: number; dronePosition: unknown } };
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as V).spikeloopViewer;
      return v.dronePosition !== null && v.time_s >= 3 && v.frames >= 3;
    });

    // Live: the play head follows the stream; time goes on, the drone moves on screen, spikes keep coming.
    const s1 = await viewerState(page);
    await page.waitForFunction((t) => (globalThis as unknown as V).spikeloopViewer.time_s >= t, s1.time_s + 4);
    const s2 = await viewerState(page);
    expect(s1.playing && s2.playing).toBe(true);
    expect(s2.camera).toEqual(s1.camera); // the camera stays put (follow camera off)
    const p1 = projectWith(s1.camera, s1.dronePosition!);
    const p2 = projectWith(s2.camera, s2.dronePosition!);
    expect(Math.hypot(p2.x - p1.x, p2.y - p1.y)).toBeGreaterThan(30);
    expect(s1.spikes.drawn).toBeGreaterThan(0);
    expect(s2.spikes.received).toBeGreaterThan(s1.spikes.received);
    // Following the live edge, every plot's cursor is at the newest time: at the right edge of its
    // window once a window's length has streamed (before that the window starts at 0).
    type P = { id: string; window: { t0: number; t1: number }; cursor: { t: number; x: number | null }; box: { x: number; w: number } };
    const edge = await page.evaluate(() => {
      const v = (globalThis as unknown as { spikeloopViewer: { time_s: number; start_s: number; plots: P[] } }).spikeloopViewer;
      return { t: v.time_s - v.start_s, plots: v.plots };
    });
    expect(edge.plots.length).toBe(5);
    for (const p of edge.plots) {
      expect(p.cursor.t, p.id).toBeCloseTo(edge.t, 9);
      const width = p.window.t1 - p.window.t0;
      if (edge.t >= width) {
        expect(p.window.t1, p.id).toBeCloseTo(edge.t, 9);
        expect(p.cursor.x!, p.id).toBeCloseTo(p.box.x + p.box.w, 6);
      } else expect(p.window.t0, p.id).toBe(0);
    }

    // Pixels: paused and taken back to two early times of what streamed in (before the forest,
    // where no tree hides the drone), the drone's body is drawn where its pose projects.
    await page.click('#play');
    const at = async (t: number) => {
      await scrub(page, { t_s: t });
      return { s: await viewerState(page), px: await droneOnScreen(page), view: await shotOf(page, '#view3d'), raster: await shotOf(page, '#raster') };
    };
    const a = await at(0.5);
    const b = await at(2.5);
    expect(b.s.playing).toBe(false);
    for (const { s, px, view } of [a, b]) {
      // Not blank: many colours, and most pixels are not the background.
      expect(distinctColours(view.img)).toBeGreaterThan(200);
      const bg = findPixels(view.img, (r, g, bl) => Math.abs(r - CLEAR[0]!) + Math.abs(g - CLEAR[1]!) + Math.abs(bl - CLEAR[2]!) <= 6).count;
      expect(bg / (view.img.width * view.img.height)).toBeLessThan(0.9);
      const p = projectWith(s.camera, s.dronePosition!);
      expect(px.count).toBeGreaterThan(20);
      expect(Math.hypot(px.x - p.x, px.y - p.y)).toBeLessThan(PIXEL_TOLERANCE);
    }
    const pa = projectWith(a.s.camera, a.s.dronePosition!);
    const pb = projectWith(b.s.camera, b.s.dronePosition!);
    expect(Math.hypot(pb.x - pa.x, pb.y - pa.y)).toBeGreaterThan(10);
    // The raster holds coloured marks.
    const marks = findPixels(b.raster.img, (r, g, bl) => Math.max(r, g, bl) - Math.min(r, g, bl) > 60).count;
    expect(marks).toBeGreaterThan(200);

    const report = await run;
    expect(err).toContain('waiting for a page to connect');
    expect(JSON.parse(out)).toEqual(report); // stdout holds only the --json report
    // The paced, streamed episode is the plain run's episode.
    const plain = await runCommand('drone-forest-v1', { seed: 0, json: true }, { out: () => {}, err: () => {} });
    expect(report.steps).toBe(plain.steps);
    expect(report.return).toBe(plain.return);
    expect(report.metrics).toEqual(plain.metrics);
    // The page got the whole episode (its last message is the end event at the final time).
    await page.waitForFunction((d) => Math.abs((globalThis as unknown as { spikeloopViewer: { end_s: number } }).spikeloopViewer.end_s - d) < 1e-9, report.duration_s);
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    await page.close();
  });

  it('a new episode replaces the last one on the page; a page opened late gets the latched scene and the episode so far', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    const viewer = await startLiveViewer({ source: 'two episodes' });
    const { sink } = viewer;
    sink.channel('/spikeloop/episode', 'std_msgs/msg/String');
    sink.channel('/spikeloop/scene', 'visualization_msgs/msg/MarkerArray');
    sink.channel('/odom', 'nav_msgs/msg/Odometry');
    const ms = (k: number) => BigInt(k) * 100_000_000n; // k × 0.1 s
    const cube = (id: number) => ({ header: { frame_id: 'odom' }, ns: 'obstacles', id, type: 1, action: 0, pose: { position: { x: id, y: 2, z: 0.5 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, scale: { x: 0.5, y: 0.5, z: 1 }, color: { r: 0.5, g: 0.4, b: 0.3, a: 1 } });
    const episode = (markers: number, steps: number, dx: number) => {
      sink.write('/spikeloop/episode', 0n, { data: JSON.stringify({ scenario: 'synthetic', seed: 0, episode: 0, event: 'start' }) });
      sink.write('/spikeloop/scene', 0n, { markers: Array.from({ length: markers }, (_, i) => cube(i)) });
      for (let k = 0; k < steps; k++) {
        sink.write('/odom', ms(k), { header: { frame_id: 'odom' }, child_frame_id: 'base_link', pose: { pose: { position: { x: dx * k, y: 0, z: 1 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } }, twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } } } });
      }
    };
    type V = { spikeloopViewer: { trailPoints: number; markers: number; end_s: number; start_s: number } };
    const settled = (p: import('playwright-core').Page, trail: number, markers: number, end: number) =>
      p.waitForFunction(
        ([trail, markers, end]) => {
          const v = (globalThis as unknown as V).spikeloopViewer;
          return v.trailPoints === trail && v.markers === markers && Math.abs(v.end_s - end) < 1e-9 && v.start_s === 0;
        },
        [trail, markers, end] as const,
      );
    try {
      const first = await openViewer(browser!, viewer.url);
      episode(3, 10, 0.2);
      await settled(first.page, 10, 3, 0.9);
      episode(1, 5, -0.3); // time starts again at 0
      await settled(first.page, 5, 1, 0.4);
      const s = await viewerState(first.page);
      // The drone is at the new episode's last pose (x = 4 × −0.3 m), not the old one's (9 × 0.2 m).
      expect(s.dronePosition![0]).toBeCloseTo(-0.3 * 4, 9);
      expect(s.dronePosition!.slice(1)).toEqual([0, 1]);
      const late = await openViewer(browser!, viewer.url);
      await settled(late.page, 5, 1, 0.4);
      expect((await viewerState(late.page)).messages).toBe(2 + 5); // latched start + scene, then the history
      for (const w of [first, late]) {
        expect(w.errors).toEqual([]);
        expect(w.foreign).toEqual([]);
        await w.page.close();
      }
    } finally {
      await viewer.close();
    }
  });
});
