/**
 * `spikeloop replay`: a recording of `ros controller --record` (the in-process graph, `ros sim`
 * in lockstep on sim time, one seeded episode of drone-avoid-snn) replayed offline through the
 * same preset and seed reproduces every command and spike bit for bit; a recording with one
 * sensor message altered diverges, and the diff finds the first diverging tick; a truncated
 * recording or one without the profile's inputs is refused with a located error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMcapRecording, readMcapMessages } from '../../bridges/recording/mcapReader.js';
import type { RecordedMessage } from '../../bridges/recording/mcapReader.js';
import { SpikeTelemetry } from '../../bridges/recording/spikeTelemetry.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { diffMessages, messageLeaves, sameMessage } from '../../bridges/ros2/replay/messageDiff.js';
import { replayRecording } from '../../bridges/ros2/replay/replayRecording.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { ControllerNodeSummary } from '../../bridges/ros2/nodes/controllerNode.js';
import { runCli } from '../../launch/cli.js';
import type { RecordingsDiff, ReplayReport } from '../../launch/commands/replay.js';
import { resolveNamedController } from '../../experiments/resolveController.js';
import { NetworkSpikeSource, networkModulators } from '../../launch/telemetry/networkSpikeSource.js';

const PRESET = 'drone-avoid-snn';

const quiet = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
};

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spikeloop replay of a ros controller --record recording (in-process graph, lockstep, seeded)', () => {
  const ctlFile = join(dir, 'controller.mcap');
  let summary: ControllerNodeSummary;
  let messages: RecordedMessage[];
  let channels: Map<string, string>;

  beforeAll(async () => {
    const graph = createInProcessGraph();
    const ac = new AbortController();
    const c = quiet();
    const s = quiet();
    const simDone = runCli(['ros', 'sim', 'drone-forest-v1', '--lockstep', '--episodes', '1', '--seed', '2', '--json'], s.io, undefined, { transport: async () => graph });
    const ctlDone = runCli(['ros', 'controller', '--profile', 'drone', '--controller', PRESET, '--seed', '3', '--record', ctlFile, '--json', '--ros-args', '-p', 'use_sim_time:=true'], c.io, undefined, { transport: async () => graph, signal: ac.signal });
    expect(await simDone).toBe(0);
    await graph.flush();
    ac.abort();
    expect(await ctlDone).toBe(0);
    await graph.shutdown();
    summary = JSON.parse(c.out.join('')) as ControllerNodeSummary;
    messages = await readMcapMessages(ctlFile);
    const rec = await openMcapRecording(ctlFile);
    channels = new Map(rec.channels.map((ch) => [ch.topic, ch.type]));
    await rec.close();
  });

  it('reproduces every command and spike bit for bit, with seed, profile and controller taken from the metadata', async () => {
    const out = join(dir, 'replayed.mcap');
    const r = quiet();
    expect(await runCli(['replay', ctlFile, '--out', out, '--json'], r.io)).toBe(0);
    const rep = JSON.parse(r.out.join('')) as ReplayReport;
    expect(rep.seed).toBe(3);
    expect(rep.controller).toBe(PRESET);
    expect(rep.profile).toBe('drone');
    expect(rep.sameController).toBe(true);
    expect(rep.ticksFrom).toBe('diagnostics');
    expect(rep.ticks).toBe(summary.ticks);
    expect(rep.ticks).toBeGreaterThan(50);
    expect(rep.error).toBeNull();
    const topics = rep.diffs.map((d) => d.topic);
    expect(topics[0]).toBe('/cmd_vel');
    expect(topics.some((t) => t.includes('spikes'))).toBe(true);
    for (const d of rep.diffs) {
      expect(d.compared).toBeGreaterThan(50);
      expect(d.differing, d.topic).toBe(0);
      expect(d.identical, d.topic).toBe(true);
    }
    expect(rep.identical).toBe(true);
    // The output file: the same commands, in the recording's format, one more (the safe one on stop) as recorded.
    const replayed = await readMcapMessages(out);
    const cmd = (ms: RecordedMessage[]) => ms.filter((m) => m.topic === '/cmd_vel');
    expect(cmd(replayed).length).toBe(cmd(messages).length);
    expect(diffMessages('/cmd_vel', cmd(messages).map((m) => ({ time_ns: m.logTime_ns, message: m.message })), cmd(replayed).map((m) => ({ time_ns: m.logTime_ns, message: m.message }))).identical).toBe(true);
  });

  it('--diff: a recording against itself is identical; against its replay, commands and spikes are, and the topics only one has are named', async () => {
    const self = quiet();
    expect(await runCli(['replay', ctlFile, '--diff', ctlFile, '--json'], self.io)).toBe(0);
    const d0 = JSON.parse(self.out.join('')) as RecordingsDiff;
    expect(d0.identical).toBe(true);
    expect(d0.diffs.length).toBeGreaterThan(5);
    const out = join(dir, 'replayed.mcap'); // written by the test above
    const r = quiet();
    expect(await runCli(['replay', ctlFile, '--diff', out, '--json'], r.io)).toBe(0);
    const d = JSON.parse(r.out.join('')) as RecordingsDiff;
    expect(d.identical).toBe(false);
    expect(d.notes).toEqual(['different command: ros controller vs replay']);
    expect(d.onlyA).toContain('/diagnostics'); // the replay runs no diagnostics publisher
    const cmd = d.diffs.find((x) => x.topic === '/cmd_vel')!;
    expect(cmd.identical).toBe(true);
    for (const x of d.diffs.filter((x) => x.topic.startsWith('/spikeloop/spikes/'))) expect(x.identical, x.topic).toBe(true);
  });

  it('a NaN in one scan: the replay diverges exactly at the tick that reads it (the safe command), and the diff says so', () => {
    const ticks = messages.filter((m) => m.topic === '/cmd_vel');
    const target = Math.floor(ticks.length / 2);
    const tickTime = ticks[target]!.logTime_ns;
    // the last scan received before that tick
    let at = -1;
    for (let i = 0; i < messages.length && messages[i]!.logTime_ns <= tickTime; i++) if (messages[i]!.topic === '/scan' && messages.indexOf(ticks[target]!) > i) at = i;
    expect(at).toBeGreaterThan(0);
    const altered = messages.slice();
    const scan = structuredClone(altered[at]!.message) as { ranges: Float32Array | number[] };
    scan.ranges = Array.from(scan.ranges, () => Number.NaN);
    altered[at] = { ...altered[at]!, message: scan };
    // ticks between the altered scan and the target read the same (last) scan: the first diverging tick is the first after it
    const firstAfter = ticks.findIndex((t) => messages.indexOf(t) > at);
    const r = replay(altered);
    const cmd = r.diffs[0]!;
    expect(cmd.topic).toBe('/cmd_vel');
    expect(r.identical).toBe(false);
    expect(cmd.first).not.toBeNull();
    expect(cmd.first!.index).toBe(firstAfter);
    expect(cmd.first!.time_ns).toBe(ticks[firstAfter]!.logTime_ns);
    expect(cmd.channels.length).toBeGreaterThan(0);
    expect(cmd.channels.every((c) => c.maxAbsDelta > 0 && c.firstIndex >= firstAfter)).toBe(true);
  });

  it('a changed (finite) scan: nothing differs before the tick that reads it', () => {
    const at = messages.findIndex((m, i) => m.topic === '/scan' && i > messages.length / 3);
    const altered = messages.slice();
    const scan = structuredClone(altered[at]!.message) as { ranges: Float32Array | number[] };
    scan.ranges = Array.from(scan.ranges, (v) => Math.min(Number(v), 0.6));
    altered[at] = { ...altered[at]!, message: scan };
    const ticks = messages.filter((m) => m.topic === '/cmd_vel');
    const firstAfter = ticks.findIndex((t) => messages.indexOf(t) > at);
    const r = replay(altered);
    const spikesDiff = r.diffs.find((d) => d.topic.includes('spikes'))!;
    expect(r.identical).toBe(false);
    for (const d of r.diffs) if (d.first) expect(d.first.time_ns).toBeGreaterThanOrEqual(ticks[firstAfter]!.logTime_ns);
    expect(spikesDiff.first).not.toBeNull();
  });

  function replay(ms: RecordedMessage[]) {
    const profile = loadProfile('drone');
    const c = resolveNamedController(PRESET, { seed: 3, controlRate_Hz: profile.profile.rate_hz }).controller;
    c.learning = false;
    const source = new NetworkSpikeSource(c.network!);
    try {
      return replayRecording({ file: 'altered', messages: ms, channels, profile, controller: c, rate_hz: profile.profile.rate_hz, seed: 3, spikes: new SpikeTelemetry(source, networkModulators(c.network!)) });
    } finally {
      source.detach();
    }
  }

  it('a rate that disagrees with the recorded tick spacing is said, and the replay then differs', async () => {
    const r = quiet();
    expect(await runCli(['replay', ctlFile, '--rate-hz', '25', '--json'], r.io)).toBe(0);
    expect(r.err.join('')).toMatch(/the recorded ticks are 20\.000 ms apart \(median\), the controller is built for 25 Hz \(40\.000 ms\)/);
    expect((JSON.parse(r.out.join('')) as ReplayReport).identical).toBe(false);
  });

  it('a truncated recording and one without the profile’s inputs get located errors', async () => {
    const bytes = readFileSync(ctlFile);
    const cut = join(dir, 'cut.mcap');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = quiet();
    expect(await runCli(['replay', cut, '--controller', PRESET, '--profile', 'drone'], r.io)).toBe(1);
    expect(r.err.join('')).toMatch(/cannot replay: .*cut\.mcap/);
    expect(r.err.join('')).toMatch(/byte \d+|truncated|unfinished|end/i);
    const p = quiet();
    expect(await runCli(['replay', ctlFile, '--controller', PRESET, '--profile', 'px4'], p.io)).toBe(1);
    expect(p.err.join('')).toMatch(/controller\.mcap: no topic '\/fmu\/out\/vehicle_odometry' \(px4_msgs\/msg\/VehicleOdometry\), an input profile 'px4' requires/);
  });
});

describe('messageDiff', () => {
  it('flattens numeric leaves by path and compares bit for bit (−0 ≠ +0, NaN = NaN)', () => {
    expect([...messageLeaves({ a: { x: 1 }, d: new Float32Array([2, 3]), s: 'k' })]).toEqual([
      ['a.x', 1],
      ['d[0]', 2],
      ['d[1]', 3],
      ['s', 'k'],
    ]);
    const m = (x: number, y: number) => ({ time_ns: 0n, message: { x, y } });
    const d = diffMessages('t', [m(1, Number.NaN), m(0, 2), m(3, 4)], [m(1, Number.NaN), m(-0, 2), m(3.5, 4)]);
    expect(d.differing).toBe(2);
    expect(d.first!.index).toBe(1);
    expect(d.channels).toEqual([{ field: 'x', maxAbsDelta: 0.5, differing: 2, firstIndex: 1 }]);
  });

  it('the fast structural check agrees with the leaves: same values in an array and a typed array do not differ; a longer sequence is not identical', () => {
    expect(sameMessage({ d: new Uint32Array([1, 2]), n: Number.NaN }, { d: new Uint32Array([1, 2]), n: Number.NaN })).toBe(true);
    expect(sameMessage({ x: 0 }, { x: -0 })).toBe(false);
    expect(sameMessage({ d: new Uint32Array([1, 2]) }, { d: new Uint32Array([1, 3]) })).toBe(false);
    const t = (message: unknown) => ({ time_ns: 0n, message });
    const d = diffMessages('t', [t({ d: [1, 2] })], [t({ d: new Float64Array([1, 2]) }), t({ d: [5] })]);
    expect([d.differing, d.compared, d.countB, d.identical]).toEqual([0, 1, 2, false]);
  });
});
