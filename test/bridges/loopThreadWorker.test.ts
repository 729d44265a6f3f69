/**
 * `ros controller --loop-thread worker`: the control loop runs in a worker thread on a proxy of
 * the node (bridges/ros2/worker/runInWorker.ts). On the in-process graph, `ros sim --lockstep`
 * flies one seeded drone-forest-v1 episode against `ros controller` (drone-avoid-snn, sim time)
 * once with the loop on the main thread and once in the worker: the commands the simulator
 * applied are the same Twists bit for bit, step for step, and so are the episode's outcome and
 * step count. Also: a CLI error raised in the worker keeps its message and exit code.
 */
import { describe, expect, it } from 'vitest';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { ControllerNodeSummary } from '../../bridges/ros2/nodes/controllerNode.js';
import { runCli } from '../../launch/cli.js';
import type { RosSimReport } from '../../launch/commands/rosSim.js';

interface Twist {
  linear: { x: number; y: number; z: number };
  angular: { x: number; y: number; z: number };
}

const quiet = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
};

/** One lockstep episode (ros sim --seed 2: a few hundred steps); the commands the simulator received, in order. */
async function flyEpisode(loopThread: 'main' | 'worker') {
  const graph = createInProcessGraph();
  const watcher = await graph.createNode({ name: 'watcher' });
  const commands: Twist[] = [];
  watcher.subscribe<Twist>('/cmd_vel', 'geometry_msgs/msg/Twist', (m) => void commands.push(structuredClone(m)));
  const ac = new AbortController();
  const c = quiet();
  const s = quiet();
  const simDone = runCli(['ros', 'sim', 'drone-forest-v1', '--lockstep', '--episodes', '1', '--seed', '2', '--json'], s.io, undefined, { transport: async () => graph });
  const ctlDone = runCli(['ros', 'controller', '--profile', 'drone', '--controller', 'drone-avoid-snn', '--loop-thread', loopThread, '--json', '--ros-args', '-p', 'use_sim_time:=true'], c.io, undefined, { transport: async () => graph, signal: ac.signal });
  const rcSim = await simDone;
  await graph.flush();
  ac.abort();
  const rcCtl = await ctlDone;
  await graph.flush();
  await graph.shutdown();
  expect({ rcSim, rcCtl, err: rcCtl === 0 ? '' : c.err.join('') }).toEqual({ rcSim: 0, rcCtl: 0, err: '' });
  return { commands, summary: JSON.parse(c.out.join('')) as ControllerNodeSummary, report: JSON.parse(s.out.join('')) as RosSimReport, log: c.err.join('') };
}

describe('ros controller --loop-thread worker', () => {
  it('flies the same seeded episode with the same commands, bit for bit, as the loop on the main thread', async () => {
    const main = await flyEpisode('main');
    const worker = await flyEpisode('worker');
    expect(worker.log).toContain('control loop in a worker thread');
    const steps = main.report.episodes[0]!.steps;
    expect(steps).toBeGreaterThan(50);
    expect(worker.report.episodes).toEqual(main.report.episodes);
    expect(worker.summary.ticks).toBe(main.summary.ticks);
    expect(main.summary.ticks).toBe(steps);
    expect(worker.summary.safeCommands).toBe(main.summary.safeCommands);
    // every tick's command plus the safe one on stop
    expect(main.commands.length).toBe(steps + 1);
    expect(worker.commands).toEqual(main.commands);
    expect(main.commands.some((m) => m.linear.x !== 0)).toBe(true);
  });

  it('an error in the worker reaches the command line with its message and exit code', async () => {
    const graph = createInProcessGraph();
    const c = quiet();
    const rc = await runCli(['ros', 'controller', '--profile', 'drone', '--controller', 'drone-avoid-snn', '--loop-thread', 'worker', '--record', '/nonexistent-dir/x/run.mcap'], c.io, undefined, { transport: async () => graph });
    await graph.shutdown();
    expect(rc).toBe(1);
    expect(c.err.join('')).toMatch(/cannot record to \/nonexistent-dir\/x\/run\.mcap/);
    expect(c.err.join('')).not.toMatch(/internal error|\n\s+at /);
  });

  it('refuses an unknown --loop-thread or parameter loop_thread', async () => {
    const c = quiet();
    const rc = await runCli(['ros', 'controller', '--profile', 'drone', '--controller', 'drone-avoid-snn', '--loop-thread', 'gpu'], c.io, undefined, { transport: async () => createInProcessGraph() });
    expect(rc).toBe(2);
    expect(c.err.join('')).toMatch(/--loop-thread.*gpu.*main, worker|Allowed choices are main, worker/);
    // the same as a ROS parameter (launch files set it so)
    const p = quiet();
    const graph = createInProcessGraph();
    const rcParam = await runCli(['ros', 'controller', '--profile', 'drone', '--controller', 'drone-avoid-snn', '--ros-args', '-p', 'loop_thread:=gpu'], p.io, undefined, { transport: async () => graph });
    await graph.shutdown();
    expect(rcParam).toBe(2);
    expect(p.err.join('')).toMatch(/parameter loop_thread: expected 'main' or 'worker', got 'gpu'/);
  });
});
