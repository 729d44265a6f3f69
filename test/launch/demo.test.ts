import { describe, expect, it } from 'vitest';
import { runDistalReward } from '../../controllers/experiments/distalReward.js';
import { captureCli } from '../helpers/captureCli.js';

const run = captureCli;

describe('spikeloop demo distal-reward', () => {
  it('prints progress every N seconds and a JSON trace identical to the library run with the same seed', async () => {
    const { code, out, err } = await run('demo', 'distal-reward', '--duration-s', '6', '--every-s', '3', '--seed', '4', '--json');
    expect(code).toBe(0);
    const rows = err.split('\n').filter((l) => /^\s+\d+\s/.test(l));
    expect(rows.map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([3, 6]);
    const trace = JSON.parse(out);
    const ref = runDistalReward({ seed: 4, duration_s: 6 });
    expect(trace.seconds).toBe(6);
    expect(trace.target_weight).toEqual(Array.from(ref.targetWeight));
    expect(trace.others_p99).toEqual(Array.from(ref.otherP99));
    expect(trace.rewards).toEqual(Array.from(ref.rewards));
    expect(err).toContain(`rewarded synapse ${ref.n1}→${ref.n2}`);
  });
  it('rejects a bad duration with a message and a non-zero exit', async () => {
    const { code, err } = await run('demo', 'distal-reward', '--duration-s', '1.5');
    expect(code).not.toBe(0);
    expect(err).toContain("argument '1.5' is invalid. expected an integer > 0, got '1.5'.");
  });
});
