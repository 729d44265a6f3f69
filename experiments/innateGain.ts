/**
 * `--innate-gain g`: an ablation of a controller's innate map. A controller file
 * (controllers/spec) whose projections are made by weight generators with an `innate_pA`
 * parameter (the hand-wired reflex: `sector-side`, `feature-groups`) has weights
 *
 *   w(innate) = w(0) + innate · f,
 *
 * linear in innate_pA. `applyInnateGain` rebuilds the controller with innate_pA = 0 to get w(0)
 * and sets every such projection to w(0) + g · (w − w(0)) — the innate part scaled by g, the
 * rest (base weights, random draws) unchanged — kept within the plasticity rule's weight range.
 * g = 0 removes the innate map, g = 1 changes nothing, g = 5 makes it five times stronger. The
 * result is an ordinary controller: its saved weights carry the change to worker threads.
 *
 * It refuses, saying why: a controller without an innate map (no generator with innate_pA), a
 * TypeScript preset (its map is not declared as data: use its controller file, e.g.
 * controllers/files/drone-avoid-snn.yaml, which gives the same episodes), and a saved (trained)
 * controller (its weights are no longer innate).
 */
import { presetFromSpec } from '../controllers/spec/presetFromSpec.js';
import { validateControllerSpec } from '../controllers/spec/loadControllerSpec.js';
import { parameterBounds } from '../controllers/presets/parameterBounds.js';
import type { ResolvedController } from './resolveController.js';

/** A controller that has no innate map to scale. */
export class NoInnateMapError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'NoInnateMapError';
  }
}

/** The projections of a controller file whose generator has an `innate_pA` parameter. */
export function innateProjections(data: Readonly<Record<string, unknown>>): string[] {
  const net = data['network'] as { projections?: Array<{ name?: unknown; generate?: Record<string, unknown> }> } | undefined;
  return (net?.projections ?? []).filter((p) => typeof p.generate?.['innate_pA'] === 'number' && typeof p.name === 'string').map((p) => p.name as string);
}

/** Scales the innate map of `r`'s controller by `gain` in place; returns the projections changed. */
export function applyInnateGain(r: ResolvedController, gain: number, flag = '--innate-gain'): string[] {
  if (!(Number.isFinite(gain) && gain >= 0)) throw new NoInnateMapError(`${flag}: expected a gain ≥ 0, got ${gain}`);
  if (r.saved) throw new NoInnateMapError(`${flag}: controller ${r.source} is a saved (trained) controller: its weights are no longer the innate map; give the preset or controller file it started from`);
  if (!r.specFile) {
    throw new NoInnateMapError(`${flag}: controller ${r.source} declares no innate map (a TypeScript preset's weights are not data); give its controller file instead (controllers/files/<id>.yaml, where one exists, gives the same episodes)`);
  }
  const data = r.specFile.data;
  const names = innateProjections(data);
  if (names.length === 0) throw new NoInnateMapError(`${flag}: controller ${r.source} has no innate map: no projection is made by a weight generator with an innate_pA parameter`);
  // The same controller with every innate_pA at 0: its weights are the non-innate part.
  const zeroed = structuredClone(data) as { network: { projections: Array<{ name: string; generate?: Record<string, unknown> }> } };
  for (const p of zeroed.network.projections) if (names.includes(p.name)) p.generate!['innate_pA'] = 0;
  const c0 = presetFromSpec(validateControllerSpec(zeroed, `${r.specFile.source} (innate_pA = 0)`)).create(r.controller.options);
  const live = r.controller.parameters();
  const base = c0.parameters();
  const bounds = parameterBounds(r.controller);
  for (const name of names) {
    const w = live[name]!;
    const w0 = base[name]!;
    const lo = bounds[name]?.low ?? -Infinity;
    const hi = bounds[name]?.high ?? Infinity;
    for (let i = 0; i < w.length; i++) {
      const v = w0[i]! + gain * (w[i]! - w0[i]!);
      w[i] = v < lo ? lo : v > hi ? hi : v;
    }
  }
  return names;
}
