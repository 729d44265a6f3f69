/**
 * ROS 2 command-line arguments, names and params files against rcl's documented behaviour: the
 * cases are those of rcl's own tests (test_expand_topic_name.cpp, test_remap.cpp,
 * test_arguments.cpp) and of rcl_yaml_param_parser's typing rules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadParamsFile, nodeKeyMatches } from '../../bridges/ros2/transport/paramsFile.js';
import { nodeIdentity, parameterOverrides, parseRosArgs, resolveTopicName, splitRosArgs } from '../../bridges/ros2/transport/rosArgs.js';
import { expandTopicName } from '../../bridges/ros2/transport/rosNames.js';
import { parseRosParameterValue, typeRosScalar } from '../../bridges/ros2/transport/rosParameterYaml.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-rosargs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(RangeError);
    return err as Error;
  }
  throw new Error('expected a RangeError, nothing was thrown');
}

describe('splitRosArgs', () => {
  it('takes every --ros-args block up to -- or the end, keeps the rest as user arguments', () => {
    const { args, rosArgs } = splitRosArgs(['ros', 'sim', '--ros-args', '-r', 'a:=b', '--', '--seed', '3', '--ros-args', '-p', 'x:=1']);
    expect(args).toEqual(['ros', 'sim', '--seed', '3']);
    expect(rosArgs).toEqual(['-r', 'a:=b', '-p', 'x:=1']);
  });
  it('a -- outside a ROS block and a bare from:=to stay user arguments', () => {
    expect(splitRosArgs(['launch', 'f.yaml', 'controller:=x', '--', '-y'])).toEqual({ args: ['launch', 'f.yaml', 'controller:=x', '--', '-y'], rosArgs: [] });
  });
});

describe('expandTopicName (rcl test_expand_topic_name.cpp table)', () => {
  const cases: Array<[string, string, string, string]> = [
    ['/chatter', 'my_node', '/my_ns', '/chatter'],
    ['chatter', 'my_node', '/my_ns', '/my_ns/chatter'],
    ['{node}/chatter', 'my_node', '/my_ns', '/my_ns/my_node/chatter'],
    ['/{node}', 'my_node', '/my_ns', '/my_node'],
    ['{node}', 'my_node', '/my_ns', '/my_ns/my_node'],
    ['{ns}', 'my_node', '/my_ns', '/my_ns'],
    ['{namespace}', 'my_node', '/my_ns', '/my_ns'],
    ['{namespace}/{node}/chatter', 'my_node', '/my_ns', '/my_ns/my_node/chatter'],
    ['ping', 'my_node', '/', '/ping'],
    ['ping', 'my_node', '/my_ns', '/my_ns/ping'],
    ['/ping', 'my_node', '/', '/ping'],
    ['~', 'my_node', '/', '/my_node'],
    ['~', 'my_node', '/my_ns', '/my_ns/my_node'],
    ['~/ping', 'my_node', '/', '/my_node/ping'],
    ['~/ping', 'my_node', '/my_ns', '/my_ns/my_node/ping'],
  ];
  it.each(cases)('%s for %s in %s → %s', (name, node, ns, expected) => {
    expect(expandTopicName(name, ns, node)).toBe(expected);
  });
  it('invalid names are RangeErrors naming the name and the rule', () => {
    expect(thrown(() => expandTopicName('1scan', '/', 'n')).message).toMatch(/'1scan'.*must not start with a number/);
    expect(thrown(() => expandTopicName('a/~b', '/', 'n')).message).toMatch(/'a\/~b'.*'~' may only be the first/);
    expect(thrown(() => expandTopicName('scan/', '/', 'n')).message).toMatch(/must not end with '\/'/);
    expect(thrown(() => expandTopicName('a b', '/', 'n')).message).toMatch(/found ' '/);
    expect(thrown(() => expandTopicName('{robot}/x', '/', 'n')).message).toMatch(/unknown substitution '\{robot\}'/);
    expect(thrown(() => expandTopicName('x', 'ns', 'n')).message).toMatch(/invalid namespace 'ns'.*absolute/);
    expect(thrown(() => expandTopicName('x', '/', '2n')).message).toMatch(/invalid node name '2n'/);
  });
  it('a name that expands to an invalid full name fails at resolution (rcl: /foo/{namespace} → /foo//my_ns)', () => {
    expect(expandTopicName('/foo/{namespace}', '/my_ns', 'my_node')).toBe('/foo//my_ns');
    expect(thrown(() => resolveTopicName('/foo/{namespace}', '/my_ns', 'my_node', [])).message).toMatch(/invalid name '\/foo\/\/my_ns'.*repeated/);
  });
});

describe('remapping (rcl test_remap.cpp)', () => {
  const remaps = (...rules: string[]) => parseRosArgs(rules.flatMap((r) => ['-r', r])).remaps;
  it('relative rule: foo:=bar maps /ns/foo to /ns/bar for a node in /ns', () => {
    expect(resolveTopicName('foo', '/ns', 'NodeName', remaps('foo:=bar'))).toBe('/ns/bar');
    expect(resolveTopicName('/ns/foo', '/ns', 'NodeName', remaps('foo:=bar'))).toBe('/ns/bar');
    expect(resolveTopicName('foo', '/other', 'NodeName', remaps('/ns/foo:=bar'))).toBe('/other/foo');
  });
  it('node-prefixed rules apply to that node only', () => {
    const r = remaps('Node1:/foo:=/foo/bar', 'Node2:/foo:=/this_one', 'Node3:/foo:=/bar/foo');
    expect(resolveTopicName('/foo', '/', 'Node1', r)).toBe('/foo/bar');
    expect(resolveTopicName('/foo', '/', 'Node2', r)).toBe('/this_one');
    expect(resolveTopicName('/foo', '/', 'Node3', r)).toBe('/bar/foo');
    expect(resolveTopicName('/foo', '/', 'Node4', r)).toBe('/foo');
  });
  it('the first matching rule wins; node rules and other rules do not interfere', () => {
    const parsed = parseRosArgs(['-r', '__ns:=/namespace', '-r', '__node:=remap_name', '-r', '/foobar:=/foo/bar', '-r', '/foobar:=/second']);
    expect(resolveTopicName('/foobar', '/', 'NodeName', parsed.remaps)).toBe('/foo/bar');
  });
  it('private and relative replacements expand against the node', () => {
    expect(resolveTopicName('scan', '/drone', 'sim', remaps('scan:=~/lidar'))).toBe('/drone/sim/lidar');
    expect(resolveTopicName('~/out', '/drone', 'ctl', remaps('~/out:=/cmd_vel'))).toBe('/cmd_vel');
  });
  it('rostopic:// rules apply to topics only, rosservice:// to services only', () => {
    expect(resolveTopicName('foo', '/ns', 'N', remaps('rostopic://foo:=bar'))).toBe('/ns/bar');
    expect(resolveTopicName('foo', '/ns', 'N', remaps('rosservice://foo:=bar'))).toBe('/ns/foo');
    expect(resolveTopicName('foo', '/ns', 'N', remaps('rosservice://foo:=bar'), 'service')).toBe('/ns/bar');
  });
  it('node name and namespace: first rule wins, own arguments before process-wide ones, prefixed rules by node name', () => {
    const global = parseRosArgs(['-r', '__node:=firstname', '-r', '__node:=secondname', '-r', '__ns:=/global_args']);
    expect(global.nodeName).toBe('firstname');
    expect(nodeIdentity([global], 'NodeName')).toEqual({ name: 'firstname', namespace: '/global_args', fullName: '/global_args/firstname' });
    const local = parseRosArgs(['-r', '__ns:=/local_args']);
    expect(nodeIdentity([local, global], 'NodeName').namespace).toBe('/local_args');
    const prefixed = parseRosArgs(['-r', 'Node1:__ns:=/foo/bar', '-r', 'Node2:__ns:=/this_one', '-r', 'Node2:__node:=renamed']);
    expect(nodeIdentity([prefixed], 'Node1').fullName).toBe('/foo/bar/Node1');
    // Node2's __ns rule names Node2, but after __node the node is 'renamed' (rcl matches the new name)
    expect(nodeIdentity([prefixed], 'Node2', 'start')).toEqual({ name: 'renamed', namespace: '/start', fullName: '/start/renamed' });
    expect(nodeIdentity([prefixed], 'Node3').fullName).toBe('/Node3');
  });
  it('bad rules are RangeErrors naming the argument and what was expected', () => {
    expect(thrown(() => parseRosArgs(['-r', 'foo'])).message).toBe("ROS arguments: argument 1 '-r': expected a remap rule from:=to, __node:=name or __ns:=/namespace, got 'foo'.");
    expect(thrown(() => parseRosArgs(['-p', 'x:=1', '-r', '__ns:=relative'], 'node ctl')).message).toMatch(/^node ctl: argument 3 '-r': a namespace must be absolute/);
    expect(thrown(() => parseRosArgs(['-r', '__node:=9lives'])).message).toMatch(/invalid node name '9lives'.*must not start with a number/);
    expect(thrown(() => parseRosArgs(['-r', 'a/*:=b'])).message).toMatch(/invalid from name 'a\/\*'.*wildcards/);
    expect(thrown(() => parseRosArgs(['-r'])).message).toMatch(/argument 1 '-r': expected a value after it/);
    expect(thrown(() => parseRosArgs(['--foo'])).message).toMatch(/argument 1 '--foo': unknown ROS argument/);
  });
});

describe('parameter values typed as rcl_yaml_param_parser types them', () => {
  it.each([
    ['yes', true],
    ['On', true],
    ['N', false],
    ['FALSE', false],
    ['42', 42],
    ['-7', -7],
    ['0x1F', 31],
    ['010', 8], // strtoll base 0: leading 0 is octal
    ['08', 8], // not octal, so strtod reads it as the double 8
    ['1e3', 1000],
    ['2.5', 2.5],
    ['.5', 0.5],
    ['-.inf', Number.NEGATIVE_INFINITY],
    ['hello', 'hello'],
    ['1e999', '1e999'], // strtod overflows (ERANGE): rcl keeps the text
  ] as Array<[string, unknown]>)('plain %s', (text, value) => {
    expect(typeRosScalar(text).value).toEqual(value);
  });
  it('nan, and the types of integers versus doubles', () => {
    expect(Number.isNaN(typeRosScalar('.nan').value)).toBe(true);
    expect(typeRosScalar('3').type).toBe('integer');
    expect(typeRosScalar('3.0').type).toBe('double');
    expect(typeRosScalar(String(2n ** 63n)).type).toBe('double'); // strtoll overflow, then strtod
  });
  it('quoting or !!str keeps a string; arrays must be of one type', () => {
    expect(parseRosParameterValue("'5'", 'v')).toBe('5');
    expect(parseRosParameterValue('"true"', 'v')).toBe('true');
    expect(parseRosParameterValue('!!str 5', 'v')).toBe('5');
    expect(parseRosParameterValue('[1, 2, 3]', 'v')).toEqual([1, 2, 3]);
    expect(parseRosParameterValue("[a, 'b c']", 'v')).toEqual(['a', 'b c']);
    expect(thrown(() => parseRosParameterValue('[1, 2.5]', 'v')).message).toBe("v[1]: array items must all have one type: item 0 is integer, item 1 ('2.5') is double.");
    expect(thrown(() => parseRosParameterValue('[]', 'v')).message).toMatch(/non-empty array/);
    expect(thrown(() => parseRosParameterValue('{a: 1}', 'v')).message).toMatch(/got a mapping/);
  });
});

describe('parameters from -p and params files', () => {
  it('-p name:=value and node:name:=value; a repeated key keeps the last', () => {
    const p = parseRosArgs(['-p', 'rate_hz:=50.0', '-p', 'ctl:learn:=true', '-p', 'gains:=[1.5, 2.0]', '-p', 'rate_hz:=25', '-p', 'qos_overrides./scan.depth:=5']);
    expect([...p.parameters]).toEqual([
      ['rate_hz', 25],
      ['ctl:learn', true],
      ['gains', [1.5, 2]],
      ['qos_overrides./scan.depth', 5],
    ]);
    expect(thrown(() => parseRosArgs(['-p', 'x=1'])).message).toMatch(/expected a parameter rule name:=value/);
    expect(thrown(() => parseRosArgs(['-p', 'a..b:=1'])).message).toMatch(/invalid parameter name 'a\.\.b'/);
  });

  const params = file(
    'params.yaml',
    `/**:
  ros__parameters:
    use_sim_time: true
    rate_hz: 20.0
controller:
  ros__parameters:
    rate_hz: 50.0
    gains:
      kp: 1.5
      kd: [0.1, 0.2]
/drone:
  sim:
    ros__parameters:
      seed: 7
/drone/*:
  ros__parameters:
    scenario: forest
`,
  );

  it('loadParamsFile: wildcard, bare node name (root namespace), nested namespaces, /* for one token, nested keys flattened', () => {
    expect(Object.fromEntries(loadParamsFile(params, '/controller'))).toEqual({ use_sim_time: true, rate_hz: 50, 'gains.kp': 1.5, 'gains.kd': [0.1, 0.2] });
    expect(Object.fromEntries(loadParamsFile(params, '/drone/sim'))).toEqual({ use_sim_time: true, rate_hz: 20, seed: 7, scenario: 'forest' });
    // 'controller:' means /controller: a controller in /drone gets only the wildcard entries
    expect(Object.fromEntries(loadParamsFile(params, '/drone/controller'))).toEqual({ use_sim_time: true, rate_hz: 20, scenario: 'forest' });
    expect(Object.fromEntries(loadParamsFile(params, '/a/b/c'))).toEqual({ use_sim_time: true, rate_hz: 20 });
  });

  it('node key matching: /* is one token, /** any number', () => {
    expect(nodeKeyMatches('/**', '/a/b/c')).toBe(true);
    expect(nodeKeyMatches('/**/c', '/a/b/c')).toBe(true);
    expect(nodeKeyMatches('/**/c', '/c')).toBe(true);
    expect(nodeKeyMatches('/*/c', '/a/b/c')).toBe(false);
    expect(nodeKeyMatches('/*/c', '/b/c')).toBe(true);
    expect(nodeKeyMatches('c', '/c')).toBe(true);
    expect(nodeKeyMatches('c', '/a/c')).toBe(false);
  });

  it('parameterOverrides: files and -p in command-line order; node keys in order of first appearance (rclcpp)', () => {
    const p = parseRosArgs(['--params-file', params, '-p', 'rate_hz:=30.0', '-p', 'controller:learn:=true']);
    // the unprefixed -p lands in the file's '/**' entry, which comes before 'controller:' in the table
    expect(Object.fromEntries(parameterOverrides(p, '/controller'))).toEqual({ use_sim_time: true, rate_hz: 50, 'gains.kp': 1.5, 'gains.kd': [0.1, 0.2], learn: true });
    expect(Object.fromEntries(parameterOverrides(p, '/other'))).toEqual({ use_sim_time: true, rate_hz: 30 });
    // -p before the file: the file's '/**' entry is the same node key, updated in place by the file
    const q = parseRosArgs(['-p', 'rate_hz:=30.0', '--params-file', params]);
    expect(parameterOverrides(q, '/x').get('rate_hz')).toBe(20);
    // '/**' appears first, 'n' later: for /n the node-specific value wins whatever the order of later -p
    const r = parseRosArgs(['-p', 'x:=1', '-p', 'n:x:=3', '-p', 'x:=2']);
    expect(parameterOverrides(r, '/n').get('x')).toBe(3);
    expect(parameterOverrides(r, '/m').get('x')).toBe(2);
    // process-wide arguments first, the node's own override them
    expect(parameterOverrides([r, parseRosArgs(['-p', 'x:=9'])], '/n').get('x')).toBe(9);
  });

  it('params file errors name the file, line and key', () => {
    const bad = file('bad.yaml', `/**:\n  ros__parameters:\n    ok: 1\n    gains: [1, 2.5]\n`);
    expect(thrown(() => loadParamsFile(bad, '/n')).message).toBe(`${bad}:4:12: /**: parameter 'gains'[1]: array items must all have one type: item 0 is integer, item 1 ('2.5') is double.`);
    const orphan = file('orphan.yaml', `ros__parameters:\n  a: 1\n`);
    expect(thrown(() => loadParamsFile(orphan, '/n')).message).toBe(`${orphan}:1:1: 'ros__parameters' needs a node name above it (e.g. '/**:' or 'my_node:').`);
    const value = file('value.yaml', `node:\n  rate: 5\n`);
    expect(thrown(() => loadParamsFile(value, '/n')).message).toMatch(new RegExp(`^${value}:2:9: node/rate: expected 'ros__parameters:'`));
    const badName = file('badname.yaml', `9node:\n  ros__parameters: {a: 1}\n`);
    expect(thrown(() => loadParamsFile(badName, '/n')).message).toMatch(/9node: invalid node key: node name '9node': a node name must not start with a number/);
    expect(thrown(() => parameterOverrides(parseRosArgs(['--params-file', join(dir, 'missing.yaml')]), '/n')).message).toMatch(/params file '.*missing\.yaml' cannot be read/);
  });
});
