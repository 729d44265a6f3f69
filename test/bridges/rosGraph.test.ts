/**
 * The whole ROS graph without ROS 2: `ros sim` and `ros controller` as two nodes on the
 * in-process transport, through the same CLI, mapping and safety code as on a robot, fly
 * drone-forest-v1 episode for episode as the direct loop does (lockstep on sim time: every
 * value crosses ROS messages — odometry in float64, scan ranges in float32, Twist in float64 —
 * that hold the loop's float32 channels exactly, so the episodes are the same, not only alike).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { runCli } from '../../launch/cli.js';
import type { RosSimReport } from '../../launch/commands/rosSim.js';
import { directForestEpisodes } from '../helpers/directForest.js';

const EPISODES = 3;
const quiet = () => {
  const out: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (_t: string) => {} }, out };
};

async function flyGraph(controller: string): Promise<RosSimReport> {
  const graph = createInProcessGraph();
  const ac = new AbortController();
  const ctl = runCli(['ros', 'controller', '--profile', 'drone', '--controller', controller, '--ros-args', '-p', 'use_sim_time:=true'], quiet().io, undefined, { transport: async () => graph, signal: ac.signal });
  const sim = quiet();
  const rc = await runCli(['ros', 'sim', 'drone-forest-v1', '--lockstep', '--episodes', String(EPISODES), '--seed', '0', '--json'], sim.io, undefined, { transport: async () => graph });
  ac.abort();
  expect(await ctl).toBe(0);
  expect(rc).toBe(0);
  await graph.shutdown();
  return JSON.parse(sim.out.join('')) as RosSimReport;
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spikeloop-graph-'));
  // A briefly trained controller (its learning is tested elsewhere): what matters here is a
  // controller with learned weights going through the file and the graph.
  const rc = await runCli(['train', 'drone-forest-v1', '--episodes', '4', '--seed', '7', '--out', dir, '--eval-episodes', '0', '--validate-episodes', '1'], quiet().io);
  expect(rc).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ros sim + ros controller on the in-process graph', () => {
  for (const which of ['untrained preset', 'trained file'] as const) {
    it(`flies drone-forest-v1 as the direct loop does (${which}): same outcome, steps, return and success per episode`, async () => {
      const controller = which === 'trained file' ? join(dir, 'last.json') : 'drone-avoid-snn';
      const direct = directForestEpisodes(controller, 0, EPISODES);
      const graph = await flyGraph(controller);
      expect(graph.missedCommands).toBe(0);
      expect(graph.badCommands).toBe(0);
      expect(graph.episodes.map((e) => e.seed)).toEqual(direct.map((d) => d.seed));
      expect(graph.episodes.map((e) => e.steps)).toEqual(direct.map((d) => d.steps));
      expect(graph.episodes.map((e) => e.metrics.success)).toEqual(direct.map((d) => d.metrics.success));
      for (let k = 0; k < EPISODES; k++) expect(graph.episodes[k]!.return).toBeCloseTo(direct[k]!.return, 9);
      const rate = direct.filter((d) => d.metrics.success === 1).length / EPISODES;
      expect(graph.success_rate).toBe(rate);
    });
  }
});
