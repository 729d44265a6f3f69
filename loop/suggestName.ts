/**
 * "Did you mean …?" for a name that is not among the valid ones: the valid name equal to it
 * ignoring case, one that extends it by a unit suffix (`tauMem` → `tauMem_ms`), or the closest
 * within two edits. Undefined when nothing is close.
 */
export function suggestName(name: string, valid: Iterable<string>): string | undefined {
  const all = [...valid];
  const lower = name.toLowerCase();
  const exact = all.find((v) => v.toLowerCase() === lower);
  if (exact) return exact;
  const unitless = all.find((v) => v.toLowerCase().startsWith(`${lower}_`));
  if (unitless) return unitless;
  let best: string | undefined;
  let bestD = 3;
  for (const v of all) {
    const d = editDistance(lower, v.toLowerCase());
    if (d < bestD) [best, bestD] = [v, d];
  }
  return best;
}

/** ` (did you mean 'x'?)` or ''. */
export function didYouMean(name: string, valid: Iterable<string>): string {
  const s = suggestName(name, valid);
  return s !== undefined ? ` (did you mean '${s}'?)` : '';
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}
