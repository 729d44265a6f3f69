import { describe, expect, it } from 'vitest';
import { runEpisode } from '../../loop/runEpisode.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import { CountingTask, FAKE_ACTUATORS, FakeBody, ScriptedController } from './fakes.js';

const idle = () => new ScriptedController(FAKE_ACTUATORS, () => {});

describe('withTimeLimit', () => {
  it('truncates at the first step whose time reaches the limit: ⌈L·f⌉ actions, also where n·(1/f) rounds below L', () => {
    // 7·(1/35) = 0.19999999999999998 and 49·(1/49) = 0.9999999999999999 in float64: the
    // tolerance must still end those after 7 and 49 actions, not one more.
    expect(7 * (1 / 35)).toBeLessThan(0.2);
    expect(49 * (1 / 49)).toBeLessThan(1);
    for (const [rate_Hz, limit_s] of [
      [50, 1],
      [35, 0.2],
      [49, 1],
      [240, 0.7],
      [7, 1.3],
    ] as const) {
      const body = new FakeBody();
      const r = runEpisode(body, idle(), () => withTimeLimit(new CountingTask(), limit_s), { seed: 1, controlRate_Hz: rate_Hz });
      const actions = Math.ceil(limit_s * rate_Hz - 1e-9);
      expect(r.outcome).toBe('truncated');
      expect(r.steps).toBe(actions);
      expect(body.steps).toBe(actions);
      expect(r.duration_s).toBeCloseTo(actions / rate_Hz, 12);
      // The truncating step is judged too: one evaluation per action plus the last.
      expect(r.metrics['evaluations']).toBe(actions + 1);
      expect(r.return).toBe(actions + 1);
    }
  });

  it('lets the inner task terminate first, and keeps its metrics unchanged', () => {
    const inner = new CountingTask(10);
    const r = runEpisode(new FakeBody(), idle(), () => withTimeLimit(inner, 1), { seed: 1, controlRate_Hz: 50 });
    expect(r.outcome).toBe('terminated');
    expect(r.steps).toBe(9);
    expect(r.metrics).toEqual(inner.metrics());
    // Both at once: the inner task's verdict wins (terminated, not truncated).
    const both = runEpisode(new FakeBody(), idle(), () => withTimeLimit(new CountingTask(51), 1), { seed: 1, controlRate_Hz: 50 });
    expect(both.outcome).toBe('terminated');
    expect(both.steps).toBe(50);
  });

  it('rejects limits that are not finite and > 0', () => {
    for (const bad of [0, -1, Number.NaN, Infinity]) {
      expect(() => withTimeLimit(new CountingTask(), bad)).toThrow(RangeError);
      expect(() => withTimeLimit(new CountingTask(), bad)).toThrow(/limit_s must be a finite time > 0 s/);
    }
  });
});
