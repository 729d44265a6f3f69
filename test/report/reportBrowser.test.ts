/**
 * The training report opened from disk in a real browser (Debian's Chromium, headless): the
 * learning curve shows one point per episode trained and one per validation, nothing is logged
 * as an error, nothing but the file itself is requested, and every exported PNG decodes (in the
 * browser's own decoder) to a non-blank image of twice its SVG's size.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { runCli } from '../../launch/cli.js';
import { parseCurveCsv } from '../../experiments/curveCsv.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { HISTOGRAM_BINS } from '../../experiments/report/weightHistogramSpec.js';
import { PNG_SCALE } from '../../experiments/report/writeReport.js';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { catalog } from '../helpers/pointMassCatalog.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-report-browser-'));
const out = join(dir, 'run');
const reportUrl = pathToFileURL(join(out, 'report.html')).href;

/** The page's image decoding (createImageBitmap, OffscreenCanvas 2D), as far as the test uses it. */
interface BrowserImaging {
  createImageBitmap(blob: Blob): Promise<{ readonly width: number; readonly height: number }>;
  OffscreenCanvas: new (
    width: number,
    height: number,
  ) => {
    getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { readonly data: Uint8ClampedArray } } | null;
  };
}

let browser: Browser | null = null;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (skipWithoutChromium !== null) return;
  const code = await runCli(['train', 'point-mass-v0', '--out', out, '--episodes', '12', '--seed', '3', '--validate-every', '1', '--eval-episodes', '3'], { out: () => {}, err: () => {} }, catalog);
  if (code !== 0) throw new Error(`train exited with ${code}`);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(reportUrl, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('report.html in Chromium', () => {
  it('the learning curve has one point per episode trained and one per validation', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    const episodes = parseCurveCsv(readFileSync(join(out, 'curve.csv'), 'utf8')).length;
    const validations = trainingStateOf(readControllerFile(join(out, 'last.json')), 'last.json').validation.length;
    expect(episodes).toBe(12);
    expect(validations).toBe(4);
    const chart = page.locator('figure[data-plot="learning_curve"]');
    expect(await chart.locator('g.trainingReturn_marks > path').count()).toBe(episodes);
    expect(await chart.locator('g.validationReturn_marks > path').count()).toBe(validations);
    expect(await chart.locator('g.validationSuccess_marks > path').count()).toBe(validations);
    // The points are laid out: distinct x positions, inside the drawn chart.
    const xs = await chart.locator('g.trainingReturn_marks > path').evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect().x));
    expect(new Set(xs.map((x) => Math.round(x))).size).toBe(episodes);
    const box = (await chart.locator('svg').boundingBox())!;
    for (const x of xs) expect(x >= box.x && x <= box.x + box.width).toBe(true);
  });

  it('weights and raster are drawn: 2 × 30 bars per learned array, a spike per rule', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    expect(await page.locator('figure[data-plot="weights"] g.weightBars_marks > path').count()).toBe(2 * HISTOGRAM_BINS);
    const spikes = await page.locator('figure[data-plot="raster"] g.spikes_marks > line').count();
    const subtitle = await page.locator('figure[data-plot="raster"] svg').textContent();
    expect(subtitle).toMatch(new RegExp(`all ${spikes} spikes of the episode|${spikes} of \\d+ spikes`));
    expect(spikes).toBeGreaterThan(100);
  });

  it('no console errors and no request but the file itself', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });

  it('every exported PNG decodes to a non-blank image at twice its SVG size', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    const names = await page.locator('figure.chart').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-plot')!));
    // Page order of the issue-17 design: the success chart first, the training episodes last.
    expect(names[0]).toBe('success');
    expect(names.at(-1)).toBe('learning_curve');
    for (const n of ['distributions', 'raster', 'population_rates', 'weights']) expect(names).toContain(n);
    // A blank page of its own: the decoding requests nothing over the network.
    const p = await browser!.newPage();
    try {
      for (const name of names) {
        const svg = readFileSync(join(out, 'plots', `${name}.svg`), 'utf8');
        const m = /^<svg[^>]*\swidth="([\d.]+)"\s+height="([\d.]+)"/.exec(svg)!;
        const b64 = readFileSync(join(out, 'plots', `${name}.png`)).toString('base64');
        const img = await p.evaluate(async (data) => {
          // Runs in the page; the project compiles without the DOM library, so its few globals are typed here.
          const web = globalThis as unknown as BrowserImaging;
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const bitmap = await web.createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new web.OffscreenCanvas(bitmap.width, bitmap.height);
          const g = canvas.getContext('2d')!;
          g.drawImage(bitmap, 0, 0);
          const px = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
          let ink = 0;
          let dark = 0;
          for (let i = 0; i < px.length; i += 4) {
            const lum = (px[i]! + px[i + 1]! + px[i + 2]!) / 3;
            if (lum < 250) ink++;
            if (lum < 80) dark++; // axis labels and titles are near-black text
          }
          return { width: bitmap.width, height: bitmap.height, ink, dark, pixels: px.length / 4 };
        }, b64);
        expect({ name, width: img.width, height: img.height }).toEqual({ name, width: Math.round(PNG_SCALE * Number(m[1])), height: Math.round(PNG_SCALE * Number(m[2])) });
        // Not blank: marks, axes and text cover a real part of the image.
        expect(img.ink / img.pixels, name).toBeGreaterThan(0.01);
        expect(img.dark, `${name}: no dark text pixels (is a font installed for resvg?)`).toBeGreaterThan(500);
      }
    } finally {
      await p.close();
    }
  });
});
