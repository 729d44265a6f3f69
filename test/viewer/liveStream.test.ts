import { describe, expect, it } from 'vitest';
import { LiveStream, MAX_SCAN_RAYS, WIRE_DIGITS, encodeWireMessage, wireBigint } from '../../viewer/server/index.js';
import type { StreamFrame, WireMessage } from '../../viewer/server/index.js';

const turn = () => new Promise((r) => setImmediate(r));
/** A receiver that takes every frame at once, into `into`. */
const collect = (into: string[]) => ({ send: (t: string) => void into.push(t), sendAll: (fs: Iterable<string>) => void into.push(...fs) });
const frames = (texts: string[]) => texts.map((t) => JSON.parse(t) as StreamFrame);
const messagesOf = (texts: string[]) =>
  frames(texts).flatMap((f) => (f.kind === 'batch' ? f.messages : [])) as WireMessage[];

function stream(opts = {}) {
  const sent: string[] = [];
  const s = new LiveStream((t) => sent.push(t), opts);
  s.channel('/odom', 'nav_msgs/msg/Odometry');
  s.channel('/spikeloop/scene', 'visualization_msgs/msg/MarkerArray');
  s.channel('/spikeloop/reward', 'std_msgs/msg/Float64');
  return { s, sent };
}

describe('wire encoding', () => {
  it('bigints become numbers while exact, else decimal strings', () => {
    expect(wireBigint(2n ** 53n - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(wireBigint(2n ** 53n)).toBe('9007199254740992');
    const t = 1_700_000_000_123_456_789n; // ROS epoch time: beyond 2^53
    expect(JSON.parse(encodeWireMessage('/x', 'std_msgs/msg/Float64', t, { data: 1 })).t_ns).toBe(t.toString());
  });

  it('typed arrays become arrays, non-finite numbers null, covariances and intensities are left out', () => {
    const odom = { pose: { pose: { position: { x: 1.5, y: -2, z: Number.NaN } }, covariance: new Float64Array(36) }, twist: { covariance: new Float64Array(36) } };
    const w = JSON.parse(encodeWireMessage('/odom', 'nav_msgs/msg/Odometry', 20_000_000n, odom));
    expect(w).toEqual({ topic: '/odom', type: 'nav_msgs/msg/Odometry', t_ns: 20_000_000, message: { pose: { pose: { position: { x: 1.5, y: -2, z: null } } }, twist: {} } });
    const spikes = JSON.parse(encodeWireMessage('/s', 'std_msgs/msg/UInt32MultiArray', 0n, { data: Uint32Array.of(3, 17, 0, 18) }));
    expect(spikes.message.data).toEqual([3, 17, 0, 18]);
  });

  it('non-integers keep WIRE_DIGITS significant digits (relative error ≤ 5·10^-WIRE_DIGITS), integers stay exact; stamps are left out', () => {
    const values = [Math.PI, -Math.E * 1e5, 19.123456789, 1 / 3e9, 2 ** 40 + 1, -7];
    const w = JSON.parse(encodeWireMessage('/v', 'std_msgs/msg/Float64MultiArray', 5n, { header: { stamp: { sec: 1, nanosec: 2 }, frame_id: 'odom' }, data: Float64Array.from(values) })).message;
    expect(w.header).toEqual({ frame_id: 'odom' });
    values.forEach((v, i) => {
      if (Number.isInteger(v)) expect(w.data[i]).toBe(v);
      else {
        expect(Math.abs(w.data[i] - v)).toBeLessThanOrEqual(5 * 10 ** -WIRE_DIGITS * Math.abs(v));
        expect(w.data[i]).not.toBe(v);
      }
    });
  });

  it('a scan longer than MAX_SCAN_RAYS keeps every k-th ray with the increment scaled by k', () => {
    const n = 2 * MAX_SCAN_RAYS + 5;
    const inc = (2 * Math.PI) / n;
    const ranges = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Infinity : i / 100));
    const w = JSON.parse(encodeWireMessage('/scan', 'sensor_msgs/msg/LaserScan', 0n, { angle_min: -Math.PI, angle_increment: inc, ranges, intensities: new Float32Array(n) })).message;
    const k = Math.ceil(n / MAX_SCAN_RAYS);
    expect(w.ranges.length).toBe(Math.ceil(n / k));
    expect(w.ranges.length).toBeLessThanOrEqual(MAX_SCAN_RAYS);
    const rel = 5 * 10 ** -WIRE_DIGITS;
    expect(Math.abs(w.angle_increment - inc * k)).toBeLessThanOrEqual(rel * inc * k);
    for (let j = 0; j < w.ranges.length; j++) {
      if ((j * k) % 3 === 0) expect(w.ranges[j]).toBeNull();
      else expect(Math.abs(w.ranges[j] - Math.fround((j * k) / 100))).toBeLessThanOrEqual(5 * 10 ** -WIRE_DIGITS * Math.fround((j * k) / 100));
    }
    expect(w.intensities).toBeUndefined();
    // Ray j of the decimated scan points where ray j·k of the original did (to the rounding).
    const last = w.ranges.length - 1;
    expect(Math.abs(last * w.angle_increment - last * k * inc)).toBeLessThanOrEqual(rel * last * k * inc);
  });
});

describe('LiveStream', () => {
  it('sends what one turn of the event loop wrote as one batch frame, in order', async () => {
    const { s, sent } = stream();
    s.write('/odom', 20_000_000n, { n: 1 });
    s.write('/spikeloop/reward', 20_000_000n, { data: 0.5 });
    expect(sent).toEqual([]); // nothing leaves inside the control step
    await turn();
    s.write('/odom', 40_000_000n, { n: 2 });
    await turn();
    expect(frames(sent).map((f) => f.kind)).toEqual(['batch', 'batch']);
    expect(messagesOf(sent).map((m) => [m.topic, m.t_ns])).toEqual([
      ['/odom', 20_000_000],
      ['/spikeloop/reward', 20_000_000],
      ['/odom', 40_000_000],
    ]);
    expect(s.stats).toEqual({ messages: 3, frames: 2, bytes: sent.reduce((b, t) => b + Buffer.byteLength(t), 0) });
  });

  it('copies each message when written (producers reuse their message objects)', async () => {
    const { s, sent } = stream();
    const msg = { data: 1 };
    s.write('/spikeloop/reward', 0n, msg);
    msg.data = 2;
    s.write('/spikeloop/reward', 1n, msg);
    await turn();
    expect(messagesOf(sent).map((m) => (m.message as { data: number }).data)).toEqual([1, 2]);
  });

  it('a late page gets hello, the latched scene, then the history; pending messages come once, with the next flush', async () => {
    const { s, sent } = stream();
    s.write('/spikeloop/scene', 0n, { markers: ['old'] });
    s.write('/spikeloop/scene', 0n, { markers: ['new'] });
    for (let k = 1; k <= 5; k++) s.write('/odom', BigInt(k) * 20_000_000n, { k });
    await turn();
    s.write('/odom', 120_000_000n, { k: 6 }); // pending when the page connects
    const late: string[] = [];
    s.attach(collect(late));
    await turn();
    late.push(sent.at(-1)!); // the flush the page is subscribed to
    const f = frames(late);
    expect(f[0]).toEqual({ kind: 'hello', version: 1, mode: 'live', source: 'live' });
    const got = messagesOf(late);
    expect(got[0]!.topic).toBe('/spikeloop/scene');
    expect((got[0]!.message as { markers: string[] }).markers).toEqual(['new']); // only the last of a latched topic
    expect(got.slice(1).map((m) => (m.message as { k: number }).k)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps at most historyLimit messages, and restarts the history when time goes back (a new episode)', async () => {
    const { s } = stream({ historyLimit: 3 });
    for (let k = 1; k <= 5; k++) s.write('/odom', BigInt(k), { k });
    await turn();
    const a: string[] = [];
    s.attach(collect(a));
    expect(messagesOf(a).map((m) => (m.message as { k: number }).k)).toEqual([3, 4, 5]);
    s.write('/odom', 0n, { k: 100 });
    await turn();
    const b: string[] = [];
    s.attach(collect(b));
    expect(messagesOf(b).map((m) => (m.message as { k: number }).k)).toEqual([100]);
  });

  it('a page pulling its history slowly gets the history as it was when it connected, however the stream moves on', async () => {
    const { s } = stream({ historyLimit: 3000 });
    for (let k = 1; k <= 2500; k++) s.write('/odom', BigInt(k), { k });
    await turn();
    const head: string[] = [];
    let later: Iterable<string> = [];
    s.attach({ send: (t) => void head.push(t), sendAll: (fs) => void (later = fs) });
    // While the page has not pulled a frame: more of this episode (the history array grows and
    // is compacted past its limit), then a new episode (the history restarts).
    for (let k = 2501; k <= 6000; k++) s.write('/odom', BigInt(k), { k });
    await turn();
    s.write('/odom', 0n, { k: -1 });
    await turn();
    const pulled = [...later];
    expect(pulled.length).toBe(2); // 2500 messages in batches of 2000
    const ks = messagesOf(pulled).map((m) => (m.message as { k: number }).k);
    expect(ks.length).toBe(2500);
    expect(ks[0]).toBe(1);
    expect(ks.at(-1)).toBe(2500);
    expect(ks.every((k, i) => k === i + 1)).toBe(true);
    expect(head.length).toBe(1); // hello only (no latched topic written)
  });

  it('refuses a write to an undeclared topic and a topic redeclared with another type', () => {
    const { s } = stream();
    expect(() => s.write('/scan', 0n, {})).toThrow(new TypeError("LiveStream: write to '/scan' before channel('/scan', type) declared it"));
    expect(() => s.channel('/odom', 'std_msgs/msg/Float64')).toThrow(TypeError);
    s.close();
  });
});
