/**
 * Conformance of the registries (after Gymnasium's env checker run on every registered env):
 *  - every registered scenario's body passes `checkBody`; its tasks carry its time limit (made by
 *    `defineScenario`), accept the body wrapped, and it describes its scene with finite numbers;
 *    its body reports telemetry of its kind, wrapped or not;
 *  - every controller preset and every shipped controller file (controllers/files/) runs a short
 *    seeded episode on every body it fits (same kind, channels that fit): unwrapped; wrapped in
 *    zero sensor noise, which must give a bit-identical episode; and wrapped in sensor latency
 *    plus noise, which must still run to the step limit.
 * Episodes are cut by steps (a time limit of STEPS control periods), never by wall time.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../controllers/presets/registry.js';
import type { ControllerPreset, PresetController } from '../../controllers/presets/preset.js';
import { resolveController } from '../../experiments/resolveController.js';
import type { Body } from '../../loop/body.js';
import { checkBody } from '../../loop/checkBody.js';
import { ChannelMismatchError, checkChannelsFit } from '../../loop/controlTick.js';
import type { LoopState } from '../../loop/controlTick.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { withSensorLatency } from '../../loop/wrappers/withSensorLatency.js';
import { withSensorNoise } from '../../loop/wrappers/withSensorNoise.js';
import { TimeLimitTask, withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import { robotTopicsFor } from '../../bridges/recording/simTelemetry.js';
import { bodyTelemetryOf } from '../../sim/bodyTelemetry.js';
import { SCENARIOS } from '../../scenarios/registry.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import type { Scenario } from '../../scenarios/scenario.js';

/**
 * Known failures, to be fixed in the body (and its scenario's version): under checkBody's
 * sinusoidal torques the payload arm's elbow passes its soft joint limit by a hair, and the
 * joint encoder reports 2.6000001 rad against a declared high of 2.6 rad.
 */
const KNOWN_BODY_PROBLEMS: Readonly<Record<string, RegExp>> = {
  'arm-payload-v1': /^\[observe\] seed \d+, step \d+: 'joint_position'\[\d\] = -?2\.60000\d+ is outside its declared \[-2\.6, 2\.6\]$/,
};

/** Control steps of every conformance episode. */
const STEPS = 25;
const SEED = 7;
const FILES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../controllers/files');
const CONTROLLER_FILES = readdirSync(FILES_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => join(FILES_DIR, f));

/** A controller source: a preset from the registry or a shipped controller file. */
interface Source {
  readonly name: string;
  readonly kind: string;
  /** A fresh controller for `scenario`, or null when it does not fit the scenario's body. */
  build(scenario: Scenario, body: Body): PresetController | null;
}

function fitsOrNull(build: () => PresetController): PresetController | null {
  try {
    return build();
  } catch (e) {
    if (e instanceof ChannelMismatchError) return null;
    throw e;
  }
}

function presetSource(p: ControllerPreset): Source {
  return {
    name: `preset ${p.id}`,
    kind: p.bodyKind,
    build: (sc, body) =>
      fitsOrNull(() => {
        const c = p.create({ seed: 1, controlRate_Hz: sc.controlRate_Hz });
        checkChannelsFit(body, c);
        return c;
      }),
  };
}

function fileSource(file: string): Source {
  // The file's body kind is that of the preset it is built into (resolveController checks the channels).
  const probe = SCENARIOS.map((sc) => {
    try {
      return resolveController(file, sc, 1).preset.bodyKind;
    } catch {
      return null;
    }
  }).find((k) => k !== null);
  return {
    name: `file ${file.slice(FILES_DIR.length + 1)}`,
    kind: probe ?? 'none',
    build: (sc, body) => fitsOrNull(() => resolveController(file, sc, 1, { body }).controller),
  };
}

const SOURCES: readonly Source[] = [...PRESETS.map(presetSource), ...CONTROLLER_FILES.map(fileSource)];

/** `scenario` with its episodes cut after STEPS control steps (on top of its own time limit). */
function cut(scenario: Scenario): Scenario {
  return { ...scenario, createTask: (b, s) => withTimeLimit(scenario.createTask(b, s), STEPS / scenario.controlRate_Hz) };
}

/** FNV-1a over the bits of every observation and action of an episode. */
function traceHash(): { onTick: (s: LoopState) => void; value: () => number } {
  let h = 0x811c9dc5;
  const mix = (a: Float32Array) => {
    const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
    for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i]!, 0x01000193) >>> 0;
  };
  return {
    onTick: (s) => {
      for (const k of Object.keys(s.obs).sort()) mix(s.obs[k]!);
      for (const k of Object.keys(s.action).sort()) mix(s.action[k]!);
    },
    value: () => h,
  };
}

/** What must be equal between two runs of the same episode. */
function summary(r: EpisodeResult, trace: number) {
  return { steps: r.steps, outcome: r.outcome, return: r.return, rewardTerms: r.rewardTerms, metrics: r.metrics, trace };
}

function run(scenario: Scenario, body: Body, controller: PresetController) {
  const t = traceHash();
  const r = runScenarioEpisode(cut(scenario), body, controller, { seed: SEED, onTick: t.onTick });
  return summary(r, t.value());
}

/** Every finite-bounded or unbounded sensor channel of `body` with zero noise. */
function zeroNoise(body: Body) {
  return Object.fromEntries(body.sensors.map((s) => [s.name, { sd: 0 }]));
}

describe('every registered scenario', () => {
  for (const sc of SCENARIOS) {
    describe(sc.id, () => {
      it('its body passes checkBody', () => {
        const r = checkBody(() => sc.createBody(), { steps: 20 });
        const known = KNOWN_BODY_PROBLEMS[sc.id];
        if (known === undefined) expect(r.problems).toEqual([]);
        else for (const p of r.problems) expect(p).toMatch(known);
      });

      it('its tasks carry its time limit, accept the body wrapped, and its scene and telemetry describe it', () => {
        const body = sc.createBody();
        try {
          const wrapped = withSensorLatency(withSensorNoise(body, zeroNoise(body)), 1);
          for (const b of [body, wrapped]) {
            b.reset(SEED);
            const task = sc.createTask(b, SEED);
            expect(task).toBeInstanceOf(TimeLimitTask);
            expect((task as TimeLimitTask).limit_s).toBe(sc.timeLimit_s);
            expect(task.status()).toBe('running');
            const t = bodyTelemetryOf(b);
            expect(t?.kind).toBe(sc.bodyKind);
            expect(robotTopicsFor(b).topics.length).toBeGreaterThan(0);
          }
          const goal = sc.describeScene?.(SEED).goal_m;
          if (goal !== undefined) {
            expect(goal).toHaveLength(3);
            for (const x of goal) expect(Number.isFinite(x)).toBe(true);
          }
          // Its own controllers fit its body.
          for (const id of [sc.controllers.spiking, sc.controllers.baseline]) {
            expect(SOURCES.find((s) => s.name === `preset ${id}`)?.build(sc, body), `${id} on ${sc.id}`).not.toBeNull();
          }
        } finally {
          body.close?.();
        }
      });
    });
  }
});

describe('every controller preset and controller file on every body it fits', () => {
  for (const src of SOURCES) {
    it(`${src.name}: unwrapped, in zero noise (bit-identical) and in latency plus noise`, () => {
      let fitted = 0;
      for (const sc of SCENARIOS) {
        if (sc.bodyKind !== src.kind) continue;
        const body = sc.createBody();
        try {
          const plain = src.build(sc, body);
          if (plain === null) continue;
          fitted++;
          const a = run(sc, body, plain);
          expect(a.outcome, `${src.name} on ${sc.id}: ${JSON.stringify(a)}`).not.toBe('error');
          expect(a.steps).toBeGreaterThan(0);
          expect(a.steps).toBeLessThanOrEqual(STEPS);

          const quiet = run(sc, withSensorNoise(body, zeroNoise(body)), src.build(sc, body)!);
          expect(quiet, `${src.name} on ${sc.id} in zero noise`).toEqual(a);

          const noisy = withSensorLatency(withSensorNoise(body, { [body.sensors[0]!.name]: { sd: 0.01 } }), 2);
          const c = run(sc, noisy, src.build(sc, body)!);
          expect(c.outcome, `${src.name} on ${sc.id} with latency and noise`).not.toBe('error');
          expect(c.steps).toBeGreaterThan(0);
        } finally {
          body.close?.();
        }
      }
      expect(fitted, `${src.name} fits no registered scenario's body`).toBeGreaterThan(0);
    });
  }
});
