import { describe, expect, it } from 'vitest';
import { wallClock } from '../../loop/clock.js';
import { manualClock } from '../../loop/manualClock.js';

describe('manualClock', () => {
  it('moves only when told and wakes sleepers in order of wake time once time passes them', async () => {
    const c = manualClock(10);
    const woke: string[] = [];
    void c.sleepUntil(12).then(() => woke.push(`b@${c.now_s()}`));
    void c.sleepUntil(11).then(() => woke.push(`a@${c.now_s()}`));
    void c.sleepUntil(15).then(() => woke.push(`c@${c.now_s()}`));
    await c.sleepUntil(9); // in the past: resolves at once
    expect(c.now_s()).toBe(10);
    expect(c.waiting).toBe(3);
    expect(c.nextWake_s()).toBe(11);
    c.advance(1.5);
    await Promise.resolve();
    expect(woke).toEqual(['a@11.5']);
    c.set(12);
    await Promise.resolve();
    expect(woke).toEqual(['a@11.5', 'b@12']);
    expect(c.nextWake_s()).toBe(15);
    expect(() => c.set(11)).toThrow(/time only moves forward \(now 12 s\), got 11/);
    expect(() => c.advance(-1)).toThrow(/expected a finite dt_s ≥ 0/);
  });

  it('wakes a sleeper early when its signal aborts, and drives a waiting task to the end', async () => {
    const c = manualClock();
    const ac = new AbortController();
    const p = c.sleepUntil(100, ac.signal);
    expect(c.waiting).toBe(1);
    ac.abort();
    await p;
    expect(c.waiting).toBe(0);
    expect(c.now_s()).toBe(0);
    // Three sleeps of 0.25 s: advanceUntilSettled jumps straight to each wake time.
    const task = (async () => {
      for (let i = 1; i <= 3; i++) await c.sleepUntil(i * 0.25);
      return c.now_s();
    })();
    await expect(c.advanceUntilSettled(task)).resolves.toBe(0.75);
    await expect(c.advanceUntilSettled(new Promise(() => {}))).rejects.toThrow(/waits for something other than this clock/);
  });
});

describe('wallClock', () => {
  it('sleeps until the requested time, never less', async () => {
    const c = wallClock();
    const t0 = c.now_s();
    for (const dt of [0.005, 0.0123, 0.02]) {
      const target = c.now_s() + dt;
      await c.sleepUntil(target);
      expect(c.now_s()).toBeGreaterThanOrEqual(target);
    }
    // Only a hang fails this: how late a sleep wakes depends on the machine's load, not on us.
    expect(c.now_s() - t0).toBeLessThan(30);
  });

  it('returns at once on abort, long before the wake time', async () => {
    const c = wallClock();
    const ac = new AbortController();
    const t0 = c.now_s();
    setTimeout(() => ac.abort(), 20);
    await c.sleepUntil(t0 + 30, ac.signal);
    expect(c.now_s() - t0).toBeLessThan(30); // before the wake time: the abort ended the sleep
    await expect(c.sleepUntil(Number.NaN)).rejects.toThrow(/expected a time in s, got NaN/);
  });
});
