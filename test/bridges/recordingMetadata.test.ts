/**
 * Recordings carry their identity (issue 20, item 3): a `rosbag2` metadata record as rosbag2's
 * MCAP plugin writes it (serialized_metadata YAML with ros_distro) and a `spikeloop` record
 * (scenario and version, seed, controller file and its SHA-256, spikeloop and Node versions,
 * the time base) — read back with @mcap/core from `run --record` and from a recording on the
 * in-process graph; `view` prints them; `mcap recover` keeps them.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { saveController } from '../../controllers/presets/controllerFile.js';
import { resolveController } from '../../experiments/resolveController.js';
import { openMcapWriter } from '../../bridges/recording/mcapWriter.js';
import { recoverMcap } from '../../bridges/recording/mcapRecover.js';
import { spikeloopMetadata } from '../../bridges/recording/recordingMetadata.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { InProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { runCli } from '../../launch/cli.js';
import { viewCommand } from '../../launch/commands/view.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import { FakeDrone } from '../helpers/fakeDrone.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-metadata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let graph: InProcessGraph | null = null;
afterEach(async () => {
  await graph?.shutdown();
  graph = null;
});

const pkgVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** name → key/values of every Metadata record, read with @mcap/core alone (through the summary's metadata index). */
async function metadataOf(file: string): Promise<Map<string, Map<string, string>>> {
  const bytes = new Uint8Array(readFileSync(file));
  const reader = await McapIndexedReader.Initialize({
    readable: { size: async () => BigInt(bytes.length), read: async (o: bigint, n: bigint) => bytes.subarray(Number(o), Number(o + n)) },
  });
  expect(reader.statistics?.metadataCount).toBe(reader.metadataIndexes.length);
  const out = new Map<string, Map<string, string>>();
  for await (const m of reader.readMetadata()) {
    expect(out.has(m.name), `one '${m.name}' record`).toBe(false);
    out.set(m.name, m.metadata);
  }
  return out;
}

interface Rosbag2Yaml {
  version: number;
  storage_identifier: string;
  message_count: number;
  duration: { nanoseconds: number };
  starting_time: { nanoseconds_since_epoch: number };
  relative_file_paths: string[];
  custom_data: Record<string, string>;
  ros_distro: string;
}

function rosbag2Of(md: Map<string, Map<string, string>>): Rosbag2Yaml {
  const r = md.get('rosbag2');
  expect(r, 'a rosbag2 record').toBeDefined();
  expect([...r!.keys()]).toEqual(['serialized_metadata']);
  return parseYaml(r!.get('serialized_metadata')!) as Rosbag2Yaml;
}

describe('run --record writes the rosbag2 and spikeloop metadata records', () => {
  const ctlFile = join(dir, 'ctl.json');
  const file = join(dir, 'forest.mcap');

  it('scenario, seed, controller file and checksum, versions, sim time base; rosbag2 YAML with ros_distro, counts and times', async () => {
    saveController(resolveController(undefined, DRONE_FOREST_V1, 0).controller, ctlFile);
    let out = '';
    const code = await runCli(['run', 'drone-forest-v1', '--seed', '2', '--controller', ctlFile, '--record', file, '--json'], { out: (t) => void (out += t), err: () => {} });
    expect(code).toBe(0);
    const md = await metadataOf(file);
    const s = md.get('spikeloop')!;
    expect(s).toBeDefined();
    expect(s.get('command')).toBe('run');
    expect(s.get('scenario')).toBe('drone-forest-v1');
    expect(s.get('scenario_version')).toBe('1');
    expect(s.get('seed')).toBe('2');
    expect(s.get('episode_seeds')).toBe(String(JSON.parse(out).episode_seed));
    expect(s.get('controller')).toBe(ctlFile);
    expect(s.get('controller_sha256')).toBe(createHash('sha256').update(readFileSync(ctlFile)).digest('hex'));
    expect(s.get('spikeloop_version')).toBe(pkgVersion);
    expect(s.get('node_version')).toBe(process.version);
    expect(s.get('time_base')).toMatch(/^sim time from 0 s/);
    expect(Date.parse(s.get('recorded_at')!)).not.toBeNaN();
    expect(s.get('ros_distro')).toBe(process.env.ROS_DISTRO ?? '');

    const y = rosbag2Of(md);
    expect(y.version).toBe(9);
    expect(y.storage_identifier).toBe('mcap');
    expect(y.ros_distro).toBe(process.env.ROS_DISTRO ?? '');
    expect(y.relative_file_paths).toEqual(['forest.mcap']);
    expect(y.custom_data['spikeloop.scenario']).toBe('drone-forest-v1');
    const bytes = new Uint8Array(readFileSync(file));
    const reader = await McapIndexedReader.Initialize({ readable: { size: async () => BigInt(bytes.length), read: async (o: bigint, n: bigint) => bytes.subarray(Number(o), Number(o + n)) } });
    const st = reader.statistics!;
    expect(BigInt(y.message_count)).toBe(st.messageCount);
    expect(BigInt(y.starting_time.nanoseconds_since_epoch)).toBe(st.messageStartTime);
    expect(BigInt(y.duration.nanoseconds)).toBe(st.messageEndTime - st.messageStartTime);
  });

  it('view prints them on stderr and sends them to the page in the hello frame', async () => {
    let out = '';
    let err = '';
    const stop = new AbortController();
    stop.abort();
    await viewCommand(file, { port: 0, host: '127.0.0.1', open: false }, { out: (t) => void (out += t), err: (t) => void (err += t) }, stop.signal);
    expect(out).toMatch(/replaying .*forest\.mcap/);
    expect(err).toMatch(/spikeloop metadata: recorded by 'spikeloop run', scenario drone-forest-v1 \(version 1\), seed 2, controller .*ctl\.json \(sha256 [0-9a-f]{12}…\), spikeloop \d+\.\d+\.\d+, Node v\d+/);
    expect(err).toMatch(/time base: sim time from 0 s/);
    expect(err).toMatch(/rosbag2 metadata: ROS distro /);
    const { ReplayStream } = await import('../../viewer/server/replayStream.js');
    const replay = await ReplayStream.load(file);
    const sent: string[] = [];
    replay.attach({ send: (t: string) => void sent.push(t), sendAll: () => {} } as never);
    const hello = JSON.parse(sent[0]!) as { kind: string; metadata: Record<string, Record<string, string>> };
    expect(hello.kind).toBe('hello');
    expect(hello.metadata.spikeloop!.scenario).toBe('drone-forest-v1');
    expect(hello.metadata.rosbag2!.serialized_metadata).toMatch(/ros_distro:/);
    // the page's header line (viewer/page/episodeInfo.js) from that frame
    const pageModule = '../../viewer/page/episodeInfo.js'; // plain JS of the page (no types)
    const { recordingSummary } = (await import(/* @vite-ignore */ pageModule)) as { recordingSummary: (m: unknown) => { text: string; detail: string } | null };
    const r = recordingSummary(hello.metadata)!;
    expect(r.text).toMatch(new RegExp(`^drone-forest-v1 · seed 2 · controller ctl\\.json · spikeloop ${pkgVersion.replace(/\./g, '\\.')} · sim time from 0 s · ROS `));
    expect(r.detail).toMatch(/controller_sha256: [0-9a-f]{64}/);
    expect(recordingSummary(undefined)).toBeNull();
  });
});

describe('recordings on the in-process graph carry the metadata', () => {
  it('ros controller --record: controller, profile, seed, ROS time base (use_sim_time)', async () => {
    const { rosControllerCommand } = await import('../../launch/commands/rosController.js');
    graph = createInProcessGraph();
    const robot = await graph.createNode({ name: 'robot', rosArgs: ['-p', 'use_sim_time:=true'] });
    const drone = new FakeDrone(graph, robot);
    const g = graph;
    const ac = new AbortController();
    const file = join(dir, 'ctl.mcap');
    const done = rosControllerCommand(
      { profile: 'drone', controller: 'drone-avoid-reactive', learn: false, seed: 4, record: file, json: true },
      { out: () => {}, err: () => {} },
      (await import('../../experiments/defaultCatalog.js')).catalog,
      { transport: async () => g, signal: ac.signal },
      ['-p', 'use_sim_time:=true'],
    );
    while (g.getParameter('/spikeloop_controller', 'record') === undefined) await new Promise((r) => setTimeout(r, 5));
    for (let k = 0; k < 3; k++) await drone.run();
    ac.abort();
    await done;
    const md = await metadataOf(file);
    const s = md.get('spikeloop')!;
    expect(s.get('command')).toBe('ros controller');
    expect(s.get('controller')).toBe('drone-avoid-reactive');
    expect(s.get('controller_kind')).toBe('preset (no file)');
    expect(s.get('profile')).toBe('drone');
    expect(s.get('seed')).toBe('4');
    expect(s.get('time_base')).toBe('ROS time of the node (/clock, use_sim_time)');
    expect(rosbag2Of(md).message_count).toBeGreaterThan(0);
  });

  it('ros sim --record: scenario, seed and episode seeds, sim time from 0', async () => {
    const { rosSimCommand } = await import('../../launch/commands/rosSim.js');
    graph = createInProcessGraph();
    const g = graph;
    const ac = new AbortController();
    const err: string[] = [];
    const file = join(dir, 'sim.mcap');
    const done = rosSimCommand(
      'drone-forest-v1',
      { episodes: 2, seed: 5, lockstep: false, speed: 4, record: file, json: true },
      { out: () => {}, err: (t) => void err.push(t) },
      (await import('../../experiments/defaultCatalog.js')).catalog,
      { transport: async () => g, signal: ac.signal },
      [],
    );
    while (!err.some((l) => l.includes('real time × 4'))) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 200));
    ac.abort();
    await done;
    const md = await metadataOf(file);
    const s = md.get('spikeloop')!;
    expect(s.get('command')).toBe('ros sim');
    expect(s.get('scenario')).toBe('drone-forest-v1');
    expect(s.get('seed')).toBe('5');
    expect(s.get('episode_seeds')!.split(',')).toHaveLength(2);
    expect(s.get('time_base')).toMatch(/^sim time from 0 s/);
    expect(rosbag2Of(md).ros_distro).toBe(process.env.ROS_DISTRO ?? '');
  });
});

describe('mcap recover keeps the metadata records', () => {
  it('a killed recording (no rosbag2 record yet) gets its spikeloop record copied and a rosbag2 record made; a finished one keeps both once', async () => {
    const file = join(dir, 'killed.mcap');
    const w = openMcapWriter(file, { chunkDuration_s: 0.01, finaliseOnExit: false, metadata: [spikeloopMetadata({ command: 'run', scenario: 'drone-forest-v1', seed: 1, timeBase: 'sim' })] });
    w.channel('/spikeloop/reward', 'std_msgs/msg/Float64');
    for (let k = 0; k < 50; k++) w.write('/spikeloop/reward', BigInt(k) * 20_000_000n, { data: k });
    const killed = join(dir, 'killed.mcap.tmp-copy');
    copyFileSync(w.tempFile, killed); // what `kill -9` leaves: the data section so far, no end
    w.abort();
    const out = join(dir, 'recovered.mcap');
    const r = await recoverMcap(killed, out);
    expect(r.partial).not.toBeNull();
    const md = await metadataOf(out);
    expect(md.get('spikeloop')!.get('scenario')).toBe('drone-forest-v1');
    const y = rosbag2Of(md);
    expect(y.message_count).toBe(r.messages);
    expect(y.custom_data['spikeloop.seed']).toBe('1');

    const again = join(dir, 'recovered-again.mcap');
    await recoverMcap(out, again);
    const md2 = await metadataOf(again);
    expect([...md2.keys()].sort()).toEqual(['rosbag2', 'spikeloop']);
    expect(md2.get('rosbag2')!.get('serialized_metadata')).toBe(md.get('rosbag2')!.get('serialized_metadata'));
  });
});
