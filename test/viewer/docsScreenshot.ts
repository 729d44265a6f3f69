/**
 * Regenerates docs/viewer.png (the README's viewer picture): records drone-forest-v1 (seed 0),
 * replays it with `spikeloop view` in headless Chromium (1280×800), moves the play head to
 * t = 14 s (paused) and screenshots the page. Not a test; run it by hand after changing the page:
 *
 *   npx tsx test/viewer/docsScreenshot.ts [out.png] [t_s]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../launch/cli.js';
import { viewCommand } from '../../launch/commands/view.js';
import { launchChromium } from '../helpers/chromium.js';

interface Api {
  complete: boolean;
  start_s: number;
  seek(t: number): void;
}
interface G {
  spikeloopViewer: Api;
  requestAnimationFrame(cb: () => void): number;
}

const out = process.argv[2] ?? 'docs/viewer.png';
const t_s = Number(process.argv[3] ?? 14);
const dir = mkdtempSync(join(tmpdir(), 'spikeloop-docshot-'));
const file = join(dir, 'forest.mcap');
const quiet = { out: () => {}, err: (t: string) => process.stderr.write(t) };
try {
  if ((await runCli(['run', 'drone-forest-v1', '--seed', '0', '--record', file, '--json'], { out: () => {}, err: quiet.err })) !== 0) throw new Error('recording failed');
  let gotUrl: (u: string) => void = () => {};
  const url = new Promise<string>((r) => (gotUrl = r));
  const stop = new AbortController();
  const serving = viewCommand(file, { port: 0, host: '127.0.0.1', open: false }, { out: (t) => /viewer: (\S+)/.exec(t) && gotUrl(/viewer: (\S+)/.exec(t)![1]!), err: quiet.err }, stop.signal);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    await page.goto(await url);
    await page.waitForFunction(() => (globalThis as unknown as G).spikeloopViewer.complete);
    await page.evaluate((t) => {
      const v = (globalThis as unknown as G).spikeloopViewer;
      v.seek(v.start_s + t);
    }, t_s);
    // A few frames for the scene and plots to settle at t.
    await page.evaluate(async () => {
      const g = globalThis as unknown as G;
      for (let i = 0; i < 10; i++) await new Promise<void>((r) => g.requestAnimationFrame(() => r()));
    });
    writeFileSync(out, await page.screenshot());
    process.stdout.write(`wrote ${out} (drone-forest-v1 seed 0 at t = ${t_s} s)\n`);
  } finally {
    await browser.close();
    stop.abort();
    await serving;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
