/**
 * The learning-curve file `curve.csv` of a training run: one row per training episode, in
 * episode order, with the header
 *
 *   episode,round,seed,outcome,return,success,collisions,time_to_goal_s,steps,
 *   spikes_per_step,synops_per_step,wall_s,error
 *
 * `episode` is k of `episodeSeed(seed, 'train', k)` (0-based) and `seed` that episode seed;
 * `round` counts training rounds from 1. Numbers are written in JavaScript's shortest exact
 * form (a float64 read back is the same float64); a missing value (NaN, e.g. time_to_goal_s of
 * an episode that never reached the goal) is an empty field. `wall_s` is the only column that
 * differs between two runs of the same seed. `error` says why an episode's weight change was
 * discarded (physics blow-up, NaN parameters); it is quoted when it holds a comma or quote.
 */

export const CURVE_COLUMNS = [
  'episode',
  'round',
  'seed',
  'outcome',
  'return',
  'success',
  'collisions',
  'time_to_goal_s',
  'steps',
  'spikes_per_step',
  'synops_per_step',
  'wall_s',
  'error',
] as const;

export const CURVE_HEADER = `${CURVE_COLUMNS.join(',')}\n`;

export interface CurveRow {
  readonly episode: number;
  readonly round: number;
  readonly seed: number;
  readonly outcome: string;
  readonly return: number;
  readonly success: number;
  readonly collisions: number;
  readonly time_to_goal_s: number;
  readonly steps: number;
  readonly spikes_per_step: number;
  readonly synops_per_step: number;
  readonly wall_s: number;
  /** Empty when the episode's weight change was used. */
  readonly error: string;
}

function num(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

function quote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCurveRow(r: CurveRow): string {
  const cells = CURVE_COLUMNS.map((c) => {
    const v = r[c];
    return typeof v === 'number' ? num(v) : quote(v);
  });
  return `${cells.join(',')}\n`;
}

/** Splits one CSV line into fields (RFC 4180 quoting, no newlines inside fields). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new RangeError('unterminated quoted field');
        s += line.slice(i, q);
        if (line[q + 1] === '"') {
          s += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(s);
      if (i < line.length && line[i] !== ',') throw new RangeError(`expected ',' after a quoted field at column ${i + 1}`);
      i++;
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** Reads `curve.csv` text; errors name the line. */
export function parseCurveCsv(text: string, source = 'curve.csv'): CurveRow[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || `${lines[0]}\n` !== CURVE_HEADER) throw new RangeError(`${source}: expected the header '${CURVE_HEADER.trim()}'`);
  return lines.slice(1).map((line, k) => {
    let f: string[];
    try {
      f = splitCsvLine(line);
    } catch (e) {
      throw new RangeError(`${source}:${k + 2}: ${(e as Error).message}`);
    }
    if (f.length !== CURVE_COLUMNS.length) throw new RangeError(`${source}:${k + 2}: ${f.length} fields, expected ${CURVE_COLUMNS.length}`);
    const row: Record<string, number | string> = {};
    CURVE_COLUMNS.forEach((c, i) => {
      const s = f[i]!;
      if (c === 'outcome' || c === 'error') row[c] = s;
      else {
        const v = s === '' ? NaN : Number(s);
        if (s !== '' && Number.isNaN(v)) throw new RangeError(`${source}:${k + 2}: ${c} is not a number: '${s}'`);
        row[c] = v;
      }
    });
    return row as unknown as CurveRow;
  });
}
