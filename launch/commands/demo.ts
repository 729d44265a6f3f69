/**
 * `spikeloop demo distal-reward`: Izhikevich (2007) Fig. 1 — 1000 spiking neurons, ~100 000
 * plastic synapses, one of them (n1→n2) rewarded 1–3 s after each n1-then-n2 firing. Prints
 * second-by-second how that synapse's weight separates from the bulk. Ctrl-C stops after the
 * current simulated second and still prints the summary.
 */
import type { Command } from 'commander';
import { DASPNET, startDistalReward } from '../../controllers/experiments/distalReward.js';
import type { DistalRewardTrace } from '../../controllers/experiments/distalReward.js';
import { countArg, seedArg } from '../argParsers.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';

export interface DistalDemoOptions {
  readonly durationS: number;
  readonly seed: number;
  readonly everyS: number;
  readonly json: boolean;
}

export const DISTAL_DEMO_DEFAULTS: DistalDemoOptions = { durationS: 1500, seed: 1, everyS: 60, json: false };

export function registerDemo(program: Command, io: CliIo = processIo): void {
  const demo = program.command('demo').description('demonstrations of the spiking engine');
  demo
    .command('distal-reward')
    .description('reward-modulated STDP solves the distal reward problem (Izhikevich 2007, Fig. 1)')
    .option('--duration-s <T>', 'simulated seconds (the rewarded synapse typically reaches the cap after 15–25 min)', countArg, DISTAL_DEMO_DEFAULTS.durationS)
    .option('--seed <S>', 'seed for wiring, input noise and reward delays', seedArg, DISTAL_DEMO_DEFAULTS.seed)
    .option('--every-s <N>', 'print a progress line every N simulated seconds', countArg, DISTAL_DEMO_DEFAULTS.everyS)
    .option('--json', 'print the per-second trace as JSON on stdout (progress goes to stderr)', false)
    .addHelpText(
      'after',
      `
The network is Izhikevich's daspnet.m: 800 RS + 200 FS neurons, 100 synapses each with a 1 ms
delay, random thalamic input, nearest-neighbour STDP into eligibility traces (τ_e ≈ 1 s), dopamine
(τ_d ≈ 0.2 s, +${DASPNET.rewardDopamine} per reward). The synapse n1→n2 starts at 0; whenever n1 fires and n2 fires
within 20 ms after it, a reward is delivered 1–3 s later. Only that synapse's causal role links it to
the reward, yet it climbs to the cap (${DASPNET.wMax}) while the bulk of the weights stays low.
Speed: about 25× faster than real time on a 2-core VM (a 1500 s run takes 1–1.5 minutes).

Examples:
  $ spikeloop demo distal-reward --duration-s 300 --every-s 30
  $ spikeloop demo distal-reward --json > trace.json`,
    )
    .action(async (o: { durationS: number; seed: number; everyS: number; json: boolean }) => {
      const code = await runDistalDemo(o, io);
      if (code !== 0) process.exitCode = code;
    });
}

/** Runs the demo, yielding to the event loop each simulated second so Ctrl-C is handled. */
export async function runDistalDemo(o: DistalDemoOptions, io: CliIo): Promise<number> {
  const log = o.json ? io.err : io.out;
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSigint);
  log(`distal reward (Izhikevich 2007): ${o.durationS} s simulated, seed ${o.seed}\n`);
  log(`${'t_s'.padStart(6)}  ${'target_w'.padStart(8)}  ${'others_mean'.padStart(11)}  ${'others_median'.padStart(13)}  ${'others_p99'.padStart(10)}  ${'rewards'.padStart(7)}  ${'rate_Hz'.padStart(7)}\n`);
  const run = startDistalReward({ seed: o.seed, duration_s: o.durationS });
  const t = run.trace;
  let done = 0;
  try {
    for (const sec of run.seconds) {
      done = sec + 1;
      if (done % o.everyS === 0 || done === o.durationS) log(row(t, sec));
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (interrupted) break;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  log(summary(t, done, DASPNET.wMax));
  if (interrupted) log(`stopped by Ctrl-C after ${done} simulated seconds\n`);
  if (o.json) io.out(JSON.stringify(traceJson(t, done)) + '\n');
  return interrupted ? 130 : 0;
}

function row(t: DistalRewardTrace, s: number): string {
  const f = (v: number, w: number, d = 3) => v.toFixed(d).padStart(w);
  return `${String(s + 1).padStart(6)}  ${f(t.targetWeight[s], 8)}  ${f(t.otherMean[s], 11)}  ${f(t.otherMedian[s], 13)}  ${f(t.otherP99[s], 10)}  ${String(t.rewards[s]).padStart(7)}  ${f(t.rate_Hz[s], 7, 2)}\n`;
}

function summary(t: DistalRewardTrace, n: number, cap: number): string {
  if (n === 0) return 'no simulated second completed\n';
  let capAt = -1;
  for (let s = 0; s < n; s++) if (t.targetWeight[s] >= 0.99 * cap) {
    capAt = s;
    break;
  }
  const last = n - 1;
  const lines = [
    `\nafter ${n} s: rewarded synapse ${t.n1}→${t.n2} at ${t.targetWeight[last].toFixed(3)} (started at 0, cap ${cap}); ` +
      `the other plastic synapses: median ${t.otherMedian[last].toFixed(3)}, mean ${t.otherMean[last].toFixed(3)}, 99th percentile ${t.otherP99[last].toFixed(3)}; ${t.rewards[last]} rewards`,
    capAt >= 0
      ? `the rewarded synapse reached the cap at t = ${capAt + 1} s, when the others' 99th percentile was ${t.otherP99[capAt].toFixed(3)}`
      : `the rewarded synapse has not reached the cap yet (run longer: --duration-s)`,
  ];
  return lines.join('\n') + '\n';
}

function traceJson(t: DistalRewardTrace, n: number) {
  const arr = (a: Float64Array | Int32Array) => Array.from(a.subarray(0, n));
  return {
    n1: t.n1,
    n2: t.n2,
    seconds: n,
    target_weight: arr(t.targetWeight),
    rewards: arr(t.rewards),
    coincidences: arr(t.coincidences),
    others_mean: arr(t.otherMean),
    others_median: arr(t.otherMedian),
    others_p99: arr(t.otherP99),
    rate_hz: arr(t.rate_Hz),
  };
}
