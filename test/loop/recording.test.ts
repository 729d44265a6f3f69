import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allocateChannels } from '../../loop/channels.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { createRecorder } from '../../loop/wrappers/recorder.js';
import type { RecordedStream, Recorder } from '../../loop/wrappers/recorder.js';
import { readRecording, RecordingFileError, writeRecording } from '../../loop/wrappers/recordingFile.js';
import { withRecording } from '../../loop/wrappers/withRecording.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import { CountingTask, FAKE_ACTUATORS, FAKE_SENSORS, FakeBody, ScriptedController } from './fakes.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-recording-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rate_Hz = 50;
const T = 1 / rate_Hz;
const script = (k: number, out: Record<string, Float32Array>) => {
  out['u']!.set([Math.sin(k) * 0.3, -0.1 * k, 1 / 3]);
  out['v']![0] = k % 2 === 0 ? -0 : 1e-40; // −0 and a float32 subnormal must survive the file
};

/** Two episodes (seeds 7 and 9, 10 and 6 steps) through a recorder with a tiny capacity. */
function record(): { rec: Recorder; steps: number[] } {
  const rec = createRecorder({ capacity: 1 });
  const body = withRecording(new FakeBody(), rec);
  const steps: number[] = [];
  for (const [seed, n] of [
    [7, 10],
    [9, 6],
  ] as const) {
    const r = runEpisode(body, new ScriptedController(FAKE_ACTUATORS, script), () => withTimeLimit(new CountingTask(), n * T), { seed, controlRate_Hz: rate_Hz });
    steps.push(r.steps);
  }
  return { rec, steps };
}

function bits(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function expectSameStream(a: RecordedStream, b: RecordedStream): void {
  expect(b.specs).toEqual(a.specs);
  expect(b.frames).toBe(a.frames);
  expect(bits(b.episodes()).equals(bits(a.episodes()))).toBe(true);
  expect(bits(b.times()).equals(bits(a.times()))).toBe(true);
  for (const s of a.specs) expect(bits(b.channel(s.name)).equals(bits(a.channel(s.name)))).toBe(true);
}

describe('recording', () => {
  it('records every observation and command with its episode and time, growing past its capacity', () => {
    const { rec, steps } = record();
    expect(steps).toEqual([10, 6]);
    expect(rec.seeds).toEqual([7, 9]);
    const obs = rec.observations!;
    const cmd = rec.commands!;
    // Each episode observes once per action plus once at the truncating step.
    expect(obs.frames).toBe(steps[0]! + 1 + steps[1]! + 1);
    expect(cmd.frames).toBe(steps[0]! + steps[1]!);
    let f = 0;
    let c = 0;
    for (let e = 0; e < 2; e++) {
      for (let n = 0; n <= steps[e]!; n++) {
        expect(obs.episodes()[f]).toBe(e);
        expect(obs.times()[f]).toBeCloseTo(n * T, 12);
        expect(obs.value(f, 'count')[0]).toBe(n);
        expect(obs.value(f, 'range')[0]).toBe(Infinity);
        f++;
        if (n === steps[e]) break;
        const want = { u: new Float32Array(3), v: new Float32Array(1) };
        script(n, want);
        expect(bits(cmd.value(c, 'u')).equals(bits(want.u))).toBe(true);
        expect(bits(cmd.value(c, 'v')).equals(bits(want.v))).toBe(true);
        expect(cmd.times()[c]).toBeCloseTo(n * T, 12);
        c++;
      }
    }
    expect(f).toBe(obs.frames);
    expect(c).toBe(cmd.frames);
    // pos integrates u: the recorded position after step n is seed + i/4 + Σ_k<n u_k · T (float32).
    const seed = rec.seeds[0]!;
    const pos = [seed, seed + 0.25, seed + 0.5];
    for (let n = 0; n < steps[0]!; n++) {
      const u = new Float32Array(3);
      script(n, { u, v: new Float32Array(1) });
      for (let i = 0; i < 3; i++) pos[i] += u[i]! * T;
    }
    expect([...obs.value(steps[0]!, 'pos')]).toEqual(pos.map(Math.fround));
  });

  it('round-trips bit for bit through the file, including ±Inf, −0 and subnormals', () => {
    const { rec } = record();
    const file = join(dir, 'run.json');
    writeRecording(rec, file);
    const back = readRecording(file);
    expect(back.seeds).toEqual(rec.seeds);
    expectSameStream(rec.observations!, back.observations!);
    expectSameStream(rec.commands!, back.commands!);
    expect(Object.is(back.commands!.value(0, 'v')[0], -0)).toBe(true);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.format).toBe('spikeloop-recording');
    expect(doc.version).toBe(1);
    expect(doc.observations.channels[0]).toEqual({ name: 'count', size: 1, low: 0, high: 'Infinity', unit: '1' });
    // The atomic write leaves no temporary file next to the target.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects bad files naming the file and the field', () => {
    const { rec } = record();
    const file = join(dir, 'bad.json');
    writeRecording(rec, file);
    const good = JSON.parse(readFileSync(file, 'utf8'));
    const errorFor = (mutate: (d: any) => void): string => {
      const d = structuredClone(good);
      mutate(d);
      writeFileSync(file, JSON.stringify(d));
      try {
        readRecording(file);
      } catch (e) {
        expect(e).toBeInstanceOf(RecordingFileError);
        return (e as Error).message;
      }
      throw new Error('expected a RecordingFileError');
    };
    expect(errorFor((d) => (d.version = 2))).toBe(`${file}: version: expected version 1 (the only one this reader knows), got 2`);
    expect(errorFor((d) => (d.format = 'mcap'))).toBe(`${file}: format: expected "spikeloop-recording", got "mcap"`);
    expect(errorFor((d) => (d.observations.channels[1].size = 0))).toBe(`${file}: observations.channels[1].size: expected an integer size ≥ 1, got 0`);
    expect(errorFor((d) => (d.commands.channels[0].low = null))).toBe(`${file}: commands.channels[0].low: expected a number, "Infinity" or "-Infinity", got null`);
    const n = good.observations.frames;
    expect(errorFor((d) => (d.observations.values.pos = Buffer.alloc(8).toString('base64')))).toBe(
      `${file}: observations.values.pos: expected base64 of ${n} × 3 float32 (${n * 3 * 4} bytes), got 8 bytes`,
    );
    expect(errorFor((d) => delete d.commands.values.v)).toBe(`${file}: commands.values.v: missing column for channel 'v' (expected base64 of ${good.commands.frames} × 1 float32)`);
    // The second episode's first observation frame follows the first episode's 10 + 1 frames.
    expect(errorFor((d) => (d.seeds = [7]))).toBe(
      `${file}: observations.episode[11]: episode 1 does not exist (the file lists 1 seeds)\n${file}: commands.episode[10]: episode 1 does not exist (the file lists 1 seeds)`,
    );
    expect(errorFor((d) => (d.commands.t_s = 'not base64!'))).toBe(`${file}: commands.t_s: expected base64 text, got "not base64!"`);
    writeFileSync(file, '{ nope');
    expect(() => readRecording(file)).toThrow(new RegExp(`^${file}: not JSON`));
    expect(() => readRecording(join(dir, 'missing.json'))).toThrow(/missing.json: cannot read the file/);
  });

  it('refuses observe before reset, a second body with other channels, and writing an unbound recorder', () => {
    const rec = createRecorder();
    expect(() => writeRecording(rec, join(dir, 'x.json'))).toThrow(/never bound to a body/);
    const body = withRecording(new FakeBody(), rec);
    expect(() => body.observe(allocateChannels(FAKE_SENSORS))).toThrow(/observe before reset\(seed\)/);
    class OtherBody extends FakeBody {
      override readonly sensors = FAKE_SENSORS.slice(1);
    }
    expect(() => withRecording(new OtherBody(), rec)).toThrow(/use a new recorder for a different body/);
    expect(() => createRecorder({ capacity: 0 })).toThrow(/capacity must be an integer ≥ 1/);
  });
});
