/**
 * A conformance check every body passes (after Gymnasium's `env_checker`): it builds fresh
 * bodies with `makeBody` and reports every broken rule, each problem tagged with its rule:
 *
 *  - `[spec]`        sensor and actuator specs are well formed: non-empty unique names, integer
 *                    size ≥ 1, low ≤ high (neither NaN), non-empty unit; and reset leaves them as
 *                    they were.
 *  - `[observe]`     observe writes every element of every declared channel (the checker fills
 *                    the buffers with NaN first) with a value within [low, high], compared in
 *                    float32 as the channel stores it; ±Inf only where that bound is ±Inf.
 *  - `[command]`     command throws when an action element is NaN (one channel at a time).
 *  - `[determinism]` two fresh bodies reset with the same seed and driven by the same actions
 *                    observe bit-identical values at every step (−0 and +0 differ).
 *  - `[replay]`      reset(seed) a second time on the same body replays the first run bit for bit.
 *  - `[error]`       reset, observe, command or advance threw during a run.
 *
 * The default action is a slow sinusoid per element, within each channel's bounds (the middle
 * half of a finite range, ±0.5 otherwise), so the bodies move and the runs test something.
 */
import type { Body } from './body.js';
import type { ChannelSpec, Channels } from './channels.js';
import { allocateChannels } from './channels.js';

export interface CheckBodyOptions {
  /** Seeds for the determinism and replay runs. @default [0, 1] */
  readonly seeds?: readonly number[];
  /** Control steps per run. @default 50 */
  readonly steps?: number;
  /** Control period (s). @default 0.02 */
  readonly dt_s?: number;
  /** Writes the action for time t_s (s since reset). @default a sinusoid within bounds (see module doc) */
  readonly action?: (t_s: number, action: Channels) => void;
}

export interface BodyCheck {
  readonly ok: boolean;
  /** One line per problem, starting with its rule tag, e.g. `[observe] …`. */
  readonly problems: readonly string[];
}

export const BODY_CHECK_RULES = ['spec', 'observe', 'command', 'determinism', 'replay', 'error'] as const;
export type BodyCheckRule = (typeof BODY_CHECK_RULES)[number];

/** Runs every check on bodies from `makeBody` (see the module doc); closes the bodies it made. */
export function checkBody(makeBody: () => Body, opts: CheckBodyOptions = {}): BodyCheck {
  const seeds = opts.seeds ?? [0, 1];
  const steps = opts.steps ?? 50;
  const dt_s = opts.dt_s ?? 0.02;
  if (seeds.length === 0 || !seeds.every(Number.isFinite)) throw new RangeError(`checkBody: seeds must be a non-empty list of finite numbers, got [${seeds.join(', ')}]`);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`checkBody: steps must be an integer ≥ 1, got ${steps}`);
  if (!(Number.isFinite(dt_s) && dt_s > 0)) throw new RangeError(`checkBody: dt_s must be a finite period > 0 s, got ${dt_s}`);

  const problems = new Problems();
  const first = makeBody();
  const action = opts.action ?? defaultAction(first.actuators);
  try {
    checkSpecs('sensors', first.sensors, problems);
    checkSpecs('actuators', first.actuators, problems);
    if (problems.count > 0) {
      problems.add('spec', 'runtime checks skipped until the specs are fixed');
      return problems.result();
    }
    checkNaNRejected(first, seeds[0]!, action, problems);
  } finally {
    first.close?.();
  }
  const ctx: RunContext = { steps, dt_s, action, problems };
  for (const seed of seeds) {
    const a = makeBody();
    const b = makeBody();
    try {
      const sensorsBefore = specKey(a.sensors);
      const runA = run(a, seed, ctx);
      if (specKey(a.sensors) !== sensorsBefore) problems.add('spec', `sensors changed after reset(${seed}): [${sensorsBefore}] became [${specKey(a.sensors)}]`);
      const runB = run(b, seed, ctx);
      const replay = run(a, seed, ctx);
      if (runA !== null && runB !== null) compareRuns('determinism', `two bodies reset with seed ${seed}`, a.sensors, steps, runA, runB, problems);
      if (runA !== null && replay !== null) compareRuns('replay', `reset(${seed}) a second time on the same body`, a.sensors, steps, runA, replay, problems);
    } finally {
      a.close?.();
      b.close?.();
    }
  }
  return problems.result();
}

class Problems {
  private readonly lines: string[] = [];
  private readonly seen = new Set<string>();
  get count(): number {
    return this.lines.length;
  }
  /** Adds a problem unless one with the same rule and key was already reported. */
  add(rule: BodyCheckRule, text: string, key = text): void {
    const k = `${rule}|${key}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.lines.push(`[${rule}] ${text}`);
  }
  result(): BodyCheck {
    return { ok: this.lines.length === 0, problems: [...this.lines] };
  }
}

function checkSpecs(what: string, specs: readonly ChannelSpec[], p: Problems): void {
  if (!Array.isArray(specs)) {
    p.add('spec', `${what}: expected a list of channel specs, got ${typeof specs}`);
    return;
  }
  const names = new Set<string>();
  specs.forEach((s, i) => {
    const at = `${what}[${i}]${typeof s?.name === 'string' && s.name.length > 0 ? ` '${s.name}'` : ''}`;
    if (typeof s?.name !== 'string' || s.name.length === 0) p.add('spec', `${at}: name must be a non-empty string, got ${JSON.stringify(s?.name)}`);
    else if (names.has(s.name)) p.add('spec', `${at}: duplicate channel name (names must be unique within ${what})`);
    else names.add(s.name);
    if (!(Number.isInteger(s?.size) && s.size >= 1)) p.add('spec', `${at}: size must be an integer ≥ 1, got ${s?.size}`);
    if (typeof s?.low !== 'number' || typeof s?.high !== 'number' || !(s.low <= s.high)) p.add('spec', `${at}: bounds must satisfy low ≤ high, got low ${s?.low} and high ${s?.high}`);
    if (typeof s?.unit !== 'string' || s.unit.trim().length === 0) p.add('spec', `${at}: unit must be a non-empty string (SI, or '1' for dimensionless), got ${JSON.stringify(s?.unit)}`);
  });
}

function specKey(specs: readonly ChannelSpec[]): string {
  return specs.map((s) => `${s.name}:${s.size}:${s.unit}:${s.low}:${s.high}`).join(', ');
}

/** A slow sinusoid per element (phase = element index), in the middle half of finite bounds. */
function defaultAction(actuators: readonly ChannelSpec[]): (t_s: number, out: Channels) => void {
  return (t_s, out) => {
    let j = 0;
    for (const s of actuators) {
      const a = out[s.name]!;
      for (let i = 0; i < a.length; i++, j++) {
        const w = Math.sin(2 * Math.PI * 0.5 * t_s + j);
        if (Number.isFinite(s.low) && Number.isFinite(s.high)) a[i] = (s.low + s.high) / 2 + ((s.high - s.low) / 4) * w;
        else a[i] = Math.min(s.high, Math.max(s.low, 0.5 * w));
      }
    }
  };
}

function checkNaNRejected(body: Body, seed: number, action: (t_s: number, out: Channels) => void, p: Problems): void {
  try {
    body.reset(seed);
  } catch (e) {
    p.add('error', `reset(${seed}) threw: ${message(e)}`);
    return;
  }
  const a = allocateChannels(body.actuators);
  for (const s of body.actuators) {
    action(0, a);
    a[s.name]![0] = Number.NaN;
    let threw = false;
    try {
      body.command(a);
    } catch {
      threw = true;
    }
    if (!threw) p.add('command', `command accepted NaN in '${s.name}'[0] without throwing (a NaN action must be refused, not flown)`);
  }
}

interface RunContext {
  readonly steps: number;
  readonly dt_s: number;
  readonly action: (t_s: number, out: Channels) => void;
  readonly problems: Problems;
}

/** reset(seed), then steps × (observe, command, advance) and a last observe; every observation, or null if the body threw. */
function run(body: Body, seed: number, ctx: RunContext): Float32Array | null {
  const p = ctx.problems;
  const specs = body.sensors;
  const width = specs.reduce((n, s) => n + s.size, 0);
  const history = new Float32Array((ctx.steps + 1) * width);
  const obs = allocateChannels(specs);
  const act = allocateChannels(body.actuators);
  const lo = specs.map((s) => Math.fround(s.low));
  const hi = specs.map((s) => Math.fround(s.high));
  let phase = `reset(${seed})`;
  try {
    body.reset(seed);
    for (let n = 0; ; n++) {
      for (const s of specs) obs[s.name]!.fill(Number.NaN);
      phase = `observe at step ${n}`;
      body.observe(obs);
      let at = n * width;
      specs.forEach((s, c) => {
        const v = obs[s.name]!;
        for (let i = 0; i < s.size; i++) {
          const x = v[i]!;
          if (Number.isNaN(x)) p.add('observe', `seed ${seed}, step ${n}: '${s.name}'[${i}] is NaN after observe (not written, or NaN)`, `${s.name}:nan`);
          else if (!(x >= lo[c]! && x <= hi[c]!)) p.add('observe', `seed ${seed}, step ${n}: '${s.name}'[${i}] = ${x} is outside its declared [${s.low}, ${s.high}]`, `${s.name}:range`);
        }
        history.set(v, at);
        at += s.size;
      });
      if (n === ctx.steps) break;
      const t_s = n * ctx.dt_s;
      ctx.action(t_s, act);
      phase = `command at step ${n}`;
      body.command(act);
      phase = `advance at step ${n}`;
      body.advance(ctx.dt_s);
    }
  } catch (e) {
    p.add('error', `seed ${seed}: ${phase} threw: ${message(e)}`, `${seed}:${phase}`);
    return null;
  }
  return history;
}

function compareRuns(rule: 'determinism' | 'replay', what: string, specs: readonly ChannelSpec[], steps: number, a: Float32Array, b: Float32Array, p: Problems): void {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  const width = a.length / (steps + 1);
  for (let k = 0; k < ua.length; k++) {
    if (ua[k] === ub[k]) continue;
    const n = Math.floor(k / width);
    let off = k - n * width;
    let c = 0;
    while (off >= specs[c]!.size) off -= specs[c++]!.size;
    p.add(rule, `${what} observe different values at step ${n}: '${specs[c]!.name}'[${off}] = ${a[k]} vs ${b[k]}`, what);
    return;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
