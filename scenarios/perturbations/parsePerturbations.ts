/**
 * Perturbation specs as the CLI, launch files and episode jobs give them — a list of strings,
 * `name[:arg,arg,…]`, applied in order — parsed, checked and applied:
 *
 *   parsePerturbations(['mirror-lidar', 'dead-beams:19-27'], { body })  // checks, or throws located errors
 *   applyPerturbations(body, ['mirror-lidar', 'dead-beams:19-27'])      // the wrapped body
 *
 * Order: the first spec is nearest the body, as nested wrappers body → first → second →
 * controller. A sensor reading passes the first spec's change, then the second's; a command
 * passes the last spec's change first. Everything is a pure function of the strings, so a
 * worker thread that parses the same specs builds the same body.
 */
import type { Body } from '../../loop/body.js';
import { PerturbationError } from './perturbation.js';
import type { Perturbation } from './perturbation.js';
import { PerturbationArgs } from './perturbationArgs.js';
import { findPerturbation } from './registry.js';

export interface ParsedPerturbation {
  /** The spec as written. */
  readonly spec: string;
  readonly perturbation: Perturbation;
  /** Fresh argument readers for one application (each `apply` consumes its own). */
  args(): PerturbationArgs;
}

export interface ParsePerturbationsOptions {
  /** Also check every spec against this body (channels, sizes, ranges); it is not changed. */
  readonly body?: Body;
  /** How a spec is named in errors. @default "--perturb '<spec>'" */
  readonly where?: (spec: string, k: number) => string;
}

const defaultWhere = (spec: string) => `--perturb '${spec}'`;

/** Parses one spec's syntax: the name, bare arguments and `key=value` arguments. */
function parseOne(spec: string, where: string): ParsedPerturbation {
  if (typeof spec !== 'string' || spec.trim() === '') throw new PerturbationError(`${where}: empty perturbation spec; give a name such as 'mirror-lidar'`);
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const perturbation = findPerturbation(name, where);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  const positional: string[] = [];
  const keyed: (readonly [string, string])[] = [];
  if (colon >= 0) {
    if (rest.trim() === '') throw new PerturbationError(`${where}: nothing after ':' (usage: ${perturbation.usage})`);
    for (const part of rest.split(',')) {
      const p = part.trim();
      if (p === '') throw new PerturbationError(`${where}: empty argument between commas (usage: ${perturbation.usage})`);
      const eq = p.indexOf('=');
      if (eq < 0) positional.push(p);
      else keyed.push([p.slice(0, eq).trim(), p.slice(eq + 1).trim()]);
    }
  }
  return { spec, perturbation, args: () => new PerturbationArgs(spec, where, perturbation.usage, positional, keyed) };
}

/** Every spec parsed (unknown names list the valid ones); with `body`, each also checked on it, in order. */
export function parsePerturbations(specs: readonly string[], o: ParsePerturbationsOptions = {}): readonly ParsedPerturbation[] {
  if (!Array.isArray(specs)) throw new PerturbationError(`perturbations: expected a list of specs, got ${JSON.stringify(specs)}`);
  const where = o.where ?? defaultWhere;
  const parsed = specs.map((s, k) => parseOne(s, where(s, k)));
  // Applied to a throwaway chain of wrappers (never closed: closing would close the body).
  if (o.body) applyParsed(o.body, parsed);
  return parsed;
}

/** `body` with the perturbations applied in order (first nearest the body); the body itself when there are none. */
export function applyPerturbations(body: Body, specs: readonly string[] | readonly ParsedPerturbation[], o: Omit<ParsePerturbationsOptions, 'body'> = {}): Body {
  if (specs.length === 0) return body;
  const parsed = typeof specs[0] === 'string' ? parsePerturbations(specs as readonly string[], o) : (specs as readonly ParsedPerturbation[]);
  return applyParsed(body, parsed);
}

function applyParsed(body: Body, parsed: readonly ParsedPerturbation[]): Body {
  let b = body;
  for (const p of parsed) b = p.perturbation.apply(b, p.args());
  return b;
}

/** One line per perturbation for help texts and `spikeloop list`. */
export function describePerturbations(list: readonly Perturbation[]): string[] {
  return list.map((p) => `${p.usage}  —  ${p.summary}`);
}
