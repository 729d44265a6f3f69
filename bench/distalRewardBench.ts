/**
 * `npm run bench -- distal`: Izhikevich (2007) Fig. 1, the full experiment — 1000 Izhikevich
 * neurons, 100 000 synapses, DA-modulated STDP, the synapse n1→n2 rewarded 1–3 s after every
 * n1-then-n2 coincidence — for one simulated hour (`--quick`: 120 s).
 * Figures: simulated time at which the target synapse first reached the cap (null if it did
 * not), the 99th percentile / mean of the other excitatory weights at that moment and at the end,
 * rewards delivered, mean firing rate, wall seconds and the realtime factor.
 */
import { DASPNET, runDistalReward } from '../controllers/experiments/distalReward.js';
import type { BenchRow, BenchSuite } from './suite.js';
import { nowSeconds, peakRssMiB } from './suite.js';

const SEED = 1;

function distalRun(bio_s: number, log: (l: string) => void): BenchRow {
  const every = Math.max(1, Math.round(bio_s / 12));
  const t0 = nowSeconds();
  const trace = runDistalReward({
    seed: SEED,
    duration_s: bio_s,
    onSecond: (s, tr) => {
      if ((s + 1) % every === 0) {
        log(
          `  t = ${s + 1} s: target ${tr.targetWeight[s].toFixed(3)}, others mean ${tr.otherMean[s].toFixed(3)} ` +
            `p99 ${tr.otherP99[s].toFixed(3)}, rewards ${tr.rewards[s]}, ${tr.rate_Hz[s].toFixed(2)} Hz, wall ${(nowSeconds() - t0).toFixed(0)} s`,
        );
      }
    },
  });
  const wall = nowSeconds() - t0;
  const last = bio_s - 1;
  let cap = -1;
  for (let s = 0; s < bio_s && cap < 0; s++) if (trace.targetWeight[s] >= DASPNET.wMax) cap = s;
  const rate = trace.rate_Hz.reduce((a, r) => a + r, 0) / bio_s;
  const row: BenchRow = {
    case: `distal-${bio_s}s`,
    seed: SEED,
    bio_s,
    n1: trace.n1,
    n2: trace.n2,
    // Sampled at the end of each simulated second.
    cap_time_s: cap >= 0 ? cap + 1 : null,
    others_p99_at_cap: cap >= 0 ? trace.otherP99[cap] : null,
    others_mean_at_cap: cap >= 0 ? trace.otherMean[cap] : null,
    target_end: trace.targetWeight[last],
    others_p99_end: trace.otherP99[last],
    others_mean_end: trace.otherMean[last],
    others_median_end: trace.otherMedian[last],
    rewards: trace.rewards[last],
    coincidences: trace.coincidences[last],
    rate_hz: rate,
    wall_s: wall,
    realtime_factor: bio_s / wall,
    us_per_step: (wall * 1e6) / (bio_s * 1000 / DASPNET.dt_ms),
    peak_rss_mib: peakRssMiB(),
  };
  log(
    cap >= 0
      ? `distal: target reached the cap ${DASPNET.wMax} at ${cap + 1} s (others p99 ${trace.otherP99[cap].toFixed(3)}, mean ${trace.otherMean[cap].toFixed(3)})`
      : `distal: target did not reach the cap in ${bio_s} s (end weight ${trace.targetWeight[last].toFixed(3)})`,
  );
  return row;
}

export const distalRewardBench: BenchSuite = {
  name: 'distal',
  description: 'Izhikevich 2007 Fig. 1: DA-STDP reinforces one synapse from rewards delayed 1–3 s (1000 neurons, 1 h simulated)',
  run: async ({ quick, log }) => [distalRun(quick ? 120 : 3600, log)],
};
