/**
 * The options every experiment command shares for issue #13's body changes and learning switch:
 * `--perturb <spec>` (repeatable, applied in order: scenarios/perturbations) and
 * `--learning` / `--no-learning` (plasticity on or off within each episode, for any controller;
 * without either, the scenario's mode). Commands add them with `addBodyChangeOptions`, so `run`,
 * `eval`, `train` and the ROS simulator node parse them the same way.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { PERTURBATIONS } from '../scenarios/perturbations/registry.js';

/** Collects a repeatable option's values in order. */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function perturbOption(): Option {
  return new Option('--perturb <spec>', 'change the body: a perturbation spec, e.g. mirror-lidar, dead-beams:19-27, weak-actuator:cmd_linear=0.6 (repeatable, applied in order; see below)').argParser(collect);
}

/** `--learning` and `--no-learning`; the value is undefined when neither is given. */
export function learningOptions(): Option[] {
  return [
    new Option('--learning', 'plasticity ON within each episode (weights reset before each), for any plastic controller'),
    new Option('--no-learning', "plasticity OFF (frozen weights) for any controller; default: the scenario's mode"),
  ];
}

export function addPerturbOption<C extends Command>(cmd: C): C {
  cmd.addOption(perturbOption());
  return cmd;
}

export function addLearningOptions<C extends Command>(cmd: C): C {
  for (const o of learningOptions()) cmd.addOption(o);
  return cmd;
}

/** Parses a gain ≥ 0. */
function gainArg(raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`expected a gain ≥ 0, got '${raw}'.`);
  return v;
}

/** `--innate-gain <g>`: scale a controller file's innate map (experiments/innateGain.ts). */
export function innateGainOption(): Option {
  return new Option('--innate-gain <g>', "ablation: scale the controller file's innate map by g ≥ 0 (0 removes it; a controller without one is refused)").argParser(gainArg);
}

/** Help text listing the perturbations (built when the help is shown, so registered ones appear). */
export function perturbHelp(): string {
  return [
    '--perturb <spec> changes the body (a wrapper outside the simulation, so the same on a real',
    "robot). Several are applied in order, the first nearest the body. Perturbations:",
    ...PERTURBATIONS.map((p) => `  ${p.usage}\n      ${p.summary}`),
  ].join('\n');
}
