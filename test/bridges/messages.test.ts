import common from '@foxglove/rosmsg-msgs-common';
import { parse } from '@foxglove/rosmsg';
import { describe, expect, it } from 'vitest';
import {
  definitionDependencies,
  DEFINITION_SEPARATOR,
  deserialize,
  emptyLaserScan,
  identityOdometry,
  MESSAGE_TYPE_NAMES,
  messageDefinition,
  messageProblems,
  MSG,
  ownDefinitionText,
  parsedDefinitions,
  serialize,
  setTime,
  timeToNs,
  zeroMessage,
  zeroTrajectorySetpoint,
  ZERO_MESSAGES,
} from '../../bridges/ros2/messages/index.js';
import type { MessageDefinition } from '../../bridges/ros2/messages/index.js';
import { Rng } from '../../loop/rng.js';
import { randomMessage } from './randomMessage.js';

const official = common.ros2jazzy as unknown as Readonly<Record<string, MessageDefinition>>;
/** 'std_msgs/msg/Header' → 'std_msgs/Header', the keys of rosmsg-msgs-common. */
const key = (t: string) => t.replace('/msg/', '/');
const standard = MESSAGE_TYPE_NAMES.filter((t) => official[key(t)] !== undefined);
const ours = MESSAGE_TYPE_NAMES.filter((t) => official[key(t)] === undefined);

/** Problems of `m` against the official definition of `type` (our upstream copy for px4/crazyflie). */
function problems(type: string, m: unknown): string[] {
  return official[key(type)] !== undefined ? messageProblems(official, m, type, key(type)) : messageProblems(parsedDefinitions(type), m, type);
}

/** Field lists comparable across the two parsers (names normalised, no comments). */
function shape(d: MessageDefinition): unknown[] {
  return d.definitions.map((f) => ({ name: f.name, type: key(f.type), isArray: f.isArray === true, arrayLength: f.arrayLength, isComplex: f.isComplex === true, isConstant: f.isConstant === true, value: f.value }));
}

describe('message definitions', () => {
  it('covers every type the bridge names, and only px4_msgs/crazyflie_interfaces/event_camera_msgs come from us', () => {
    expect(standard.length + ours.length).toBe(Object.keys(MSG).length);
    expect(ours.every((t) => t.startsWith('px4_msgs/') || t.startsWith('crazyflie_interfaces/') || t.startsWith('event_camera_msgs/'))).toBe(true);
  });

  it.each(standard)('%s parses to the official definition, nested types included', (type) => {
    const ourParse = parse(messageDefinition(type), { ros2: true });
    expect(shape(ourParse[0]!)).toEqual(shape(official[key(type)]!));
    for (const nested of ourParse.slice(1)) {
      if (nested.name === 'builtin_interfaces/Time' || nested.name === 'builtin_interfaces/Duration') continue; // ROS 2 'time'/'duration'
      expect(official[key(nested.name!)], nested.name).toBeDefined();
      expect(shape(nested)).toEqual(shape(official[key(nested.name!)]!));
    }
  });

  it.each(MESSAGE_TYPE_NAMES)('%s: the full text is its own text plus each dependency once, closed under dependencies', (type) => {
    const text = messageDefinition(type);
    const sections = text.split(`\n${DEFINITION_SEPARATOR}\nMSG: `);
    expect(sections[0]).toBe(ownDefinitionText(type));
    const names = sections.slice(1).map((s) => s.slice(0, s.indexOf('\n')));
    expect(new Set(names).size).toBe(names.length);
    const pkg = (t: string) => t.split('/')[0]!;
    const needed = new Set(definitionDependencies(sections[0]!, pkg(type)));
    for (const s of sections.slice(1)) {
      const name = s.slice(0, s.indexOf('\n'));
      for (const d of definitionDependencies(s.slice(s.indexOf('\n') + 1), pkg(name))) needed.add(d);
    }
    expect(new Set(names)).toEqual(needed);
  });

  it('orders dependencies as rosbag2 does: sorted, depth first', () => {
    // Odometry's own text names Header, PoseWithCovariance, TwistWithCovariance; sorted, each
    // followed by its own (sorted) dependencies before the next sibling.
    const names = messageDefinition(MSG.Odometry)
      .split('\nMSG: ')
      .slice(1)
      .map((s) => s.slice(0, s.indexOf('\n')));
    const direct = definitionDependencies(ownDefinitionText(MSG.Odometry), 'nav_msgs');
    expect(direct).toEqual([...direct].sort());
    const at = (n: string) => names.indexOf(n);
    expect(at('geometry_msgs/PoseWithCovariance')).toBe(0);
    expect(at('geometry_msgs/Pose')).toBe(at('geometry_msgs/PoseWithCovariance') + 1);
    expect(at('geometry_msgs/TwistWithCovariance')).toBeGreaterThan(at('geometry_msgs/Quaternion'));
    expect(at('builtin_interfaces/Time')).toBe(at('std_msgs/Header') + 1);
    expect(names.at(-1)).toBe('builtin_interfaces/Time');
  });

  it('px4_msgs and crazyflie_interfaces are the upstream fields', () => {
    const fields = (t: string) => parsedDefinitions(t)[0]!.definitions.filter((f) => f.isConstant !== true).map((f) => `${f.type}${f.isArray ? `[${f.arrayLength ?? ''}]` : ''} ${f.name}`);
    expect(fields(MSG.TrajectorySetpoint)).toEqual(['uint64 timestamp', 'float32[3] position', 'float32[3] velocity', 'float32[3] acceleration', 'float32[3] jerk', 'float32 yaw', 'float32 yawspeed']);
    expect(fields(MSG.Hover)).toEqual(['std_msgs/Header header', 'float32 vx', 'float32 vy', 'float32 yaw_rate', 'float32 z_distance']);
    expect(fields(MSG.TakeoffRequest)).toEqual(['uint8 group_mask', 'float32 height', 'duration duration']);
    expect(fields(MSG.VehicleOdometry).slice(0, 5)).toEqual(['uint64 timestamp', 'uint64 timestamp_sample', 'uint8 pose_frame', 'float32[3] position', 'float32[4] q']);
    const cmd = parsedDefinitions(MSG.VehicleCommand)[0]!.definitions;
    expect(cmd.find((f) => f.name === 'VEHICLE_CMD_COMPONENT_ARM_DISARM')?.value).toBe(400);
    expect(cmd.find((f) => f.name === 'VEHICLE_CMD_DO_SET_MODE')?.value).toBe(176);
  });

  it('names an unknown type and a malformed type name', () => {
    expect(() => messageDefinition('geometry_msgs/msg/Twisty')).toThrow(/no definition of message type 'geometry_msgs\/msg\/Twisty'/);
    expect(() => messageDefinition('Twist')).toThrow(/not a ROS 2 type name; expected 'package\/msg\/Name'/);
    expect(() => zeroMessage('nav_msgs/msg/Odom' as never)).toThrow(/no message type 'nav_msgs\/msg\/Odom'/);
  });
});

describe('zero messages', () => {
  it.each(MESSAGE_TYPE_NAMES)('%s conforms to its official definition', (type) => {
    expect(problems(type, zeroMessage(type))).toEqual([]);
  });

  it.each(MESSAGE_TYPE_NAMES)('%s: each call is a fresh object', (type) => {
    const a = ZERO_MESSAGES[type]() as Record<string, unknown>;
    const b = ZERO_MESSAGES[type]() as Record<string, unknown>;
    expect(a).not.toBe(b);
    for (const k of Object.keys(a)) if (typeof a[k] === 'object' && a[k] !== null) expect(a[k]).not.toBe(b[k]);
  });

  it('sized factories conform too, with the definition defaults (identity rotation)', () => {
    const scan = emptyLaserScan(37, 'lidar');
    expect(problems(MSG.LaserScan, scan)).toEqual([]);
    expect(scan.ranges.length).toBe(37);
    const odom = identityOdometry('odom', 'base_link');
    expect(problems(MSG.Odometry, odom)).toEqual([]);
    const qDefault = official['geometry_msgs/Quaternion']!.definitions.map((f) => f.defaultValue);
    expect([odom.pose.pose.orientation.x, odom.pose.pose.orientation.y, odom.pose.pose.orientation.z, odom.pose.pose.orientation.w]).toEqual(qDefault);
  });
});

describe('conformance check', () => {
  it('finds a wrong typed array, a missing and an extra field, a wrong fixed length and out-of-range integers', () => {
    const odom = identityOdometry('odom', 'base_link') as unknown as Record<string, any>;
    odom['pose'].covariance = new Float32Array(36);
    odom['twist'].covariance = new Float64Array(35);
    delete odom['child_frame_id'];
    odom['header'].stamp.nanosec = 1e9;
    odom['extra'] = 1;
    const p = problems(MSG.Odometry, odom);
    expect(p).toContain('nav_msgs/msg/Odometry.pose.covariance: expected a Float64Array (float64[]), got a Float32Array of 36');
    expect(p).toContain('nav_msgs/msg/Odometry.twist.covariance: fixed-length float64[36] has 35 elements');
    expect(p).toContain('nav_msgs/msg/Odometry.child_frame_id: missing (expected string)');
    expect(p).toContain('nav_msgs/msg/Odometry.header.stamp.nanosec: 1000000000 is not below 1e9');
    expect(p.some((s) => s.startsWith('nav_msgs/msg/Odometry.extra: not a field of the definition'))).toBe(true);
    expect(p.length).toBe(5);
    const sp = zeroTrajectorySetpoint() as unknown as Record<string, unknown>;
    sp['timestamp'] = 5;
    expect(problems(MSG.TrajectorySetpoint, sp)).toEqual(['px4_msgs/msg/TrajectorySetpoint.timestamp: expected a bigint (uint64), got number 5']);
    const status = zeroMessage(MSG.DiagnosticStatus) as unknown as Record<string, unknown>;
    status['level'] = 256;
    expect(problems(MSG.DiagnosticStatus, status)).toEqual(['diagnostic_msgs/msg/DiagnosticStatus.level: 256 is not a whole number in the uint8 range [0, 255]']);
  });
});

describe('CDR', () => {
  it.each(MESSAGE_TYPE_NAMES)('%s round-trips random non-trivial values unchanged', (type) => {
    for (let seed = 0; seed < 4; seed++) {
      const m = randomMessage(parsedDefinitions(type) as MessageDefinition[], new Rng(seed, type));
      expect(problems(type, m)).toEqual([]);
      const bytes = serialize(type, m);
      expect(deserialize(type, bytes)).toEqual(m);
      // Serialization is a function of the message: the same bytes again.
      expect(Buffer.from(serialize(type, deserialize(type, bytes))).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('writes XCDR1 little endian: Twist is the encapsulation header and six float64', () => {
    const v = [1.5, -2.25, Math.PI, -0, 1e-300, -7];
    const m = { linear: { x: v[0]!, y: v[1]!, z: v[2]! }, angular: { x: v[3]!, y: v[4]!, z: v[5]! } };
    const b = serialize(MSG.Twist, m);
    expect(b.length).toBe(4 + 6 * 8);
    expect([...b.subarray(0, 4)]).toEqual([0, 1, 0, 0]); // CDR_LE, options 0
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    v.forEach((x, i) => expect(Object.is(dv.getFloat64(4 + 8 * i, true), x)).toBe(true));
  });

  it('aligns after a string as CDR does (LaserScan header, then float32 fields)', () => {
    const scan = emptyLaserScan(3, 'lidar');
    setTime(scan.header.stamp, 12_500_000_001);
    scan.angle_min = Math.fround(-Math.PI / 2);
    scan.ranges.set([1, Infinity, -Infinity]);
    const b = serialize(MSG.LaserScan, scan);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    // Offsets count from the end of the 4-byte encapsulation header.
    expect(dv.getInt32(4, true)).toBe(12);
    expect(dv.getUint32(8, true)).toBe(500_000_001);
    expect(dv.getUint32(12, true)).toBe('lidar'.length + 1);
    expect(Buffer.from(b.subarray(16, 21)).toString('latin1')).toBe('lidar');
    expect(b[21]).toBe(0);
    const afterString = 4 + 12 + 'lidar'.length + 1; // body offset 18 → pad to 20 for float32
    const f0 = 4 + Math.ceil((afterString - 4) / 4) * 4;
    expect(dv.getFloat32(f0, true)).toBe(scan.angle_min);
    const rangesLen = f0 + 7 * 4; // angle_min … range_max
    expect(dv.getUint32(rangesLen, true)).toBe(3);
    expect([dv.getFloat32(rangesLen + 4, true), dv.getFloat32(rangesLen + 8, true), dv.getFloat32(rangesLen + 12, true)]).toEqual([1, Infinity, -Infinity]);
    expect(b.length).toBe(rangesLen + 16 + 4); // + empty intensities
  });

  it('keeps NaN (uncontrolled) fields of a PX4 set-point', () => {
    const sp = zeroTrajectorySetpoint();
    sp.timestamp = 1_234_567_890_123n;
    sp.position.fill(NaN);
    sp.velocity.set([1, -2, 0.5]);
    sp.acceleration.fill(NaN);
    sp.jerk.fill(NaN);
    sp.yaw = NaN;
    sp.yawspeed = Math.fround(0.3);
    const back = deserialize(MSG.TrajectorySetpoint, serialize(MSG.TrajectorySetpoint, sp));
    expect(back.timestamp).toBe(1_234_567_890_123n);
    expect([...back.position].every(Number.isNaN)).toBe(true);
    expect([...back.velocity]).toEqual([1, -2, 0.5]);
    expect(Number.isNaN(back.yaw)).toBe(true);
    expect(back.yawspeed).toBe(Math.fround(0.3));
    expect(back).toEqual(sp);
  });

  it('refuses a non-ASCII string, naming the field (the writer would truncate it)', () => {
    expect(() => serialize(MSG.String, { data: 'clearance ≥ 1 m' })).toThrow(/std_msgs\/msg\/String': string field 'data' holds the non-ASCII character '≥' at index 10/);
    const tf = zeroMessage(MSG.TFMessage);
    tf.transforms.push(zeroMessage(MSG.TransformStamped));
    tf.transforms[0]!.child_frame_id = 'bäse';
    expect(() => serialize(MSG.TFMessage, tf)).toThrow(/field 'child_frame_id' holds the non-ASCII character 'ä'/);
  });

  it('names the type when bytes are not a message of it', () => {
    expect(() => deserialize(MSG.Odometry, new Uint8Array([0, 1, 0, 0, 5]))).toThrow(/deserialize 'nav_msgs\/msg\/Odometry': the 5 bytes are not a CDR/);
  });
});

describe('time stamps', () => {
  it('splits nanoseconds into sec and nanosec exactly, as number or bigint', () => {
    const t = { sec: 0, nanosec: 0 };
    for (const ns of [0, 1, 999_999_999, 1_000_000_000, 40_020_000_000, 2 ** 53 - 1]) {
      setTime(t, ns);
      expect(t.nanosec).toBeGreaterThanOrEqual(0);
      expect(t.nanosec).toBeLessThan(1e9);
      expect(timeToNs(t)).toBe(BigInt(ns));
      const u = setTime({ sec: 0, nanosec: 0 }, BigInt(ns));
      expect(u).toEqual(t);
    }
    expect(() => setTime(t, -1)).toThrow(RangeError);
    expect(() => setTime(t, 1.5)).toThrow(/whole number of nanoseconds/);
    expect(() => setTime(t, 2n ** 31n * 1_000_000_000n)).toThrow(/\[0, 2\^31\) s/);
  });
});
