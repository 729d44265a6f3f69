/**
 * Per-episode metrics of an evaluation: every numeric field of each episode's result (return,
 * steps, duration, each task metric, each reward term's sum, the controller's activity), one
 * small chart per field with episode k of the held-out seeds on x and one colour per evaluated
 * controller. Fields come from the results themselves (numericFields.ts), so new metrics appear
 * without touching the report. Mark name: `episodeMetric`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import type { NumericField } from './numericFields.js';
import { numericFields } from './numericFields.js';

/** Episode-result fields that identify the episode or are not per-episode measures. */
const EPISODE_LABEL_FIELDS: ReadonlySet<string> = new Set(['seed']);

/** The evaluated episodes of one controller (episode k ran on eval seed k). */
export interface EvaluatedEpisodes {
  readonly controller: string;
  readonly results: readonly EpisodeResult[];
}

export interface EpisodeRow {
  readonly controller: string;
  readonly episode: number;
  readonly seed: number;
  readonly outcome: string;
  readonly fields: readonly NumericField[];
}

export function episodeRows(e: EvaluatedEpisodes): EpisodeRow[] {
  // The loop's profile (wall-clock timings) is not a property of the episode.
  return e.results.map((r, k) => ({ controller: e.controller, episode: k, seed: r.seed, outcome: r.outcome, fields: numericFields({ ...r, profile: undefined }, EPISODE_LABEL_FIELDS) }));
}

export interface EpisodeMetricPoint {
  readonly controller: string;
  readonly episode: number;
  readonly field: string;
  readonly value: number;
}

export function episodeMetricsData(evaluations: readonly EvaluatedEpisodes[]): EpisodeMetricPoint[] {
  const out: EpisodeMetricPoint[] = [];
  for (const e of evaluations) {
    for (const row of episodeRows(e)) {
      for (const f of row.fields) if (f.value !== null && Number.isFinite(f.value)) out.push({ controller: row.controller, episode: row.episode, field: f.name, value: f.value });
    }
  }
  return out;
}

export function episodeMetricsSpec(evaluations: readonly EvaluatedEpisodes[], title: string): TopLevelSpec {
  const data = episodeMetricsData(evaluations);
  const fields = [...new Set(data.map((d) => d.field))];
  const controllers = evaluations.map((e) => e.controller);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'episode k runs on held-out seed k for every controller' },
    data: { values: data },
    facet: { field: 'field', type: 'nominal', title: null, sort: fields, header: { labelFontWeight: 'bold' } },
    columns: 4,
    spec: {
      width: 150,
      height: 90,
      name: 'episodeMetric',
      mark: { type: 'point', filled: true, size: 22, opacity: 0.85 },
      encoding: {
        x: { field: 'episode', type: 'quantitative', title: 'episode k', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'controller', type: 'nominal', title: 'controller', sort: controllers, scale: { domain: controllers }, legend: { orient: 'top', direction: 'vertical' } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}
