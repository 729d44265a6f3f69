/**
 * Robot profiles: frame conversions against hand-worked attitudes, the built-in profiles'
 * mappings end to end (message → channels → message), and located errors for bad profile files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quatEnuFluToNedFrd, quatNedFrdToEnuFlu, nedWorldToFluBody, swapEnuNed, yawOfQuatXyzw } from '../../bridges/ros2/mapping/frames.js';
import { mergeTemplate, zeroMessage } from '../../bridges/ros2/mapping/zeroMessage.js';
import { messageProblems, parsedDefinitions } from '../../bridges/ros2/messages/index.js';
import { loadProfile, PROFILES } from '../../bridges/ros2/profiles/registry.js';
import { allocateChannels } from '../../loop/channels.js';
import { SpecError } from '../../loop/specIssues.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** NED/FRD quaternion (w, x, y, z) of a pure yaw ψ (clockwise from north, seen from above). */
const nedYaw = (psi: number) => [Math.cos(psi / 2), 0, 0, Math.sin(psi / 2)];

describe('frames (REP-103 ENU/FLU ↔ PX4 NED/FRD)', () => {
  it('a vehicle facing north in NED faces +y (yaw +90°) in ENU; facing east (ψ = 90°) faces +x (yaw 0)', () => {
    const q = new Float32Array(4);
    quatNedFrdToEnuFlu(nedYaw(0), q);
    expect(yawOfQuatXyzw(q)).toBeCloseTo(Math.PI / 2, 6);
    quatNedFrdToEnuFlu(nedYaw(Math.PI / 2), q);
    expect(yawOfQuatXyzw(q)).toBeCloseTo(0, 6);
    quatNedFrdToEnuFlu(nedYaw(Math.PI), q); // south
    expect(yawOfQuatXyzw(q)).toBeCloseTo(-Math.PI / 2, 6);
  });

  it('level flight stays level (no roll/pitch appears), and the two attitude maps are inverse', () => {
    const q = new Float32Array(4);
    quatNedFrdToEnuFlu(nedYaw(0.7), q);
    expect(q[0]).toBeCloseTo(0, 6); // x
    expect(q[1]).toBeCloseTo(0, 6); // y
    // a general attitude round-trips
    const a = [0.8, 0.3, -0.4, 0.33];
    const n = Math.hypot(...a);
    const unit = a.map((v) => v / n);
    const enu = new Float32Array(4);
    const back = new Float32Array(4);
    quatNedFrdToEnuFlu(unit, enu);
    quatEnuFluToNedFrd(enu, back);
    const sign = Math.sign(back[0]!) * Math.sign(unit[0]!);
    for (let i = 0; i < 4; i++) expect(back[i]! * sign).toBeCloseTo(unit[i]!, 6);
  });

  it('vectors: NED (1, 2, −3) is ENU (2, 1, 3); a north velocity is "left" for a vehicle facing east', () => {
    const v = [1, 2, -3];
    swapEnuNed(v);
    expect(v).toEqual([2, 1, 3]);
    const vel = [1, 0, 0];
    nedWorldToFluBody(vel, nedYaw(Math.PI / 2));
    expect(vel[0]).toBeCloseTo(0, 6);
    expect(vel[1]).toBeCloseTo(1, 6);
    expect(vel[2]).toBeCloseTo(0, 6);
  });
});

describe('built-in profiles', () => {
  it('all compile, and every message they publish starts from a definition-conformant zero message', () => {
    for (const p of PROFILES) {
      const c = loadProfile(p.name);
      expect(c.actuators.length).toBeGreaterThan(0);
      for (const o of [...c.outputs, ...c.heartbeats]) {
        const m = zeroMessage(o.spec.type);
        if (o.spec.template) mergeTemplate(o.spec.type, m, o.spec.template);
        o.fill(m, c.safeAction as never, allocateChannels(c.sensors), 1_500_000_000n);
        expect(messageProblems(parsedDefinitions(o.spec.type), m, o.spec.type), `${p.name} ${o.spec.topic}`).toEqual([]);
      }
    }
  });

  it('px4: odometry NED → ENU/FLU channels; a forward command becomes an NED world velocity with NaN for the rest', () => {
    const px4 = loadProfile('px4');
    const odomIn = px4.inputs.find((i) => i.spec.topic === '/fmu/out/vehicle_odometry')!;
    const obs = allocateChannels(px4.sensors);
    const odo = zeroMessage('px4_msgs/msg/VehicleOdometry') as { pose_frame: number; velocity_frame: number; position: Float32Array; q: Float32Array; velocity: Float32Array; angular_velocity: Float32Array };
    odo.pose_frame = 1; // NED
    odo.velocity_frame = 1;
    odo.position.set([1, 2, -3]);
    odo.q.set(nedYaw(Math.PI / 2)); // facing east
    odo.velocity.set([1, 0, 0]); // flying north
    odo.angular_velocity.set([0, 0, 0.5]); // yawing clockwise (FRD z down)
    expect(odomIn.decode(odo, obs)).toBeNull();
    expect([...obs.odom_position!]).toEqual([2, 1, 3]);
    expect(yawOfQuatXyzw(obs.odom_orientation!)).toBeCloseTo(0, 6);
    expect(obs.odom_linear_velocity![1]).toBeCloseTo(1, 6); // north = left of an east-facing vehicle
    expect(obs.odom_angular_velocity![2]).toBeCloseTo(-0.5, 6); // clockwise = negative yaw rate in FLU
    // odometry in another frame would be converted wrongly: refused
    expect(odomIn.decode({ ...odo, velocity_frame: 3 }, obs)).toMatch(/field 'velocity_frame' is number 3, expected 1 \(VELOCITY_FRAME_NED/);
    expect(odomIn.decode({ ...odo, pose_frame: 2 }, obs)).toMatch(/field 'pose_frame' is number 2, expected 1/);
    const out = px4.outputs[0]!;
    const sp = zeroMessage(out.spec.type) as { velocity: Float32Array; position: Float32Array; yaw: number; yawspeed: number; timestamp: bigint };
    const action = { cmd_linear: Float32Array.from([1, 0, 0.5]), cmd_yaw_rate: Float32Array.from([0.25]) };
    out.fill(sp, action, obs, 2_000_000_123n);
    expect(sp.velocity[0]).toBeCloseTo(0, 6); // forward (east) is no north
    expect(sp.velocity[1]).toBeCloseTo(1, 6); // … all east
    expect(sp.velocity[2]).toBeCloseTo(-0.5, 6); // climbing is negative down
    expect(sp.yawspeed).toBeCloseTo(-0.25, 6);
    expect([...sp.position].every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(sp.yaw)).toBe(true);
    expect(sp.timestamp).toBe(2_000_000n); // µs
    const hb = zeroMessage(px4.heartbeats[0]!.spec.type) as { velocity: boolean; position: boolean };
    px4.heartbeats[0]!.fill(hb, action, obs, 0n);
    expect(hb).toMatchObject({ velocity: true, position: false });
  });

  it('crazyflie: yaw rate in rad/s (crazyswarm2 converts to the firmware\'s deg/s) and the cruise height; mavros: body command rotated into ENU by the yaw', () => {
    const cf = loadProfile('crazyflie');
    const obs = allocateChannels(cf.sensors);
    const hover = zeroMessage('crazyflie_interfaces/msg/Hover') as { vx: number; vy: number; yaw_rate: number; z_distance: number };
    cf.outputs[0]!.fill(hover, { cmd_linear: Float32Array.from([0.3, -0.1, 0]), cmd_yaw_rate: Float32Array.from([Math.PI / 4]) }, obs, 0n);
    expect(hover.vx).toBeCloseTo(0.3, 6);
    expect(hover.vy).toBeCloseTo(-0.1, 6);
    expect(hover.yaw_rate).toBeCloseTo(Math.PI / 4, 6);
    expect(hover.z_distance).toBe(1);
    const mav = loadProfile('mavros');
    const mobs = allocateChannels(mav.sensors);
    mobs.odom_orientation!.set([0, 0, Math.sin(Math.PI / 4), Math.cos(Math.PI / 4)]); // yaw +90°: facing north
    const tw = zeroMessage('geometry_msgs/msg/Twist') as { linear: { x: number; y: number } };
    mav.outputs[0]!.fill(tw, { cmd_linear: Float32Array.from([1, 0, 0]), cmd_yaw_rate: Float32Array.from([0]) }, mobs, 0n);
    expect(tw.linear.x).toBeCloseTo(0, 6);
    expect(tw.linear.y).toBeCloseTo(1, 6);
  });

  it('drone: a 720-beam 360° scan is reduced to the 37 front sectors by minimum, +Inf where nothing returns', () => {
    const p = loadProfile('drone');
    const scanIn = p.inputs.find((i) => i.spec.topic === 'scan')!;
    const obs = allocateChannels(p.sensors);
    const n = 720;
    const ranges = new Float32Array(n).fill(Infinity);
    const angle = (i: number) => -Math.PI + (i * 2 * Math.PI) / n;
    // an obstacle 1.5 m away at +30° (left), 3 beams wide, and one behind (ignored)
    for (let i = 0; i < n; i++) {
      const a = angle(i);
      if (Math.abs(a - Math.PI / 6) < 0.01) ranges[i] = 1.5;
      if (Math.abs(Math.abs(a) - Math.PI) < 0.05) ranges[i] = 0.3;
    }
    const scan = { angle_min: -Math.PI, angle_increment: (2 * Math.PI) / n, ranges };
    expect(scanIn.decode(scan, obs)).toBeNull();
    const lidar = obs.lidar!;
    const sector30 = 18 + 6; // sector centres at −90° + 5°·j
    expect(lidar[sector30]).toBeCloseTo(1.5, 6);
    for (let j = 0; j < 37; j++) if (j !== sector30) expect(lidar[j]).toBe(Infinity);
  });

  it('arms: joint states are picked by name in any order; a missing joint is a fault naming it', () => {
    const p = loadProfile('arm-velocity');
    const js = p.inputs[0]!;
    const obs = allocateChannels(p.sensors);
    expect(js.decode({ name: ['joint2', 'gripper', 'joint1'], position: [0.2, 9, 0.1], velocity: [2, 9, 1], effort: [0.02, 9, 0.01] }, obs)).toBeNull();
    expect([...obs.joint_position!].map((v) => +v.toFixed(6))).toEqual([0.1, 0.2]);
    expect(js.decode({ name: ['joint1'], position: [0], velocity: [0], effort: [0] }, obs)).toMatch(/'name' has no 'joint2' \(has joint1\)/);
  });
});

describe('profile files', () => {
  it('a bad profile file gets located errors: file, line, path and what was expected', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, ['name: bad', 'description: a broken profile', 'inputs:', '  - topic: scan', '    type: sensor_msgs/LaserScan', '    channels:', '      - channel: lidar', '        unit: m', '        array: ranges', '        reduce: { sectors: 0, by: min }', 'actuators: []', 'outputs: []', ''].join('\n'));
    let err: unknown;
    try {
      loadProfile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/bad\.yaml:5:\d+: inputs\[0\]\.type: expected a ROS 2 message type such as 'sensor_msgs\/msg\/LaserScan'/);
    expect(msg).toMatch(/bad\.yaml:10:\d+: inputs\[0\]\.channels\[0\]\.reduce\.sectors: expected a value ≥ 1, got 0/);
    expect(msg).toMatch(/actuators: expected at least 1 entries/);
  });

  it('an unknown profile name lists the built-in ones', () => {
    expect(() => loadProfile('turtlebot')).toThrow(/unknown robot profile 'turtlebot': expected one of drone, crazyflie, px4, mavros, arm-velocity, arm-effort, arm-trajectory/);
  });

  it('an output reading a channel the profile does not have is refused, naming it', () => {
    const file = join(dir, 'wrong-channel.json');
    writeFileSync(file, JSON.stringify({ name: 'w', description: 'w', actuators: [{ channel: 'cmd_linear', size: 3, unit: 'm/s', safe: [0, 0, 0] }], outputs: [{ topic: 'cmd_vel', type: 'geometry_msgs/msg/Twist', fields: { 'linear.x': { channel: 'cmd_speed' } } }] }));
    expect(() => loadProfile(file)).toThrow(/outputs\[0\]\.fields\['linear\.x'\]: no actuator channel 'cmd_speed'/);
  });
});

describe("the README's profile example", () => {
  it('loads as written', () => {
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('# a profile file');
    expect(start).toBeGreaterThan(0);
    const file = join(dir, 'readme-rover.yaml');
    writeFileSync(file, readme.slice(start, readme.indexOf('```', start)));
    const p = loadProfile(file);
    expect(p.sensors.map((c) => `${c.name}[${c.size}]`)).toEqual(['odom_position[3]', 'lidar[37]']);
    expect(p.outputs[0]!.spec.topic).toBe('cmd_vel');
  });
});
