/**
 * What this spikeloop can vary in a study besides seeds and training settings: perturbations
 * (the CLI's vocabulary, parsed by scenarios/perturbations when this version has it) and reward
 * controls (zero, shuffled or negated reward). A study asking for one this version lacks is
 * refused before anything runs, at the key in the file, saying so — never run without it.
 *
 * The perturbation parser is looked up at run time, so a spikeloop built before perturbations
 * existed still reads study files (and refuses `perturb`) instead of failing to load.
 */

export interface StudyCapabilities {
  /** Throws a RangeError naming the bad entry; null when this version has no perturbations. */
  readonly checkPerturbations: ((specs: readonly string[]) => void) | null;
  /** Whether training takes a reward control (`control` on trainController). */
  readonly rewardControls: boolean;
}

type PerturbationModule = { readonly parsePerturbations?: (specs: readonly string[]) => unknown };

let cached: Promise<StudyCapabilities> | undefined;

export function studyCapabilities(): Promise<StudyCapabilities> {
  cached ??= detect();
  return cached;
}

async function detect(): Promise<StudyCapabilities> {
  let mod: PerturbationModule | null = null;
  // A variable specifier: the module may not exist in this version (then there are no perturbations).
  const where = '../../scenarios/perturbations/index.js';
  try {
    mod = (await import(where)) as PerturbationModule;
  } catch {
    mod = null;
  }
  const parse = mod?.parsePerturbations;
  return {
    checkPerturbations: parse
      ? (specs) => {
          parse(specs);
        }
      : null,
    rewardControls: false,
  };
}
