/**
 * The event camera through ROS 2 on the in-process graph: `ros sim drone-forest-events-v1`
 * publishes the camera's events as event_camera_msgs/EventPacket (`mono`) on
 * /event_camera/events, `ros controller --profile event-drone` counts them back into the
 * controller's `events_on` / `events_off`, and the episodes are the direct loop's, step for step:
 * every event of a control step is in that step's packet (counts are exact), odometry crosses
 * as float64 (exact for the float32 channels), Twist likewise. The recording holds the packets.
 * The corridor's second episode differed (297 steps against 299) until the controller node
 * dropped, at an episode's start, the counts of the previous episode's terminal observation (its
 * packet is published, no tick reads it): RosBody.reset clears accumulating inputs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMcapMessages } from '../../bridges/recording/mcapReader.js';
import type { EventPacket } from '../../bridges/ros2/messages/eventCameraMsgs.js';
import { decodeMonoEvents } from '../../bridges/ros2/messages/monoEventEncoding.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { resolveController } from '../../experiments/resolveController.js';
import { runCli } from '../../launch/cli.js';
import type { RosSimReport } from '../../launch/commands/rosSim.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { findScenario } from '../../scenarios/registry.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';

const SCENARIO = 'drone-forest-events-v1';
const EPISODES = 2;
const quiet = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
};

function directEpisodes(seed: number, count: number, id = SCENARIO): EpisodeResult[] {
  const scenario = findScenario(id);
  const body = scenario.createBody();
  try {
    const { controller } = resolveController('drone-avoid-events', scenario, seed, { body });
    return Array.from({ length: count }, (_, k) => runScenarioEpisode(scenario, body, controller, { seed: episodeSeed(seed, 'eval', k) }));
  } finally {
    body.close?.();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-events-graph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('event camera on the ROS graph (in-process)', () => {
  it(`ros sim ${SCENARIO} + ros controller --profile event-drone fly the direct loop's episodes, and the MCAP holds the packets`, async () => {
    const graph = createInProcessGraph();
    const ac = new AbortController();
    const ctl = quiet();
    const ctlDone = runCli(['ros', 'controller', '--profile', 'event-drone', '--controller', 'drone-avoid-events', '--ros-args', '-p', 'use_sim_time:=true'], ctl.io, undefined, { transport: async () => graph, signal: ac.signal });
    const sim = quiet();
    const file = join(dir, 'events.mcap');
    const rc = await runCli(['ros', 'sim', SCENARIO, '--lockstep', '--episodes', String(EPISODES), '--seed', '0', '--record', file, '--json'], sim.io, undefined, { transport: async () => graph });
    ac.abort();
    expect(await ctlDone, ctl.err.join('')).toBe(0);
    expect(rc, sim.err.join('')).toBe(0);
    await graph.shutdown();
    // the controller never went safe while flying (one safe command on stop)
    expect(ctl.err.join('')).not.toMatch(/SAFE:/);
    const report = JSON.parse(sim.out.join('')) as RosSimReport;
    const direct = directEpisodes(0, EPISODES);
    expect(report.missedCommands).toBe(0);
    expect(report.badCommands).toBe(0);
    expect(report.episodes.map((e) => e.seed)).toEqual(direct.map((d) => d.seed));
    expect(report.episodes.map((e) => e.steps)).toEqual(direct.map((d) => d.steps));
    expect(report.episodes.map((e) => e.outcome)).toEqual(direct.map((d) => d.outcome));
    expect(report.episodes.map((e) => e.metrics.success)).toEqual(direct.map((d) => d.metrics.success));
    for (let k = 0; k < EPISODES; k++) expect(report.episodes[k]!.return).toBeCloseTo(direct[k]!.return, 9);

    const packets = await readMcapMessages(file, { topics: ['/event_camera/events'] });
    // one packet per observation: the steps run plus each episode's final observation
    expect(packets.length).toBe(direct.reduce((s, d) => s + d.steps + 1, 0));
    let events = 0;
    let on = 0;
    let prevEnd = -1n;
    for (const [i, r] of packets.entries()) {
      const p = r.message as EventPacket;
      expect(r.type).toBe('event_camera_msgs/msg/EventPacket');
      expect([p.encoding, p.width, p.height, p.is_bigendian, p.seq]).toEqual(['mono', 64, 48, false, BigInt(i)]);
      let last = p.time_base;
      decodeMonoEvents(p.events, false, {
        event: (dt, x, y, polarity) => {
          const t = p.time_base + BigInt(dt);
          expect(t >= last && t >= prevEnd).toBe(true); // sensor time never goes backwards
          expect(x < 64 && y < 48).toBe(true);
          last = t;
          events++;
          if (polarity) on++;
        },
      });
      prevEnd = last;
    }
    expect(events).toBeGreaterThan(1000); // the drone flew through a textured forest
    expect(on).toBeGreaterThan(0);
    expect(on).toBeLessThan(events);
  });

  it("drone-corridor-events-v1 too: two episodes, the second starting without the first one's last events", async () => {
    const id = 'drone-corridor-events-v1';
    const graph = createInProcessGraph();
    const ac = new AbortController();
    const ctl = quiet();
    const ctlDone = runCli(['ros', 'controller', '--profile', 'event-drone', '--controller', 'drone-avoid-events', '--ros-args', '-p', 'use_sim_time:=true'], ctl.io, undefined, { transport: async () => graph, signal: ac.signal });
    const sim = quiet();
    const rc = await runCli(['ros', 'sim', id, '--lockstep', '--episodes', '2', '--seed', '0', '--json'], sim.io, undefined, { transport: async () => graph });
    ac.abort();
    expect(await ctlDone, ctl.err.join('')).toBe(0);
    expect(rc, sim.err.join('')).toBe(0);
    await graph.shutdown();
    const report = JSON.parse(sim.out.join('')) as RosSimReport;
    const direct = directEpisodes(0, 2, id);
    expect(report.episodes.map((e) => [e.seed, e.steps, e.outcome, e.metrics.success])).toEqual(direct.map((d) => [d.seed, d.steps, d.outcome, d.metrics.success]));
    for (let k = 0; k < 2; k++) expect(report.episodes[k]!.return).toBeCloseTo(direct[k]!.return, 9);
  });
});
