/**
 * User errors of the experiment commands (run, train, eval) as CliErrors: an unknown scenario or
 * controller, a controller whose channels do not fit the body, a bad or misfitting --perturb, a
 * learning flag on a controller without plasticity, or a training run that cannot
 * start or resume as asked exit with 2; a missing, unreadable or invalid file, or a controller that
 * cannot be saved (non-finite weights), exits with 1 (as in `simulate`). Anything else is a bug
 * and keeps its stack.
 */
import { SpecError } from '../controllers/network/specIssues.js';
import { ControllerSaveError } from '../controllers/presets/controllerFile.js';
import { ChannelMismatchError } from '../loop/controlTick.js';
import { CliError } from './cliError.js';
import { UnknownNameError } from '../experiments/catalog.js';
import { TrainingSetupError } from '../experiments/train.js';
import { MissingControllerFileError } from '../experiments/resolveController.js';
import { PerturbationError } from '../scenarios/perturbations/perturbation.js';
import { NoPlasticityError } from '../experiments/learningSwitch.js';
import { NoInnateMapError } from '../experiments/innateGain.js';

export function asCliError(e: unknown): unknown {
  if (e instanceof MissingControllerFileError) return new CliError(e.message, 1);
  if (e instanceof UnknownNameError || e instanceof ChannelMismatchError || e instanceof TrainingSetupError) return new CliError(e.message, 2);
  if (e instanceof PerturbationError || e instanceof NoPlasticityError || e instanceof NoInnateMapError) return new CliError(e.message, 2);
  if (e instanceof SpecError || e instanceof ControllerSaveError) return new CliError(e.message, 1);
  return e;
}

/** Runs `f`, turning user errors into CliErrors. */
export async function withCliErrors<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw asCliError(e);
  }
}
