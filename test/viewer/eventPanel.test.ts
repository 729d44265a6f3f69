/**
 * The viewer's event panel in headless Chromium, fed by an event-camera scenario
 * (drone-forest-events-v1, /event_camera/events as event_camera_msgs/EventPacket, mono):
 *  - replay (`spikeloop view`): scrubbed to several times t, the panel's per-pixel ON and OFF
 *    counts are exactly the recording's events with time_base + dt in (t − window, t] from the
 *    packets recorded by t (decoded here from the MCAP bytes, independently of the page), drawn
 *    at the play head with the scene (the drone at /odom's pose at t); the screenshot's cells have
 *    the ON colour, the OFF colour or the background as those counts say; choosing another
 *    window recounts with it and the caption states it;
 *  - live (`run --view`): the panel fills as the episode streams, at the play head's time.
 * A recording without the event topic (drone-forest-v1) keeps the panel hidden (replayView tests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readMcapMessages } from '../../bridges/recording/mcapReader.js';
import type { RecordedMessage } from '../../bridges/recording/mcapReader.js';
import type { EventPacket } from '../../bridges/ros2/messages/eventCameraMsgs.js';
import type { Odometry } from '../../bridges/ros2/messages/navMsgs.js';
import { runCli } from '../../launch/cli.js';
import type { CliIo } from '../../launch/cliIo.js';
import { runCommand } from '../../launch/commands/run.js';
import { viewCommand } from '../../launch/commands/view.js';
import { WIRE_DIGITS } from '../../viewer/server/wireValue.js';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { afterAnimationFrames, openViewer, scrub, shotOf, viewerState } from './viewerPage.js';


/** The page's colours (eventPanel.js). */
const ON = [255, 176, 0];
const OFF = [0, 140, 255];
const BACKGROUND = [24, 28, 34];

let browser: Browser | null = null;
const dir = mkdtempSync(join(tmpdir(), 'spikeloop-view-events-'));
const file = join(dir, 'events.mcap');
let recorded = false;
beforeAll(async () => {
  if (skipWithoutChromium !== null) return;
  browser = await launchChromium();
  recorded = (await runCli(['run', 'drone-forest-events-v1', '--seed', '0', '--record', file, '--json'], { out: () => {}, err: () => {} })) === 0;
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface PanelState {
  t: number;
  window_ms: number;
  width: number;
  height: number;
  on: number;
  off: number;
  packets: number;
  notShown: number;
  outside: number;
  box: { x: number; y: number; width: number; height: number };
  onCount: number[];
  offCount: number[];
}

function panel(page: Page): Promise<PanelState | null> {
  return page.evaluate(() => (globalThis as unknown as { spikeloopViewer: { events: PanelState | null } }).spikeloopViewer.events);
}

/** Per-pixel ON/OFF counts of the events in (t − w, t] from packets logged by t, decoded here from the mono words. */
function expected(packets: readonly RecordedMessage[], t_s: number, window_s: number, width: number, height: number) {
  const on = new Array<number>(width * height).fill(0);
  const off = new Array<number>(width * height).fill(0);
  const t_ns = BigInt(Math.round(t_s * 1e9));
  const t0_ns = BigInt(Math.round((t_s - window_s) * 1e9));
  for (const m of packets) {
    if (m.logTime_ns > t_ns) break;
    const p = m.message as EventPacket;
    expect(p.encoding).toBe('mono');
    const view = new DataView(p.events.buffer, p.events.byteOffset, p.events.byteLength);
    for (let i = 0; i < p.events.length / 8; i++) {
      const word = view.getBigUint64(8 * i, !p.is_bigendian);
      const time = p.time_base + (word & 0xffffffffn);
      if (!(time > t0_ns && time <= t_ns)) continue;
      const x = Number((word >> 32n) & 0xffffn);
      const y = Number((word >> 48n) & 0x7fffn);
      (word >> 63n === 1n ? on : off)[y * width + x]!++;
    }
  }
  return { on, off };
}

/** Whether colour c is within `tol` of `want` on every channel. */
const near = (c: readonly number[], want: readonly number[], tol = 3) => want.every((v, k) => Math.abs(c[k]! - v) <= tol);

async function pixelCheck(page: Page, e: PanelState): Promise<{ on: number; off: number; empty: number }> {
  const { img } = await shotOf(page, '#events');
  const cell = img.width / e.width;
  const checked = { on: 0, off: 0, empty: 0 };
  for (let p = 0; p < e.width * e.height; p++) {
    const [a, b] = [e.onCount[p]!, e.offCount[p]!];
    const want = a >= 3 && b === 0 ? ON : b >= 3 && a === 0 ? OFF : a === 0 && b === 0 ? BACKGROUND : null;
    if (want === null) continue;
    const x = Math.floor(((p % e.width) + 0.5) * cell);
    const y = Math.floor((Math.floor(p / e.width) + 0.5) * cell);
    const at = 4 * (y * img.width + x);
    const c = [img.data[at]!, img.data[at + 1]!, img.data[at + 2]!];
    expect(near(c, want), `pixel ${p % e.width},${Math.floor(p / e.width)}: drawn ${c}, counts ON ${a} OFF ${b}`).toBe(true);
    checked[want === ON ? 'on' : want === OFF ? 'off' : 'empty']++;
  }
  return checked;
}

describe('the event panel', () => {
  it('replay: scrubbed to t, it shows exactly the recorded events of the window ending at t, ON and OFF in their colours; another window recounts', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    expect(recorded).toBe(true);
    const all = await readMcapMessages(file);
    const packets = all.filter((m) => m.topic === '/event_camera/events');
    const odom = all.filter((m) => m.topic === '/odom');
    expect(packets.length).toBeGreaterThan(100);

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
    const serving = viewCommand(file, { port: 0, host: '127.0.0.1', open: false }, io, stop.signal);
    const w = await openViewer(browser!, await url);
    const { page } = w;
    await page.waitForFunction(() => (globalThis as unknown as { spikeloopViewer: { complete: boolean } }).spikeloopViewer.complete);
    if ((await viewerState(page)).playing) await page.click('#play');

    const seen = { on: 0, off: 0, empty: 0 };
    const rel = 5 * 10 ** -WIRE_DIGITS;
    for (const frac of [0.2, 0.45, 0.7, 0.95]) {
      await scrub(page, { value: Math.round(frac * 10000) });
      const s = await viewerState(page);
      const e = (await panel(page))!;
      expect(e).not.toBeNull();
      // Drawn at the play head, with the scene.
      expect(e.t).toBe(s.time_s);
      let pose: Odometry | null = null;
      for (const m of odom) if (Number(m.logTime_ns) / 1e9 <= s.time_s) pose = m.message as Odometry;
      expect(Math.abs(s.dronePosition![0]! - pose!.pose.pose.position.x)).toBeLessThanOrEqual(rel * Math.abs(pose!.pose.pose.position.x) + 1e-12);
      expect([e.width, e.height, e.window_ms, e.notShown, e.outside]).toEqual([64, 48, 50, 0, 0]);
      const want = expected(packets, s.time_s, 0.05, e.width, e.height);
      expect(e.onCount).toEqual(want.on);
      expect(e.offCount).toEqual(want.off);
      expect(e.on).toBe(want.on.reduce((a, b) => a + b, 0));
      expect(e.off).toBe(want.off.reduce((a, b) => a + b, 0));
      expect(await page.locator('#events-caption').textContent()).toBe(`64×48, 50 ms window: ${e.on} ON, ${e.off} OFF`);
      const c = await pixelCheck(page, e);
      seen.on += c.on;
      seen.off += c.off;
      seen.empty += c.empty;
    }
    // The flight made events of both polarities, drawn in both colours, and left pixels dark.
    expect(seen.on).toBeGreaterThan(20);
    expect(seen.off).toBeGreaterThan(20);
    expect(seen.empty).toBeGreaterThan(100);

    // A longer window: more events, recounted with it.
    const short = (await panel(page))!;
    await page.selectOption('#events-window', '200');
    await afterAnimationFrames(page);
    const long = (await panel(page))!;
    expect(long.window_ms).toBe(200);
    const want = expected(packets, long.t, 0.2, long.width, long.height);
    expect(long.onCount).toEqual(want.on);
    expect(long.offCount).toEqual(want.off);
    expect(long.on + long.off).toBeGreaterThan(short.on + short.off);
    expect(await page.locator('#events-caption').textContent()).toContain('200 ms window');

    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    stop.abort();
    await serving;
    await page.close();
  });

  it('live: the panel fills as the episode streams, at the play head', async (ctx) => {
    ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
    let err = '';
    let gotUrl: (u: string) => void = () => {};
    const url = new Promise<string>((r) => (gotUrl = r));
    const io: CliIo = {
      out: () => {},
      err: (t) => {
        err += t;
        const m = /viewer: (http:\/\/\S+)/.exec(err);
        if (m) gotUrl(m[1]!);
      },
    };
    const run = runCommand('drone-forest-events-v1', { seed: 0, json: true, view: true, port: 0, host: '127.0.0.1', open: false, viewSpeed: 8, viewExit: true }, io);
    const w = await openViewer(browser!, await url);
    const { page } = w;
    type V = { spikeloopViewer: { time_s: number; events: PanelState | null } };
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as V).spikeloopViewer;
      return v.events !== null && v.events.on + v.events.off > 0 && v.time_s > 1;
    });
    // Read in one go (the page draws between evaluations): the panel is drawn at the play head.
    const both = await page.evaluate(() => {
      const v = (globalThis as unknown as { spikeloopViewer: { time_s: number; playing: boolean; events: PanelState } }).spikeloopViewer;
      return { t: v.time_s, playing: v.playing, e: v.events };
    });
    const e = both.e;
    expect(both.playing).toBe(true);
    expect(e.t).toBe(both.t);
    expect(e.packets).toBeGreaterThan(0);
    // Later, the window has moved on with the play head.
    await page.waitForFunction((t) => ((globalThis as unknown as V).spikeloopViewer.events?.t ?? 0) > t + 1, e.t);
    const report = await run;
    expect(report.steps).toBeGreaterThan(0);
    expect(w.errors).toEqual([]);
    expect(w.foreign).toEqual([]);
    await page.close();
  });
});
