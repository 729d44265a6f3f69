/**
 * The ROS 2 YAML launch format: each action, substitutions, includes, scoping, the node command
 * line launch_ros builds, parameter typing through to what a node declares, and located errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { parseRosArgs, splitRosArgs } from '../../bridges/ros2/transport/rosArgs.js';
import { parseRosParameterValue, typeRosScalar } from '../../bridges/ros2/transport/rosParameterYaml.js';
import { formatRosParameter, loadLaunchFile, shellSplit, splitCommandLine, substitute, yamlEvaluate } from '../../launch/launchFile/index.js';
import type { LaunchValue, SubstitutionScope } from '../../launch/launchFile/index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop launch ')); // a space in the path on purpose
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function launchFile(text: string, name = `f${n++}.launch.yaml`): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(RangeError);
    return (err as Error).message;
  }
  throw new Error('expected a RangeError, nothing was thrown');
}
const scope = (configs: Record<string, string> = {}, env: Record<string, string> = {}): SubstitutionScope => ({
  configurations: new Map(Object.entries(configs)),
  env: (k) => env[k],
  file: '/x/y/a.launch.yaml',
  dir: '/x/y',
});

describe('substitutions', () => {
  it('var, env with and without default, dirname, filename, nesting, quoting and escapes', () => {
    const s = scope({ robot: 'cf231', which: 'HOME_DIR' }, { HOME_DIR: '/home/me' });
    expect(substitute('/$(var robot)/cmd_vel', s)).toBe('/cf231/cmd_vel');
    expect(substitute('$(env HOME_DIR)', s)).toBe('/home/me');
    expect(substitute('$(env MISSING fallback)', s)).toBe('fallback');
    expect(substitute("$(env MISSING 'two words')", s)).toBe('two words');
    expect(substitute('$(env $(var which))', s)).toBe('/home/me');
    expect(substitute('$(env MISSING "$(var robot) x")', s)).toBe('cf231 x');
    expect(substitute('$(dirname)/../bin/spikeloop.js', s)).toBe('/x/y/../bin/spikeloop.js');
    expect(substitute('$(filename)', s)).toBe('/x/y/a.launch.yaml');
    expect(substitute('cost \\$(var robot) and \\\\', s)).toBe('cost $(var robot) and \\');
    expect(substitute('$ (not one) $5', s)).toBe('$ (not one) $5');
  });
  it('errors say what is missing or unsupported', () => {
    const s = scope();
    expect(thrown(() => substitute('$(var nope)', s))).toMatch(/launch configuration 'nope' does not exist/);
    expect(thrown(() => substitute('$(env NOPE_SPIKELOOP)', s))).toMatch(/environment variable 'NOPE_SPIKELOOP' is not set \(give a default/);
    expect(thrown(() => substitute('$(find-pkg-share spikeloop)/x', s))).toMatch(/needs ROS 2 .*ament index/);
    expect(thrown(() => substitute('$(eval 1+1)', s))).toMatch(/\$\(eval …\) is not supported without ROS 2/);
    expect(thrown(() => substitute('$(anon x)', s))).toMatch(/unsupported substitution \$\(anon …\)/);
    expect(thrown(() => substitute('$(var x', s))).toBe("invalid substitution syntax at character 8 of '$(var x': expected ')' to close '$(var'");
    expect(thrown(() => substitute("$(env X 'open)", s))).toMatch(/expected the closing '/);
    expect(thrown(() => substitute('$(dirname x)', s))).toMatch(/\$\(dirname\) takes no arguments, got 1/);
  });
});

describe('command lines (shlex + substitutions joining the text they touch)', () => {
  it('splits like a POSIX shell', () => {
    expect(shellSplit(`a  'b c' "d \\"e\\"" f\\ g ''`)).toEqual(['a', 'b c', 'd "e"', 'f g', '']);
    expect(thrown(() => shellSplit("a 'b"))).toMatch(/unclosed '/);
  });
  it('a substituted directory with spaces stays one argument with the text it touches', () => {
    const s: SubstitutionScope = { ...scope({ c: 'drone avoid' }), dir: '/my launch/dir' };
    expect(splitCommandLine('$(dirname)/../bin/spikeloop.js ros controller --controller $(var c) --x=$(var c)y', s)).toEqual(['/my launch/dir/../bin/spikeloop.js', 'ros', 'controller', '--controller', 'drone avoid', '--x=drone avoidy']);
    expect(splitCommandLine("$(var c) $(var c) 'q r'", s)).toEqual(['drone avoid', 'drone avoid', 'q r']);
  });
});

describe('parameter values: launch typing written as -p text rcl reads back with the same type', () => {
  const cases: Array<[LaunchValue, string, string]> = [
    [50.0, '50.0', 'double'],
    [50n, '50', 'integer'],
    [0.1, '0.1', 'double'],
    [true, 'true', 'bool'],
    ['cf231', 'cf231', 'string'],
    ['010', "'010'", 'string'],
    ['yes', "'yes'", 'string'],
    ["it's", "'it''s'", 'string'],
    ['a: b', "'a: b'", 'string'],
    ['presets/drone-avoid-snn.json', 'presets/drone-avoid-snn.json', 'string'],
  ];
  it.each(cases)('%s → %s (%s)', (v, text, type) => {
    expect(formatRosParameter(v)).toBe(text);
    const back = parseRosParameterValue(text, 'p');
    expect(back).toBe(typeof v === 'bigint' ? Number(v) : v);
    expect(typeof v === 'string' ? 'string' : typeRosScalar(text).type).toBe(type);
  });
  it("values from the launch file are typed by PyYAML's rules (launch_yaml reads with yaml.safe_load)", () => {
    const typed: Array<[string, unknown]> = [
      ['yes', true],
      ['Off', false],
      ['y', 'y'], // PyYAML, unlike the YAML 1.1 spec, keeps y/n strings
      ['1e3', '1e3'], // a PyYAML float needs a '.', and a signed exponent
      ['1.0e3', '1.0e3'],
      ['1.0e+3', 1000],
      ['5.', 5],
      ['010', 8n],
      ['0x1F', 31n],
      ['1_000', 1000n],
      ['1:30', 90n], // sexagesimal
      ['-.inf', Number.NEGATIVE_INFINITY],
    ];
    for (const [text, v] of typed) expect(yamlEvaluate(text, 'v'), text).toEqual(v);
    expect(thrown(() => yamlEvaluate('~', 'v'))).toMatch(/v \(value '~'\): expected a bool, integer, double, string or an array of one of them, got null/);
  });
  it('arrays', () => {
    expect(formatRosParameter([1n, 2n])).toBe('[1, 2]');
    expect(formatRosParameter([1, 2.5])).toBe('[1.0, 2.5]');
    expect(parseRosParameterValue(formatRosParameter(['a b', 'c']), 'p')).toEqual(['a b', 'c']);
  });
});

describe('loadLaunchFile', () => {
  const params = join(dir, 'ctl params.yaml');
  writeFileSync(params, '/**:\n  ros__parameters:\n    learn: false\n');
  const sub = launchFile(
    `launch:
- arg: {name: who, default: nobody}
- let: {name: from_sub, value: "$(var who)"}
- node:
    exec: node
    args: "$(dirname)/bin/tool.js --who $(var who)"
    name: helper
`,
    'sub.launch.yaml',
  );
  const main = launchFile(
    `launch:
- arg: {name: controller, default: drone-avoid-snn, description: "preset id or file"}
- arg: {name: rate, default: "50.0"}
- arg: {name: robot_name, default: cf231}
- let: {name: learn, value: "true"}
- set_env: {name: SPIKELOOP_TEST_ENV, value: "on $(var robot_name)"}
- group:
    scoped: true
    children:
    - push-ros-namespace: {namespace: drone}
    - let: {name: inner, value: "x"}
    - node:
        exec: node
        args: "$(dirname)/../bin/spikeloop.js ros controller --controller $(var controller)"
        name: controller
        ros_args: "--log-level warn"
        param:
        - {name: rate_hz, value: "$(var rate)"}
        - {name: learn, value: "$(var learn)"}
        - {name: profile, value: crazyflie}
        - {name: episodes, value: 3}
        - {name: robot, value: "010", type: str}
        - name: gains
          param:
          - {name: kp, value: 1.5}
          - {name: list, value: [1, 2]}
        - from: "$(dirname)/ctl params.yaml"
        remap:
        - {from: cmd_vel, to: "/$(var robot_name)/cmd_vel"}
        output: screen
- node:
    exec: node
    args: "$(dirname)/../bin/spikeloop.js ros sim drone-forest-v1"
    name: sim
    namespace: /abs
    env: [{name: ONLY_SIM, value: "1"}]
- include:
    file: "$(dirname)/sub.launch.yaml"
    arg: [{name: who, value: "$(var robot_name)"}]
- executable: {cmd: "sleep 0.1", name: pause, if: "$(var learn)"}
- executable: {cmd: "never", unless: "$(var learn)"}
`,
  );

  it('every action, with launch_ros command lines', () => {
    const plan = loadLaunchFile(main, { args: { controller: 'my ctl.json' }, env: {} });
    expect(plan.processes.map((p) => [p.kind, p.name])).toEqual([
      ['node', 'controller'],
      ['node', 'sim'],
      ['node', 'helper'],
      ['executable', 'pause'],
    ]);
    const [ctl, sim, helper, pause] = plan.processes;
    expect(ctl!.exec).toBe('node');
    expect(ctl!.nodeFullName).toBe('/drone/controller');
    expect(ctl!.argv).toEqual([
      `${dir}/../bin/spikeloop.js`, 'ros', 'controller', '--controller', 'my ctl.json',
      '--ros-args', '--log-level', 'warn',
      '--ros-args', '-r', '__node:=controller', '-r', '__ns:=/drone',
      '-p', 'rate_hz:=50.0', '-p', 'learn:=true', '-p', 'profile:=crazyflie', '-p', 'episodes:=3', '-p', "robot:='010'",
      '-p', 'gains.kp:=1.5', '-p', 'gains.list:=[1, 2]', '--params-file', params,
      '-r', 'cmd_vel:=/cf231/cmd_vel',
    ]);
    expect(ctl!.env).toEqual({ SPIKELOOP_TEST_ENV: 'on cf231' });
    // absolute namespace is not prefixed; the group's namespace did not leak out of it
    expect(sim!.argv.slice(-5)).toEqual(['--ros-args', '-r', '__node:=sim', '-r', '__ns:=/abs']);
    expect(sim!.env).toEqual({ SPIKELOOP_TEST_ENV: 'on cf231', ONLY_SIM: '1' });
    // include: its arg set in our scope, its own $(dirname), no namespace pushed out here
    expect(helper!.argv).toEqual([`${dir}/bin/tool.js`, '--who', 'cf231', '--ros-args', '-r', '__node:=helper']);
    expect(pause!.exec).toBe('sleep');
    expect(pause!.argv).toEqual(['0.1']);
    // configurations: command-line arg beats the default; the scoped group's let is gone; the include's let leaked (as in launch)
    expect(plan.configurations.get('controller')).toBe('my ctl.json');
    expect(plan.configurations.has('inner')).toBe(false);
    expect(plan.configurations.get('from_sub')).toBe('cf231');
    expect(plan.arguments.map((a) => a.name)).toEqual(['controller', 'rate', 'robot_name', 'who']);
    expect(plan.warnings).toEqual([]);
  });

  it("the parameters a node declares are the launch file's, typed (through argv, ROS args and the in-process transport)", async () => {
    const ctl = loadLaunchFile(main, { env: {} }).processes[0]!;
    const { rosArgs } = splitRosArgs(ctl.argv);
    const graph = createInProcessGraph();
    try {
      const node = await graph.transportFor(rosArgs).createNode({ name: 'ctl_default' });
      expect(node.name).toBe('controller');
      expect(node.namespace).toBe('/drone');
      expect(node.declareParameter('rate_hz', 1, '')).toBe(50);
      // -p learn:=true and the params file's '/**' entry are one node key; the file comes later and wins
      // (launch_ros gives the same: its name/value params file precedes the 'from' file)
      expect(node.declareParameter('learn', true, '')).toBe(false);
      expect(node.declareParameter('episodes', 1, '')).toBe(3);
      expect(node.declareParameter('robot', '', '')).toBe('010');
      expect(node.declareParameter('gains.list', [0], '')).toEqual([1, 2]);
      expect(node.subscribe('cmd_vel', 'geometry_msgs/msg/Twist', () => {}).topic).toBe('/cf231/cmd_vel');
    } finally {
      await graph.shutdown();
    }
  });

  it('scoping: unscoped groups leak, forwarding false hides outer configurations but keeps the kept ones; if/unless; choices', () => {
    const f = launchFile(`launch:
- let: {name: a, value: outer}
- group:
    scoped: false
    children:
    - let: {name: leaked, value: "yes"}
    - let: {name: mode, value: "true"}
- group:
    forwarding: false
    keep: [{name: k, value: kept}]
    children:
    - let: {name: seen, value: "$(var k)"}
    - node: {exec: x, name: n1, args: "$(env SPIKELOOP_NOPE_VAR $(var k))"}
- group:
  - push_ros_namespace: {namespace: a}
  - push_ros_namespace: {namespace: b/}
  - node: {exec: y, name: n2, namespace: c}
- arg: {name: choice_arg, default: two, choice: [{value: one}, {value: two}]}
- node: {exec: z, name: n3, if: "$(var mode)"}
- node: {exec: z, name: n4, unless: "$(var mode)"}
`);
    const plan = loadLaunchFile(f, { env: {} });
    expect(plan.configurations.get('leaked')).toBe('yes');
    expect(plan.configurations.has('seen')).toBe(false);
    expect(plan.processes.map((p) => p.name)).toEqual(['n1', 'n2', 'n3']);
    expect(plan.processes[0]!.argv[0]).toBe('kept');
    expect(plan.processes[1]!.argv).toEqual(['--ros-args', '-r', '__node:=n2', '-r', '__ns:=/a/b/c']);
    const g = launchFile(readFileSync(f, 'utf8').replace('value: "true"}', 'value: "$(var m)"}'));
    expect(loadLaunchFile(g, { args: { m: 'FALSE' }, env: {} }).processes.map((p) => p.name)).toEqual(['n1', 'n2', 'n4']);
    expect(thrown(() => loadLaunchFile(g, { args: { m: 'maybe' }, env: {} }))).toBe(`${g}: launch[5].node.if: expected true, false, 1 or 0, got 'maybe'.`);
    expect(thrown(() => loadLaunchFile(f, { args: { choice_arg: 'three' }, env: {} }))).toBe(`${f}: launch[4].arg: launch argument 'choice_arg' is 'three'; expected one of 'one', 'two'.`);
  });

  it('errors are located in the file: action index, attribute, entry', () => {
    const at = (body: string, args: Record<string, string> = {}) => {
      const f = launchFile(`launch:\n${body}`);
      return thrown(() => loadLaunchFile(f, { args, env: {} })).replace(`${f}: `, '');
    };
    expect(at(`- arg: {name: x}\n- node: {exec: a, name: b, param: [{value: 1}]}`, { x: '1' })).toBe('launch[1].node.param[0]: expected name and value (or name and nested param, or from: a params file).');
    expect(at(`- arg: {name: x, description: "the x"}`)).toBe("launch[0].arg: launch argument 'x' is required (the x): give it as x:=<value>.");
    expect(at(`- arg: {name: x, default: 5}`)).toBe('launch[0].arg.default: expected a string, got the number 5 (quote it: default: "5").');
    expect(at(`- node: {exec: a, name: b, colour: red}`)).toBe("launch[0].node: unexpected key 'colour' in 'node'.");
    expect(at(`- nodes: {exec: a}`)).toMatch(/^launch\[0\]: unknown action 'nodes' \(supported: arg, let, /);
    expect(at(`- node: {exec: a, name: my-node}`)).toBe("launch[0].node.name: invalid node name 'my-node': a node name must contain only alphanumerics and '_'.");
    expect(at(`- node: {exec: a, name: b, namespace: "1ns"}`)).toBe("launch[0].node.namespace: invalid namespace '/1ns': a name token must not start with a number.");
    expect(at(`- node: {exec: "$(find-pkg-share foo)/x"}`)).toMatch(/^launch\[0\]\.node\.exec: \$\(find-pkg-share …\) needs ROS 2/);
    expect(at(`- node: {exec: a, param: [{name: p, value: [1, 2.5]}]}`)).toBe('launch[0].node.param[0].value[1]: array items must all have one type: item 0 is integer, item 1 is double.');
    expect(at(`- node: {exec: a, param: [{name: p, value: "1", type: int8}]}`)).toBe("launch[0].node.param[0].type: expected str, int, float or bool, got 'int8'.");
    expect(at(`- node: {exec: a, param: [{from: /nonexistent/p.yaml}]}`)).toBe("launch[0].node.param[0].from: params file '/nonexistent/p.yaml' does not exist.");
    expect(at(`- node: {exec: a, remap: [{from: x}]}`)).toBe("launch[0].node.remap[0]: missing 'to'.");
    expect(at(`- executable: {name: x}`)).toBe("launch[0].executable: expected 'cmd', the command line to run.");
    expect(at(`- group: {children: [{let: {name: a}}]}`)).toBe("launch[0].group.children[0].let: missing 'value'.");
    expect(at(`- {let: {name: a, value: b}, node: {exec: c}}`)).toBe("launch[0]: expected one action (a mapping with one key such as 'node:'), got keys 'let', 'node'.");
    expect(at(`- include: {file: "$(dirname)/x.launch.py"}`)).toMatch(/^launch\[0\]\.include\.file: only YAML launch files can be included without ROS 2/);
    const self = join(dir, 'self.launch.yaml');
    writeFileSync(self, `launch:\n- include: {file: "$(dirname)/self.launch.yaml"}\n`);
    expect(thrown(() => loadLaunchFile(self, { env: {} }))).toMatch(/includes nested deeper than 32/);
    const root = launchFile(`nodes: []\n`);
    expect(thrown(() => loadLaunchFile(root))).toBe(`${root}: expected one root key 'launch:' holding a list of actions, got keys 'nodes'.`);
  });

  it('respawn and launch-prefix are ignored with a located warning', () => {
    const f = launchFile(`launch:\n- node: {exec: a, name: b, respawn: "true", launch-prefix: gdb}\n- node: {exec: a, name: b}\n`);
    const plan = loadLaunchFile(f, { env: {} });
    expect(plan.warnings).toEqual([
      `${f}: launch[0].node.respawn: ignored (spikeloop launch starts each process once, as is).`,
      `${f}: launch[0].node.launch-prefix: ignored (spikeloop launch starts each process once, as is).`,
      `${f}: launch[1].node: there are now 2 nodes named '/b' in this launch.`,
    ]);
  });
});

describe('the launch files in launch/', () => {
  const files = ['sim_drone_forest', 'crazyflie_avoid', 'px4_avoid'].map((f) => join(import.meta.dirname, '../../launch', `${f}.launch.yaml`));
  it.each(files)('%s: nodes run our CLI through node, with a name, parameters, no pkg, and valid ROS arguments', (f) => {
    const plan = loadLaunchFile(f, { env: {} });
    expect(plan.warnings).toEqual([]);
    expect(plan.processes.length).toBeGreaterThan(0);
    for (const p of plan.processes) {
      expect(p.kind).toBe('node');
      expect(p.pkg).toBeUndefined();
      expect(p.exec).toBe('node');
      expect(p.argv[0]!.endsWith('/../bin/spikeloop.js')).toBe(true);
      expect(p.argv[1]).toBe('ros');
      const { args, rosArgs } = splitRosArgs(p.argv);
      const parsed = parseRosArgs(rosArgs);
      expect(parsed.nodeName).toBe(p.name);
      expect(parsed.parameters.size).toBeGreaterThan(0);
      // each CLI option given has the parameter of the same name
      for (const opt of args.filter((a) => a.startsWith('--'))) {
        const param = opt.slice(2).replace(/-/g, '_');
        expect(parsed.parameters.has(param), `${p.name}: ${opt} has no parameter '${param}'`).toBe(true);
      }
    }
  });
  it('sim_drone_forest: both nodes on sim time, the controller with the given controller', () => {
    const plan = loadLaunchFile(files[0]!, { args: { controller: 'x.json' }, env: {} });
    expect(plan.processes.map((p) => p.name).sort()).toEqual(['controller', 'sim']);
    for (const p of plan.processes) expect(parseRosArgs(splitRosArgs(p.argv).rosArgs).parameters.get('use_sim_time')).toBe(true);
    const ctl = plan.processes.find((p) => p.name === 'controller')!;
    const { args, rosArgs } = splitRosArgs(ctl.argv);
    expect(args.slice(1, 7)).toEqual(['ros', 'controller', '--profile', 'drone', '--controller', 'x.json']);
    expect(parseRosArgs(rosArgs).parameters.get('controller')).toBe('x.json');
  });
  it('crazyflie_avoid: the controller runs in the robot namespace, so relative topics are the robot\'s', async () => {
    const plan = loadLaunchFile(files[1]!, { args: { robot_name: 'cf7' }, env: {} });
    const ctl = plan.processes[0]!;
    expect(ctl.nodeFullName).toBe('/cf7/controller');
    const { rosArgs } = splitRosArgs(ctl.argv);
    expect(parseRosArgs(rosArgs).parameters.get('profile')).toBe('crazyflie');
    expect(parseRosArgs(rosArgs).parameters.get('use_sim_time')).toBe(false);
    const graph = createInProcessGraph();
    try {
      const node = await graph.transportFor(rosArgs).createNode({ name: 'spikeloop_controller' });
      expect(node.publisher('cmd_hover', 'crazyflie_interfaces/msg/Hover').topic).toBe('/cf7/cmd_hover');
      expect(node.useSimTime).toBe(false);
    } finally {
      await graph.shutdown();
    }
  });
});

describe('on_exit', () => {
  it("'shutdown' marks the process whose exit stops the launch; anything else is refused, located", () => {
    const plan = loadLaunchFile(launchFile('launch:\n- node: {exec: node, args: "a.js", name: sim, on_exit: shutdown}\n- node: {exec: node, args: "b.js", name: ctl}\n'));
    expect(plan.processes.map((p) => p.onExit)).toEqual(['shutdown', undefined]);
    expect(thrown(() => loadLaunchFile(launchFile('launch:\n- node: {exec: node, name: sim, on_exit: restart}\n')))).toMatch(/launch\[0\]\.node\.on_exit: expected 'shutdown'.*got 'restart'/);
  });
});
