/**
 * The base of every body wrapper (Gymnasium `Wrapper`): forwards the whole `Body` contract to an
 * inner body, so a wrapper overrides only what it changes and wrappers compose in any order,
 * e.g. `withRecording(withSensorLatency(withSensorNoise(body, …), 2), rec)`.
 *
 * A wrapper hides the inner body's own members (a `QuadrotorBody`'s `world`, say): a task that
 * needs them finds the layer with `findBodyLayer(body, QuadrotorBody)`.
 */
import type { Body } from '../body.js';
import type { ChannelSpec, Channels } from '../channels.js';

export class BodyWrapper implements Body {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];

  constructor(readonly inner: Body) {
    this.sensors = inner.sensors;
    this.actuators = inner.actuators;
  }

  reset(seed: number): void {
    this.inner.reset(seed);
  }
  observe(out: Channels): void {
    this.inner.observe(out);
  }
  command(action: Channels): void {
    this.inner.command(action);
  }
  advance(dt_s: number): void {
    this.inner.advance(dt_s);
  }
  close(): void {
    this.inner.close?.();
  }
}

/** The innermost body under any number of wrappers (the body itself if it is not wrapped). */
export function unwrapBody(body: Body): Body {
  let b = body;
  while (b instanceof BodyWrapper) b = b.inner;
  return b;
}

/**
 * The outermost layer of `body`'s wrapper chain (itself included) that is an instance of
 * `kind`, or null: `findBodyLayer(body, QuadrotorBody)?.world`.
 */
export function findBodyLayer<T extends Body>(body: Body, kind: abstract new (...args: never[]) => T): T | null {
  let b: Body = body;
  for (;;) {
    if (b instanceof kind) return b;
    if (!(b instanceof BodyWrapper)) return null;
    b = b.inner;
  }
}

/**
 * The outermost layer of `body`'s wrapper chain (itself included) that `is` accepts, or null:
 * for a capability a layer declares by shape rather than by class (`findBodyLayerWhere(body,
 * hasBodyTelemetry)`).
 */
export function findBodyLayerWhere<T extends Body>(body: Body, is: (b: Body) => b is T): T | null {
  let b: Body = body;
  for (;;) {
    if (is(b)) return b;
    if (!(b instanceof BodyWrapper)) return null;
    b = b.inner;
  }
}
