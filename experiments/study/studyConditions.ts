/**
 * The conditions of a study, from its `conditions` list or its `grid` (every combination of the
 * grid's axes, in the order control × perturb × overrides), or one plain condition 'default'
 * when the file names neither. Each keeps the path of the keys it came from, so a later check
 * (an unknown perturbation, a control this version lacks) can point at the line in the file.
 */
import type { RewardControl } from '../rewardControl.js';
import type { StudyOverrides, StudySpec } from './studySpec.js';

export interface StudyCondition {
  readonly name: string;
  readonly control: RewardControl | null;
  readonly perturb: readonly string[];
  readonly overrides: StudyOverrides;
  /** Where each part came from in the study file (keys for locating errors). */
  readonly at: { readonly control?: readonly PropertyKey[]; readonly perturb?: readonly PropertyKey[]; readonly overrides?: readonly PropertyKey[]; readonly self: readonly PropertyKey[] };
}

function overridesName(o: StudyOverrides): string {
  return Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

/** A grid point's name: its control (or 'reward'), then its perturbations and overrides. */
function gridName(control: RewardControl | null, perturb: readonly string[], overrides: StudyOverrides | undefined): string {
  const parts = [control ?? 'reward'];
  if (perturb.length > 0) parts.push(perturb.join('+'));
  if (overrides && overridesName(overrides) !== '') parts.push(overridesName(overrides));
  return parts.join('/');
}

export function studyConditions(s: StudySpec): StudyCondition[] {
  if (s.conditions) {
    return s.conditions.map((c, i) => ({
      name: c.name,
      control: c.control ?? null,
      perturb: c.perturb ?? [],
      overrides: c.overrides ?? {},
      at: { self: ['conditions', i, 'name'], control: ['conditions', i, 'control'], perturb: ['conditions', i, 'perturb'], overrides: ['conditions', i, 'overrides'] },
    }));
  }
  const g = s.grid;
  if (!g) return [{ name: 'default', control: null, perturb: [], overrides: {}, at: { self: [] } }];
  const controls = g.control ?? [undefined];
  const perturbs = g.perturb ?? [undefined];
  const overrides = g.overrides ?? [undefined];
  const out: StudyCondition[] = [];
  controls.forEach((c, ci) =>
    perturbs.forEach((p, pi) =>
      overrides.forEach((o, oi) => {
        const control = c === undefined || c === 'none' ? null : c;
        out.push({
          name: gridName(control, p ?? [], o),
          control,
          perturb: p ?? [],
          overrides: o ?? {},
          at: { self: ['grid'], ...(c !== undefined ? { control: ['grid', 'control', ci] } : {}), ...(p !== undefined ? { perturb: ['grid', 'perturb', pi] } : {}), ...(o !== undefined ? { overrides: ['grid', 'overrides', oi] } : {}) },
        });
      }),
    ),
  );
  return out;
}
