/**
 * arm-reach-weak-v1 — arm-reach-v1 with a weak shoulder.
 *
 * Everything as arm-reach-v1 (armReach.ts) but the shoulder's velocity target (element 0 of
 * `joint_velocity_target`) reaches its motor at 60 % (`weak-actuator:joint_velocity_target[0]=0.6`,
 * perturbations/weakActuator.ts): the shoulder moves 40 % slower than commanded, so a controller
 * tuned on the intact arm undershoots with the shoulder and sweeps a different path. Same as
 * `spikeloop … arm-reach-v1 --perturb 'weak-actuator:joint_velocity_target[0]=0.6'`.
 * Versions: v1 — first version.
 */
import { ARM_REACH_V1 } from './armReach.js';
import { perturbedScenario } from './perturbedScenario.js';

export const ARM_REACH_WEAK_V1 = perturbedScenario({
  id: 'arm-reach-weak-v1',
  summary: 'arm-reach-v1 with the shoulder 40 % weaker (body change: weak-actuator:joint_velocity_target[0]=0.6)',
  base: ARM_REACH_V1,
  perturb: ['weak-actuator:joint_velocity_target[0]=0.6'],
});
