/**
 * A robot on ROS 2 as a `Body` (loop/body.ts), through a robot profile: `observe` decodes the
 * latest message of each input topic into the sensor channels, `command` publishes the
 * actuator channels on the output topics, `advance` does nothing (the real-time runner paces).
 *
 * An input whose every message counts (an event camera's packets) takes each one as it arrives
 * (CompiledInput.receive) and `observe` gets their sum since the last tick.
 *
 * Safety (the profile's safe command goes out instead of the controller's, within the tick):
 *  - a required input with no message, or none for longer than its `timeout_s` (ROS time);
 *  - a message that does not decode (NaN/Inf, wrong array length, missing field) — the
 *    channels keep their last good values so the loop never sees NaN;
 *  - a non-finite action, or a controller exception (GuardedController);
 * Each transition is logged once with its reason (stderr and diagnostics). Heartbeats go out on
 * every command, safe or not. `publishSafe()` is what shutdown calls last.
 */
import type { Body } from '../../loop/body.js';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { CompiledProfile } from './mapping/compileProfile.js';
import type { CompiledOutput } from './mapping/outputMapping.js';
import { mergeTemplate } from './mapping/zeroMessage.js';
import type { SafetyState } from './safety/safetyState.js';
import { ACTION_FAULT, clearFault, isUnsafe, NO_TICKS_FAULT, raiseFault } from './safety/safetyState.js';
import type { RosNode, RosPublisher } from './transport/transport.js';

/** Makes a zero-valued message of a ROS 2 type (bridges/ros2/messages). */
export type MessageFactory = (type: string) => Record<string, unknown>;

interface InputSlot {
  message: unknown;
  /** ROS time of receipt (s); NaN before the first message. Seconds as a double: BigInt arithmetic allocates. */
  received_s: number;
  /**
   * Wall time (ms, performance.now()) at which `wallAgeOfInputs_s` first saw a new message — not
   * read in the callback: performance.now() allocates a heap number per call (16 B per message).
   */
  receivedWall_ms: number;
  /** Messages received, and how many of them `wallAgeOfInputs_s` has seen. */
  arrivals: number;
  seenArrivals: number;
  /** The resolved topic name, and the fault sources built from it once (not per tick). */
  topic: string;
  badKey: string;
  staleKey: string;
  /** Whether `message` was decoded since it arrived. */
  fresh: boolean;
  /** The last decode's fault (kept while the message is not replaced). */
  fault: string | null;
}

interface OutputSlot {
  readonly out: CompiledOutput;
  readonly message: Record<string, unknown>;
  readonly pub: RosPublisher<unknown>;
}

export class RosBody implements Body {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  private readonly slots: InputSlot[];
  private readonly outputs: OutputSlot[];
  private readonly heartbeats: OutputSlot[];
  private readonly unsubscribe: (() => void)[] = [];
  /** The last observation (attitude for world-frame conversions of the safe command). */
  private readonly lastObs: Channels = Object.create(null) as Channels;
  private readonly sensorNames: readonly string[];
  private readonly constNames: readonly string[];
  /** Ticks whose command was the safe one. */
  safeCommands = 0;
  commands = 0;

  constructor(
    readonly node: RosNode,
    readonly profile: CompiledProfile,
    readonly safety: SafetyState,
    newMessage: MessageFactory,
  ) {
    this.sensors = profile.sensors;
    this.actuators = profile.actuators;
    for (const s of profile.sensors) this.lastObs[s.name] = new Float32Array(s.size);
    this.sensorNames = profile.sensors.map((s) => s.name);
    this.constNames = Object.keys(profile.constants);
    this.slots = profile.inputs.map((inp) => {
      const slot: InputSlot = { message: undefined, received_s: Number.NaN, receivedWall_ms: Number.NaN, arrivals: 0, seenArrivals: 0, topic: inp.spec.topic, badKey: '', staleKey: '', fresh: false, fault: null };
      const sub = node.subscribe<unknown>(inp.spec.topic, inp.spec.type, (m) => {
        inp.receive?.(m);
        slot.message = m;
        slot.received_s = Number(node.now_ns()) / 1e9;
        slot.arrivals++;
        slot.fresh = true;
      }, inp.spec.qos);
      slot.topic = sub.topic;
      slot.badKey = `bad ${sub.topic}`;
      slot.staleKey = `stale ${sub.topic}`;
      this.unsubscribe.push(() => sub.close());
      return slot;
    });
    const make = (o: CompiledOutput): OutputSlot => {
      const message = newMessage(o.spec.type);
      if (o.spec.template) mergeTemplate(o.spec.type, message, o.spec.template);
      return { out: o, message, pub: node.publisher<unknown>(o.spec.topic, o.spec.type, o.spec.qos) };
    };
    this.outputs = profile.outputs.map(make);
    this.heartbeats = profile.heartbeats.map(make);
  }

  /** Real data keeps flowing: nothing to rebuild. Faults are judged afresh on the next observe. */
  reset(_seed: number): void {
    // …except what accumulates between ticks (event counts): a new episode starts from none, as a
    // simulated camera's counts do after its reset.
    for (const inp of this.profile.inputs) inp.clear?.();
  }

  /**
   * ROS time jumped by `by_s` (backwards: a simulator restart, a looping bag). The receipt times
   * move with it, so every input keeps its age: the messages that came just before the jump
   * (lockstep: the new start's sensors precede its `/clock`) stay fresh, a topic that was
   * already quiet stays stale, and none looks received in the future (it would never time out).
   */
  shiftReceiptTimes(by_s: number): void {
    for (const slot of this.slots) if (!Number.isNaN(slot.received_s)) slot.received_s += by_s;
  }

  observe(out: Channels): void {
    clearFault(this.safety, NO_TICKS_FAULT); // a tick is running
    const now_s = Number(this.node.now_ns()) / 1e9;
    const inputs = this.profile.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const inp = inputs[i]!;
      const slot = this.slots[i]!;
      const topic = slot.topic;
      if (slot.fresh) {
        slot.fault = inp.decode(slot.message, out);
        slot.fresh = false;
      } else if (slot.message !== undefined && slot.fault === null) {
        // Unchanged message: the channels of `out` may have been reallocated by the caller; refill them.
        inp.decode(slot.message, out);
      }
      if (slot.fault !== null) raiseFault(this.safety, slot.badKey, `${topic}: ${slot.fault}`);
      else clearFault(this.safety, slot.badKey);
      if (!inp.spec.required) continue;
      if (!(now_s - slot.received_s <= inp.spec.timeout_s)) raiseFault(this.safety, slot.staleKey, `${topic}: ${this.staleness(slot, inp.spec.timeout_s, now_s)}`);
      else clearFault(this.safety, slot.staleKey);
    }
    // Index loops over names fixed at construction: for-in over a null-prototype object (a
    // dictionary) allocates its key list on every pass.
    const consts = this.profile.constants;
    for (let i = 0; i < this.constNames.length; i++) {
      const name = this.constNames[i]!;
      out[name]!.set(consts[name]!);
    }
    for (let i = 0; i < this.sensorNames.length; i++) {
      const name = this.sensorNames[i]!;
      const src = out[name];
      if (src) this.lastObs[name]!.set(src);
    }
  }

  private staleness(slot: InputSlot, timeout_s: number, now_s: number): string {
    if (Number.isNaN(slot.received_s)) return 'no message yet';
    return `no message for ${(now_s - slot.received_s).toFixed(3)} s (timeout ${timeout_s} s)`;
  }

  /**
   * Wall seconds since the last message of the stalest required input (Infinity if one never
   * came), as seen by this call: a message counts as received when a call first sees it, so a
   * caller that polls every P ms (the controller node's watchdog) reads ages at most P ms short.
   */
  wallAgeOfInputs_s(): number {
    let worst = 0;
    const now = performance.now();
    const inputs = this.profile.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const slot = this.slots[i]!;
      if (slot.arrivals !== slot.seenArrivals) {
        slot.seenArrivals = slot.arrivals;
        slot.receivedWall_ms = now;
      }
      if (!inputs[i]!.spec.required) continue;
      const t = slot.receivedWall_ms;
      worst = Math.max(worst, Number.isNaN(t) ? Infinity : (now - t) / 1000);
    }
    return worst;
  }

  command(action: Channels): void {
    this.commands++;
    let bad: string | null = null;
    for (let k = 0; k < this.actuators.length; k++) {
      const a = this.actuators[k]!;
      const v = action[a.name]!;
      for (let i = 0; i < v.length; i++) {
        if (!Number.isFinite(v[i]!)) {
          bad = `the controller commanded ${a.name}[${i}] = ${v[i]}; expected a finite value`;
          break;
        }
      }
      if (bad) break;
    }
    if (bad) raiseFault(this.safety, ACTION_FAULT, bad);
    else clearFault(this.safety, ACTION_FAULT);
    if (isUnsafe(this.safety)) this.publishSafe();
    else this.publish(action);
  }

  /** Publishes the profile's safe command (and heartbeats). */
  publishSafe(): void {
    this.safeCommands++;
    this.publish(this.profile.safeAction);
  }

  private publish(action: Readonly<Channels>): void {
    const now = this.node.now_ns();
    for (let k = 0; k < this.outputs.length; k++) {
      const o = this.outputs[k]!;
      o.out.fill(o.message, action as Channels, this.lastObs, now);
      o.pub.publish(o.message);
    }
    for (let k = 0; k < this.heartbeats.length; k++) {
      const h = this.heartbeats[k]!;
      h.out.fill(h.message, action as Channels, this.lastObs, now);
      h.pub.publish(h.message);
    }
  }

  advance(_dt_s: number): void {}

  close(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe.length = 0;
  }
}

