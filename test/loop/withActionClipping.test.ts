import { describe, expect, it } from 'vitest';
import { allocateChannels } from '../../loop/channels.js';
import { withActionClipping } from '../../loop/wrappers/withActionClipping.js';
import { FAKE_ACTUATORS, FakeBody } from './fakes.js';

describe('withActionClipping', () => {
  it('clips each element to its channel bounds in a copy and counts the clipped elements', () => {
    const inner = new FakeBody();
    const body = withActionClipping(inner);
    body.reset(0);
    const a = allocateChannels(FAKE_ACTUATORS);
    const u = [-5, 0.25, 7];
    a['u']!.set(u);
    a['v']![0] = 1e30; // infinite bounds: never clipped
    const lo = FAKE_ACTUATORS[0]!.low;
    const hi = FAKE_ACTUATORS[0]!.high;
    const expectedClipped = u.filter((x) => x < lo || x > hi).length;
    for (let k = 1; k <= 3; k++) {
      body.command(a);
      expect(body.clipped).toBe(k * expectedClipped);
    }
    expect([...inner.commanded['u']!]).toEqual(u.map((x) => Math.min(hi, Math.max(lo, x))));
    expect(inner.commanded['v']![0]).toBe(Math.fround(1e30));
    // The caller's action is untouched.
    expect([...a['u']!]).toEqual(u);
    // Values on the bounds are not counted; reset clears the count.
    a['u']!.set([lo, hi, 0]);
    body.command(a);
    expect(body.clipped).toBe(3 * expectedClipped);
    body.reset(1);
    expect(body.clipped).toBe(0);
  });

  it('passes NaN through uncounted so the body still rejects it, and names a missing channel', () => {
    const body = withActionClipping(new FakeBody());
    body.reset(0);
    const a = allocateChannels(FAKE_ACTUATORS);
    a['u']![1] = Number.NaN;
    expect(() => body.command(a)).toThrow(/u\[1\] is NaN/);
    expect(body.clipped).toBe(0);
    expect(() => body.command({ u: new Float32Array(3) })).toThrow(/action channel 'v' is missing, expected 1/);
  });
});
