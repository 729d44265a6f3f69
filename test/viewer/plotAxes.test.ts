/**
 * The viewer's plots (issue 17): in headless Chromium on a drone-forest-v1 and an arm-reach-v1
 * replay, every plot (the raster and the line plots) has a time axis whose tick labels are
 * seconds since the recording's start, evenly spaced and covering the window shown, and a y axis
 * in the unit of its series; a cursor is drawn at the play head (its x is the play head's time
 * on that axis, and the cursor's colour is in the screenshot there), and it moves when the play
 * head is moved through the test API and while playing; no label is cut (every population's full
 * name is in the legends' text and the raster's labels, which fit their column, no legend
 * overflows). And `spikeloop view` (the built CLI) with no display prints the URL and says on
 * stderr that the browser could not be opened and to open the URL by hand.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readMcapMessages } from '../../bridges/recording/mcapReader.js';
import { runCli } from '../../launch/cli.js';
import type { CliIo } from '../../launch/cliIo.js';
import { viewCommand } from '../../launch/commands/view.js';
import { noDisplayReason } from '../../viewer/server/openBrowser.js';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { afterAnimationFrames, openViewer, shotOf } from './viewerPage.js';

/** viewer/page/axes.js CURSOR_COLOR, #d81b60. */
const isCursor = (r: number, g: number, b: number) => Math.abs(r - 0xd8) < 30 && Math.abs(g - 0x1b) < 30 && Math.abs(b - 0x60) < 30;

interface Tick {
  value: number;
  label: string;
  x: number;
}
interface PlotLayout {
  id: string;
  title: string;
  legend: string[];
  box: { x: number; y: number; w: number; h: number };
  window: { t0: number; t1: number };
  cursor: { t: number; x: number | null };
  xUnit: string;
  yUnit: string;
  xTicks: Tick[];
  yTicks: { value: number; label: string; y: number }[];
  labels?: { text: string; width: number; fits: boolean }[];
}
interface Api {
  time_s: number;
  start_s: number;
  end_s: number;
  playing: boolean;
  complete: boolean;
  plots: PlotLayout[];
  seek(t: number): void;
}
/** The page's globals used below (the tests compile without the DOM library). */
interface G {
  spikeloopViewer: Api;
  document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null; scrollWidth: number; clientWidth: number; title: string; id: string }> ; getElementById(id: string): { title: string; click(): void } | null };
}
const g = () => globalThis as unknown as G;

let browser: Browser | null = null;
const dir = mkdtempSync(join(tmpdir(), 'spikeloop-axes-'));
const file = join(dir, 'forest.mcap');
const armFile = join(dir, 'arm.mcap');
let recorded = false;
beforeAll(async () => {
  const quiet = { out: () => {}, err: () => {} };
  const code = await runCli(['run', 'drone-forest-v1', '--seed', '0', '--record', file, '--json'], quiet);
  const armCode = await runCli(['run', 'arm-reach-v1', '--seed', '1', '--record', armFile, '--json'], quiet);
  recorded = code === 0 && armCode === 0;
  if (skipWithoutChromium === null) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `spikeloop view <f>` in-process and a page on it, loaded in full and paused; close() stops both. */
async function openView(f: string) {
  let gotUrl: (u: string) => void = () => {};
  const url = new Promise<string>((r) => (gotUrl = r));
  let out = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
      const m = /viewer: (http:\/\/\S+)/.exec(out);
      if (m) gotUrl(m[1]!);
    },
    err: () => {},
  };
  const stop = new AbortController();
  const serving = viewCommand(f, { port: 0, host: '127.0.0.1', open: false }, io, stop.signal);
  const w = await openViewer(browser!, await url);
  await w.page.waitForFunction(() => (globalThis as unknown as G).spikeloopViewer.complete);
  return {
    w,
    async close() {
      stop.abort();
      await serving;
      await w.page.close();
    },
  };
}

/** Moves the play head (paused) to `t` through the test API and waits for it to be drawn. */
async function seek(page: Page, t: number): Promise<{ time_s: number; start_s: number; plots: PlotLayout[] }> {
  await page.evaluate((t) => (globalThis as unknown as G).spikeloopViewer.seek(t), t);
  await afterAnimationFrames(page, 3);
  return page.evaluate(() => {
    const v = (globalThis as unknown as G).spikeloopViewer;
    return { time_s: v.time_s, start_s: v.start_s, plots: v.plots };
  });
}

/** The canvas element of a plot in the test API's list. */
const canvasOf = (id: string) => `#${id}`;

/** Every check of one plot's axes and cursor at play-head time `rel` (seconds since the start). */
function checkAxes(p: PlotLayout, rel: number, width: number) {
  const what = `${p.id} at t = ${rel.toFixed(3)} s`;
  expect(p.xUnit, what).toBe('s');
  expect(p.window.t1 - p.window.t0, what).toBeCloseTo(width, 9);
  // Time labels: numbers equal to their tick values, evenly spaced, inside the window and covering it.
  const ticks = p.xTicks;
  expect(ticks.length, what).toBeGreaterThanOrEqual(3);
  for (const tk of ticks) {
    expect(tk.label, what).toMatch(/^-?\d+(\.\d+)?$/);
    expect(Number(tk.label), what).toBeCloseTo(tk.value, 9);
    expect(tk.value, what).toBeGreaterThanOrEqual(p.window.t0 - 1e-9);
    expect(tk.value, what).toBeLessThanOrEqual(p.window.t1 + 1e-9);
    expect(tk.x, what).toBeCloseTo(p.box.x + ((tk.value - p.window.t0) / (p.window.t1 - p.window.t0)) * p.box.w, 6);
  }
  const step = ticks[1]!.value - ticks[0]!.value;
  expect(step, what).toBeGreaterThan(0);
  for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.value - ticks[i - 1]!.value, what).toBeCloseTo(step, 9);
  expect(ticks[0]!.value - p.window.t0, what).toBeLessThan(step + 1e-9);
  expect(p.window.t1 - ticks.at(-1)!.value, what).toBeLessThan(step + 1e-9);
  // The cursor: at the play head's time on this axis.
  expect(p.cursor.t, what).toBeCloseTo(rel, 9);
  expect(p.cursor.t, what).toBeGreaterThanOrEqual(p.window.t0 - 1e-9);
  expect(p.cursor.t, what).toBeLessThanOrEqual(p.window.t1 + 1e-9);
  expect(p.cursor.x, what).not.toBeNull();
  expect(p.cursor.x!, what).toBeCloseTo(p.box.x + ((rel - p.window.t0) / (p.window.t1 - p.window.t0)) * p.box.w, 6);
}

/** Pixels of the cursor's colour in the column at x (±1 px) over the plot area of canvas `id`. */
async function cursorPixels(page: Page, id: string, p: PlotLayout): Promise<number> {
  await page.locator(canvasOf(id)).scrollIntoViewIfNeeded();
  const { img } = await shotOf(page, canvasOf(id));
  expect(img.height, `${id} screenshot holds the plot area`).toBeGreaterThanOrEqual(Math.floor(p.box.y + p.box.h));
  let n = 0;
  for (let y = Math.ceil(p.box.y) + 1; y < Math.floor(p.box.y + p.box.h) - 1; y++) {
    let hit = false;
    for (let x = Math.round(p.cursor.x!) - 1; x <= Math.round(p.cursor.x!) + 1; x++) {
      const o = (y * img.width + x) * 4;
      if (isCursor(img.data[o]!, img.data[o + 1]!, img.data[o + 2]!)) hit = true;
    }
    if (hit) n++;
  }
  return n;
}

describe('viewer plots: time axes, units, play-head cursor, full labels', () => {
  it('drone-forest-v1 replay: every plot has a time axis in s over its window, a y axis in its unit, the cursor at the play head as it is moved and plays, and no label cut', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    expect(recorded).toBe(true);
    const all = await readMcapMessages(file);
    const populations = [...new Set(all.map((m) => m.topic).filter((t) => t.startsWith('/spikeloop/spikes/')))].map((t) => t.slice('/spikeloop/spikes/'.length)).sort();
    expect(populations.length).toBeGreaterThan(3);
    const view = await openView(file);
    const { page } = view.w;
    const { start_s, end_s } = await page.evaluate(() => {
      const v = (globalThis as unknown as G).spikeloopViewer;
      return { start_s: v.start_s, end_s: v.end_s };
    });
    const units: Record<string, string> = { raster: 'neuron', rates: 'Hz', reward: 'dimensionless', velocity: 'm/s', yaw: 'rad/s' };
    const widths: Record<string, number> = { raster: 2, rates: 10, reward: 10, velocity: 10, yaw: 10 };

    const cursorX = new Map<string, number[]>();
    const windows = new Map<string, number[]>();
    for (const frac of [0.04, 0.5, 0.99]) {
      const s = await seek(page, start_s + frac * (end_s - start_s));
      const rel = s.time_s - s.start_s;
      expect(rel).toBeCloseTo(frac * (end_s - start_s), 9);
      expect(s.plots.map((p) => p.id)).toEqual(['raster', 'rates', 'reward', 'velocity', 'yaw']);
      for (const p of s.plots) {
        checkAxes(p, rel, widths[p.id]!);
        expect(p.yUnit, p.id).toBe(units[p.id]);
        if (p.id !== 'raster') {
          // y ticks: numbers, at least two, and the unit in the title.
          expect(p.yTicks.length, p.id).toBeGreaterThanOrEqual(2);
          for (const tk of p.yTicks) expect(Number(tk.label), `${p.id} y label ${tk.label}`).toBeCloseTo(tk.value, 6);
          expect(p.title, p.id).toContain(`(${units[p.id]})`);
        }
        // The cursor is drawn: its colour over most of the plot's height at its x.
        expect(await cursorPixels(page, p.id, p), `${p.id} cursor pixels at x ${p.cursor.x}`).toBeGreaterThan(0.8 * (p.box.h - 2));
        cursorX.set(p.id, [...(cursorX.get(p.id) ?? []), p.cursor.x!]);
        windows.set(p.id, [...(windows.get(p.id) ?? []), p.window.t0]);
      }
    }
    // Moving the play head moves the cursor (early in the recording the window stands still and
    // the cursor crosses it) and, later, the window.
    for (const [id, xs] of cursorX) {
      expect(xs[1]!, id).toBeGreaterThan(xs[0]! + 5);
      expect(xs[2]!, id).toBeGreaterThan(xs[1]! + 1);
      const w = windows.get(id)!;
      expect(w[1]!, id).toBeGreaterThan(w[0]!);
    }

    // Playing moves it too.
    const s0 = await seek(page, start_s + 0.5);
    await page.evaluate(() => (globalThis as unknown as G).document.getElementById('play')!.click());
    await page.waitForFunction((t) => (globalThis as unknown as G).spikeloopViewer.time_s > t + 0.3, s0.time_s);
    const s1 = await seek(page, await page.evaluate(() => (globalThis as unknown as G).spikeloopViewer.time_s));
    for (const id of ['raster', 'rates']) {
      const before = s0.plots.find((p) => p.id === id)!;
      const after = s1.plots.find((p) => p.id === id)!;
      checkAxes(after, s1.time_s - s1.start_s, widths[id]!);
      expect(after.cursor.x!, id).toBeGreaterThan(before.cursor.x!);
    }

    // Labels: each population's full name in the firing-rate legend (DOM text) and in the
    // raster's labels, which fit their column; its tooltip lists them; no legend overflows.
    const rates = s1.plots.find((p) => p.id === 'rates')!;
    expect([...rates.legend].sort()).toEqual(populations);
    const raster = s1.plots.find((p) => p.id === 'raster')!;
    expect(raster.labels!.map((l) => l.text.replace(/ \(\d+\)$/, '')).sort()).toEqual(populations);
    for (const l of raster.labels!) expect(l.fits, `raster label '${l.text}' (${l.width} px)`).toBe(true);
    const dom = await page.evaluate(() => {
      const d = (globalThis as unknown as G).document;
      return {
        heads: [...Array.from(d.querySelectorAll('.plot-head'))].map((e) => ({ text: e.textContent ?? '', scroll: e.scrollWidth, client: e.clientWidth })),
        keys: [...Array.from(d.querySelectorAll('.plot-head .key'))].map((e) => ({ text: e.textContent ?? '', scroll: e.scrollWidth, client: e.clientWidth, title: e.title })),
        rasterTitle: d.getElementById('raster')!.title,
      };
    });
    expect(dom.heads.length).toBe(4);
    for (const h of dom.heads) expect(h.scroll, `header '${h.text}'`).toBeLessThanOrEqual(h.client);
    for (const k of dom.keys) {
      expect(k.scroll, `legend entry '${k.text}'`).toBeLessThanOrEqual(k.client);
      expect(k.title.length, `legend entry '${k.text}' has a tooltip`).toBeGreaterThan(k.text.length);
    }
    for (const name of populations) {
      expect(dom.rasterTitle).toContain(`${name} (`);
      expect(dom.heads.some((h) => h.text.includes(name))).toBe(true);
    }
    expect(view.w.errors).toEqual([]);
    expect(view.w.foreign).toEqual([]);
    await view.close();
  });

  it('arm-reach-v1 replay: joint velocity in rad/s and effort in N·m, with time axes and the cursor', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    expect(recorded).toBe(true);
    const view = await openView(armFile);
    const { page } = view.w;
    const span = await page.evaluate(() => {
      const v = (globalThis as unknown as G).spikeloopViewer;
      return { start_s: v.start_s, end_s: v.end_s };
    });
    const s = await seek(page, span.start_s + 0.5 * (span.end_s - span.start_s));
    const byId = new Map(s.plots.map((p) => [p.id, p]));
    expect(byId.get('velocity')!.yUnit).toBe('rad/s');
    expect(byId.get('velocity')!.title).toContain('joint velocity');
    expect(byId.get('yaw')!.yUnit).toBe('N·m');
    expect(byId.get('yaw')!.title).toContain('joint effort');
    for (const p of s.plots) checkAxes(p, s.time_s - s.start_s, p.id === 'raster' ? 2 : 10);
    expect(byId.get('velocity')!.legend.length).toBeGreaterThan(0);
    expect(view.w.errors).toEqual([]);
    await view.close();
  });
});

describe('spikeloop view with no display', () => {
  it('says why no display is found, on X11/Wayland systems only', () => {
    expect(noDisplayReason({}, 'linux', '6.1.0')).toMatch(/DISPLAY/);
    expect(noDisplayReason({ DISPLAY: ':0' }, 'linux', '6.1.0')).toBeNull();
    expect(noDisplayReason({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', '6.1.0')).toBeNull();
    expect(noDisplayReason({}, 'linux', '5.15.0-microsoft-standard-WSL2')).toBeNull();
    expect(noDisplayReason({}, 'darwin', '23.0.0')).toBeNull();
    expect(noDisplayReason({}, 'win32', '10.0')).toBeNull();
  });

  it('the built CLI prints the URL and says on stderr that the browser could not be opened and to open the URL by hand', async (ctx) => {
    // Elsewhere (macOS, Windows, WSL) a browser needs no DISPLAY, so one would open.
    ctx.skip(noDisplayReason({}) === null, 'a browser opens here without DISPLAY (not an X11/Wayland system)');
    expect(recorded).toBe(true);
    expect(ensureBuilt()).toBe(true);
    const env = { ...process.env };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const child = spawn(process.execPath, ['bin/spikeloop.js', 'view', file, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (/viewer: http:\/\/127\.0\.0\.1:\d+\//.test(out) && /could not be opened/.test(err) && /replaying/.test(out)) resolve();
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.on('exit', (code) => reject(new Error(`view exited (${code}) early; stdout: ${out}; stderr: ${err}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    await exited;
    const url = /viewer: (http:\/\/\S+)/.exec(out)![1]!;
    expect(err).toContain(`the browser could not be opened (no display: neither DISPLAY nor WAYLAND_DISPLAY is set); open ${url} in a browser by hand`);
  });
});
