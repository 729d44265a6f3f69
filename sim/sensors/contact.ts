/**
 * Touch sensors on a set of bodies (e.g. an arm's links): per body, whether it touched anything
 * outside the set and the mean normal contact force, over the physics steps since the last read.
 *
 * Read from the solver's contact equations after each step: a cannon-es ContactEquation's
 * `multiplier` is its impulse divided by the step, i.e. the normal force (N, ≥ 0). Contacts
 * among the set's own bodies, or with bodies in `ignore`, do not count. A read with no physics
 * step since the previous read repeats the previous values.
 */
import type * as CANNON from 'cannon-es';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Sensor } from './sensor.js';

export interface ContactSensorOptions {
  /** Channel name prefix. @default 'contact' */
  readonly prefix?: string;
  /** Bodies whose contacts with the set do not count (e.g. an arm's base). */
  readonly ignore?: readonly CANNON.Body[];
}

/** Channel specs for `count` sensed bodies. */
export function contactChannels(count: number, prefix = 'contact'): readonly ChannelSpec[] {
  return [
    { name: `${prefix}_touch`, size: count, low: 0, high: 1, unit: '1', doc: '1 if the body touched anything since the last read' },
    { name: `${prefix}_force`, size: count, low: 0, high: Infinity, unit: 'N', doc: 'mean normal contact force since the last read' },
  ];
}

export interface ContactSensor extends Sensor {
  afterPhysicsStep(dt_s: number): void;
}

/** Contact sensor over `bodies` in `world`. */
export function contactSensor(world: CANNON.World, bodies: readonly CANNON.Body[], opts: ContactSensorOptions = {}): ContactSensor {
  if (bodies.length === 0) throw new RangeError('contactSensor: bodies must be a non-empty array of sensed bodies');
  const channels = contactChannels(bodies.length, opts.prefix ?? 'contact');
  const touchName = channels[0]!.name;
  const forceName = channels[1]!.name;
  const index = new Map<CANNON.Body, number>();
  bodies.forEach((b, i) => index.set(b, i));
  const ignore = new Set(opts.ignore ?? []);
  const n = bodies.length;
  const touched = new Uint8Array(n);
  const forceSum = new Float64Array(n);
  const lastTouch = new Float32Array(n);
  const lastForce = new Float32Array(n);
  let steps = 0;
  return {
    channels,
    afterPhysicsStep(): void {
      const contacts = world.contacts;
      for (let k = 0; k < contacts.length; k++) {
        const c = contacts[k]!;
        const i = index.get(c.bi);
        const j = index.get(c.bj);
        if (i !== undefined && j === undefined && !ignore.has(c.bj)) {
          touched[i] = 1;
          forceSum[i] += c.multiplier;
        } else if (j !== undefined && i === undefined && !ignore.has(c.bi)) {
          touched[j] = 1;
          forceSum[j] += c.multiplier;
        }
      }
      steps++;
    },
    read(out: Channels): void {
      if (steps > 0) {
        for (let i = 0; i < n; i++) {
          lastTouch[i] = touched[i]!;
          lastForce[i] = forceSum[i]! / steps;
        }
        touched.fill(0);
        forceSum.fill(0);
        steps = 0;
      }
      out[touchName]!.set(lastTouch);
      out[forceName]!.set(lastForce);
    },
    reset(): void {
      touched.fill(0);
      forceSum.fill(0);
      lastTouch.fill(0);
      lastForce.fill(0);
      steps = 0;
    },
  };
}
