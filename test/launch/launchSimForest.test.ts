/**
 * The shipped launch file, run the way `spikeloop launch` runs it without ROS 2: the simulated
 * drone-forest-v1 robot and the controller as two nodes of one in-process graph, parameters from
 * the file, the whole launch ending when the simulator has run its episodes (on_exit: shutdown).
 */
import { describe, expect, it } from 'vitest';
import { runLaunch } from '../../launch/commands/launch.js';
import { directForestEpisodes } from '../helpers/directForest.js';

describe('launch/sim_drone_forest.launch.yaml under spikeloop launch', () => {
  it('starts both nodes, flies the episodes as the direct loop does, and stops when the simulator exits', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const r = await runLaunch({ file: 'launch/sim_drone_forest.launch.yaml', args: ['episodes:=1', 'seed:=3', 'controller:=drone-avoid-reactive'] }, { out: (t) => void out.push(t), err: (t) => void err.push(t) });
    const log = err.join('');
    expect(r.code).toBe(0);
    expect(r.stoppedBy).toBe('on_exit');
    const [direct] = directForestEpisodes('drone-avoid-reactive', 3, 1);
    // the simulator's episode line, as the direct loop ran it
    expect(log).toContain(`[sim] episode 0 (seed ${direct!.seed}): terminated after ${direct!.steps} steps`);
    // parameters from the file reached the nodes (the controller's name and rate come from it)
    expect(log).toMatch(/\[controller\] controlling at 50 Hz on sim time/);
    expect(log).toMatch(/\[controller\] .*the safe command was published last/);
    // The simulator's exit ends the controller normally, after its last episode end arrived.
    expect(log).toContain('[controller] stopped (sim exited); the safe command was published last');
    expect(log).not.toContain('(abort)');
    const summaries = out.join('') + log;
    expect(summaries).toContain('[controller]   episodes ended (announced by the simulator): 1, of which successful');
    expect(summaries).toMatch(/\[sim\] drone-forest-v1: 1 episode\(s\) ended, success/);
  });
});
