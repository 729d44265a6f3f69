/**
 * Test fixture: point-mass scenarios (see pointMassBody.ts and pointMassTask.ts).
 *  - 'point-mass-v0': reach the goal within 3 s; train-only plasticity, 8 episodes in batches of 4;
 *  - 'point-mass-online-v0': the same with online plasticity (learning within eval episodes);
 *  - 'point-mass-faulty-v0': a third of the episodes blow up (NaN position) at a seeded time;
 *  - 'point-mass-cm-v0': the offset sensor reports centimetres (no 'm' controller fits).
 */
import type { Body } from '../../loop/body.js';
import { findBodyLayer } from '../../loop/wrappers/bodyWrapper.js';
import type { PlasticityMode, Scenario } from '../../scenarios/scenario.js';
import type { PointMassOptions } from './pointMassBody.js';
import { PointMassBody } from './pointMassBody.js';
import { POINT_MASS_KIND } from './pointMassPresets.js';
import { PointMassTask } from './pointMassTask.js';

function pointMassScenario(id: string, summary: string, body: PointMassOptions, plasticity: PlasticityMode = 'train-only'): Scenario {
  const timeLimit_s = 3;
  return {
    id,
    summary,
    bodyKind: POINT_MASS_KIND,
    controlRate_Hz: 50,
    timeLimit_s,
    controllers: { spiking: 'point-mass-snn', baseline: 'point-mass-p' },
    training: { episodes: 8, batch: 4, plasticity },
    createBody: () => new PointMassBody(body),
    // The body may come wrapped (recording, noise…): the task judges the point mass inside.
    createTask: (b: Body) => {
      const pm = findBodyLayer(b, PointMassBody);
      if (!pm) throw new TypeError(`${id}: the body is not a PointMassBody`);
      return new PointMassTask(pm, timeLimit_s);
    },
  };
}

export const pointMassV0 = pointMassScenario('point-mass-v0', 'test fixture: move a 1-D point mass to a goal', {});
export const pointMassOnline = pointMassScenario('point-mass-online-v0', 'test fixture: point mass, online plasticity', {}, 'online');
export const pointMassFaulty = pointMassScenario('point-mass-faulty-v0', 'test fixture: point mass whose physics blows up in some episodes', { faultProbability: 1 / 3 });
export const pointMassCm = pointMassScenario('point-mass-cm-v0', 'test fixture: point mass with an offset sensor in cm', { offsetUnit: 'cm' });
