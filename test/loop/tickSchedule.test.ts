/**
 * One tick schedule (loop/controlTick.ts): the direct loop, the profiled loop and the ROS sim
 * node (bridges/ros2/nodes/simNode.ts, on the in-process graph in lockstep) call body, task and
 * controller in the same order. Reordering a phase in any one path fails this test; so does
 * dropping the NaN guard from the sim node.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runSimNode } from '../../bridges/ros2/nodes/simNode.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { InProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { Body } from '../../loop/body.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { controlTick, createLoop } from '../../loop/controlTick.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../../loop/task.js';

const SENSORS: readonly ChannelSpec[] = [{ name: 'x', size: 1, low: -Infinity, high: Infinity, unit: 'm' }];
const ACTUATORS: readonly ChannelSpec[] = [
  { name: 'cmd_linear', size: 3, low: -2, high: 2, unit: 'm/s' },
  { name: 'cmd_yaw_rate', size: 1, low: -2, high: 2, unit: 'rad/s' },
];
const END_AFTER = 3;

class LoggingBody implements Body {
  readonly sensors = SENSORS;
  readonly actuators = ACTUATORS;
  steps = 0;
  nanAt = -1;
  constructor(readonly log: string[]) {}
  reset(): void {
    this.steps = 0;
  }
  observe(out: Channels): void {
    this.log.push('observe');
    out['x']![0] = this.steps === this.nanAt ? Number.NaN : this.steps;
  }
  command(a: Channels): void {
    this.log.push(`command ${a['cmd_linear']![0]}`);
  }
  advance(): void {
    this.log.push('advance');
    this.steps++;
  }
}

class LoggingTask implements Task {
  private ended = false;
  constructor(readonly log: string[]) {}
  evaluate(obs: Channels): RewardBreakdown {
    this.log.push('judge');
    this.ended = obs['x']![0]! >= END_AFTER;
    return { total: 1, terms: { alive: 1 } };
  }
  status(): EpisodeStatus {
    return this.ended ? 'terminated' : 'running';
  }
  metrics(): Record<string, number> {
    return {};
  }
}

class LoggingController implements Controller {
  readonly sensors = SENSORS;
  readonly actuators = ACTUATORS;
  constructor(readonly log: string[]) {}
  reset(): void {}
  act(obs: Channels, _r: number, _dt: number, out: Channels): void {
    this.log.push('act');
    out['cmd_linear']![0] = obs['x']![0]! + 0.5;
  }
  finish(): void {
    this.log.push('finish');
  }
}

function directLog(profile: boolean): string[] {
  const log: string[] = [];
  const s = createLoop(new LoggingBody(log), new LoggingController(log), new LoggingTask(log), { controlRate_Hz: 50, profile });
  while (controlTick(s) === 'running');
  return log;
}

let graph: InProcessGraph | null = null;
afterEach(async () => {
  await graph?.shutdown();
  graph = null;
});

/** The sim node in lockstep; a responder on the graph answers each /clock as the controller would. */
async function simNodeLog(nanAt = -1): Promise<{ log: string[]; lines: string[]; outcome: string }> {
  graph = createInProcessGraph();
  const simNode = await graph.createNode({ name: 'sim' });
  const peer = await graph.createNode({ name: 'peer' });
  const log: string[] = [];
  const body = new LoggingBody(log);
  body.nanAt = nanAt;
  const cmd = peer.publisher<unknown>('cmd_vel', 'geometry_msgs/msg/Twist', 'reliable');
  peer.subscribe<unknown>('/clock', 'rosgraph_msgs/msg/Clock', () => {
    log.push('act');
    cmd.publish({ linear: { x: body.steps + 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
  }, 'reliable');
  const lines: string[] = [];
  const summary = await runSimNode({
    node: simNode,
    scenarioId: 'schedule-test',
    body,
    createTask: () => new LoggingTask(log),
    controlRate_Hz: 50,
    seeds: [1],
    maxSteps: 100,
    lockstep: true,
    firstCommandTimeout_s: 3600,
    commandTimeout_s: 3600,
    log: (l) => lines.push(l),
  });
  return { log, lines, outcome: summary.episodes[0]!.outcome };
}

describe('one tick schedule', () => {
  const expected = [
    ...Array.from({ length: END_AFTER }, (_, k) => ['observe', 'judge', 'act', `command ${k + 0.5}`, 'advance']).flat(),
    'observe',
    'judge',
    'finish',
  ];

  it('the direct loop runs sense → judge → control → act → physics, and finish at the end', () => {
    expect(directLog(false)).toEqual(expected);
  });

  it('the profiled loop runs the same phases in the same order', () => {
    expect(directLog(true)).toEqual(directLog(false));
  });

  it('the ROS sim node runs the same phases, with the command from the graph as the control phase', async () => {
    const { log, outcome } = await simNodeLog();
    // The sim node has no local controller to finish: the remote one gets the last reward itself.
    expect(log).toEqual(expected.filter((e) => e !== 'finish'));
    expect(outcome).toBe('terminated');
  });

  it('the ROS sim node ends an episode whose observation holds a NaN, naming the channel', async () => {
    const { log, lines, outcome } = await simNodeLog(1);
    expect(outcome).toBe('error');
    expect(log).toEqual(['observe', 'judge', 'act', 'command 0.5', 'advance', 'observe']);
    expect(lines.some((l) => l.includes("observation 'x'[0] is NaN"))).toBe(true);
  });
});
