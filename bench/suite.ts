/** A benchmark suite: runs its cases and returns one plain JSON-able row per case. */
export interface BenchRow {
  /** Case id, e.g. 'coba' or 'drone-forest-lidar16'. */
  readonly case: string;
  readonly [metric: string]: number | string | boolean | null;
}

export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  /** `quick` shortens the run (used by smoke tests); figures are then less precise. `mode` selects another set of cases (`--mode`). */
  run(opts: { quick: boolean; log: (line: string) => void; mode?: string }): Promise<BenchRow[]>;
  /** Modes `--mode` may name (the default run when absent). */
  readonly modes?: readonly string[];
}

/** Wall-clock timer for benchmarks only (components never read the clock). */
export function nowSeconds(): number {
  return performance.now() / 1000;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Formats rows as one aligned block per case (rows differ in their metrics). */
export function formatTable(rows: readonly BenchRow[]): string {
  if (rows.length === 0) return '(no rows)';
  const cell = (v: unknown): string =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)) : String(v ?? '');
  return rows
    .map((r) => {
      const keys = Object.keys(r).filter((k) => k !== 'case' && r[k] !== null && r[k] !== undefined);
      const w = Math.max(...keys.map((k) => k.length));
      return [`[${r.case}]`, ...keys.map((k) => `  ${k.padEnd(w)}  ${cell(r[k])}`)].join('\n');
    })
    .join('\n\n');
}
