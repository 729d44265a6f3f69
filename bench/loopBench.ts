/**
 * `npm run bench -- loop`: the closed loop's speed, on one core unless stated.
 *  - `drone-forest-snn`, `drone-forest-snn-learning`, `drone-forest-reactive`: drone-forest-v1 on
 *    held-out seeds with the untrained spiking controller (plasticity off, then on) and the
 *    non-spiking baseline; real-time factor and the cost of a control step split into sensors,
 *    judge, control (the SNN), act, physics and the loop's own overhead (loopCases/scenarioLoop.ts);
 *    `-js` rows: the same on the JS engine (SPIKELOOP_ENGINE=js) beside the default wasm engine;
 *  - `loop-null`: the loop with a body, controller and task that do nothing — its pure overhead
 *    per step (loopCases/nullLoop.ts);
 *  - `drone-forest-train-1w`, `-2w`: episodes per minute of `spikeloop train` on drone-forest-v1
 *    with 1 and 2 worker threads, and of `eval` on the same pool (loopCases/trainThroughput.ts).
 *    It runs first, so that the single-thread run starts with a cold JIT like the CLI and the
 *    worker threads do.
 */
import { DRONE_AVOID_REACTIVE } from '../controllers/presets/droneAvoidReactive.js';
import { DRONE_AVOID_SNN } from '../controllers/presets/droneAvoidSnn.js';
import { ENGINE_ENV } from '../controllers/network/wasmBackend.js';
import { DRONE_FOREST_V1 } from '../scenarios/droneForest.js';
import { runNullLoop } from './loopCases/nullLoop.js';
import { runScenarioLoop } from './loopCases/scenarioLoop.js';
import { runTrainThroughput } from './loopCases/trainThroughput.js';
import type { BenchRow, BenchSuite } from './suite.js';

function fmt(v: BenchRow[string], digits = 1): string {
  return typeof v === 'number' ? v.toFixed(digits) : String(v);
}

/** Runs `f` with SPIKELOOP_ENGINE set (networks built inside use that engine), then restores it. */
function withEngine<T>(engine: 'js' | 'wasm', f: () => T): T {
  const before = process.env[ENGINE_ENV];
  process.env[ENGINE_ENV] = engine;
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env[ENGINE_ENV];
    else process.env[ENGINE_ENV] = before;
  }
}

export const loopBench: BenchSuite = {
  name: 'loop',
  description: 'closed loop: real-time factor and per-step cost of drone-forest-v1, pure loop overhead, training episodes per minute',
  run: async ({ quick, log }) => {
    const rows: BenchRow[] = [];
    rows.push(
      ...(await runTrainThroughput({ scenario: DRONE_FOREST_V1, workers: [1, 2], episodes: quick ? 2 : 8, validateEpisodes: quick ? 1 : 2, evalEpisodes: quick ? 2 : 8 }, log)),
    );
    const episodes = quick ? 3 : 16;
    const warmupEpisodes = quick ? 1 : 3;
    const passes = quick ? 1 : 3;
    for (const [name, preset, learning, engine] of [
      ['drone-forest-snn', DRONE_AVOID_SNN, false, 'wasm'],
      ['drone-forest-snn-js', DRONE_AVOID_SNN, false, 'js'],
      ['drone-forest-snn-learning', DRONE_AVOID_SNN, true, 'wasm'],
      ['drone-forest-snn-learning-js', DRONE_AVOID_SNN, true, 'js'],
      ['drone-forest-reactive', DRONE_AVOID_REACTIVE, false, 'wasm'],
    ] as const) {
      const row: BenchRow = { ...withEngine(engine, () => runScenarioLoop({ case: name, scenario: DRONE_FOREST_V1, preset, learning, episodes, warmupEpisodes, passes })), engine };
      log(
        `${name}: ${fmt(row['realtime_factor'], 0)}× real time; per step ${fmt(row['us_per_step'])} µs = sensors ${fmt(row['sensors_us_per_step'])} + judge ${fmt(row['judge_us_per_step'])} ` +
          `+ control ${fmt(row['control_us_per_step'])} + act ${fmt(row['act_us_per_step'])} + physics ${fmt(row['physics_us_per_step'])} + overhead ${fmt(row['overhead_us_per_step'], 2)} ` +
          `+ set-up/finish ${fmt(row['setup_finish_us_per_step'])}`,
      );
      rows.push(row);
    }
    const body = DRONE_FOREST_V1.createBody();
    const layout = { sensors: body.sensors, actuators: body.actuators };
    body.close?.();
    const nul = runNullLoop({ ...layout, layout: `${DRONE_FOREST_V1.id} channels`, steps: quick ? 200_000 : 1_000_000, repetitions: quick ? 3 : 5 });
    log(`loop-null: ${fmt(nul['us_per_step'], 3)} µs per step (${fmt(nul['profiled_us_per_step'], 3)} µs with the profiler)`);
    rows.push(nul);
    return rows;
  },
};
