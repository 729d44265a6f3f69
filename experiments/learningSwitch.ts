/**
 * Whether a controller can learn, and the one check behind every learning flag (`--learning`,
 * `--no-learning`, `learning:` in the API): asking a controller without plasticity to learn is
 * an error, not a silent no-op. A controller has plasticity when its network has a projection
 * with a learning or homeostasis rule (weights that change while it runs), or, without a network,
 * when it declares `plastic` (a non-spiking learner); a non-spiking baseline and a spiking
 * controller with only fixed weights have none.
 */
import type { PresetController } from '../controllers/presets/preset.js';

export function hasPlasticity(c: PresetController): boolean {
  if (c.network === null) return c.plastic === true;
  return c.network.projections.some((p) => p.rules.length > 0);
}

/** Asked to learn, a controller without plasticity cannot: says so. */
export class NoPlasticityError extends RangeError {
  constructor(readonly controller: string, flag: string) {
    super(`${flag}: controller ${controller} has no plasticity (no learning rule on any projection), so it cannot learn; drop ${flag}`);
    this.name = 'NoPlasticityError';
  }
}

/**
 * The learning switch for an evaluation: `asked` if given (refused with a NoPlasticityError when
 * it is `true` for a controller that cannot learn), else `fallback` (the scenario's mode).
 */
export function learningFor(c: PresetController, label: string, asked: boolean | undefined, fallback: boolean, flag = '--learning'): boolean {
  if (asked === undefined) return fallback;
  if (asked && !hasPlasticity(c)) throw new NoPlasticityError(label, flag);
  return asked;
}
