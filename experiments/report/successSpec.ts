/**
 * The first chart of a report: did it learn, and how does it compare?
 *  - training reports: the held-out validation's success rate against the training episodes
 *    done (0 = the untrained weights), each with its Wilson 95 % interval over the validation's
 *    episodes, and the final held-out evaluation of the baseline (and the others) as reference
 *    lines. Training success is NOT plotted here: with plasticity on it is not a test.
 *  - evaluation reports: each controller's success rate with its Wilson 95 % interval.
 * Mark names: validationSuccess, validationInterval, validationLine, referenceSuccess;
 * controllerSuccess, controllerInterval.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ValidationPoint } from '../trainingCheckpoint.js';
import { wilson } from './metricCatalog.js';

/**
 * A y axis with long category labels gets its title level, above the labels' end: Vega
 * measures text without a canvas in Node and underestimates long labels, so a rotated title
 * beside them would overlap them.
 */
export const TITLE_ABOVE = { titleAngle: 0, titleAlign: 'right', titleBaseline: 'bottom', titleX: -6, titleY: -6 } as const;

/** Default chart width (CSS px); the page scales charts down to fit narrower screens. */
export const CHART_WIDTH = 560;

export interface SuccessReference {
  readonly label: string;
  readonly rate: number;
  readonly episodes: number;
}

export interface ValidationSuccessPoint {
  readonly episodes: number;
  readonly success_pct: number;
  readonly low_pct: number;
  readonly high_pct: number;
}

export function validationSuccessData(validation: readonly ValidationPoint[], episodesPerValidation: number): ValidationSuccessPoint[] {
  return validation.map((v) => {
    const ci = wilson(Math.round(v.success_rate * episodesPerValidation), episodesPerValidation) ?? { low: v.success_rate, high: v.success_rate };
    return { episodes: v.episodes_done, success_pct: 100 * v.success_rate, low_pct: 100 * ci.low, high_pct: 100 * ci.high };
  });
}

const Y = { field: 'success_pct', type: 'quantitative', title: 'success (% of held-out episodes)', scale: { domain: [0, 100] } } as const;

export function validationSuccessSpec(
  validation: readonly ValidationPoint[],
  episodesPerValidation: number,
  o: { readonly frozen: boolean; readonly references?: readonly SuccessReference[]; readonly width?: number } = { frozen: true },
): TopLevelSpec {
  const d = validationSuccessData(validation, episodesPerValidation);
  const series = `validation: ${episodesPerValidation} held-out episodes${o.frozen ? ', weights frozen' : ', plasticity on'}, 95 % interval`;
  const refs = (o.references ?? []).map((r) => ({ series: `${r.label}: final evaluation, ${r.episodes} episodes`, success_pct: 100 * r.rate }));
  const domain = [series, ...refs.map((r) => r.series)];
  const range = ['#08519c', '#e6550d', '#31a354', '#756bb1', '#636363'].slice(0, domain.length);
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain, range }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 } } as const;
  const X = { field: 'episodes', type: 'quantitative', title: 'training episodes done (count)', scale: { zero: true, nice: false }, axis: { tickMinStep: 1 } } as const;
  const values = d.map((p) => ({ ...p, series }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Did it learn? Held-out success vs training', subtitle: `${validation.length} validations on seeds never trained on; 0 = the untrained weights` },
    width: o.width ?? CHART_WIDTH,
    height: 220,
    layer: [
      { name: 'validationInterval', data: { values }, mark: { type: 'rule', strokeWidth: 2, opacity: 0.45 }, encoding: { x: X, y: { field: 'low_pct', type: 'quantitative', title: Y.title, scale: Y.scale }, y2: { field: 'high_pct' }, color } },
      { name: 'validationLine', data: { values }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x: X, y: Y, color } },
      { name: 'validationSuccess', data: { values }, mark: { type: 'point', filled: true, size: 55, opacity: 1 }, encoding: { x: X, y: Y, color } },
      ...(refs.length > 0 ? [{ name: 'referenceSuccess', data: { values: refs }, mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { y: Y, color } }] : []),
    ],
  } as unknown as TopLevelSpec;
}

export interface ControllerSuccess {
  readonly controller: string;
  readonly rate: number;
  readonly episodes: number;
}

export function controllerSuccessSpec(rows: readonly ControllerSuccess[], width = CHART_WIDTH): TopLevelSpec {
  const values = rows.map((r) => {
    const ci = wilson(Math.round(r.rate * r.episodes), r.episodes) ?? { low: r.rate, high: r.rate };
    return { controller: r.controller, success_pct: 100 * r.rate, low_pct: 100 * ci.low, high_pct: 100 * ci.high };
  });
  const controllers = rows.map((r) => r.controller);
  const Yc = { field: 'controller', type: 'nominal', title: 'controller', sort: controllers, axis: { labelLimit: 0, ...TITLE_ABOVE } } as const;
  const Xs = { field: 'success_pct', type: 'quantitative', title: 'success (% of held-out episodes), 95 % Wilson interval', scale: { domain: [0, 100] } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Success on held-out episodes', subtitle: `${rows[0]?.episodes ?? 0} episodes per controller, the same seeds for each` },
    width: Math.max(200, width - 260),
    height: { step: 28 },
    data: { values },
    layer: [
      { name: 'controllerInterval', mark: { type: 'rule', strokeWidth: 3, opacity: 0.45, color: '#08519c' }, encoding: { y: Yc, x: { ...Xs, field: 'low_pct' }, x2: { field: 'high_pct' } } },
      { name: 'controllerSuccess', mark: { type: 'point', filled: true, size: 70, color: '#08519c', opacity: 1 }, encoding: { y: Yc, x: Xs } },
    ],
  } as unknown as TopLevelSpec;
}
