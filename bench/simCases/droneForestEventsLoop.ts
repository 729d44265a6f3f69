/**
 * Benchmark case `drone-forest-events-loop`: whole episodes of drone-forest-events-v1 — physics
 * (240 Hz), the 64×48 event camera at 1 kHz, the 50 Hz control loop and task — flown by the
 * non-spiking event baseline 'drone-avoid-events' (the spiking vision controller of issue 18 does
 * not exist yet). Figures: loop real-time factor (simulated s per wall s and per CPU s), the
 * camera's share, success of the episodes run.
 */
import { findPreset } from '../../controllers/presets/registry.js';
import { findScenario } from '../../scenarios/registry.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';

export async function runDroneForestEventsLoop(quick: boolean): Promise<BenchRow> {
  const sc = findScenario('drone-forest-events-v1');
  const body = sc.createBody();
  const make = () => findPreset('drone-avoid-events').create({ seed: 0, controlRate_Hz: sc.controlRate_Hz });
  runScenarioEpisode(sc, body, make(), { seed: 999 }); // JIT warm-up
  const episodes = quick ? 1 : 6;
  let sim_s = 0;
  let success = 0;
  const w0 = nowSeconds();
  const c0 = process.cpuUsage().user / 1e6;
  for (let e = 0; e < episodes; e++) {
    const r = runScenarioEpisode(sc, body, make(), { seed: 1000 + e });
    sim_s += r.duration_s;
    success += r.metrics['success'] ?? 0;
  }
  const wall = nowSeconds() - w0;
  const cpu = process.cpuUsage().user / 1e6 - c0;
  body.close?.();
  return {
    case: 'drone-forest-events-loop',
    controller: 'drone-avoid-events',
    episodes,
    sim_s,
    realtime_factor: sim_s / wall,
    realtime_factor_cpu: sim_s / cpu,
    successes: success,
    load_average_1min: (await import('node:os')).loadavg()[0]!,
  };
}
