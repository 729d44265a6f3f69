/**
 * The numeric fields of a plain object, flattened to dotted names in key order
 * (`{ success_rate: 1, metrics: { energy: 2 } }` → `success_rate`, `metrics.energy`). Reports
 * render evaluation summaries and episode results through this, so fields added to them later
 * (energy estimates, sparsity…) appear without touching the report. `null` stays a value (a
 * missing mean); strings, booleans and arrays are not numeric fields and are skipped.
 */
export interface NumericField {
  readonly name: string;
  readonly value: number | null;
}

export function numericFields(o: object, skip: ReadonlySet<string> = NO_SKIP): NumericField[] {
  const out: NumericField[] = [];
  collect(o, '', skip, out);
  return out;
}

const NO_SKIP: ReadonlySet<string> = new Set();

function collect(o: object, prefix: string, skip: ReadonlySet<string>, out: NumericField[]): void {
  for (const [k, v] of Object.entries(o)) {
    const name = prefix + k;
    if (skip.has(name)) continue;
    if (typeof v === 'number' || v === null) out.push({ name, value: v });
    else if (typeof v === 'object' && v !== undefined && !Array.isArray(v) && !ArrayBuffer.isView(v)) collect(v as object, `${name}.`, skip, out);
  }
}

/** The union of the field names of several objects, in first-seen order. */
export function fieldNames(rows: ReadonlyArray<readonly NumericField[]>): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const f of r) seen.add(f.name);
  return [...seen];
}
