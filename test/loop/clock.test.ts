import { describe, expect, it } from 'vitest';
import { pacingStep, wallClock } from '../../loop/clock.js';
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

describe('wallClock pacing (sleep on timers, then poll), on an injected clock and timers', () => {
  /** A fake event loop: timers wake `timerLate_ms` after their whole-ms delay, a turn costs `turn_ms`. */
  function fakeLoop(timerLate_ms: number, turn_ms: number, finish: 'wait' | 'poll' = 'poll', waitLate_ms = 0) {
    let t = 0;
    const queue: { f: () => void; kind: 'timer' | 'turn'; ms: number }[] = [];
    const log: string[] = [];
    const clock = wallClock({
      finish,
      blockFor: (ms) => {
        log.push(`wait ${ms.toFixed(3)}`);
        t += ms + waitLate_ms;
      },
      now_ms: () => t,
      setTimer: (f, ms) => void queue.push({ f, kind: 'timer', ms }),
      clearTimer: () => {},
      nextTurn: (f) => void queue.push({ f, kind: 'turn', ms: 0 }),
      cancelTurn: () => {},
    });
    const drain = () => {
      for (let guard = 0; queue.length > 0; guard++) {
        if (guard > 100_000) throw new Error('fake loop: no end');
        const e = queue.shift()!;
        t += e.kind === 'timer' ? e.ms + timerLate_ms : turn_ms;
        log.push(e.kind === 'timer' ? `sleep ${e.ms}` : 'poll');
        e.f();
      }
    };
    return { clock, drain, log, now: () => t, set: (v: number) => void (t = v) };
  }

  it('decides: done at or past the deadline, poll inside the margin, whole-ms timer sleeps before it', () => {
    expect(pacingStep(0, 1.5)).toEqual({ kind: 'done' });
    expect(pacingStep(-3, 1.5)).toEqual({ kind: 'done' });
    expect(pacingStep(1.4, 1.5)).toEqual({ kind: 'poll' });
    expect(pacingStep(2.4, 1.5)).toEqual({ kind: 'poll' }); // a 0.9 ms timer would be 1 ms: poll
    expect(pacingStep(2.5, 1.5)).toEqual({ kind: 'sleep', ms: 1 });
    expect(pacingStep(19.2, 1.5)).toEqual({ kind: 'sleep', ms: 17 });
    expect(pacingStep(0.3, 0)).toEqual({ kind: 'sleep', ms: 1 }); // timers only
    expect(pacingStep(19.2, 0)).toEqual({ kind: 'sleep', ms: 20 });
    expect(() => wallClock({ spin_ms: -1 })).toThrow(/spin_ms must be a time ≥ 0 ms/);
  });

  it("finish 'poll': sleeps to the margin on a timer, then polls until the deadline: wakes within one turn after it, never before", async () => {
    const f = fakeLoop(0.7, 0.01, 'poll');
    let woke = Number.NaN;
    const p = f.clock.sleepUntil(0.02).then(() => void (woke = f.now()));
    f.drain();
    await p;
    expect(f.log[0]).toBe('sleep 18'); // 20 − 1.5 → 18 whole ms
    expect(f.log.slice(1).every((l) => l === 'poll')).toBe(true);
    expect(woke).toBeGreaterThanOrEqual(20);
    expect(woke).toBeLessThan(20 + 0.01 + 1e-9);
  });

  it("finish 'wait' (default): sleeps to the margin on a timer, lets the event loop turn once, then blocks in the kernel for the rest", async () => {
    const f = fakeLoop(0.7, 0.01, 'wait', 0.02);
    let woke = Number.NaN;
    const p = f.clock.sleepUntil(0.02).then(() => void (woke = f.now()));
    f.drain();
    await p;
    // 18 ms timer wakes at 18.7; one turn (18.71); one wait for the remaining 1.29 ms
    expect(f.log).toEqual(['sleep 18', 'poll', 'wait 1.290']);
    expect(woke).toBeGreaterThanOrEqual(20);
    expect(woke).toBeCloseTo(20.02, 9);
  });

  it('a wait that returns early (a spurious wake-up) is repeated for the rest; never wakes before the deadline', async () => {
    let t = 0;
    const waits: number[] = [];
    const c = wallClock({ now_ms: () => t, setTimer: () => { throw new Error('no timer expected'); }, clearTimer: () => {}, nextTurn: (fn) => void queueMicrotask(fn), cancelTurn: () => {}, blockFor: (ms) => { waits.push(ms); t += ms / 2; } });
    t = 9;
    await c.sleepUntil(0.01); // 1 ms left: inside the margin, one turn then waits
    expect(waits.length).toBeGreaterThan(3);
    expect(waits[1]).toBeCloseTo(waits[0]! / 2, 12);
    expect(t).toBeGreaterThanOrEqual(10 - 1e-9);
  });

  it('a timer that wakes very late (a stall) ends the sleep at once, without polling', async () => {
    const f = fakeLoop(5, 0.01);
    const p = f.clock.sleepUntil(0.01);
    f.drain();
    await p;
    expect(f.log).toEqual(['sleep 8']);
    expect(f.now()).toBe(13);
  });

  it('with spin_ms 0 it sleeps on timers only, re-armed until the deadline has passed', async () => {
    let t = 0;
    const delays: number[] = [];
    const queue: (() => void)[] = [];
    const c = wallClock({ spin_ms: 0, now_ms: () => t, setTimer: (fn, ms) => { delays.push(ms); queue.push(() => { t += ms * 0.9; fn(); }); }, clearTimer: () => {}, nextTurn: () => { throw new Error('polled'); } });
    const p = c.sleepUntil(0.0104);
    while (queue.length) queue.shift()!();
    await p;
    // a timer that fired early (after 90 % of its delay) is re-armed for the rest
    expect(delays).toEqual([11, 1]);
    expect(t).toBeGreaterThanOrEqual(10.4);
  });
});
