/**
 * Controllers for the bridge benchmarks: `fixed` commands a constant non-zero action and costs
 * nothing (what is measured is the bridge), or a controller preset by id (the spiking
 * `drone-avoid-snn`), built for the control rate with plasticity off.
 */
import type { Channels, ChannelSpec } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { resolveNamedController } from '../../experiments/resolveController.js';

/** A controller that writes 0.25·(i + 1) into element i of every actuator channel. */
export function fixedCommand(layout: { readonly sensors: readonly ChannelSpec[]; readonly actuators: readonly ChannelSpec[] }): Controller {
  const acts = layout.actuators;
  return {
    sensors: layout.sensors,
    actuators: acts,
    reset(): void {},
    act(_obs: Channels, _r: number, _dt: number, out: Channels): void {
      for (let a = 0; a < acts.length; a++) {
        const v = out[acts[a]!.name]!;
        for (let i = 0; i < v.length; i++) v[i] = 0.25 * (i + 1);
      }
    },
  };
}

/** 'fixed' or a controller preset id, for a body with `layout` at `rate_hz`. */
export function benchController(id: string, layout: { readonly sensors: readonly ChannelSpec[]; readonly actuators: readonly ChannelSpec[] }, rate_hz: number): Controller {
  if (id === 'fixed') return fixedCommand(layout);
  const c = resolveNamedController(id, { seed: 0, controlRate_Hz: rate_hz }).controller;
  c.learning = false;
  return c;
}
