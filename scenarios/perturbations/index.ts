/** Body changes as named, composable specs (`--perturb`): the contract, the registry, the parser. */
export type { Perturbation } from './perturbation.js';
export { PerturbationError } from './perturbation.js';
export { PerturbationArgs } from './perturbationArgs.js';
export type { ChannelTarget } from './perturbationArgs.js';
export { PERTURBATIONS, registerPerturbation, findPerturbation } from './registry.js';
export { parsePerturbations, applyPerturbations, describePerturbations } from './parsePerturbations.js';
export type { ParsedPerturbation, ParsePerturbationsOptions } from './parsePerturbations.js';
export { seededPermutation } from './permuteLidar.js';
