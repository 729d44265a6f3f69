/**
 * event_camera_msgs/msg/EventPacket and its `mono` encoding, against upstream's text:
 *  - the definition: ros-event-camera/event_camera_msgs, commit
 *    65111f9bbf70e01e307d89b9f2302acd50bbcc69, msg_ros2/EventPacket.msg;
 *  - the mono layout: the same commit's README.md ("mono … Encodes on 64 bit boundaries:
 *    bit 63 polarity (ON = 1), bits 48–62 y (15 bits), bits 32–48 x (16 bits), bits 0–32 dt
 *    (32 bits); sensor time = time_base + dt, ns"), and ros-event-camera/event_camera_codecs,
 *    commit 656bd539719c5b913012eb45763475d90b7b3c6b, include/event_camera_codecs/
 *    mono_decoder.h (dt = p & 0xFFFFFFFF, x = (p >> 32) & 0xFFFF, y = (p >> 48) & 0x7FFF,
 *    polarity = bit 63, the word read in host order — little endian on x86/ARM).
 * The packets below are computed by hand from that table, byte by byte.
 * Then the `event-drone` profile's input (counts, and each fault of issue 18) and the
 * simulator's packet writer (times relative to the interval start, never backwards).
 */
import { describe, expect, it } from 'vitest';
import { EventPacketWriter } from '../../bridges/recording/eventPacketTopic.js';
import { deserialize, serialize } from '../../bridges/ros2/messages/cdr.js';
import { messageDefinition, ownDefinitionText } from '../../bridges/ros2/messages/definitions.js';
import type { EventPacket } from '../../bridges/ros2/messages/eventCameraMsgs.js';
import { emptyEventPacket } from '../../bridges/ros2/messages/eventCameraMsgs.js';
import { decodeMonoEvents, writeMonoEvent } from '../../bridges/ros2/messages/monoEventEncoding.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { allocateChannels } from '../../loop/channels.js';
import type { EventCameraTelemetry } from '../../sim/bodyTelemetry.js';
import type { EventList } from '../../sim/sensors/eventList.js';

/** [dt_ns, x, y, on] */
type Ev = [number, number, number, boolean];

/** Hand-computed words, little endian (least significant byte first). */
const HAND: { ev: Ev; le: number[]; why: string }[] = [
  // 1<<63 | 2<<48 | 3<<32 | 1000 = 0x8002_0003_0000_03E8
  { ev: [1000, 3, 2, true], le: [0xe8, 0x03, 0x00, 0x00, 0x03, 0x00, 0x02, 0x80], why: 'ON (3, 2) at 1 µs' },
  // every field at its maximum, OFF: 0x7FFF_FFFF_FFFF_FFFF
  { ev: [0xffffffff, 0xffff, 0x7fff, false], le: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], why: 'OFF, dt, x, y all ones' },
  // only the polarity bit: 0x8000_0000_0000_0000
  { ev: [0, 0, 0, true], le: [0, 0, 0, 0, 0, 0, 0, 0x80], why: 'ON (0, 0) at 0' },
  // OFF (639, 479) at 123456789 ns: 0x01DF_027F_075B_CD15
  { ev: [123456789, 639, 479, false], le: [0x15, 0xcd, 0x5b, 0x07, 0x7f, 0x02, 0xdf, 0x01], why: 'OFF, VGA corner' },
];

function encode(events: readonly Ev[], littleEndian = true): Uint8Array {
  const bytes = new Uint8Array(events.length * 8);
  const view = new DataView(bytes.buffer);
  events.forEach(([dt, x, y, on], i) => writeMonoEvent(view, i, dt, x, y, on, littleEndian));
  return bytes;
}

function decode(bytes: Uint8Array, bigEndian = false): Ev[] {
  const out: Ev[] = [];
  decodeMonoEvents(bytes, bigEndian, { event: (dt, x, y, on) => void out.push([dt, x, y, on]) });
  return out;
}

describe('mono encoding (upstream layout, hand-computed words)', () => {
  it.each(HAND)('$why: encodes to the hand-computed bytes and decodes back', ({ ev, le }) => {
    expect([...encode([ev])]).toEqual(le);
    expect(decode(Uint8Array.from(le))).toEqual([ev]);
  });

  it('a packet is the words in order; big endian (is_bigendian) is the same words byte-reversed', () => {
    const all = HAND.map((h) => h.ev);
    expect([...encode(all)]).toEqual(HAND.flatMap((h) => h.le));
    const be = encode(all, false);
    expect([...be.subarray(0, 8)]).toEqual([0x80, 0x02, 0x00, 0x03, 0x00, 0x00, 0x03, 0xe8]);
    expect(decode(be, true)).toEqual(all);
    // read with the wrong byte order, the first event is garbage: the flag matters
    expect(decode(be, false)[0]).not.toEqual(all[0]);
  });

  it('refuses values that do not fit their bits (upstream would wrap them) and lengths that are not whole events', () => {
    const view = new DataView(new ArrayBuffer(8));
    expect(() => writeMonoEvent(view, 0, 2 ** 32, 0, 0, true)).toThrow(/dt must be an integer in \[0, 2³²−1\] ns, got 4294967296/);
    expect(() => writeMonoEvent(view, 0, -1, 0, 0, true)).toThrow(/dt/);
    expect(() => writeMonoEvent(view, 0, 0, 65536, 0, true)).toThrow(/x must be an integer in \[0, 65535\]/);
    expect(() => writeMonoEvent(view, 0, 0, 0, 32768, true)).toThrow(/y must be an integer in \[0, 32767\]/);
    expect(() => decode(new Uint8Array(12))).toThrow(/12 bytes, not a whole number of 8-byte mono events/);
  });
});

describe('event_camera_msgs/msg/EventPacket', () => {
  it('is upstream msg_ros2/EventPacket.msg verbatim, with std_msgs/Header and builtin_interfaces/Time as dependencies', () => {
    const text = ownDefinitionText('event_camera_msgs/msg/EventPacket');
    const fields = text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => l !== '');
    expect(fields).toEqual(['std_msgs/Header header', 'uint32 height', 'uint32 width', 'uint64 seq', 'uint64 time_base', 'string encoding', 'bool is_bigendian', 'uint8[] events']);
    expect(text).toContain('uint64 time_base  # event ros time = time_base + decoded event_time');
    const full = messageDefinition('event_camera_msgs/msg/EventPacket');
    expect(full).toContain('\nMSG: std_msgs/Header\n');
    expect(full).toContain('\nMSG: builtin_interfaces/Time\n');
  });

  it('round-trips through CDR, events given as a view into a larger buffer', () => {
    const m = emptyEventPacket('event_camera');
    const big = new Uint8Array(64);
    big.set(encode(HAND.map((h) => h.ev)), 16);
    m.events = big.subarray(16, 16 + 32);
    m.width = 640;
    m.height = 480;
    m.seq = 7n;
    m.time_base = 1_733_600_000_123_456_789n;
    m.encoding = 'mono';
    m.header.stamp = { sec: 1_733_600_000, nanosec: 123_456_789 };
    const back = deserialize('event_camera_msgs/msg/EventPacket', serialize('event_camera_msgs/msg/EventPacket', m));
    expect(back.time_base).toBe(m.time_base);
    expect(back.seq).toBe(7n);
    expect([back.width, back.height, back.encoding, back.is_bigendian]).toEqual([640, 480, 'mono', false]);
    expect(decode(back.events)).toEqual(HAND.map((h) => h.ev));
  });
});

/** The event-drone profile's event input, alone. */
function eventInput() {
  const p = loadProfile('event-drone');
  const input = p.inputs.find((i) => i.spec.type === 'event_camera_msgs/msg/EventPacket')!;
  const out = allocateChannels(input.channels);
  return { input, out };
}

function packet(events: readonly Ev[], o: Partial<EventPacket> = {}): EventPacket {
  return { ...emptyEventPacket('event_camera'), width: 64, height: 48, encoding: 'mono', events: encode(events), time_base: 1_000_000_000n, ...o };
}

describe("event-drone profile: the event camera input", () => {
  it('counts every packet since the last tick per pixel and polarity, row-major; a tick without packets reads zeros', () => {
    const { input, out } = eventInput();
    expect(input.spec.qos).toBe('event_data');
    expect(input.channels.map((c) => [c.name, c.size])).toEqual([['events_on', 3072], ['events_off', 3072]]);
    input.receive!(packet([[0, 3, 2, true], [10, 3, 2, true], [20, 63, 47, false]]));
    input.receive!(packet([[5, 3, 2, false], [6, 0, 0, true]], { time_base: 1_000_000_020n }));
    expect(input.decode(undefined, out)).toBeNull();
    expect(out.events_on![2 * 64 + 3]).toBe(2);
    expect(out.events_off![2 * 64 + 3]).toBe(1);
    expect(out.events_off![47 * 64 + 63]).toBe(1);
    expect(out.events_on![0]).toBe(1);
    expect(out.events_on!.reduce((a, b) => a + b, 0) + out.events_off!.reduce((a, b) => a + b, 0)).toBe(5);
    expect(input.decode(undefined, out)).toBeNull();
    expect(out.events_on!.every((v) => v === 0) && out.events_off!.every((v) => v === 0)).toBe(true);
  });

  it('decodes a big-endian packet (is_bigendian) to the same counts', () => {
    const { input, out } = eventInput();
    input.receive!({ ...packet([]), events: encode([[0, 5, 6, true]], false), is_bigendian: true });
    expect(input.decode(undefined, out)).toBeNull();
    expect(out.events_on![6 * 64 + 5]).toBe(1);
  });

  const FAULTS: { what: string; packets: EventPacket[]; message: RegExp }[] = [
    { what: 'unknown encoding', packets: [packet([[0, 1, 1, true]], { encoding: 'rgb8' })], message: /unknown encoding 'rgb8' \(expected 'mono'; event_camera_codecs knows evt3, mono, trigger, libcaer, libcaer_cmp\)/ },
    { what: 'an encoding upstream knows but we do not decode', packets: [packet([], { encoding: 'evt3' })], message: /encoding 'evt3' is not decoded here \(only 'mono'/ },
    { what: 'wrong width/height', packets: [packet([[0, 1, 1, true]], { width: 640, height: 480 })], message: /the packet is 640×480 pixels \(width×height\); this profile's camera is 64×48/ },
    { what: 'event outside the sensor (x)', packets: [packet([[0, 1, 1, true], [1, 64, 0, true]])], message: /event 1 of 2 is at \(x 64, y 0\), outside the 64×48 sensor/ },
    { what: 'event outside the sensor (y)', packets: [packet([[0, 0, 48, false]])], message: /event 0 of 1 is at \(x 0, y 48\), outside the 64×48 sensor/ },
    { what: 'timestamps backwards within a packet', packets: [packet([[100, 1, 1, true], [99, 2, 2, true]])], message: /timestamps go backwards: event 1 of 2 is at time_base \+ 99 ns, before event 0 at time_base \+ 100 ns/ },
    {
      what: 'timestamps backwards across packets',
      packets: [packet([[500, 1, 1, true]]), packet([[0, 1, 1, true]], { time_base: 1_000_000_400n })],
      message: /timestamps go backwards: the packet's first event \(1000000400 ns\) is 100 ns before the previous packet's last \(1000000500 ns\)/,
    },
    { what: 'a length that is not whole events', packets: [{ ...packet([]), events: new Uint8Array(12) }], message: /'events' has 12 bytes, not a whole number of 8-byte mono events/ },
  ];

  it.each(FAULTS)('$what: a fault naming it, the packet dropped whole; the next good packet clears it', ({ packets, message }) => {
    const { input, out } = eventInput();
    for (const p of packets) input.receive!(p);
    expect(input.decode(undefined, out)).toMatch(message);
    input.receive!(packet([[0, 7, 7, true]], { time_base: 2_000_000_000n }));
    expect(input.decode(undefined, out)).toBeNull();
    expect(out.events_on!.reduce((a, b) => a + b, 0)).toBe(1); // only the good packet's event
  });

  it('after timestamps went backwards, the new time base is taken: one fault, then the stream goes on', () => {
    const { input, out } = eventInput();
    input.receive!(packet([[0, 1, 1, true]], { time_base: 5_000_000_000n }));
    expect(input.decode(undefined, out)).toBeNull();
    input.receive!(packet([[0, 1, 1, true]], { time_base: 1_000n })); // a restarted driver
    expect(input.decode(undefined, out)).toMatch(/timestamps go backwards/);
    input.receive!(packet([[0, 1, 1, true]], { time_base: 2_000n }));
    expect(input.decode(undefined, out)).toBeNull();
  });

  it('refuses at load an event_camera input of another type, and events channels without event_camera', async () => {
    const { validateProfile } = await import('../../bridges/ros2/profiles/registry.js');
    const { EVENT_DRONE } = await import('../../bridges/ros2/profiles/eventDrone.js');
    const bad = structuredClone(EVENT_DRONE) as { inputs: Record<string, unknown>[] };
    bad.inputs[1]!.type = 'sensor_msgs/msg/Image';
    expect(() => validateProfile(bad, 'bad.yaml')).toThrow(/inputs\[1\]\.type.*an 'event_camera' input takes 'event_camera_msgs\/msg\/EventPacket'/s);
    const noCam = structuredClone(EVENT_DRONE) as { inputs: Record<string, unknown>[] };
    delete noCam.inputs[1]!.event_camera;
    expect(() => validateProfile(noCam, 'bad.yaml')).toThrow(/'events' channels need 'event_camera: \{width, height\}'/);
  });
});

/** A camera's list, as the simulated one drains it (times in s since the episode's reset). */
function fakeCamera(batches: [number, number, number, number][][]): EventCameraTelemetry {
  let k = 0;
  return {
    width_px: 64,
    height_px: 48,
    eventsDropped: () => 0,
    drainEvents(out: EventList): number {
      const b = batches[k++] ?? [];
      b.forEach(([x, y, p, t], i) => {
        out.x[i] = x;
        out.y[i] = y;
        out.polarity[i] = p;
        out.t_s[i] = t;
      });
      out.count = b.length;
      return b.length;
    },
  };
}

describe('the simulator side: EventPacketWriter', () => {
  it('one packet per observation: time_base = stamp = the previous observation, dt within the interval (clamped), seq counting', () => {
    // episode starts at stamp 10 s; observations at 10.02 s and 10.04 s
    const cam = fakeCamera([[], [[1, 2, 1, 0.005], [3, 4, -1, 0.02000001]], [[5, 6, 1, 0.019999999], [7, 8, 1, 0.03]]]);
    const w = new EventPacketWriter(cam, 'event_camera');
    w.episodeStart(10_000_000_000);
    const a = w.fill(10_020_000_000);
    expect([a.time_base, a.header.stamp.sec, a.header.stamp.nanosec, a.seq, a.encoding, a.width, a.height, a.header.frame_id]).toEqual([10_000_000_000n, 10, 0, 0n, 'mono', 64, 48, 'event_camera']);
    // the second event is 10 ns past the observation (20 000 010 ns after the reset): put at the interval's end
    expect(decode(a.events)).toEqual([
      [5_000_000, 1, 2, true],
      [20_000_000, 3, 4, false],
    ]);
    const b = w.fill(10_040_000_000);
    expect([b.time_base, b.seq]).toEqual([10_020_000_000n, 1n]);
    // an event stamped (by float rounding) before the interval's start is put at its start
    expect(decode(b.events)).toEqual([
      [0, 5, 6, true],
      [10_000_000, 7, 8, true],
    ]);
  });
});
