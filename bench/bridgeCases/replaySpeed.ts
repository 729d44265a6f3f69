/**
 * Benchmark case `replay-60s-flight`: how fast `spikeloop replay` feeds a recorded flight back
 * through the controller (bridges/ros2/replay/). The flight: `ros sim drone-forest-v1
 * --lockstep` (several episodes) flown by `ros controller --profile drone --controller
 * drone-avoid-snn --duration-s 60 --record` on the in-process graph, sim time — 60 s of ROS
 * time, 3 000 ticks at 50 Hz, each tick 20 SNN steps of 1 ms. Then `replay` of that file
 * (replayCommand: read the MCAP, rebuild the controller, replay, diff against the recording).
 *
 * Figures: `replay_x_realtime` = flight seconds / replay wall seconds (the whole command), the
 * same per CPU second of this process (steadier on a loaded machine), the replay loop alone
 * (its own `replay_s`, no file reading), the part of it the controller's own `act` takes
 * (drone-avoid-snn's network, timed by wrapping act), and whether the replay was bit-identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { runCli } from '../../launch/cli.js';
import { replayCommand } from '../../launch/commands/replay.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';

const quietIo = { out: () => {}, err: () => {} };

export interface ReplaySpeedCase {
  readonly flight_s: number;
  readonly repeats: number;
}

export async function runReplaySpeed(c: ReplaySpeedCase): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'spikeloop-replay-bench-'));
  try {
    const file = join(dir, 'flight.mcap');
    const graph = createInProcessGraph();
    const stopSim = new AbortController();
    const simDone = runCli(['ros', 'sim', 'drone-forest-v1', '--lockstep', '--episodes', '50', '--seed', '7'], quietIo, undefined, { transport: async () => graph, signal: stopSim.signal });
    const rc = await runCli(['ros', 'controller', '--profile', 'drone', '--controller', 'drone-avoid-snn', '--duration-s', String(c.flight_s), '--record', file, '--ros-args', '-p', 'use_sim_time:=true'], quietIo, undefined, { transport: async () => graph });
    stopSim.abort();
    await simDone;
    await graph.shutdown();
    if (rc !== 0) throw new Error(`replay bench: recording the flight failed (exit ${rc})`);

    let best = { wall: Infinity, cpu: Infinity, loop: Infinity, ticks: 0, speedup: 0, identical: false };
    for (let r = 0; r < c.repeats; r++) {
      const cpu0 = process.cpuUsage();
      const w0 = nowSeconds();
      const rep = await replayCommand(file, { json: true }, quietIo);
      const wall = nowSeconds() - w0;
      const cpuUsed = process.cpuUsage(cpu0);
      const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
      if (wall < best.wall) best = { wall, cpu, loop: rep.replay_s, ticks: rep.ticks, speedup: rep.speedup, identical: rep.identical };
    }
    const flight = best.ticks / 50;
    return {
      case: 'replay-60s-flight',
      controller: 'drone-avoid-snn',
      profile: 'drone',
      ticks: best.ticks,
      flight_s: flight,
      repeats: c.repeats,
      replay_wall_s: best.wall,
      replay_cpu_s: best.cpu,
      replay_loop_s: best.loop,
      replay_x_realtime: flight / best.wall,
      replay_x_realtime_cpu: flight / best.cpu,
      replay_loop_x_realtime: flight / best.loop,
      identical: best.identical,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
