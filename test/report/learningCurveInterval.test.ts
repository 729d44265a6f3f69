/**
 * The learning curve's validation points carry their 95 % Wilson interval when the validation
 * size is known (train passes it): one interval per validation, at the episodes done, equal to
 * wilsonInterval(successes, n), drawn as one rule each; without the size, none.
 */
import { describe, expect, it } from 'vitest';
import type { CurveRow } from '../../experiments/curveCsv.js';
import { learningCurveData, learningCurveSpec } from '../../experiments/report/learningCurveSpec.js';
import { renderChartSvg } from '../../experiments/report/renderChart.js';
import { wilsonInterval } from '../../experiments/stats/wilsonInterval.js';
import type { ValidationPoint } from '../../experiments/trainingCheckpoint.js';
import { markItems } from './svgMarks.js';

const rows: CurveRow[] = Array.from({ length: 12 }, (_, k) => ({
  episode: k,
  round: k + 1,
  seed: k,
  outcome: 'terminated',
  return: k,
  success: k % 2,
  collisions: 0,
  time_to_goal_s: 1,
  steps: 10,
  spikes_per_step: 0,
  synops_per_step: 0,
  wall_s: 0,
  error: '',
}));
const N = 30;
const val: ValidationPoint[] = [0, 4, 8, 12].map((e, i) => ({ round: e, episodes_done: e, success_rate: [3, 12, 21, 27][i]! / N, mean_reward: i, errors: 0 }));

describe('learning curve: validation intervals', () => {
  it('one Wilson interval per validation at its episodes done; none without the validation size', () => {
    const d = learningCurveData(rows, val, N);
    expect(d.validationSuccessInterval.map((p) => [p.episodes, p.low, p.high])).toEqual(val.map((v, i) => [v.episodes_done, ...wilsonInterval([3, 12, 21, 27][i]!, N)]));
    expect(learningCurveData(rows, val).validationSuccessInterval).toEqual([]);
  });

  it('draws one interval rule per validation, and says in the subtitle that validation is frozen', async () => {
    const spec = learningCurveSpec(rows, val, 600, N);
    expect(JSON.stringify(spec)).toContain('held-out validations of the frozen controller on 30 episodes each');
    const { svg } = await renderChartSvg(spec);
    expect(markItems(svg, 'validationSuccessInterval', 'line')).toHaveLength(val.length);
    expect(markItems(svg, 'validationSuccess', 'path')).toHaveLength(val.length);
  });
});
