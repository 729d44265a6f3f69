/**
 * The report's design, checked in a real browser (Debian's Chromium, headless) on real reports:
 * a small training run (point-mass fixture) and `eval drone-forest-v1 --report` (the real
 * scenario: latency, energy, 10 populations), each at 1280 px and at a phone's 390 px, with
 * every collapsible section opened:
 *  - no element is wider than the viewport (scroll width) and the page does not scroll sideways;
 *  - every chart is drawn (a non-empty SVG with marks) and every axis of it has a title;
 *  - the first screen (the top 900 px at 1280) holds the success chart and the comparison table,
 *    the comparison table states units, and no table has a row without a single value;
 *  - the raster names its populations with distinct colours; the weight axes carry a unit; the
 *    drone's path is drawn from above over its trees, with the goal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../launch/cli.js';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { catalog } from '../helpers/pointMassCatalog.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-report-design-'));
const reports = {
  training: join(dir, 'train', 'report.html'),
  evaluation: join(dir, 'eval', 'forest.html'),
} as const;

let browser: Browser | null = null;

beforeAll(async () => {
  if (skipWithoutChromium !== null) return;
  const quiet = { out: () => {}, err: () => {} };
  const train = await runCli(['train', 'point-mass-v0', '--out', join(dir, 'train'), '--episodes', '12', '--seed', '3', '--validate-every', '1', '--eval-episodes', '3'], quiet, catalog);
  if (train !== 0) throw new Error(`train exited with ${train}`);
  const ev = await runCli(['eval', 'drone-forest-v1', '--episodes', '2', '--seed', '1', '--report', reports.evaluation], quiet);
  if (ev !== 0) throw new Error(`eval exited with ${ev}`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Layout {
  readonly viewport: number;
  readonly pageScrollWidth: number;
  readonly tooWide: string[];
  readonly charts: Array<{ readonly plot: string; readonly width: number; readonly marks: number; readonly axes: number; readonly untitledAxes: number; readonly titles: string[] }>;
  readonly emptyRows: string[];
}

/** Opens every <details> and measures the page (runs in the browser; the project has no DOM types). */
async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const doc = (globalThis as any).document;
    for (const d of doc.querySelectorAll('details')) d.open = true;
    const viewport: number = doc.documentElement.clientWidth;
    const tooWide: string[] = [];
    for (const el of doc.querySelectorAll('body *')) {
      // SVG children have no scroll box; their size is the SVG's, checked through its figure.
      if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
      const r = el.getBoundingClientRect();
      const sw = el.scrollWidth ?? 0;
      if (sw > viewport + 1 || r.right > viewport + 1 || r.left < -1) tooWide.push(`${el.tagName.toLowerCase()}.${el.className?.baseVal ?? el.className} scroll ${sw} right ${Math.round(r.right)} > ${viewport}`);
    }
    const charts = [...doc.querySelectorAll('figure.chart')].map((f) => {
      const svg = f.querySelector('svg');
      const axes = [...f.querySelectorAll('g.role-axis')].filter((a) => a.querySelector('.role-axis-domain'));
      const titleOf = (a: { querySelector(s: string): { textContent: string | null } | null }) => (a.querySelector('.role-axis-title')?.textContent ?? '').trim();
      return {
        plot: f.getAttribute('data-plot'),
        width: svg ? svg.getBoundingClientRect().width : 0,
        marks: f.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect, g.role-mark > text').length,
        axes: axes.length,
        untitledAxes: axes.filter((a) => titleOf(a) === '').length,
        titles: [...new Set(axes.map(titleOf))],
      };
    });
    const emptyRows = [...doc.querySelectorAll('tbody tr')]
      .filter((tr) => tr.querySelectorAll('td').length > 1 && [...tr.querySelectorAll('td')].slice(1).every((td) => /^[\s–—-]*$/.test(td.textContent)))
      .map((tr) => tr.textContent.slice(0, 60));
    return { viewport, pageScrollWidth: doc.scrollingElement.scrollWidth, tooWide, charts, emptyRows };
  });
}

describe.each(Object.entries(reports))('%s report design in Chromium', (kind, file) => {
  for (const width of [1280, 390]) {
    it(`${width} px: nothing wider than the viewport, every chart drawn with titled axes, no empty row`, async (ctx) => {
      ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
      const page = await browser!.newPage({ viewport: { width, height: 900 } });
      try {
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        const l = await layout(page);
        expect(l.tooWide).toEqual([]);
        expect(l.pageScrollWidth).toBeLessThanOrEqual(l.viewport);
        expect(l.charts.length).toBeGreaterThanOrEqual(kind === 'training' ? 6 : 7);
        for (const c of l.charts) {
          expect(c.width, `${c.plot} drawn`).toBeGreaterThan(100);
          expect(c.width, `${c.plot} fits`).toBeLessThanOrEqual(l.viewport);
          expect(c.marks, `${c.plot} has marks`).toBeGreaterThan(0);
          expect(c.axes, `${c.plot} has axes`).toBeGreaterThanOrEqual(2);
          expect(c.untitledAxes, `${c.plot}: every axis titled`).toBe(0);
          // Units: a title with a unit in parentheses on some axis of every chart, never a bare 'value'.
          expect(c.titles.some((t) => /\(.+\)/.test(t)), `${c.plot} axis titles ${c.titles.join(' | ')}`).toBe(true);
          expect(c.titles).not.toContain('value');
        }
        expect(l.emptyRows).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('the first screen (1280 × 900) holds the success chart and the comparison table with units', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const success = page.locator('section.first figure[data-plot="success"]');
      const table = page.locator('section.first table.comparison');
      const sb = (await success.boundingBox())!;
      const tb = (await table.boundingBox())!;
      expect(sb.y).toBeLessThan(900);
      expect(sb.y + sb.height).toBeLessThanOrEqual(900);
      expect(tb.y).toBeLessThan(900);
      // The success chart marks: a point and an interval per validation (or per controller).
      const points = await success.locator(kind === 'training' ? 'g.validationSuccess_marks > path' : 'g.controllerSuccess_marks > path').count();
      const intervals = await success.locator(kind === 'training' ? 'g.validationInterval_marks > line' : 'g.controllerInterval_marks > line').count();
      expect(points).toBeGreaterThanOrEqual(kind === 'training' ? 4 : 2);
      expect(intervals).toBe(points);
      const rows = await table.locator('tbody tr td:first-child').allTextContents();
      expect(rows[0]).toBe('success (%, 95 % interval)');
      expect(rows.some((r) => /spikes per control step/.test(r))).toBe(true);
      // Everything but the first screen is collapsible.
      const outside = await page.evaluate(() => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const body = (globalThis as any).document.body;
        return [...body.children].filter((e: { tagName: string; classList: { contains(c: string): boolean } }) => !(e.tagName === 'DETAILS' || e.classList.contains('first'))).map((e: { tagName: string }) => e.tagName);
      });
      expect(outside).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('raster: populations labelled and distinctly coloured; weights: axes with a unit; no chart for all-zero data', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const raster = page.locator('figure[data-plot="raster"]');
      const labels = await raster.locator('g.role-legend-label text').allTextContents();
      expect(labels.length).toBeGreaterThanOrEqual(2);
      for (const l of labels) expect(l).toMatch(/\(\d+ neurons\)$/);
      const colors = await raster.locator('g.role-legend-symbol path').evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke')));
      expect(new Set(colors).size).toBe(labels.length);
      const weightTitles = await page.locator('figure[data-plot="weights"] g.role-axis-title text').allTextContents();
      expect(weightTitles.some((t) => /^weight \(.+\)$/.test(t))).toBe(true);
      expect(weightTitles).toContain('synapses (count)');
      // The drone's path seen from above (the point-mass fixture reports no position: no path).
      const path = page.locator('figure[data-plot="trajectory"]');
      if (kind === 'evaluation') {
        expect(await path.locator('g.episodePath_marks > path').count()).toBe(1);
        expect(await path.locator('g.obstacleOutline_marks > path').count()).toBeGreaterThan(5);
        expect(await path.locator('g.goal_marks > path').count()).toBe(1);
      } else expect(await path.count()).toBe(0);
      // Reward terms that are zero for everyone are named, not drawn.
      const termLabels = await page.locator('figure[data-plot="reward_terms"] g.role-axis-label text').allTextContents();
      const zeroNote = (await page.locator('details#reward-terms p.note').allTextContents()).join(' ');
      for (const z of zeroNote.replace(/^.*\(not drawn\): /, '').replace(/\.$/, '').split(', ').filter((x) => x !== '')) expect(termLabels).not.toContain(z.replace(/_/g, ' '));
    } finally {
      await page.close();
    }
  });
});
