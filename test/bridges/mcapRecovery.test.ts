/**
 * Recordings that were not finished, and files that are damaged (issue 15 items 1, 7, 8, 10):
 *  - a recording process killed with SIGKILL leaves x.mcap.tmp-<pid> holding every chunk it
 *    reported written; the reader refuses it naming `mcap recover`, reads it with partial:
 *    'allow', `spikeloop mcap recover` makes a finished file @mcap/core's indexed reader opens,
 *    and `spikeloop view` replays it with a warning;
 *  - an uncaught exception in the recording process finalises the file under its own name;
 *  - an unchunked file replays its messages;
 *  - a chunk CRC mismatch, an unsupported compression, a bad definition, a schema named
 *    Odometry holding a Twist and a topic of the wrong type are located errors (exit 1, no stack);
 *  - seeded fuzzing: mutated bytes either read or fail with McapReadError, nothing else.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader, McapRecordBuilder, McapWriter } from '@mcap/core';
import type { IWritable } from '@mcap/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { McapReadError, openMcapBytes, openMcapRecording, readMcapMessages } from '../../bridges/recording/mcapReader.js';
import { openMcapWriter } from '../../bridges/recording/mcapWriter.js';
import { deserialize, messageDefinition, MSG, serialize, zeroTwist } from '../../bridges/ros2/messages/index.js';
import type { Twist } from '../../bridges/ros2/messages/index.js';
import { viewCommand } from '../../launch/commands/view.js';
import { ReplayStream } from '../../viewer/server/replayStream.js';
import { captureCli } from '../helpers/captureCli.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-mcap-recover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = captureCli;

/** A located error, one line, no stack trace, not an internal error. */
function expectLocated(r: { code: number; err: string }, ...parts: (string | RegExp)[]): void {
  expect(r.code).toBe(1);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  for (const p of parts) expect(r.err).toMatch(p);
}

/** Runs the recording child until it reports `chunks` chunks (mode 'kill': then SIGKILL) or exits. */
function recordChild(file: string, mode: 'kill' | 'throw', chunks: number): Promise<{ reported: number; messages: number; code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/recordUntilKilled.ts', file, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let reported = 0;
  let messages = 0;
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const m = /^chunks (\d+) messages (\d+)$/.exec(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if (m) {
        reported = Number(m[1]);
        messages = Number(m[2]);
        if (mode === 'kill' && reported >= chunks) child.kill('SIGKILL');
      }
    }
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ reported, messages, code, signal, stderr })));
}

describe('a recording killed mid-run', () => {
  const file = join(dir, 'killed.mcap');
  let tmp = '';
  let reported = 0;

  it('leaves x.mcap.tmp-<pid> with at least the chunks written before the kill; the strict reader names mcap recover', async () => {
    const r = await recordChild(file, 'kill', 3);
    expect(r.signal).toBe('SIGKILL');
    reported = r.reported;
    expect(reported).toBeGreaterThanOrEqual(3);
    const left = readdirSync(dir).filter((f) => f.startsWith('killed.mcap'));
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^killed\.mcap\.tmp-\d+$/);
    tmp = join(dir, left[0]!);
    await expect(openMcapRecording(tmp)).rejects.toThrow(McapReadError);
    await expect(openMcapRecording(tmp)).rejects.toThrow(/not a complete MCAP file .*spikeloop mcap recover/);
    const warnings: string[] = [];
    const rec = await openMcapRecording(tmp, { partial: 'allow', onWarning: (w) => warnings.push(w) });
    try {
      expect(rec.partial).not.toBeNull();
      expect(rec.chunkCount).toBeGreaterThanOrEqual(reported);
      expect(warnings.join('\n')).toMatch(/not a finished recording/);
      const msgs = await rec.readAll();
      // Every message of every complete chunk, in order, none missing in between.
      expect(msgs.length).toBeGreaterThanOrEqual(rec.chunkCount * 50);
      msgs.forEach((m, k) => expect((m.message as Twist).linear.x).toBe(k));
    } finally {
      await rec.close();
    }
  });

  it('spikeloop mcap recover makes a finished file that @mcap/core opens with every complete message', async () => {
    const out = join(dir, 'recovered.mcap');
    const r = await cli('mcap', 'recover', tmp, '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: .*not a finished recording/);
    const report = JSON.parse(r.out);
    expect(report.chunks).toBeGreaterThanOrEqual(reported);
    expect(report.finished_input).toBe(false);
    const bytes = new Uint8Array(readFileSync(out));
    const reader = await McapIndexedReader.Initialize({ readable: { size: async () => BigInt(bytes.length), read: async (o: bigint, n: bigint) => bytes.subarray(Number(o), Number(o + n)) } });
    expect(reader.header.profile).toBe('ros2');
    expect([...reader.channelsById.values()].map((c) => c.topic)).toEqual(['/cmd_vel']);
    expect(reader.statistics!.messageCount).toBe(BigInt(report.messages));
    let k = 0;
    for await (const m of reader.readMessages({ validateCrcs: true })) {
      expect(deserialize(MSG.Twist, m.data).linear.x).toBe(k);
      expect(m.logTime).toBe(BigInt(k) * 20_000_000n);
      k++;
    }
    expect(k).toBe(report.messages);
    expect(k).toBeGreaterThanOrEqual(reported * 50);
    // Our reader reads it strictly; recover refuses to overwrite without --force.
    expect((await readMcapMessages(out)).length).toBe(k);
    const again = await cli('mcap', 'recover', tmp, '--out', out);
    expect(again.code).toBe(2);
    expect(again.err).toContain('exists; choose another --out, or --force');
    expect(readdirSync(dir).filter((f) => f.startsWith('recovered.mcap'))).toEqual(['recovered.mcap']);
  });

  it('spikeloop view replays the unfinished file with a warning on stderr', async () => {
    let out = '';
    let err = '';
    const stop = new AbortController();
    stop.abort();
    await viewCommand(tmp, { port: 0, host: '127.0.0.1', open: false }, { out: (t) => void (out += t), err: (t) => void (err += t) }, stop.signal);
    expect(err).toMatch(/warning: .*killed\.mcap\.tmp-\d+: not a finished recording .*spikeloop mcap recover/);
    expect(out).toMatch(/replaying .*: \d+ messages/);
    expect(Number(/: (\d+) messages/.exec(out)![1])).toBeGreaterThanOrEqual(reported * 50);
  });

  it('explains itself in --help', async () => {
    const h = await cli('mcap', 'recover', '--help');
    expect(h.out).toMatch(/--out <file\.mcap>/);
    expect(h.out).toMatch(/x\.mcap\.tmp-<pid>/);
    expect(h.out).toMatch(/every second of recorded \(sim or ROS\) time or 1 MiB/);
    expect((await cli('--help')).out).toMatch(/mcap\s+MCAP recordings/);
  });
});

describe('a recording process that fails', () => {
  it('finalises the file under its name on an uncaught exception', async () => {
    const file = join(dir, 'thrown.mcap');
    const r = await recordChild(file, 'throw', 3);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a node failed');
    expect(r.stderr).toContain(`recording finalised in ${file}`);
    expect(readdirSync(dir).filter((f) => f.startsWith('thrown.mcap'))).toEqual(['thrown.mcap']);
    const msgs = await readMcapMessages(file);
    expect(msgs.length).toBe(r.messages);
  });
});

// --- Hand-made files ---------------------------------------------------------------------------

const TWIST_DEF = messageDefinition(MSG.Twist);
const ODOM_DEF = messageDefinition(MSG.Odometry);

function twist(k: number): Uint8Array {
  const t = zeroTwist();
  t.linear.x = k;
  return serialize(MSG.Twist, t);
}

/** A file by @mcap/core's McapWriter: `channels` [topic, schema name, definition], 5 messages each. */
async function coreFile(channels: [string, string, string][], opts: { useChunks?: boolean; compression?: string } = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let position = 0n;
  const writable: IWritable = { write: async (b) => void (parts.push(b.slice()), (position += BigInt(b.length))), position: () => position };
  const w = new McapWriter({
    writable,
    useChunks: opts.useChunks ?? true,
    ...(opts.compression !== undefined ? { compressChunk: (d: Uint8Array) => ({ compression: opts.compression!, compressedData: d }) } : {}),
  });
  await w.start({ profile: 'ros2', library: 'test' });
  const ids: number[] = [];
  for (const [topic, name, def] of channels) {
    const schemaId = await w.registerSchema({ name, encoding: 'ros2msg', data: new TextEncoder().encode(def) });
    ids.push(await w.registerChannel({ topic, schemaId, messageEncoding: 'cdr', metadata: new Map() }));
  }
  for (let k = 0; k < 5; k++) for (const id of ids) await w.addMessage({ channelId: id, sequence: k, logTime: BigInt(k) * 1000n, publishTime: BigInt(k) * 1000n, data: twist(k) });
  await w.end();
  return new Uint8Array(Buffer.concat(parts));
}

function save(name: string, bytes: Uint8Array): string {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

describe('files other writers make, and damaged files', () => {
  it('an unchunked file replays its messages (reader and viewer)', async () => {
    const file = save('unchunked.mcap', await coreFile([['/cmd_vel', MSG.Twist, TWIST_DEF]], { useChunks: false }));
    const msgs = await readMcapMessages(file);
    expect(msgs.map((m) => (m.message as Twist).linear.x)).toEqual([0, 1, 2, 3, 4]);
    expect((await ReplayStream.load(file)).count).toBe(5);
  });

  it('a chunk CRC mismatch: view exits 1 naming the byte offset and chunk, no stack trace', async () => {
    const bytes = await coreFile([['/cmd_vel', MSG.Twist, TWIST_DEF]]);
    // The chunk's records: flip the last byte of the first message's data (inside the chunk).
    const chunkAt = findRecord(bytes, 0x06);
    const flipped = bytes.slice();
    flipped[chunkAt + 200] ^= 0xff;
    const file = save('badcrc.mcap', flipped);
    expectLocated(await cli('view', file, '--no-open'), `${file} (byte ${chunkAt}, chunk 0): CRC mismatch in the chunk's records`);
    await expect(readMcapMessages(file)).rejects.toMatchObject({ name: 'McapReadError', where: { offset: chunkAt, chunk: 0 } });
    // recover drops the chunk with a warning.
    const r = await cli('mcap', 'recover', file, '--out', join(dir, 'badcrc-recovered.mcap'));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/chunk 0\): CRC mismatch .* — chunk dropped/);
  });

  it('an unsupported compression is a located error', async () => {
    const file = save('zstd.mcap', await coreFile([['/cmd_vel', MSG.Twist, TWIST_DEF]], { compression: 'zstd' }));
    expectLocated(await cli('view', file, '--no-open'), /\(byte \d+, chunk 0\): the chunk is compressed with 'zstd', which this reader does not decompress/);
  });

  it("a schema named Odometry holding a Twist definition is refused, naming the topic", async () => {
    const file = save('lying.mcap', await coreFile([['/odom', MSG.Odometry, TWIST_DEF]]));
    await expect(readMcapMessages(file)).rejects.toThrow(/topic '\/odom'\): schema 'nav_msgs\/msg\/Odometry' holds a definition with fields \(linear, angular\), not the definition of nav_msgs\/msg\/Odometry \(header, child_frame_id, pose, twist\)/);
    expectLocated(await cli('view', file, '--no-open'), /topic '\/odom'\): schema 'nav_msgs\/msg\/Odometry' holds a definition/);
    // 'nav_msgs/Odometry' (ROS 1 style name) is the same type.
    await expect(readMcapMessages(save('lying2.mcap', await coreFile([['/x', 'nav_msgs/Odometry', TWIST_DEF]])))).rejects.toThrow(/holds a definition with fields \(linear, angular\)/);
    // The real definitions pass.
    await expect(openMcapBytes('ok', await coreFile([['/odom_twist', MSG.Twist, TWIST_DEF]]))).resolves.toBeDefined();
  });

  it('a topic the viewer reads with another (correctly named) type is refused by view, read by the reader', async () => {
    const file = save('odom-as-twist.mcap', await coreFile([['/odom', MSG.Twist, TWIST_DEF]]));
    expect(await readMcapMessages(file)).toHaveLength(5);
    expectLocated(await cli('view', file, '--no-open'), /topic '\/odom'\): the topic has type 'geometry_msgs\/msg\/Twist', but spikeloop reads it as 'nav_msgs\/msg\/Odometry'/);
  });

  it('a definition that does not parse is located', async () => {
    const file = save('baddef.mcap', await coreFile([['/thing', 'my_msgs/msg/Thing', 'float64 x\nthis is not a field line !!\n']]));
    expectLocated(await cli('view', file, '--no-open'), /\(byte \d+, topic '\/thing'\): bad ros2msg definition in schema 'my_msgs\/msg\/Thing'/);
  });

  it('an Odometry recorded by our writer passes the schema check', async () => {
    const f = join(dir, 'odom.mcap');
    const w = openMcapWriter(f);
    w.channel('/odom', MSG.Odometry);
    w.close();
    expect(ODOM_DEF).toContain('PoseWithCovariance');
    await expect(readMcapMessages(f)).resolves.toEqual([]);
  });
});

/** Offset of the first record with `opcode` after the magic (walking the records). */
function findRecord(bytes: Uint8Array, opcode: number): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  while (pos + 9 <= bytes.length) {
    if (bytes[pos] === opcode) return pos;
    pos += 9 + Number(v.getBigUint64(pos + 1, true));
  }
  throw new Error(`no record 0x${opcode.toString(16)}`);
}

describe('fuzzing the reader (fast-check, seeded)', () => {
  /** Reads everything both strictly and leniently: messages, or McapReadError — nothing else. */
  async function readsOrLocates(bytes: Uint8Array): Promise<void> {
    for (const opts of [{}, { partial: 'allow' as const }, { partial: 'allow' as const, damaged: 'skip' as const }]) {
      try {
        const rec = await openMcapBytes('fuzz.mcap', bytes, opts);
        try {
          await rec.readAll();
        } finally {
          await rec.close();
        }
      } catch (e) {
        if (!(e instanceof McapReadError)) throw new Error(`not an McapReadError: ${(e as Error)?.stack ?? String(e)}`);
        expect(e.message.startsWith('fuzz.mcap')).toBe(true);
      }
    }
  }

  const mutation = fc.record({
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  });
  const mutate = (base: Uint8Array, m: { edits: [number, number][]; cut: number | undefined }): Uint8Array => {
    const b = base.slice();
    for (const [i, v] of m.edits) b[i % b.length] = v;
    return m.cut === undefined ? b : b.subarray(0, m.cut % (b.length + 1));
  };

  it('mutated bytes of a chunked recording of ours (seed 15, 100 runs)', async () => {
    const f = join(dir, 'fuzz-base.mcap');
    const w = openMcapWriter(f, { chunkSize_bytes: 300 });
    w.channel('/cmd_vel', MSG.Twist);
    w.channel('/odom', MSG.Odometry);
    for (let k = 0; k < 12; k++) {
      const t = zeroTwist();
      t.linear.x = k;
      w.write('/cmd_vel', BigInt(k) * 1000n, t);
    }
    w.close();
    const base = new Uint8Array(readFileSync(f));
    expect((await (await openMcapBytes('base', base)).readAll()).length).toBe(12);
    await fc.assert(fc.asyncProperty(mutation, async (m) => readsOrLocates(mutate(base, m))), { seed: 15, numRuns: 100 });
  });

  it('mutated bytes of an unchunked file without CRCs, so damaged messages reach the CDR decoder (seed 16, 100 runs)', async () => {
    const b = new McapRecordBuilder();
    b.writeMagic();
    b.writeHeader({ profile: 'ros2', library: 'fuzz' });
    b.writeSchema({ id: 1, name: MSG.Twist, encoding: 'ros2msg', data: new TextEncoder().encode(TWIST_DEF) });
    b.writeSchema({ id: 2, name: 'std_msgs/msg/String', encoding: 'ros2msg', data: new TextEncoder().encode('string data\n') });
    b.writeChannel({ id: 0, schemaId: 1, topic: '/cmd_vel', messageEncoding: 'cdr', metadata: new Map() });
    b.writeChannel({ id: 1, schemaId: 2, topic: '/spikeloop/episode', messageEncoding: 'cdr', metadata: new Map() });
    for (let k = 0; k < 6; k++) {
      b.writeMessage({ channelId: 0, sequence: k, logTime: BigInt(k), publishTime: BigInt(k), data: twist(k) });
      b.writeMessage({ channelId: 1, sequence: k, logTime: BigInt(k), publishTime: BigInt(k), data: serialize('std_msgs/msg/String', { data: `event ${k}` }) });
    }
    b.writeDataEnd({ dataSectionCrc: 0 });
    b.writeFooter({ summaryStart: 0n, summaryOffsetStart: 0n, summaryCrc: 0 });
    b.writeMagic();
    const base = b.buffer.slice();
    expect((await (await openMcapBytes('base', base)).readAll()).length).toBe(12);
    await fc.assert(fc.asyncProperty(mutation, async (m) => readsOrLocates(mutate(base, m))), { seed: 16, numRuns: 100 });
  });

  it('never leaves a temporary file behind in this directory', () => {
    expect(readdirSync(dir).filter((f) => /\.tmp-\d+$/.test(f) && !f.startsWith('killed.mcap'))).toEqual([]);
    expect(existsSync(join(dir, 'killed.mcap'))).toBe(false);
  });
});
