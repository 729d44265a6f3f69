/**
 * Turns what a user names on the command line into a controller for a scenario:
 *  - nothing      → the scenario's default spiking preset, untrained (built with `seed`);
 *  - a preset id  → that preset, untrained, built with `seed` at the scenario's control rate;
 *  - a file path  → a saved controller (controllerFile.ts), learned weights included, built
 *                   with the seed and rate it was saved with; or a controller file
 *                   (controllers/spec: YAML, or JSON with "format": "spikeloop-controller-spec"),
 *                   untrained, built like a preset.
 * The result is checked against the scenario's body (`checkChannelsFit`), so a controller made
 * for another body fails here, naming the channels that differ, before any episode runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { LoadedControllerSpec } from '../controllers/spec/loadControllerSpec.js';
import { isControllerSpecFile, loadControllerSpec } from '../controllers/spec/loadControllerSpec.js';
import { presetFromSpec } from '../controllers/spec/presetFromSpec.js';
import { checkSpecChannelsFit } from '../controllers/spec/specChannelsFit.js';
import { presetOfSaved } from './savedControllerPreset.js';
import type { SavedController } from '../controllers/presets/controllerFile.js';
import { readControllerFile, restoreController } from '../controllers/presets/controllerFile.js';
import type { ControllerPreset, PresetController } from '../controllers/presets/preset.js';
import type { Body } from '../loop/body.js';
import { checkChannelsFit } from '../loop/controlTick.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { ExperimentCatalog } from './catalog.js';
import { findPresetIn, presetIn, UnknownNameError } from './catalog.js';
import { catalog as defaultCatalog } from './defaultCatalog.js';

export interface ResolvedController {
  readonly controller: PresetController;
  readonly preset: ControllerPreset;
  /** How it was named, for summaries: `preset 'id' (untrained)` or `file 'path'`. */
  readonly source: string;
  /** The file's content when it came from a file. */
  readonly saved?: SavedController;
  /** The controller file when it came from one (YAML/JSON controller spec). */
  readonly specFile?: LoadedControllerSpec;
}

export interface ResolveOptions {
  /** @default the project's registries */
  readonly catalog?: ExperimentCatalog;
  /** A body of the scenario to check the channels against (one is made, and closed, if absent). */
  readonly body?: Body;
}

/** A file's text, or '' when it cannot be read (the saved-controller reader then says why). */
function textOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Whether `spec` looks like a file path rather than a preset id. */
/** How a preset is named in summaries: a spiking (learning) preset is 'untrained', a baseline is not. */
function presetSource(preset: { readonly id: string; readonly spiking: boolean }): string {
  return preset.spiking ? `preset '${preset.id}' (untrained)` : `preset '${preset.id}'`;
}

/** A controller named by a path (`x.json`, `dir/x`) whose file does not exist: a runtime failure, not a usage error. */
export class MissingControllerFileError extends UnknownNameError {
  constructor(file: string, valid: readonly string[], message: string) {
    super('controller', file, valid, message);
    this.name = 'MissingControllerFileError';
  }
}

function looksLikePath(spec: string): boolean {
  return /\.(json|ya?ml)$/i.test(spec) || spec.includes('/') || spec.includes('\\');
}

export function resolveController(spec: string | undefined, scenario: Scenario, seed: number, opts: ResolveOptions = {}): ResolvedController {
  const catalog = opts.catalog ?? defaultCatalog;
  const resolved = resolveUnchecked(spec ?? scenario.controllers.spiking, { seed, controlRate_Hz: scenario.controlRate_Hz }, catalog, spec === undefined);
  const body = opts.body ?? scenario.createBody();
  try {
    if (resolved.specFile) checkSpecChannelsFit(resolved.specFile, body, `the body of scenario '${scenario.id}'`);
    checkChannelsFit(body, resolved.controller, `controller ${resolved.source}`, `the body of scenario '${scenario.id}'`);
  } finally {
    if (!opts.body) body.close?.();
  }
  return resolved;
}

/**
 * A preset id or a saved controller file, without a scenario (the ROS controller node: its body
 * is a robot profile, checked by the loop). A preset is built with `build`; a file keeps the
 * seed and rate it was saved with.
 */
export function resolveNamedController(spec: string, build: { readonly seed: number; readonly controlRate_Hz: number }, catalog: ExperimentCatalog = defaultCatalog): ResolvedController {
  return resolveUnchecked(spec, build, catalog, false);
}

function resolveUnchecked(spec: string, build: { readonly seed: number; readonly controlRate_Hz: number }, catalog: ExperimentCatalog, isDefault: boolean): ResolvedController {
  if (isDefault) {
    const preset = findPresetIn(catalog, spec);
    return { controller: preset.create(build), preset, source: presetSource(preset) };
  }
  const preset = presetIn(catalog, spec);
  if (preset) return { controller: preset.create(build), preset, source: presetSource(preset) };
  if (!existsSync(spec)) {
    const ids = catalog.presets.map((p) => p.id);
    const what = looksLikePath(spec) ? `no controller file '${spec}' was found` : `'${spec}' is not a controller preset, and no file of that name was found`;
    const message = `unknown controller: ${what}; controller presets are: ${ids.join(', ') || '(none registered)'}; or give the path of a saved controller (.json)`;
    throw looksLikePath(spec) ? new MissingControllerFileError(spec, ids, message) : new UnknownNameError('controller', spec, ids, message);
  }
  if (isControllerSpecFile(spec, textOrEmpty(spec))) {
    const specFile = loadControllerSpec(spec);
    const filePreset = presetFromSpec(specFile);
    return { controller: filePreset.create(build), preset: filePreset, source: `controller file '${spec}' (untrained)`, specFile };
  }
  const saved = readControllerFile(spec);
  const filePreset = presetOfSaved(saved, spec, catalog);
  if (!filePreset) {
    const ids = catalog.presets.map((p) => p.id);
    throw new UnknownNameError('controller', saved.preset, ids, `controller file '${spec}' is for preset '${saved.preset}', which this spikeloop does not have; controller presets are: ${ids.join(', ') || '(none registered)'}`);
  }
  return { controller: restoreController(saved, filePreset, spec), preset: filePreset, source: `file '${spec}'`, saved };
}
