import { describe, expect, it } from 'vitest';
import { commandLineText } from '../../experiments/report/commandLine.js';
import { escapeXml } from '../../experiments/report/escapeXml.js';
import { histogram } from '../../experiments/report/histogram.js';
import { movingAverage } from '../../experiments/report/movingAverage.js';
import { numericFields } from '../../experiments/report/numericFields.js';
import { reportHtml, scopeSvgIds } from '../../experiments/report/reportHtml.js';
import { formatCell, summaryTable } from '../../experiments/report/reportTables.js';
import { plotsDirFor } from '../../experiments/report/writeReport.js';
import type { EvalSummary } from '../../experiments/evalSummary.js';

describe('report helpers', () => {
  it('escapes every text it shows', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const page = reportHtml(
      {
        kind: 'evaluation',
        scenario: '<script>alert(1)</script>',
        facts: [['controller', 'file "<img src=x>"']],
        evaluations: [],
        evaluationNote: '',
        raster: null,
        weights: { before: null, after: { '<w>': Float32Array.of(1, 3) } },
      },
      {},
      { spikeloop: '0', node: 'v20', vega: '6', vegaLite: '6' },
      [],
    );
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('histogram: equal-width bins, last bin closed, values outside counted apart', () => {
    const h = histogram(Float32Array.of(0, 0.5, 1, 1.5, 2, -1, NaN, 3), 4, 0, 2);
    expect(Array.from(h.edges)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 2]);
    expect(h.outside).toBe(3);
    // Values on inner edges go to the bin they open, even where (v − lo)/width rounds down.
    const vs = Array.from({ length: 101 }, (_, i) => 0.1 + i * 0.003);
    const g = histogram(vs, 7, 0.1, 0.4);
    for (let i = 0; i < 7; i++) expect(g.counts[i]).toBe(vs.filter((v) => v >= g.edges[i]! && (i === 6 ? v <= g.edges[7]! : v < g.edges[i + 1]!)).length);
  });

  it('moving average: trailing window mean of the finite values', () => {
    const m = movingAverage([1, 2, NaN, 4, 5, 6], 3);
    expect(Array.from(m)).toEqual([1, 1.5, 1.5, 3, 4.5, 5]);
    expect(movingAverage([NaN], 2)[0]).toBeNaN();
  });

  it('numeric fields: nested objects flattened to dotted names in key order, null kept, text skipped', () => {
    const f = numericFields({ a: 1, s: 'x', b: { c: null, d: { e: 2 } }, t: true, arr: [1, 2], f: 3 }, new Set(['f']));
    expect(f).toEqual([
      { name: 'a', value: 1 },
      { name: 'b.c', value: null },
      { name: 'b.d.e', value: 2 },
    ]);
  });

  it('summary table: one row per numeric field with a value, readable labels with units, — where one is missing', () => {
    const base = { scenario: 's', episodes: 4, seed: 0, learning: false, success_rate: 0.5, collision_rate: 0, mean_reward: 1.23456, mean_time_to_goal_s: null, errors: 0, spikes_per_step: 0, synops_per_step: 0, mean_steps: 10, metrics: {}, reward_terms: {} };
    const a = { ...base, controller: 'a' } as EvalSummary;
    const b = { ...base, controller: 'b', energy_per_step_J: 2.5e-9 } as unknown as EvalSummary;
    const html = summaryTable([a, b]);
    const row = html.match(/<tr data-field="energy_per_step_J">(.*?)<\/tr>/)![1]!;
    expect(row).toBe('<td>energy per step (J)</td><td>—</td><td>2.5×10⁻⁹</td>');
    expect(html).toContain('<tr data-field="mean_reward"><td>return per episode (reward)</td><td>1.23</td><td>1.23</td></tr>');
    expect(html).toContain('<tr data-field="success_rate"><td>success (%)</td><td>50</td><td>50</td></tr>');
    // Null for every controller: no row of dashes.
    expect(html).not.toContain('data-field="mean_time_to_goal_s"');
    expect(formatCell(1234567.8)).toBe('1.235e+6');
    expect(formatCell(-0.0123456)).toBe('-0.01235');
  });

  it('command lines are quoted for a POSIX shell', () => {
    expect(commandLineText(['train', 'drone-forest-v1', '--out', 'runs/a b', "--controller", "it's.json"])).toBe(`spikeloop train drone-forest-v1 --out 'runs/a b' --controller 'it'\\''s.json'`);
  });

  it('plots go to plots/ beside report.html, <stem>_plots/ beside any other name', () => {
    expect(plotsDirFor('/r/x/report.html')).toBe('/r/x/plots');
    expect(plotsDirFor('/r/x/eval-best.html')).toBe('/r/x/eval-best_plots');
  });

  it('ids inside an inline SVG get the chart prefix, references too', () => {
    expect(scopeSvgIds('<clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"><use href="#clip1"/></g>', 'raster')).toBe('<clipPath id="raster-clip1"><rect/></clipPath><g clip-path="url(#raster-clip1)"><use href="#raster-clip1"/></g>');
  });
});
