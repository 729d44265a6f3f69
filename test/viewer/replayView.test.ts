/**
 * `spikeloop view <recording.mcap>` in headless Chromium: a drone-forest-v1 episode recorded with
 * `run --record`, loaded in full, scrubbed to several times t: the drone is drawn where the
 * recorded /odom pose at t projects with the page's camera (pixels of the screenshot against a
 * projection computed here), the page's pose is that pose, and the lidar rays, trail and scene
 * drawn are the recording's at t; stepping goes to the next control step. No console errors,
 * no request but to the viewer; Ctrl-C (here an abort) ends the command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readMcapMessages } from '../../bridges/recording/mcapReader.js';
import type { RecordedMessage } from '../../bridges/recording/mcapReader.js';
import type { Odometry } from '../../bridges/ros2/messages/navMsgs.js';
import type { LaserScan } from '../../bridges/ros2/messages/sensorMsgs.js';
import type { MarkerArray } from '../../bridges/ros2/messages/visualizationMsgs.js';
import { runCli } from '../../launch/cli.js';
import type { CliIo } from '../../launch/cliIo.js';
import { viewCommand } from '../../launch/commands/view.js';
import { WIRE_DIGITS } from '../../viewer/server/wireValue.js';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { afterAnimationFrames, droneOnScreen, openViewer, projectWith, scrub, viewerState } from './viewerPage.js';

/** Largest distance (px) between the drone body's pixel centroid and the recorded pose's projection. */
const PIXEL_TOLERANCE = 2;
/** Timeline positions scrubbed to (fractions of the episode). */
const FRACTIONS = [0.15, 0.4, 0.65, 0.9];

let browser: Browser | null = null;
const dir = mkdtempSync(join(tmpdir(), 'spikeloop-view-'));
const file = join(dir, 'forest.mcap');
let recorded = false;
beforeAll(async () => {
  if (skipWithoutChromium !== null) return;
  browser = await launchChromium();
  const code = await runCli(['run', 'drone-forest-v1', '--seed', '0', '--record', file, '--json'], { out: () => {}, err: () => {} });
  recorded = code === 0;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The last message with log time ≤ t (seconds). */
function at<T>(msgs: readonly RecordedMessage[], t_s: number): T {
  let last: RecordedMessage | null = null;
  for (const m of msgs) if (Number(m.logTime_ns) / 1e9 <= t_s) last = m;
  return last!.message as T;
}

describe('spikeloop view (replay)', () => {
  it('scrubbed to t, the drone is drawn where the recorded /odom pose at t projects; rays, trail and scene are the recording’s at t', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    expect(recorded).toBe(true);
    const all = await readMcapMessages(file);
    const odom = all.filter((m) => m.topic === '/odom');
    const scans = all.filter((m) => m.topic === '/scan');
    const clock = all.filter((m) => m.topic === '/clock');
    const scene = all.find((m) => m.topic === '/spikeloop/scene')!.message as MarkerArray;

    let out = '';
    let gotUrl: (u: string) => void = () => {};
    const url = new Promise<string>((r) => (gotUrl = r));
    const io: CliIo = {
      out: (t) => {
        out += t;
        const m = /viewer: (http:\/\/\S+)/.exec(out);
        if (m) gotUrl(m[1]!);
      },
      err: () => {},
    };
    const stop = new AbortController();
    const serving = viewCommand(file, { port: 0, host: '127.0.0.1', open: false }, io, stop.signal);
    const w = await openViewer(browser!, await url);
    const { page } = w;
    expect(out).toContain(`replaying ${file}: ${all.length} messages`);
    await page.waitForFunction(() => (globalThis as unknown as { spikeloopViewer: { complete: boolean } }).spikeloopViewer.complete);
    const s0 = await viewerState(page);
    expect(s0.messages).toBe(all.length);
    expect(s0.start_s).toBe(0);
    expect(s0.end_s).toBe(Number(all.at(-1)!.logTime_ns) / 1e9);
    if (s0.playing) await page.click('#play');
    await page.keyboard.press('f'); // follow camera: 3 m from the drone

    const rel = 5 * 10 ** -WIRE_DIGITS;
    for (const frac of FRACTIONS) {
      const value = Math.round(frac * 10000);
      await scrub(page, { value });
      const s = await viewerState(page);
      expect(s.playing).toBe(false);
      expect(s.time_s).toBeCloseTo(s0.start_s + (value / 10000) * (s0.end_s - s0.start_s), 9);
      const pose = at<Odometry>(odom, s.time_s).pose.pose.position;
      const want = [pose.x, pose.y, pose.z];
      want.forEach((v, k) => expect(Math.abs(s.dronePosition![k]! - v), `t ${s.time_s}, axis ${k}`).toBeLessThanOrEqual(rel * Math.abs(v) + 1e-12));
      const px = await droneOnScreen(page);
      const p = projectWith(s.camera, want);
      expect(px.count).toBeGreaterThan(100);
      expect(Math.hypot(px.x - p.x, px.y - p.y), `t ${s.time_s}: drawn at (${px.x}, ${px.y}), pose projects to (${p.x}, ${p.y})`).toBeLessThan(PIXEL_TOLERANCE);
      const scan = at<LaserScan>(scans, s.time_s);
      expect(s.lidarHits).toBe([...scan.ranges].filter((r) => r >= scan.range_min && r <= scan.range_max).length);
      expect(s.trailPoints).toBe(odom.filter((m) => Number(m.logTime_ns) / 1e9 <= s.time_s).length);
      expect(s.markers).toBe(scene.markers.length);
    }

    // Step: to the next control step's /clock stamp.
    const before = (await viewerState(page)).time_s;
    await page.keyboard.press('ArrowRight');
    await afterAnimationFrames(page);
    const next = clock.find((m) => Number(m.logTime_ns) / 1e9 > before + 1e-9)!;
    expect((await viewerState(page)).time_s).toBe(Number(next.logTime_ns) / 1e9);

    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    stop.abort();
    await serving;
    await page.close();
  });
});
