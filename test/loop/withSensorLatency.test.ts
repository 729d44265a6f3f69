import { describe, expect, it } from 'vitest';
import { allocateChannels } from '../../loop/channels.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { withSensorLatency } from '../../loop/wrappers/withSensorLatency.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import type { Channels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { CountingTask, FAKE_ACTUATORS, FAKE_SENSORS, FakeBody } from './fakes.js';

describe('withSensorLatency', () => {
  it('returns exactly the observation of k steps ago, and the first one until k steps exist', () => {
    for (const k of [0, 1, 3, 7]) {
      const inner = new FakeBody();
      const body = withSensorLatency(inner, k);
      body.reset(2);
      const obs = allocateChannels(FAKE_SENSORS);
      const u = allocateChannels(FAKE_ACTUATORS);
      const history: number[][] = [];
      for (let n = 0; n < 20; n++) {
        body.observe(obs);
        // What the undelayed body reads now: count = n, pos = 2 + i/4 + Σ u·dt.
        const fresh = allocateChannels(FAKE_SENSORS);
        inner.observe(fresh);
        history.push([...fresh['count']!, ...fresh['pos']!]);
        const want = history[Math.max(0, n - k)]!;
        expect([...obs['count']!, ...obs['pos']!]).toEqual(want);
        u['u']!.set([0.1 * n, -0.2, 0.05]);
        body.command(u);
        body.advance(0.02);
      }
    }
  });

  it('reads the inner body once per step, repeats within a step, and forgets history on reset', () => {
    const inner = new FakeBody();
    const body = withSensorLatency(inner, 2);
    body.reset(0);
    const obs = allocateChannels(FAKE_SENSORS);
    for (let n = 0; n < 5; n++) {
      body.observe(obs);
      body.observe(obs);
      expect(obs['count']![0]).toBe(Math.max(0, n - 2));
      body.advance(0.02);
    }
    expect(inner.observeCalls).toBe(5);
    body.reset(0);
    body.observe(obs);
    expect(obs['count']![0]).toBe(0);
    // Steps nobody observed are filled with the next fresh sample (count 3 after 3 advances).
    body.advance(0.02);
    body.advance(0.02);
    body.advance(0.02);
    body.observe(obs);
    expect(obs['count']![0]).toBe(3);
    body.advance(0.02);
    body.observe(obs);
    expect(obs['count']![0]).toBe(3);
  });

  it('delays what a controller sees inside the closed loop by k control periods', () => {
    const k = 4;
    const seen: number[] = [];
    const ctrl: Controller = {
      sensors: FAKE_SENSORS,
      actuators: FAKE_ACTUATORS,
      reset() {},
      act(obs: Channels) {
        seen.push(obs['count']![0]!);
      },
    };
    const r = runEpisode(withSensorLatency(new FakeBody(), k), ctrl, () => withTimeLimit(new CountingTask(), 0.5), { seed: 0, controlRate_Hz: 50 });
    expect(r.steps).toBe(25);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, n) => Math.max(0, n - k)));
  });

  it('rejects a delay that is not a whole number of steps ≥ 0', () => {
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => withSensorLatency(new FakeBody(), bad)).toThrow(/steps must be an integer ≥ 0/);
  });
});
