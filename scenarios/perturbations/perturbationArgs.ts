/**
 * The arguments of one perturbation spec, `name[:arg,arg,…]`, each arg either `key=value` or a
 * bare value, with readers that check them and throw a PerturbationError located by the spec
 * (`--perturb 'dead-beams:19-40': beam 40 is past …`). `apply` must read every argument it
 * accepts; `done()` then refuses any left over, suggesting the closest accepted key.
 */
import type { Body } from '../../loop/body.js';
import type { ChannelSpec } from '../../loop/channels.js';
import { didYouMean } from '../../loop/suggestName.js';
import { PerturbationError } from './perturbation.js';

/** A channel target: `name` (every element) or `name[i]` (one element). */
export interface ChannelTarget {
  readonly channel: ChannelSpec;
  /** The element, or null for all of them. */
  readonly index: number | null;
}

export class PerturbationArgs {
  private readonly usedKeys = new Set<string>();
  private usedPositional = 0;

  constructor(
    /** The whole spec as written. */
    readonly spec: string,
    /** How the spec is named in errors: `--perturb 'mirror-lidar'`. */
    readonly where: string,
    readonly usage: string,
    /** Bare arguments, in order. */
    readonly positional: readonly string[],
    /** `key=value` arguments, in order (keys may repeat only where a reader allows it). */
    readonly keyed: readonly (readonly [string, string])[],
  ) {}

  /** A bad argument: `<where>: <message> (usage: …)`. */
  fail(message: string): never {
    throw new PerturbationError(`${this.where}: ${message} (usage: ${this.usage})`);
  }

  /** The body lacks what the perturbation acts on. */
  misfit(message: string): never {
    throw new PerturbationError(`${this.where} does not fit this body: ${message}`);
  }

  /** The value of `key`, or undefined; marks it read. */
  raw(key: string): string | undefined {
    let v: string | undefined;
    for (const [k, x] of this.keyed) {
      if (k !== key) continue;
      if (v !== undefined) this.fail(`'${key}' is given twice`);
      v = x;
    }
    if (v !== undefined) this.usedKeys.add(key);
    return v;
  }

  string(key: string, fallback: string): string {
    const v = this.raw(key);
    if (v === '') this.fail(`'${key}=' needs a value`);
    return v ?? fallback;
  }

  /** A finite number in [min, max] (an integer with `integer`). */
  number(key: string, o: { readonly fallback?: number; readonly min?: number; readonly max?: number; readonly integer?: boolean; readonly unit?: string }): number {
    const v = this.raw(key);
    if (v === undefined) {
      if (o.fallback === undefined) this.fail(`'${key}=<value>' is required`);
      return o.fallback;
    }
    return this.checkNumber(key, v, o);
  }

  checkNumber(what: string, text: string, o: { readonly min?: number; readonly max?: number; readonly integer?: boolean; readonly unit?: string }): number {
    const x = text.trim() === '' ? NaN : Number(text);
    const unit = o.unit ? ` ${o.unit}` : '';
    const fmt = (v: number) => String(Number(v.toPrecision(4)));
    const range = `${o.min !== undefined ? `≥ ${fmt(o.min)}` : ''}${o.min !== undefined && o.max !== undefined ? ' and ' : ''}${o.max !== undefined ? `≤ ${fmt(o.max)}` : ''}`;
    const kind = o.integer ? 'an integer' : 'a number';
    const expected = `${kind}${range ? ` ${range}` : ''}${unit}`;
    if (!Number.isFinite(x) || (o.integer && !Number.isInteger(x))) this.fail(`${what}: expected ${expected}, got '${text}'`);
    if ((o.min !== undefined && x < o.min) || (o.max !== undefined && x > o.max)) this.fail(`${what}: expected ${expected}, got ${x}`);
    return x;
  }

  /** The bare arguments not read yet (marks them read). */
  takePositional(): readonly string[] {
    const rest = this.positional.slice(this.usedPositional);
    this.usedPositional = this.positional.length;
    return rest;
  }

  /** `key=value` pairs whose key is not among `reserved` (channel targets), marking them read. */
  takeKeyed(reserved: readonly string[] = []): readonly (readonly [string, string])[] {
    const out = this.keyed.filter(([k]) => !reserved.includes(k) && !this.usedKeys.has(k));
    for (const [k] of out) this.usedKeys.add(k);
    return out;
  }

  /** Refuses arguments no reader took. */
  done(accepted: readonly string[] = []): void {
    for (const [k] of this.keyed) if (!this.usedKeys.has(k)) this.fail(`unknown argument '${k}'${didYouMean(k, accepted)}${accepted.length > 0 ? `; it takes ${accepted.map((a) => `'${a}'`).join(', ')}` : '; it takes no key=value arguments'}`);
    if (this.usedPositional < this.positional.length) this.fail(`unexpected argument '${this.positional[this.usedPositional]}'`);
  }

  /** The body's sensor channel `name` (with `unit`, at least `minSize` elements), or a misfit. */
  sensor(body: Body, name: string, o: { readonly unit?: string; readonly minSize?: number; readonly what?: string } = {}): ChannelSpec {
    return this.channelOf(body.sensors, 'sensor', name, o);
  }

  /** The body's actuator channel `name`, or a misfit. */
  actuator(body: Body, name: string, o: { readonly unit?: string; readonly minSize?: number; readonly what?: string } = {}): ChannelSpec {
    return this.channelOf(body.actuators, 'actuator', name, o);
  }

  /** `name` or `name[i]` naming a channel of the body (`side`), or a located error. */
  target(body: Body, side: 'sensor' | 'actuator', text: string): ChannelTarget {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$/.exec(text.trim());
    if (!m) this.fail(`'${text}' is not a channel name or name[index]`);
    const specs = side === 'sensor' ? body.sensors : body.actuators;
    const channel = specs.find((s) => s.name === m[1]);
    if (!channel) this.fail(`no ${side} channel '${m[1]}'${didYouMean(m[1]!, specs.map((s) => s.name))}; the body's ${side}s are ${specs.map((s) => s.name).join(', ')}`);
    if (m[2] === undefined) return { channel, index: null };
    const index = Number(m[2]);
    if (index >= channel.size) this.fail(`element ${index} is past the end of '${channel.name}' (elements 0 … ${channel.size - 1})`);
    return { channel, index };
  }

  private channelOf(specs: readonly ChannelSpec[], side: string, name: string, o: { readonly unit?: string; readonly minSize?: number; readonly what?: string }): ChannelSpec {
    const want = `${o.what ?? `a ${side} channel`} '${name}'${o.unit ? ` (unit ${o.unit})` : ''}`;
    const s = specs.find((x) => x.name === name);
    if (!s) this.misfit(`it needs ${want}; the body's ${side}s are ${specs.map((x) => x.name).join(', ') || '(none)'}`);
    if (o.unit !== undefined && s.unit !== o.unit) this.misfit(`it needs ${want}, but '${name}' is in ${s.unit}`);
    if (o.minSize !== undefined && s.size < o.minSize) this.misfit(`it needs ${want} of at least ${o.minSize} elements, '${name}' has ${s.size}`);
    return s;
  }
}
