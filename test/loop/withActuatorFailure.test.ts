import { describe, expect, it } from 'vitest';
import { runEpisode } from '../../loop/runEpisode.js';
import { withActuatorFailure } from '../../loop/wrappers/withActuatorFailure.js';
import type { ActuatorFailure } from '../../loop/wrappers/withActuatorFailure.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import { CountingTask, FAKE_ACTUATORS, FakeBody, ScriptedController } from './fakes.js';

const rate_Hz = 50;
const steps = 20;

/** Runs `steps` control steps with u = [1 + k, 10, −1] at step k; returns what the body received. */
function run(failure: ActuatorFailure, seed = 0): { log: number[][]; controllerSaw: number[][] } {
  const inner = new FakeBody();
  const controllerSaw: number[][] = [];
  const ctrl = new ScriptedController(FAKE_ACTUATORS, (k, out) => {
    out['u']!.set([1 + k, 10, -1]);
    out['v']![0] = 0.5;
    controllerSaw.push([...out['u']!, ...out['v']!]);
  });
  runEpisode(withActuatorFailure(inner, failure), ctrl, () => withTimeLimit(new CountingTask(), steps / rate_Hz), { seed, controlRate_Hz: rate_Hz });
  return { log: inner.commandLog, controllerSaw };
}

describe('withActuatorFailure', () => {
  const at_s = 0.1;
  // Command n is sent at t = n/f: the first one at or after at_s is n = ⌈at_s·f⌉.
  const first = Math.ceil(at_s * rate_Hz - 1e-9);

  it('zeroes the element from the step at_s falls on, and touches nothing else', () => {
    const { log, controllerSaw } = run({ channel: 'u', index: 1, at_s, mode: 'zero' });
    expect(log).toHaveLength(steps);
    for (let n = 0; n < steps; n++) {
      expect(log[n]![1]).toBe(n < first ? 10 : 0);
      expect([log[n]![0], log[n]![2], log[n]![3]]).toEqual([1 + n, -1, 0.5]);
      expect(controllerSaw[n]![1]).toBe(10); // the controller's own action is not modified
    }
  });

  it('holds the last value commanded before the failure (stuck) and scales by factor (scale)', () => {
    const stuck = run({ channel: 'u', index: 0, at_s, mode: 'stuck' }).log;
    for (let n = 0; n < steps; n++) expect(stuck[n]![0]).toBe(n < first ? 1 + n : 1 + (first - 1));
    const factor = -0.5;
    const scaled = run({ channel: 'v', index: 0, at_s, mode: 'scale', factor }).log;
    for (let n = 0; n < steps; n++) expect(scaled[n]![3]).toBe(n < first ? 0.5 : factor * 0.5);
    // Failing from t = 0, a stuck actuator holds 0 (nothing was commanded before).
    const dead = run({ channel: 'u', index: 2, at_s: 0, mode: 'stuck' }).log;
    expect(dead.every((c) => c[2] === 0)).toBe(true);
  });

  it('restarts the failure clock on reset', () => {
    const inner = new FakeBody();
    const body = withActuatorFailure(inner, { channel: 'u', index: 0, at_s: 0.04, mode: 'zero' });
    const a = { u: new Float32Array([3, 0, 0]), v: new Float32Array(1) };
    body.reset(0);
    for (let n = 0; n < 3; n++) {
      body.command(a);
      body.advance(0.02);
    }
    expect(inner.commandLog.map((c) => c[0])).toEqual([3, 3, 0]);
    expect(body.failed).toBe(true);
    body.reset(0);
    expect(body.failed).toBe(false);
    body.command(a);
    expect(inner.commanded['u']![0]).toBe(3);
  });

  it('rejects bad options with messages naming what was expected', () => {
    const f = (x: Partial<ActuatorFailure>) => () => withActuatorFailure(new FakeBody(), { channel: 'u', index: 0, at_s: 1, mode: 'zero', ...x } as ActuatorFailure);
    expect(f({ channel: 'w' })).toThrow(/no actuator channel 'w'; the body has 'u', 'v'/);
    expect(f({ index: 3 })).toThrow(/index must be an integer in \[0, 2\] for 'u' \(size 3\), got 3/);
    expect(f({ at_s: -1 })).toThrow(/at_s must be a finite time ≥ 0 s/);
    expect(f({ mode: 'explode' as 'zero' })).toThrow(/mode must be one of 'zero', 'stuck', 'scale', got 'explode'/);
    expect(f({ mode: 'scale' })).toThrow(/mode 'scale' needs a finite factor/);
    expect(f({ mode: 'zero', factor: 2 })).toThrow(/factor applies to mode 'scale' only/);
  });
});
