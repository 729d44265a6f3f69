/**
 * What a user writes after `--hardware`, turned into a validated HardwareSpec:
 *  - a preset name: float, int8, int4, int2, binary;
 *  - an inline spec `<kind>:<key>=<value>,…` with kind
 *      int        keys weights (bits), membrane, current (state bits; both or neither), seed
 *      memristor  keys levels, noise, noise_mode (program|read), drift_nu, drift_nu_sd,
 *                 drift_t0_s, age_s, drift_compensation (true|false), stuck, stuck_high, seed;
 *  - a JSON or YAML file (.json, .yaml, .yml) holding a HardwareSpec object.
 * Every error is a SpecError naming the text or file, the field and what was expected.
 */
import { existsSync } from 'node:fs';
import { loadSpecFile, validateSpec } from '../../loop/specFile.js';
import { SpecError } from '../../loop/specIssues.js';
import type { HardwareSpec } from './hardwareSpec.js';
import { HARDWARE_PRESETS } from './hardwareSpec.js';
import { hardwareSchema } from './hardwareSchema.js';

const INLINE_KEYS = {
  int: { weights: 'weights.bits', membrane: 'state.membraneBits', current: 'state.currentBits', seed: 'seed' },
  memristor: {
    levels: 'memristor.levels',
    noise: 'memristor.noise',
    noise_mode: 'memristor.noiseMode',
    drift_nu: 'memristor.driftNu',
    drift_nu_sd: 'memristor.driftNuSd',
    drift_t0_s: 'memristor.driftT0_s',
    age_s: 'memristor.age_s',
    drift_compensation: 'memristor.driftCompensation',
    stuck: 'memristor.stuck',
    stuck_high: 'memristor.stuckHigh',
    seed: 'seed',
  },
} as const;

type InlineKind = keyof typeof INLINE_KEYS;

const PRESET_NAMES = Object.keys(HARDWARE_PRESETS);

export const HARDWARE_HELP = `hardware model: a preset (${PRESET_NAMES.join(', ')}), an inline spec
  int:weights=<bits>[,membrane=<bits>,current=<bits>][,seed=<n>]
  memristor:[levels=<n>,][noise=<σ/G_max>,][noise_mode=program|read,][drift_nu=<ν>,][drift_nu_sd=<σν>,]
            [drift_t0_s=<s>,][age_s=<s>,][drift_compensation=true|false,][stuck=<fraction>,]
            [stuck_high=<fraction>,][seed=<n>]
or a JSON/YAML file with { weights: {bits}, state: {membraneBits, currentBits}, memristor: {levels, noise,
noiseMode, driftNu, driftNuSd, driftT0_s, age_s, driftCompensation, stuck, stuckHigh}, seed }`;

function setPath(o: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[keys[keys.length - 1]!] = v;
}

function parseInline(text: string): HardwareSpec {
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const fail = (message: string): never => {
    throw new SpecError(`hardware spec '${text}'`, [{ path: '', message }]);
  };
  if (!(kind in INLINE_KEYS)) fail(`unknown kind '${kind}'; expected int:… or memristor:… (or a preset: ${PRESET_NAMES.join(', ')})`);
  const keys = INLINE_KEYS[kind as InlineKind] as Record<string, string>;
  const data: Record<string, unknown> = { name: text };
  const body = text.slice(colon + 1).trim();
  if (kind === 'memristor') data.memristor = {};
  for (const item of body === '' ? [] : body.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) fail(`'${item}' is not key=value`);
    const key = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    const path = keys[key];
    if (path === undefined) fail(`unknown key '${key}' for ${kind}; expected one of ${Object.keys(keys).join(', ')}`);
    const num = Number(raw);
    setPath(data, path!, raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(num) ? num : raw);
  }
  if (kind === 'int' && data.weights === undefined) fail('int needs weights=<bits>');
  const st = data.state as Record<string, unknown> | undefined;
  if (st && (st.membraneBits === undefined || st.currentBits === undefined)) fail('integer state needs both membrane=<bits> and current=<bits>');
  return { ...validateSpec(hardwareSchema, data, `hardware spec '${text}'`), name: text };
}

/** Parses `--hardware <text>` (see the module doc). */
export function parseHardwareSpec(text: string): HardwareSpec {
  const t = text.trim();
  if (t in HARDWARE_PRESETS) return HARDWARE_PRESETS[t as keyof typeof HARDWARE_PRESETS];
  if (/^[a-z]+:/.test(t) && !existsSync(t)) return parseInline(t);
  if (/\.(json|ya?ml)$/i.test(t)) {
    const spec = loadSpecFile(hardwareSchema, t);
    return { ...spec, name: spec.name ?? t };
  }
  throw new SpecError(`hardware spec '${t}'`, [{ path: '', message: `not a preset (${PRESET_NAMES.join(', ')}), an inline int:… or memristor:… spec, or a .json/.yaml file` }]);
}

/** Checks a spec built in TypeScript like a file (a SpecError naming the field). */
export function validateHardwareSpec(spec: HardwareSpec, source = `hardware spec '${spec.name}'`): HardwareSpec {
  return { ...validateSpec(hardwareSchema, spec, source), name: spec.name };
}
