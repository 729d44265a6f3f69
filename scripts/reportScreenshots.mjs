#!/usr/bin/env node
/**
 * Regenerates docs/report.png (the first screen of a training report, 1280 px wide),
 * docs/report-raster.png (its spike raster section) and docs/report-path.png (the top view of
 * the raster episode's path) from a small seeded run:
 *
 *   npm run docs:screenshots            # builds first (dist/), then trains and shoots
 *   node scripts/reportScreenshots.mjs [--out <dir>] [--report <report.html>]
 *
 * The run: drone-forest-v1, seed 1, 8 training episodes, 4-episode validations after every
 * round, 4 held-out evaluation episodes (about a minute on 2 cores). With --report, an existing
 * report is shot instead. Needs Debian's Chromium at /usr/bin/chromium (playwright-core drives it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const docs = resolve(opt('--out') ?? join(root, 'docs'));
let report = opt('--report');
let tmp = null;
if (!report) {
  tmp = mkdtempSync(join(tmpdir(), 'spikeloop-screenshots-'));
  const run = join(tmp, 'run');
  const argv = ['train', 'drone-forest-v1', '--out', run, '--seed', '1', '--episodes', '8', '--validate-every', '1', '--validate-episodes', '4', '--eval-episodes', '4', '--workers', '2'];
  console.error(`spikeloop ${argv.join(' ')}`);
  execFileSync(process.execPath, [join(root, 'bin', 'spikeloop.js'), ...argv], { stdio: ['ignore', 'ignore', 'inherit'] });
  report = join(run, 'report.html');
}
const chromium = '/usr/bin/chromium';
if (!existsSync(chromium)) throw new Error(`Chromium not found at ${chromium} (Debian's 'chromium' package)`);
const { chromium: pw } = await import('playwright-core');
const browser = await pw.launch({ executablePath: chromium, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(resolve(report)).href, { waitUntil: 'load' });
  await page.screenshot({ path: join(docs, 'report.png') });
  const raster = page.locator('details#raster');
  await raster.evaluate((d) => {
    d.open = true;
  });
  await raster.screenshot({ path: join(docs, 'report-raster.png') });
  const path = page.locator('details#trajectory');
  if ((await path.count()) > 0) await path.screenshot({ path: join(docs, 'report-path.png') });
  console.error(`wrote ${join(docs, 'report.png')}, ${join(docs, 'report-raster.png')} and ${join(docs, 'report-path.png')} from ${report}`);
} finally {
  await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
