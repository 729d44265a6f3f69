/**
 * The study's table as text (`spikeloop study show`, and the end of `study run`): per scenario,
 * one line per condition — runs done of planned, each tabulated metric as mean [95 % interval
 * across seeds], success pooled over the held-out episodes with its Wilson interval, and which
 * condition a reward control controls.
 */
import type { ConditionSummary, MetricInterval, StudySummary } from './studySummary.js';

const num = (v: number | null, d = 3) => (v === null ? '–' : v.toFixed(d));

function cell(m: MetricInterval | undefined): string {
  if (!m || m.mean === null) return '–';
  return m.low === null ? num(m.mean) : `${num(m.mean)} [${num(m.low)}, ${num(m.high)}]`;
}

function pooled(c: ConditionSummary): string {
  if (c.episodes === 0) return '–';
  const w = c.success_wilson;
  return `${c.successes}/${c.episodes} [${num(w?.low ?? null)}, ${num(w?.high ?? null)}]`;
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd());
}

export function formatStudyTable(s: StudySummary): string {
  const out: string[] = [`study '${s.study}': ${s.runs_done}/${s.runs} runs done; held-out evaluation: ${s.evaluation.episodes} episodes (eval seed ${s.evaluation.seed}) per run`];
  const scenarios = [...new Set(s.conditions.map((c) => c.scenario))];
  for (const sc of scenarios) {
    out.push('', `${sc}   (metrics: mean over seeds [95 % t-interval across seeds]; success pooled over episodes [Wilson 95 %])`);
    const head = ['condition', 'controller', 'runs', ...s.metrics, 'success pooled', 'control of'];
    const rows = s.conditions
      .filter((c) => c.scenario === sc)
      .map((c) => [c.condition, c.controller, `${c.runs_done}/${c.runs_planned}`, ...s.metrics.map((m) => cell(c.metrics[m])), pooled(c), c.control_of ?? '']);
    out.push(...pad([head, ...rows]).map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
}
