import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader, McapStreamReader, McapWriter } from '@mcap/core';
import type { IWritable, McapTypes } from '@mcap/core';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../bridges/recording/crc32.js';
import { crc32Table } from '../../bridges/recording/crc32.js';
import { McapReadError, openMcapRecording, readMcapMessages } from '../../bridges/recording/mcapReader.js';
import { McapWriteError, offeredQosYaml, openMcapWriter } from '../../bridges/recording/mcapWriter.js';
import { deserialize, emptyLaserScan, MSG, messageDefinition, setTime, zeroTwist } from '../../bridges/ros2/messages/index.js';
import type { LaserScan, Twist } from '../../bridges/ros2/messages/index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-mcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STEP_NS = 20_000_000n;

/** A file with `n` Twists on /cmd_vel (linear.x = k), a scan every other step and one /tf_static. */
function writeSample(file: string, n: number, chunkSize_bytes?: number): { twists: Twist[]; scans: LaserScan[] } {
  const w = openMcapWriter(file, chunkSize_bytes !== undefined ? { chunkSize_bytes } : {});
  w.channel('/cmd_vel', MSG.Twist);
  w.channel('/scan', MSG.LaserScan);
  w.channel('/tf_static', MSG.TFMessage);
  const twists: Twist[] = [];
  const scans: LaserScan[] = [];
  const msg = zeroTwist();
  const scan = emptyLaserScan(5, 'lidar');
  w.write('/tf_static', 0n, { transforms: [] });
  for (let k = 0; k < n; k++) {
    msg.linear.x = k;
    msg.angular.z = -k / 7;
    w.write('/cmd_vel', BigInt(k) * STEP_NS, msg); // one reused object: the writer must copy
    twists.push({ linear: { ...msg.linear }, angular: { ...msg.angular } });
    if (k % 2 === 0) {
      setTime(scan.header.stamp, k * Number(STEP_NS));
      for (let i = 0; i < 5; i++) scan.ranges[i] = Math.fround(k + i / 8);
      w.write('/scan', BigInt(k) * STEP_NS, scan);
      scans.push({ ...scan, header: { ...scan.header, stamp: { ...scan.header.stamp } }, ranges: scan.ranges.slice() });
    }
  }
  w.close();
  return { twists, scans };
}

/** An IReadable over a whole file in memory. */
function readable(bytes: Uint8Array) {
  return { size: async () => BigInt(bytes.length), read: async (offset: bigint, size: bigint) => bytes.subarray(Number(offset), Number(offset + size)) };
}

describe('MCAP writer', () => {
  const file = join(dir, 'sample.mcap');
  const n = 300;
  const { twists, scans } = writeSample(file, n, 4096);
  const bytes = new Uint8Array(readFileSync(file));

  it('writes what rosbag2 writes: profile ros2, ros2msg schemas named by type, cdr channels with offered QoS', async () => {
    const r = await McapIndexedReader.Initialize({ readable: readable(bytes) });
    expect(r.header.profile).toBe('ros2');
    const schemas = [...r.schemasById.values()];
    expect(schemas.map((s) => s.name).sort()).toEqual([MSG.LaserScan, MSG.TFMessage, MSG.Twist].sort());
    for (const s of schemas) {
      expect(s.encoding).toBe('ros2msg');
      expect(new TextDecoder().decode(s.data)).toBe(messageDefinition(s.name));
    }
    const channels = [...r.channelsById.values()];
    expect(channels.map((c) => c.topic).sort()).toEqual(['/cmd_vel', '/scan', '/tf_static']);
    for (const c of channels) {
      expect(c.messageEncoding).toBe('cdr');
      const qos = parseYaml(c.metadata.get('offered_qos_profiles')!) as Record<string, unknown>[];
      expect(qos).toHaveLength(1);
      expect(qos[0]!['durability']).toBe(c.topic === '/tf_static' ? 'transient_local' : 'volatile');
      expect(qos[0]!['reliability']).toBe('reliable');
    }
    const stats = r.statistics!;
    const idOf = (t: string) => channels.find((c) => c.topic === t)!.id;
    expect(stats.messageCount).toBe(BigInt(n + n / 2 + 1));
    expect(stats.channelMessageCounts.get(idOf('/cmd_vel'))).toBe(BigInt(n));
    expect(stats.channelMessageCounts.get(idOf('/scan'))).toBe(BigInt(n / 2));
    expect(stats.messageStartTime).toBe(0n);
    expect(stats.messageEndTime).toBe(BigInt(n - 1) * STEP_NS);
    // 4 KiB chunks: the ~90 kB of messages span many chunks, each indexed.
    expect(r.chunkIndexes.length).toBeGreaterThan(10);
    expect(stats.chunkCount).toBe(r.chunkIndexes.length);
  });

  it('decodes every message back with @mcap/core, in log-time order, CRCs checked', async () => {
    const r = await McapIndexedReader.Initialize({ readable: readable(bytes) });
    const topicOf = new Map([...r.channelsById.values()].map((c) => [c.id, c.topic]));
    const got: { topic: string; t: bigint; m: unknown }[] = [];
    for await (const m of r.readMessages({ validateCrcs: true })) {
      const topic = topicOf.get(m.channelId)!;
      const type = topic === '/cmd_vel' ? MSG.Twist : topic === '/scan' ? MSG.LaserScan : MSG.TFMessage;
      got.push({ topic, t: m.logTime, m: deserialize(type, m.data) });
      expect(m.publishTime).toBe(m.logTime);
    }
    for (let i = 1; i < got.length; i++) expect(got[i]!.t >= got[i - 1]!.t).toBe(true);
    expect(got.filter((g) => g.topic === '/cmd_vel').map((g) => g.m)).toEqual(twists);
    expect(got.filter((g) => g.topic === '/scan').map((g) => g.m)).toEqual(scans);
    expect(got.filter((g) => g.topic === '/cmd_vel').map((g) => g.t)).toEqual(twists.map((_t, k) => BigInt(k) * STEP_NS));
  });

  it('has a data-section CRC equal to the CRC of the bytes before DataEnd, and a valid stream', async () => {
    const r = await McapIndexedReader.Initialize({ readable: readable(bytes) });
    expect(r.dataSectionCrc).toBe(crc32(bytes.subarray(0, Number(r.dataEndOffset))));
    const s = new McapStreamReader({ validateCrcs: true });
    s.append(bytes);
    let messages = 0;
    for (let rec: McapTypes.TypedMcapRecord | undefined; (rec = s.nextRecord()); ) if (rec.type === 'Message') messages++;
    expect(s.done()).toBe(true);
    expect(messages).toBe(n + n / 2 + 1);
  });

  it('computes CRC-32 (IEEE) natively and by table alike', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32(check)).toBe(0xcbf43926); // the standard check value of CRC-32/ISO-HDLC
    expect(crc32Table(check)).toBe(0xcbf43926);
    const a = bytes.subarray(0, 1000), b = bytes.subarray(1000, 5000);
    expect(crc32Table(b, crc32Table(a))).toBe(crc32(bytes.subarray(0, 5000)));
  });

  it('is our reader too: channels with types and counts, messages by topic', async () => {
    const rec = await openMcapRecording(file);
    try {
      expect(rec.profile).toBe('ros2');
      expect(rec.channel('/cmd_vel')).toMatchObject({ type: MSG.Twist, schemaEncoding: 'ros2msg', messageEncoding: 'cdr', messageCount: n });
      const only = await rec.readAll({ topics: ['/scan'] });
      expect(only.map((m) => m.message)).toEqual(scans);
      expect(only.map((m) => m.sequence)).toEqual(scans.map((_s, k) => k));
      const window = await rec.readAll({ topics: ['/cmd_vel'], start_ns: 10n * STEP_NS, end_ns: 19n * STEP_NS });
      expect(window.map((m) => (m.message as Twist).linear.x)).toEqual(Array.from({ length: 10 }, (_v, k) => 10 + k));
      await expect(rec.readAll({ topics: ['/odom'] })).rejects.toThrow(/no topic '\/odom'; the recording has/);
    } finally {
      await rec.close();
    }
  });

  it('offers QoS as rosbag2 (metadata version 9) spells it', () => {
    const q = parseYaml(offeredQosYaml('sensor_data')) as Record<string, unknown>[];
    expect(q[0]).toEqual({
      history: 'keep_last',
      depth: 5,
      reliability: 'best_effort',
      durability: 'volatile',
      deadline: { sec: 0, nsec: 0 },
      lifespan: { sec: 0, nsec: 0 },
      liveliness: 'automatic',
      liveliness_lease_duration: { sec: 0, nsec: 0 },
      avoid_ros_namespace_conventions: false,
    });
  });
});

describe('MCAP writer: atomic file and errors', () => {
  it('writes to <file>.tmp-<pid> and renames on close; abort leaves an older file untouched', () => {
    const file = join(dir, 'atomic.mcap');
    writeFileSync(file, 'previous recording');
    const w = openMcapWriter(file);
    w.channel('/cmd_vel', MSG.Twist);
    w.write('/cmd_vel', 0n, zeroTwist());
    expect(w.tempFile).toBe(`${file}.tmp-${process.pid}`);
    expect(existsSync(w.tempFile)).toBe(true);
    w.abort();
    expect(existsSync(w.tempFile)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('previous recording');
    const w2 = openMcapWriter(file);
    w2.channel('/cmd_vel', MSG.Twist);
    w2.write('/cmd_vel', 0n, zeroTwist());
    expect(readFileSync(file, 'utf8')).toBe('previous recording');
    w2.close();
    expect(existsSync(w2.tempFile)).toBe(false);
    expect(readFileSync(file).subarray(1, 5).toString('latin1')).toBe('MCAP');
  });

  it('names the file when it cannot be created, and refuses misuse', () => {
    const bad = join(dir, 'no-such-dir', 'x.mcap');
    expect(() => openMcapWriter(bad)).toThrow(McapWriteError);
    expect(() => openMcapWriter(bad)).toThrow(`cannot open the MCAP file '${bad}' for writing`);
    const w = openMcapWriter(join(dir, 'misuse.mcap'));
    w.channel('/a', MSG.Twist);
    w.channel('/a', MSG.Twist); // same type again: fine
    expect(() => w.channel('/a', MSG.Odometry)).toThrow(/topic '\/a' is already declared as 'geometry_msgs\/msg\/Twist', not 'nav_msgs\/msg\/Odometry'/);
    expect(() => w.write('/b', 0n, zeroTwist())).toThrow(/topic '\/b' was never declared/);
    expect(() => w.channel('/c', 'geometry_msgs/msg/Nope')).toThrow(/no definition of message type 'geometry_msgs\/msg\/Nope'/);
    w.close();
    expect(() => w.write('/a', 0n, zeroTwist())).toThrow(/write after the recording was closed/);
  });
});

describe('MCAP reader: bad files', () => {
  it('names the file that is not MCAP', async () => {
    const file = join(dir, 'not.mcap');
    writeFileSync(file, '{"format": "spikeloop-recording"}');
    await expect(openMcapRecording(file)).rejects.toThrow(McapReadError);
    await expect(openMcapRecording(file)).rejects.toThrow(`${file}: not an MCAP file (it does not start with the MCAP magic bytes)`);
    await expect(openMcapRecording(join(dir, 'missing.mcap'))).rejects.toThrow(/missing\.mcap: cannot open the recording/);
  });

  it('names the truncated file, and the temp file of a recording still being written', async () => {
    const file = join(dir, 'cut.mcap');
    writeSample(file, 50);
    const whole = readFileSync(file).length;
    const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Cut in the summary: the messages are intact, the error says where and what to do.
    truncateSync(file, whole - 40);
    await expect(readMcapMessages(file)).rejects.toThrow(new RegExp(`^${esc} \\(byte \\d+\\): .*past the end of the file.*spikeloop mcap recover`));
    // Cut in the data section: not a complete file.
    truncateSync(file, 2000);
    await expect(readMcapMessages(file)).rejects.toThrow(new RegExp(`^${esc} \\(byte \\d+\\): not a complete MCAP file — truncated, or still being written.*spikeloop mcap recover ${esc} --out`));
    const w = openMcapWriter(join(dir, 'live.mcap'));
    w.channel('/cmd_vel', MSG.Twist);
    for (let k = 0; k < 10; k++) w.write('/cmd_vel', BigInt(k), zeroTwist());
    await expect(openMcapRecording(w.tempFile)).rejects.toThrow(/not a complete MCAP file/);
    w.abort();
  });

  it('refuses another profile', async () => {
    const chunks: Uint8Array[] = [];
    let position = 0n;
    const writable: IWritable = {
      write: async (b: Uint8Array) => {
        chunks.push(b.slice());
        position += BigInt(b.length);
      },
      position: () => position,
    };
    const w = new McapWriter({ writable });
    await w.start({ profile: 'protobuf-robot', library: 'test' });
    await w.end();
    const file = join(dir, 'other.mcap');
    writeFileSync(file, Buffer.concat(chunks));
    await expect(openMcapRecording(file)).rejects.toThrow(`${file}: MCAP profile is 'protobuf-robot', expected 'ros2'`);
  });
});
