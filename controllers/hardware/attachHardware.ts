/**
 * Runs a spiking controller on a hardware model (hardwareSpec.ts): its weights are replaced by
 * what the device holds (quantised, or programmed into memristor pairs) and, with integer state,
 * its LIF state is held on a saturating integer grid after every SNN step.
 *
 * Frozen (learning off): the device weights are written once at attach; with memristor read
 * noise they are read afresh at the start of every control period.
 *
 * Learning (training under the non-idealities): the float weights are kept as "shadow" copies.
 * The network runs on the device weights; at the start of every control period the change the
 * learning rule made to them during the last period is added to the shadow (clipped to the
 * rule's weight bounds) and the device weights are re-derived from the shadow. This is the
 * straight-through estimator (Bengio, Léonard & Courville 2013; Courbariaux et al. 2015,
 * BinaryConnect) applied to a local rule: the update computed with the quantised weights in the
 * forward pass is applied to the float weights, so changes smaller than a quantisation step add
 * up instead of being rounded away. The same holds for memristor noise: the rule sees noisy
 * device weights, the shadow keeps the learning.
 *
 * `detach` folds the last period's change into the shadow, writes the shadow (float) weights
 * back and removes the hooks, so `parameters()` afterwards returns the learned float weights.
 */
import { Rng } from '../../loop/rng.js';
import type { FootprintPrecision } from '../metrics/networkFootprint.js';
import { settleWeights } from '../network/networkAccess.js';
import type { PresetController } from '../presets/preset.js';
import { SpikingController } from '../sensorimotor/spikingController.js';
import type { HardwareSpec, ResolvedMemristor } from './hardwareSpec.js';
import { resolveMemristor } from './hardwareSpec.js';
import { integerStateHook } from './integerState.js';
import type { MemristorArray } from './memristor.js';
import { createMemristorArray, programMemristors, readMemristors } from './memristor.js';
import { validateHardwareSpec } from './parseHardwareSpec.js';
import { quantizeWeights } from './quantizer.js';

export interface HardwareSession {
  readonly spec: HardwareSpec;
  /** Weight step (quantiser scale, or memristor w_max) of a projection at the last programming. */
  scaleOf(projection: string): number;
  /** Folds learning into the shadow weights, restores them (float) and removes the hooks. */
  detach(): void;
}

interface ProjectionDevice {
  readonly name: string;
  readonly live: Float32Array;
  readonly shadow: Float32Array;
  readonly written: Float32Array;
  readonly bounds: { readonly low: number; readonly high: number } | null;
  readonly mem: MemristorArray | null;
  scale: number;
}

/** Bits of one stored weight, for the footprint: the quantiser's, or two devices' levels. */
function weightBits(spec: HardwareSpec): number {
  if (spec.weights) return spec.weights.bits;
  if (spec.memristor?.levels !== undefined) return 2 * Math.ceil(Math.log2(spec.memristor.levels));
  return 32;
}

/** The spiking controller a hardware model can run, or a RangeError naming the preset. */
export function hardwareHost(c: PresetController): SpikingController {
  if (c instanceof SpikingController) return c;
  throw new RangeError(
    c.network === null
      ? `controller '${c.preset}' has no spiking network; a hardware model applies to spiking controllers`
      : `controller '${c.preset}' does not expose the spiking controller hooks a hardware model needs (only presets built on SpikingController do)`,
  );
}

export function attachHardware(c: SpikingController, specIn: HardwareSpec): HardwareSession {
  if (c.hardware !== null) throw new RangeError(`${c.preset}: a hardware model is already attached; detach it first`);
  const spec = validateHardwareSpec(specIn);
  const net = c.network;
  const seed = spec.seed ?? 0;
  const mem: ResolvedMemristor | null = spec.memristor ? resolveMemristor(spec.memristor) : null;
  settleWeights(net);
  const devices: ProjectionDevice[] = net.projections.map((np) => {
    const live = np.syn.weight;
    const pl = np.plasticity;
    return {
      name: np.syn.name,
      live,
      shadow: live.slice(),
      written: new Float32Array(live.length),
      bounds: pl !== null ? { low: pl.params.wMin, high: pl.params.wMax } : null,
      mem: mem ? createMemristorArray(np.syn.name, np.syn.nSyn, mem, seed) : null,
      scale: 0,
    };
  });
  const byName = new Map(devices.map((d) => [d.name, d] as const));
  const scaleOf = (name: string): number => {
    const d = byName.get(name);
    if (!d) throw new RangeError(`unknown projection '${name}'; projections are: ${devices.map((x) => x.name).join(', ')}`);
    return d.scale;
  };
  let readRng = new Rng(0, `memristor-read:${seed}`);

  const write = (program: boolean): void => {
    for (const d of devices) {
      if (spec.weights) {
        if (program) d.scale = quantizeWeights(d.shadow, spec.weights.bits, d.written);
      } else if (d.mem !== null && mem !== null) {
        if (program) {
          programMemristors(d.mem, d.shadow, mem);
          d.scale = d.mem.scale;
        }
        readMemristors(d.mem, mem, readRng, d.written);
      } else if (program) {
        d.written.set(d.shadow);
      }
      d.live.set(d.written);
    }
  };

  /** Adds the rule's change to the device weights since the last write to the shadow. */
  const fold = (): void => {
    settleWeights(net);
    for (const d of devices) {
      if (d.bounds === null) continue;
      const { live, written, shadow } = d;
      const { low, high } = d.bounds;
      for (let s = 0; s < live.length; s++) {
        const delta = live[s]! - written[s]!;
        if (delta !== 0) {
          const w = shadow[s]! + delta;
          shadow[s] = w < low ? low : w > high ? high : w;
        }
      }
    }
  };

  const readNoise = mem !== null && mem.noiseMode === 'read' && mem.noise > 0;
  write(true);
  if (spec.state) {
    const st = spec.state;
    net.afterUpdate = integerStateHook(net, st, scaleOf);
  }
  const footprint: FootprintPrecision = {
    weightBits: weightBits(spec),
    variableBits: spec.state ? { v_mV: spec.state.membraneBits, iExc_pA: spec.state.currentBits, iInh_pA: spec.state.currentBits } : {},
  };
  c.hardware = {
    footprint,
    reset: (episodeSeed: number) => {
      readRng = new Rng(episodeSeed, `memristor-read:${seed}`);
      if (readNoise) write(false);
    },
    beforePeriod: () => {
      if (c.learning) {
        fold();
        write(true);
      } else if (readNoise) {
        write(false);
      }
    },
  };
  let attached = true;
  return {
    spec,
    scaleOf,
    detach: () => {
      if (!attached) return;
      attached = false;
      if (c.learning) fold();
      for (const d of devices) d.live.set(d.shadow);
      net.afterUpdate = null;
      c.hardware = null;
    },
  };
}
