import { describe, expect, it } from 'vitest';
import { allocateChannels } from '../../loop/channels.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { BodyWrapper, findBodyLayer, unwrapBody } from '../../loop/wrappers/bodyWrapper.js';
import { createRecorder } from '../../loop/wrappers/recorder.js';
import { withActionClipping } from '../../loop/wrappers/withActionClipping.js';
import { withActuatorFailure } from '../../loop/wrappers/withActuatorFailure.js';
import { withRecording } from '../../loop/wrappers/withRecording.js';
import { SensorLatencyBody, withSensorLatency } from '../../loop/wrappers/withSensorLatency.js';
import { withSensorNoise } from '../../loop/wrappers/withSensorNoise.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import { CountingTask, FAKE_ACTUATORS, FAKE_SENSORS, FakeBody, ScriptedController } from './fakes.js';

describe('composed wrappers', () => {
  it('apply in the order they are stacked', () => {
    // Noise inside latency: the controller sees the noisy reading of k steps ago, i.e. exactly
    // what a noise-only body read k steps earlier (same seed, same stream).
    const k = 3;
    const noise = { pos: { sd: 0.2 } };
    const delayed = withSensorLatency(withSensorNoise(new FakeBody(), noise), k);
    const direct = withSensorNoise(new FakeBody(), noise);
    delayed.reset(4);
    direct.reset(4);
    const a = allocateChannels(FAKE_SENSORS);
    const b = allocateChannels(FAKE_SENSORS);
    const history: number[][] = [];
    for (let n = 0; n < 12; n++) {
      delayed.observe(a);
      direct.observe(b);
      history.push([...b['pos']!]);
      expect([...a['pos']!]).toEqual(history[Math.max(0, n - k)]);
      delayed.advance(0.02);
      direct.advance(0.02);
    }

    // A recorder outside the clipper records what the controller sent; one inside records what
    // reached the body.
    const outer = createRecorder();
    const inner = createRecorder();
    const body = withRecording(withActionClipping(withRecording(new FakeBody(), inner)), outer);
    const ctrl = new ScriptedController(FAKE_ACTUATORS, (_k, out) => out['u']!.set([3, -3, 0.5]));
    runEpisode(body, ctrl, () => withTimeLimit(new CountingTask(), 0.1), { seed: 0, controlRate_Hz: 50 });
    expect([...outer.commands!.value(0, 'u')]).toEqual([3, -3, 0.5]);
    expect([...inner.commands!.value(0, 'u')]).toEqual([1, -1, 0.5]);
    expect(outer.commands!.frames).toBe(5);
    expect(inner.commands!.frames).toBe(5);
  });

  it('find the layer a task needs, unwrap to the body, and pass close() through', () => {
    const raw = new FakeBody();
    const body = withActuatorFailure(withSensorLatency(withActionClipping(raw), 1), { channel: 'u', index: 0, at_s: 1, mode: 'zero' });
    expect(unwrapBody(body)).toBe(raw);
    expect(unwrapBody(raw)).toBe(raw);
    expect(findBodyLayer(body, FakeBody)).toBe(raw);
    expect(findBodyLayer(body, SensorLatencyBody)).toBe((body.inner as BodyWrapper));
    expect(findBodyLayer(raw, SensorLatencyBody)).toBeNull();
    expect(body.sensors).toBe(raw.sensors);
    expect(body.actuators).toBe(raw.actuators);
    body.close();
    expect(raw.closed).toBe(true);
  });
});
