/**
 * Small, exactly predictable stand-ins for a body, a controller and a task, for the loop tests.
 *
 * FakeBody: `count` = advance calls since reset; `pos` integrates the commanded `u`
 * (pos_i += u_i · dt) from a seeded start pos_i = seed + i/4; `flat` is always 0; `unit` reads
 * [0.5, 0.99] within its [0, 1] bounds; `range` reads [+Inf, −Inf] like a REP-117 range sensor.
 */
import type { Body } from '../../loop/body.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { allocateChannels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../../loop/task.js';

export const FAKE_SENSORS: readonly ChannelSpec[] = [
  { name: 'count', size: 1, low: 0, high: Infinity, unit: '1' },
  { name: 'pos', size: 3, low: -Infinity, high: Infinity, unit: 'm' },
  { name: 'flat', size: 4, low: -Infinity, high: Infinity, unit: 'm' },
  { name: 'unit', size: 2, low: 0, high: 1, unit: '1' },
  { name: 'range', size: 2, low: -Infinity, high: Infinity, unit: 'm' },
];
export const FAKE_ACTUATORS: readonly ChannelSpec[] = [
  { name: 'u', size: 3, low: -1, high: 1, unit: 'm/s' },
  { name: 'v', size: 1, low: -Infinity, high: Infinity, unit: 'm/s' },
];

export class FakeBody implements Body {
  readonly sensors: readonly ChannelSpec[] = FAKE_SENSORS;
  readonly actuators: readonly ChannelSpec[] = FAKE_ACTUATORS;
  /** The last command received (copied). */
  readonly commanded = allocateChannels(FAKE_ACTUATORS);
  /** Every command received, in order (copies of `u` then `v`). */
  readonly commandLog: number[][] = [];
  steps = 0;
  observeCalls = 0;
  closed = false;
  protected readonly pos = new Float64Array(3);

  reset(seed: number): void {
    this.steps = 0;
    for (let i = 0; i < 3; i++) this.pos[i] = seed + i / 4;
    this.commanded['u']!.fill(0);
    this.commanded['v']!.fill(0);
  }
  observe(out: Channels): void {
    this.observeCalls++;
    out['count']![0] = this.steps;
    out['pos']!.set(this.pos);
    out['flat']!.fill(0);
    out['unit']![0] = 0.5;
    out['unit']![1] = 0.99;
    out['range']![0] = Infinity;
    out['range']![1] = -Infinity;
  }
  command(action: Channels): void {
    for (const s of FAKE_ACTUATORS) {
      const a = action[s.name]!;
      for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) throw new RangeError(`FakeBody.command: ${s.name}[${i}] is NaN`);
      this.commanded[s.name]!.set(a);
    }
    this.commandLog.push([...this.commanded['u']!, ...this.commanded['v']!]);
  }
  advance(dt_s: number): void {
    const u = this.commanded['u']!;
    for (let i = 0; i < 3; i++) this.pos[i] += u[i]! * dt_s;
    this.steps++;
  }
  close(): void {
    this.closed = true;
  }
}

/** A controller writing `act(stepIndex, out)` every period; counts its calls. */
export class ScriptedController implements Controller {
  readonly sensors: readonly ChannelSpec[] = [];
  calls = 0;
  constructor(
    readonly actuators: readonly ChannelSpec[],
    private readonly script: (k: number, out: Channels) => void,
  ) {}
  reset(): void {
    this.calls = 0;
  }
  act(_obs: Channels, _reward: number, _dt_s: number, out: Channels): void {
    this.script(this.calls++, out);
  }
}

/** A task with reward 1 per step that terminates after `endAfter` evaluations (never if Infinity). */
export class CountingTask implements Task {
  evaluations = 0;
  lastT_s = NaN;
  private readonly r: RewardBreakdown = { total: 0, terms: { alive: 0 } };
  constructor(private readonly endAfter = Infinity) {}
  evaluate(_obs: Channels, t_s: number): RewardBreakdown {
    this.evaluations++;
    this.lastT_s = t_s;
    this.r.total = 1;
    this.r.terms['alive'] = 1;
    return this.r;
  }
  status(): EpisodeStatus {
    return this.evaluations >= this.endAfter ? 'terminated' : 'running';
  }
  metrics(): Record<string, number> {
    return { evaluations: this.evaluations };
  }
}
