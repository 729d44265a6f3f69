/**
 * What the ROS node summaries say when a launch stops them normally (its --duration-s reached):
 * the episode the stop cut short is reported as cut, not counted as a failure; the controller
 * says it stopped because the launch's duration was reached, not '(abort)'; its compute time on
 * sim time is timed on the wall clock (not 0). The stop comes after a fixed number of /clock
 * messages, not after a wall time.
 */
import { describe, expect, it } from 'vitest';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { runCli } from '../../launch/cli.js';
import type { RosSimReport } from '../../launch/commands/rosSim.js';
import { describeStop, StopRequest } from '../../loop/realtimeRunner.js';

const STOP_AFTER_CLOCKS = 60;

describe('summaries after a normal stop', () => {
  it('describeStop: a StopRequest reason is a normal end; any other abort stays an abort', () => {
    const normal = new AbortController();
    normal.abort(new StopRequest("the launch's --duration-s 5 was reached"));
    expect(describeStop('abort', normal.signal)).toBe("the launch's --duration-s 5 was reached");
    const ctrlC = new AbortController();
    ctrlC.abort();
    expect(describeStop('abort', ctrlC.signal)).toBe('abort');
    expect(describeStop('duration', normal.signal)).toBe('duration');
  });

  it('ros sim + ros controller stopped mid-episode: the cut episode is not a failure, the controller did not abort', async () => {
    const graph = createInProcessGraph();
    const stop = new AbortController();
    const peer = await graph.createNode({ name: 'stopper' });
    let clocks = 0;
    peer.subscribe<unknown>('/clock', 'rosgraph_msgs/msg/Clock', () => {
      if (++clocks === STOP_AFTER_CLOCKS) stop.abort(new StopRequest("the launch's --duration-s 5 was reached"));
    });
    const ctl = { out: '', err: '' };
    const sim = { out: '', err: '' };
    const ctlRun = runCli(
      ['ros', 'controller', '--profile', 'drone', '--controller', 'drone-avoid-snn', '--json', '--ros-args', '-p', 'use_sim_time:=true'],
      { out: (t) => void (ctl.out += t), err: (t) => void (ctl.err += t) },
      undefined,
      { transport: async () => graph, signal: stop.signal, owned: false },
    );
    const simCode = await runCli(['ros', 'sim', 'drone-forest-v1', '--lockstep', '--episodes', '2', '--json'], { out: (t) => void (sim.out += t), err: (t) => void (sim.err += t) }, undefined, {
      transport: async () => graph,
      signal: stop.signal,
      owned: false,
    });
    const ctlCode = await ctlRun;
    await graph.shutdown();
    expect([0, 130]).toContain(simCode);
    expect([0, 130]).toContain(ctlCode);

    const report = JSON.parse(sim.out) as RosSimReport & { cut: { episode: number; steps: number } | null };
    // The first episode (about 1500 steps when flown to its end) was cut: not an outcome.
    expect(report.episodes).toEqual([]);
    expect(report.success_rate).toBeNull();
    expect(report.cut?.episode).toBe(0);
    expect(report.cut!.steps).toBeGreaterThanOrEqual(STOP_AFTER_CLOCKS - 1);
    expect(sim.err).toMatch(/episode 0 \(seed \d+\): cut short by the stop after \d+ steps \(not counted\)/);
    expect(sim.err).not.toMatch(/episode 0 \(seed \d+\): truncated/);

    expect(ctl.err).toContain("stopped (the launch's --duration-s 5 was reached); the safe command was published last");
    expect(ctl.err).not.toContain('(abort)');
    const s = JSON.parse(ctl.out) as { stoppedBy: string; computeMean_s: number; ticks: number };
    expect(s.stoppedBy).toBe("the launch's --duration-s 5 was reached");
    expect(s.ticks).toBeGreaterThan(0);
    // A spiking controller's tick takes wall time; /clock stood still meanwhile.
    expect(s.computeMean_s).toBeGreaterThan(0);
  });
});
