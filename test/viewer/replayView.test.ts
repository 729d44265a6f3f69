/**
 * `spikeloop view <recording.mcap>` in headless Chromium: a drone-forest-v1 episode recorded with
 * `run --record`, loaded in full, scrubbed to several times t: the drone is drawn where the
 * recorded /odom pose at t projects with the page's camera (pixels of the screenshot against a
 * projection computed here), the page's pose is that pose, and the lidar rays, trail and scene
 * drawn are the recording’s at t; stepping goes to the next control step. An arm episode: the
 * tool is drawn at the end of the recorded /tf chain. No console errors,
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
import type { TFMessage } from '../../bridges/ros2/messages/tf2Msgs.js';
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
const armFile = join(dir, 'arm.mcap');
let recorded = false;
beforeAll(async () => {
  if (skipWithoutChromium !== null) return;
  browser = await launchChromium();
  const quiet = { out: () => {}, err: () => {} };
  const code = await runCli(['run', 'drone-forest-v1', '--seed', '0', '--record', file, '--json'], quiet);
  const armCode = await runCli(['run', 'arm-reach-v1', '--seed', '1', '--record', armFile, '--json'], quiet);
  recorded = code === 0 && armCode === 0;
});
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

type V3 = readonly [number, number, number];
type Q = { x: number; y: number; z: number; w: number };

/** v rotated by the unit quaternion q: v + 2w(u×v) + 2u×(u×v), u = (x, y, z). */
function rotate(q: Q, v: V3): V3 {
  const c1 = [q.y * v[2] - q.z * v[1], q.z * v[0] - q.x * v[2], q.x * v[1] - q.y * v[0]];
  const c2 = [q.y * c1[2]! - q.z * c1[1]!, q.z * c1[0]! - q.x * c1[2]!, q.x * c1[1]! - q.y * c1[0]!];
  return [v[0] + 2 * (q.w * c1[0]! + c2[0]!), v[1] + 2 * (q.w * c1[1]! + c2[1]!), v[2] + 2 * (q.w * c1[2]! + c2[2]!)];
}

/** Origin of `frame` in the root of a TFMessage's chain: p = t₁ + R₁(t₂ + R₂(… tₙ)). */
function originOf(tf: TFMessage, frame: string): V3 {
  const byChild = new Map(tf.transforms.map((t) => [t.child_frame_id, t]));
  let p: V3 = [0, 0, 0];
  for (let f = byChild.get(frame); f !== undefined; f = byChild.get(f.header.frame_id)) {
    const r = rotate(f.transform.rotation, p);
    const t = f.transform.translation;
    p = [t.x + r[0], t.y + r[1], t.z + r[2]];
  }
  return p;
}

/** Opens `spikeloop view <f>` in-process and a page on it (loaded in full); close() stops both. */
async function openView(f: string) {
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
  const serving = viewCommand(f, { port: 0, host: '127.0.0.1', open: false }, io, stop.signal);
  const w = await openViewer(browser!, await url);
  await w.page.waitForFunction(() => (globalThis as unknown as { spikeloopViewer: { complete: boolean } }).spikeloopViewer.complete);
  return {
    w,
    out: () => out,
    async close() {
      stop.abort();
      await serving;
      await w.page.close();
    },
  };
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

    const view = await openView(file);
    const { w } = view;
    const { page } = w;
    expect(view.out()).toContain(`replaying ${file}: ${all.length} messages`);
    const s0 = await viewerState(page);
    expect(s0.messages).toBe(all.length);
    expect(s0.start_s).toBe(0);
    expect(s0.end_s).toBe(Number(all.at(-1)!.logTime_ns) / 1e9);
    // No /event_camera/events in this recording: the event panel stays hidden (eventPanel.test.ts).
    expect(await page.evaluate(() => (globalThis as unknown as { spikeloopViewer: { events: unknown } }).spikeloopViewer.events)).toBeNull();
    expect(await page.locator('#events-panel').isHidden()).toBe(true);
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
    await view.close();
  });

  it('an arm episode: the tool is drawn at the end of the recorded /tf chain at t, with the scene’s links, obstacle and target', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    expect(recorded).toBe(true);
    const all = await readMcapMessages(armFile);
    const tfs = all.filter((m) => m.topic === '/tf');
    const scene = all.find((m) => m.topic === '/spikeloop/scene')!.message as MarkerArray;
    const view = await openView(armFile);
    const { page } = view.w;
    const s0 = await viewerState(page);
    if (s0.playing) await page.click('#play');
    const rel = 5 * 10 ** -WIRE_DIGITS;
    let moved = 0;
    let last: V3 | null = null;
    for (const frac of [0.1, 0.5, 0.9]) {
      await scrub(page, { value: Math.round(frac * 10000) });
      const s = await viewerState(page);
      const want = originOf(at<TFMessage>(tfs, s.time_s), 'tool');
      // Rounded quaternions (WIRE_DIGITS) move a point at 1 m by about 1e-6 m.
      want.forEach((v, k) => expect(Math.abs(s.toolPosition![k]! - v), `t ${s.time_s}, axis ${k}`).toBeLessThanOrEqual(20 * rel));
      expect(s.dronePosition).toBeNull();
      expect(s.markers).toBe(scene.markers.length);
      if (last) moved = Math.max(moved, Math.hypot(want[0] - last[0], want[1] - last[1], want[2] - last[2]));
      last = want;
    }
    expect(moved).toBeGreaterThan(0.01); // the arm moved between the times checked
    expect(view.w.errors).toEqual([]);
    expect(view.w.foreign).toEqual([]);
    await view.close();
  });
});
