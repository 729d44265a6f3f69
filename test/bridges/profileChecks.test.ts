/**
 * Robot profiles checked against the message definitions at load (issue 15, items 3, 4, 7):
 * field paths that are no field of their type are refused with file:line:col, the path, the
 * bad field and the nearest real one; `__proto__` keys never reach an object; the safe command is
 * checked as the wire carries it; unknown types and invalid topic names are located errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { SpecError } from '../../loop/specIssues.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-profile-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal valid profile: odom x → a channel, cmd_linear → Twist. */
function base(): Record<string, any> {
  return {
    name: 'p',
    description: 'a test profile',
    inputs: [{ topic: 'odom', type: 'nav_msgs/msg/Odometry', channels: [{ channel: 'odom_position', unit: 'm', fields: ['pose.pose.position.x', 'pose.pose.position.y'] }] }],
    actuators: [{ channel: 'cmd_linear', size: 3, unit: 'm/s', safe: [0, 0, 0] }],
    outputs: [{ topic: 'cmd_vel', type: 'geometry_msgs/msg/Twist', fields: { 'linear.x': { channel: 'cmd_linear', index: 0 } } }],
  };
}

let n = 0;
/** Writes `profile` (YAML unless `json`), loads it and returns the error thrown (or fails). */
function loadError(profile: unknown, format: 'yaml' | 'json' = 'yaml'): { err: SpecError; file: string; text: string } {
  const file = join(dir, `p${n++}.${format}`);
  const text = format === 'json' ? JSON.stringify(profile, null, 2) : stringify(profile);
  writeFileSync(file, text);
  let err: unknown;
  try {
    loadProfile(file);
  } catch (e) {
    err = e;
  }
  expect(err, `${file} should be refused`).toBeInstanceOf(SpecError);
  return { err: err as SpecError, file, text };
}

/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('field paths are checked against the message definition', () => {
  it("an output field 'linear.xx' is refused at its line, naming the bad field and the real one", () => {
    const file = join(dir, 'linear-xx.yaml');
    const text = [
      'name: fly',
      'description: a typo in an output field',
      'actuators:',
      '  - { channel: cmd_linear, size: 3, unit: m/s, safe: [0, 0, 0] }',
      'outputs:',
      '  - topic: cmd_vel',
      '    type: geometry_msgs/msg/Twist',
      '    fields:',
      '      linear.xx: { channel: cmd_linear, index: 0 }',
      '',
    ].join('\n');
    writeFileSync(file, text);
    expect(() => loadProfile(file)).toThrow(SpecError);
    expect(() => loadProfile(file)).toThrow(
      `${file}:9:18: outputs[0].fields['linear.xx']: geometry_msgs/msg/Twist has no field 'linear.xx': no field 'xx' in 'linear' (geometry_msgs/Vector3) (did you mean 'linear.x'?); its fields: x, y, z`,
    );
  });

  it('an input field typo gets the nearest field; a path into a number or an unindexed array is refused', () => {
    const p = base();
    p.inputs[0].channels[0].fields = ['pose.pose.postion.x', 'twist.twist.linear.x.y', 'pose.covariance.x'];
    const { err } = loadError(p);
    expect(err.message).toMatch(/inputs\[0\]\.channels\[0\]\.fields\[0\]: nav_msgs\/msg\/Odometry has no field 'pose\.pose\.postion\.x': no field 'postion' in 'pose\.pose' \(geometry_msgs\/Pose\) \(did you mean 'pose\.pose\.position'\?\)/);
    expect(err.message).toMatch(/fields\[1\]: .*'twist\.twist\.linear\.x' is a float64; it has no field 'y'/);
    expect(err.message).toMatch(/fields\[2\]: .*'pose\.covariance' is an array \(float64\[36\]\); index an element/);
  });

  it('a field of the wrong kind is refused: a message where a number is read, a string into a number', () => {
    const p = base();
    p.inputs[0].channels[0].fields = ['pose.pose.position'];
    p.outputs[0].fields = { 'linear.x': { text: 'fast' } };
    const { err } = loadError(p);
    expect(err.message).toMatch(/inputs\[0\]\.channels\[0\]\.fields\[0\]: 'pose\.pose\.position' is a geometry_msgs\/Point; expected a number/);
    expect(err.message).toMatch(/outputs\[0\]\.fields\['linear\.x'\]: 'linear\.x' is a float64; expected a string/);
  });

  it('an element of an empty variable-length array is refused unless the template gives it', () => {
    const p = base();
    p.actuators = [{ channel: 'joint_velocity', size: 2, unit: 'rad/s', safe: [0, 0] }];
    p.outputs = [{ topic: 'traj', type: 'trajectory_msgs/msg/JointTrajectory', fields: { 'points[0].velocities': { channel: 'joint_velocity', indices: [0, 1] } } }];
    expect(loadError(p).err.message).toMatch(/outputs\[0\]\.fields\['points\[0\]\.velocities'\]: 'points\[0\]\.velocities' is not in the message this output starts from/);
    p.outputs[0].template = { points: [{ velocities: [0] }] };
    expect(loadError(p).err.message).toMatch(/'points\[0\]\.velocities' has 1 element in the message this output starts from, but 2 are written/);
    p.outputs[0].template = { points: [{ velocities: [0, 0] }] };
    expect(loadProfile(writeProfile(p)).outputs).toHaveLength(1);
  });
});

function writeProfile(p: unknown): string {
  const file = join(dir, `ok${n++}.yaml`);
  writeFileSync(file, stringify(p));
  return file;
}

describe('no profile string becomes a key that reaches an object prototype', () => {
  it("a field key '__proto__.polluted' is refused and Object.prototype stays clean", () => {
    const p = base();
    p.outputs[0].fields = { 'linear.x': { channel: 'cmd_linear', index: 0 }, '__proto__.polluted': { channel: 'cmd_linear', index: 1 } };
    const { err } = loadError(p, 'json');
    expect(err.message).toMatch(/outputs\[0\]\.fields\['__proto__\.polluted'\]: .*__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect('polluted' in Object.prototype).toBe(false);
  });

  it("a '__proto__' key anywhere (JSON keeps it as an own key) is refused, located", () => {
    const text = JSON.stringify(base(), null, 2).replace('"linear.x": {', '"__proto__": { "polluted": 1 },\n        "linear.x": {');
    const file = join(dir, 'proto.json');
    writeFileSync(file, text);
    expect(() => loadProfile(file)).toThrow(SpecError);
    expect(() => loadProfile(file)).toThrow(new RegExp(`proto\\.json:${lineOf(text, '"__proto__"')}:\\d+: outputs\\[0\\]\\.fields\\['__proto__'\\]: '__proto__' is not allowed as a key`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("channel names that are properties of every object ('__proto__', 'constructor') are refused", () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const p = base();
      p.actuators[0].channel = name;
      p.outputs[0].fields['linear.x'].channel = name;
      expect(loadError(p, 'json').err.message).toMatch(/actuators\[0\]\.channel: expected a channel name that is not a property of every JavaScript object/);
    }
  });
});

describe('the safe command is checked as the wire carries it', () => {
  it('safe [1e308, 0, 0] is refused at its line (Infinity once in the float32 channel)', () => {
    const p = base();
    p.actuators[0].safe = [1e308, 0, 0];
    const { err, file, text } = loadError(p);
    expect(err.message).toContain(`${file}:${lineOf(text, '1e+308')}:`);
    expect(err.message).toMatch(/actuators\[0\]\.safe\[0\]: expected a value finite as float32/);
  });

  it('a safe value that overflows a float32 field after scaling is refused, naming the field', () => {
    const p = base();
    p.actuators[0].safe = [3e38, 0, 0];
    p.outputs = [{ topic: 'cmd_hover', type: 'crazyflie_interfaces/msg/Hover', fields: { vx: { channel: 'cmd_linear', index: 0, scale: 2 } } }];
    const { err } = loadError(p);
    expect(err.message).toMatch(/actuators\[0\]\.safe\[0\]: the safe value 3e\+38 of 'cmd_linear'\[0\] is written to outputs\[0\]\.fields\['vx'\] \(float32, scale 2\): expected a value finite as float32/);
    // and on a float64 field the same value fits
    p.outputs = [{ topic: 'cmd_vel', type: 'geometry_msgs/msg/Twist', fields: { 'linear.x': { channel: 'cmd_linear', index: 0, scale: 2 } } }];
    expect(loadProfile(writeProfile(p)).safeAction.cmd_linear![0]).toBe(Math.fround(3e38));
  });

  it('a safe value into an integer field must be an integer in its range', () => {
    const p = base();
    p.actuators = [{ channel: 'gear', size: 1, unit: '1', safe: [200] }];
    p.outputs = [{ topic: 'gear', type: 'std_msgs/msg/Int8', fields: { data: { channel: 'gear' } } }];
    expect(loadError(p).err.message).toMatch(/actuators\[0\]\.safe\[0\]: the safe value 200 of 'gear'\[0\] is written to outputs\[0\]\.fields\['data'\] \(int8\): expected an integer in \[-128, 127\], got 200/);
    p.actuators[0].safe = [0.5];
    expect(loadError(p).err.message).toMatch(/expected an integer in \[-128, 127\], got 0\.5/);
    p.actuators[0].safe = [-3];
    expect(loadProfile(writeProfile(p)).safeAction.gear![0]).toBe(-3);
  });
});

describe('unknown message types and bad topic names are located errors', () => {
  it('an unknown message type names the nearest known one', () => {
    const p = base();
    p.outputs[0].type = 'geometry_msgs/msg/Twsit';
    const { err, file, text } = loadError(p);
    expect(err.message).toContain(`${file}:${lineOf(text, 'Twsit')}:`);
    expect(err.message).toMatch(/outputs\[0\]\.type: unknown message type 'geometry_msgs\/msg\/Twsit': no definition of it .*\(did you mean 'geometry_msgs\/msg\/Twist'\?\)/);
    p.outputs[0].type = 'foo_msgs/msg/Bar';
    expect(loadError(p).err.message).toMatch(/outputs\[0\]\.type: unknown message type 'foo_msgs\/msg\/Bar'/);
  });

  it("topic 'a//b' (and other names rcl refuses) is refused at load, not when subscribing", () => {
    const p = base();
    p.inputs[0].topic = 'a//b';
    p.outputs[0].topic = 'cmd/';
    const { err, file, text } = loadError(p);
    expect(err.message).toContain(`${file}:${lineOf(text, 'a//b')}:`);
    expect(err.message).toMatch(/inputs\[0\]\.topic: expected a ROS topic name .*\(a name must not contain repeated '\/'\), got "a\/\/b"/);
    expect(err.message).toMatch(/outputs\[0\]\.topic: expected a ROS topic name .*must not end with '\/'/);
  });
});
