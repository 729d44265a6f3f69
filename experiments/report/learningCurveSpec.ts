/**
 * The learning curve of a training run, two panels over "training episodes done":
 *  - return: every training episode's return (one point per episode, at x = episode + 1), its
 *    trailing moving average, and the mean return of each held-out validation (one point per
 *    validation, at the episodes done when it ran; 0 = the untrained weights);
 *  - success rate: the moving average of training success and each validation's success rate,
 *    joined by a line and, given the validation size, with its 95 % Wilson interval as an error
 *    bar. Validation runs the frozen controller (train.ts), so this line is what the weights have
 *    learned; the training average (plasticity on) is not.
 * Mark names (Vega writes `<name>_marks` into the group's class): trainingReturn,
 * trainingReturnAverage, validationReturn, trainingSuccessAverage, validationSuccess,
 * validationSuccessLine, validationSuccessInterval.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CurveRow } from '../curveCsv.js';
import type { ValidationPoint } from '../trainingCheckpoint.js';
import { MOVING_WINDOW_EPISODES, movingAverage } from './movingAverage.js';
import { wilsonInterval } from '../stats/wilsonInterval.js';

/** A validation's 95 % Wilson interval of success, at the episodes done when it ran. */
export interface IntervalPoint {
  readonly episodes: number;
  readonly low: number;
  readonly high: number;
  readonly series: string;
}

export interface CurvePoint {
  readonly episodes: number;
  readonly value: number | null;
  readonly series: string;
}

export interface LearningCurveData {
  readonly trainingReturn: readonly CurvePoint[];
  readonly trainingReturnAverage: readonly CurvePoint[];
  readonly validationReturn: readonly CurvePoint[];
  readonly trainingSuccessAverage: readonly CurvePoint[];
  readonly validationSuccess: readonly CurvePoint[];
  /** Empty without the validation size. */
  readonly validationSuccessInterval: readonly IntervalPoint[];
}

const SERIES = {
  trainingReturn: 'training episode',
  trainingReturnAverage: `training, moving average (${MOVING_WINDOW_EPISODES} episodes)`,
  validationReturn: 'held-out validation',
  trainingSuccessAverage: `training, moving average (${MOVING_WINDOW_EPISODES} episodes)`,
  validationSuccess: 'held-out validation (frozen)',
} as const;


const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export function learningCurveData(curve: readonly CurveRow[], validation: readonly ValidationPoint[], validationEpisodes?: number): LearningCurveData {
  const n = validationEpisodes;
  const intervals = n !== undefined && Number.isSafeInteger(n) && n >= 1
    ? validation.filter((v) => Number.isFinite(v.success_rate)).map((v) => {
        const [low, high] = wilsonInterval(Math.min(n, Math.max(0, Math.round(v.success_rate * n))), n);
        return { episodes: v.episodes_done, low, high, series: SERIES.validationSuccess };
      })
    : [];
  const returns = curve.map((r) => r.return);
  const avgReturn = movingAverage(returns, MOVING_WINDOW_EPISODES);
  const avgSuccess = movingAverage(curve.map((r) => r.success), MOVING_WINDOW_EPISODES);
  const at = (series: string, ys: ArrayLike<number>) => curve.map((r, i) => ({ episodes: r.episode + 1, value: finiteOrNull(ys[i]!), series }));
  return {
    trainingReturn: at(SERIES.trainingReturn, returns),
    trainingReturnAverage: at(SERIES.trainingReturnAverage, avgReturn),
    validationReturn: validation.map((v) => ({ episodes: v.episodes_done, value: finiteOrNull(v.mean_reward), series: SERIES.validationReturn })),
    trainingSuccessAverage: at(SERIES.trainingSuccessAverage, avgSuccess),
    validationSuccess: validation.map((v) => ({ episodes: v.episodes_done, value: finiteOrNull(v.success_rate), series: SERIES.validationSuccess })),
    validationSuccessInterval: intervals,
  };
}

const X = { field: 'episodes', type: 'quantitative', title: 'training episodes done (count)', scale: { zero: true } } as const;
const color = (domain: readonly string[], range: readonly string[]) => ({ field: 'series', type: 'nominal', title: null, scale: { domain: [...domain], range: [...range] } }) as const;

export function learningCurveSpec(curve: readonly CurveRow[], validation: readonly ValidationPoint[], width = 800, validationEpisodes?: number): TopLevelSpec {
  const d = learningCurveData(curve, validation, validationEpisodes);
  const returnColors = color([SERIES.trainingReturn, SERIES.trainingReturnAverage, SERIES.validationReturn], ['#9ecae1', '#08519c', '#e6550d']);
  // Same series names as above, so the success panel shares the legend.
  const successColors = { ...color([SERIES.trainingSuccessAverage, SERIES.validationSuccess], ['#08519c', '#e6550d']), legend: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Learning curve',
      subtitle: `${curve.length} training episodes, ${validation.length} held-out validations of the frozen controller${validationEpisodes !== undefined ? ` on ${validationEpisodes} episodes each (bars: 95 % Wilson interval)` : ''}`,
    },
    vconcat: [
      {
        width,
        height: 220,
        layer: [
          // The average first, so the episode points stay visible on top of it.
          { name: 'trainingReturnAverage', data: { values: [...d.trainingReturnAverage] }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x: X, y: { field: 'value', type: 'quantitative', title: 'return (reward per episode)' }, color: returnColors } },
          { name: 'trainingReturn', data: { values: [...d.trainingReturn] }, mark: { type: 'point', filled: true, size: 30, opacity: 0.9, stroke: '#08519c', strokeWidth: 0.5 }, encoding: { x: X, y: { field: 'value', type: 'quantitative' }, color: returnColors } },
          { name: 'validationReturn', data: { values: [...d.validationReturn] }, mark: { type: 'point', filled: true, size: 50 }, encoding: { x: X, y: { field: 'value', type: 'quantitative' }, color: returnColors } },
        ],
      },
      {
        width,
        height: 160,
        layer: [
          { name: 'trainingSuccessAverage', data: { values: [...d.trainingSuccessAverage] }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x: X, y: { field: 'value', type: 'quantitative', title: 'success (fraction)', scale: { domain: [0, 1] } }, color: successColors } },
          ...(d.validationSuccessInterval.length > 0
            ? [{ name: 'validationSuccessInterval', data: { values: [...d.validationSuccessInterval] }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: X, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: successColors } }]
            : []),
          { name: 'validationSuccessLine', data: { values: [...d.validationSuccess] }, mark: { type: 'line', strokeWidth: 1.5, strokeDash: [4, 2] }, encoding: { x: X, y: { field: 'value', type: 'quantitative' }, color: successColors } },
          { name: 'validationSuccess', data: { values: [...d.validationSuccess] }, mark: { type: 'point', filled: true, size: 50 }, encoding: { x: X, y: { field: 'value', type: 'quantitative' }, color: successColors } },
        ],
      },
    ],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}
