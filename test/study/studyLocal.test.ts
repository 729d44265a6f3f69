import { mkdtempSync, readFileSync, rmSync, existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalog } from '../helpers/pointMassCatalog.js';
import { planStudy } from '../../experiments/study/planStudy.js';
import { runStudyLocal } from '../../experiments/study/runStudyLocal.js';
import { writeStudyOutputs } from '../../experiments/study/studyOutputs.js';
import { resultFile } from '../../experiments/study/studyDir.js';
import { writePointMassStudy } from './pointMassStudy.js';

const root = mkdtempSync(join(tmpdir(), 'study-local-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function runLocal(out: string, workers: number) {
  const plan = await planStudy(writePointMassStudy(root), { catalog });
  const outcome = await runStudyLocal(plan, { out, workers, catalog });
  const written = await writeStudyOutputs(plan, out);
  return { plan, outcome, written, jsonl: readFileSync(written.files.results, 'utf8') };
}

describe('study run, local worker threads', () => {
  it('gives the same results.jsonl with 1 and 2 workers, skips finished runs and redoes a missing one identically', async () => {
    const one = await runLocal(join(root, 'one'), 1);
    expect(one.plan.runs).toHaveLength(5); // baseline + 2 conditions × 2 seeds
    expect(one.outcome.failed).toEqual([]);
    expect(one.outcome.done).toBe(5);
    const rows = one.jsonl.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; condition: string; seed: number | null; training_episodes: number | null; validation: unknown[] });
    expect(rows.map((r) => [r.kind, r.condition, r.seed])).toEqual([
      ['baseline', 'baseline', null],
      ['train', 'short', 0],
      ['train', 'short', 1],
      ['train', 'longer', 0],
      ['train', 'longer', 1],
    ]);
    expect(rows[3]!.training_episodes).toBe(12);
    // validate_every 1 with batches of 4: the untrained point and one per round.
    expect(rows[1]!.validation).toHaveLength(3);
    expect(rows[3]!.validation).toHaveLength(4);

    const two = await runLocal(join(root, 'two'), 2);
    expect(two.jsonl).toBe(one.jsonl);

    const again = await runLocal(join(root, 'two'), 2);
    expect(again.outcome.skipped).toBe(5);
    expect(again.outcome.done).toBe(0);
    expect(again.jsonl).toBe(one.jsonl);

    // A run whose result is lost (killed before it was written) runs again, from its checkpoint, to the same row.
    unlinkSync(resultFile(join(root, 'two'), two.plan.runs[2]!.hash));
    const resumed = await runLocal(join(root, 'two'), 1);
    expect(resumed.outcome.done).toBe(1);
    expect(resumed.jsonl).toBe(one.jsonl);
    expect(existsSync(join(root, 'two', 'report.html'))).toBe(true);
    const summary = JSON.parse(readFileSync(join(root, 'two', 'summary.json'), 'utf8')) as { conditions: Array<{ condition: string; runs_done: number; episodes: number }> };
    expect(summary.conditions.map((c) => [c.condition, c.runs_done, c.episodes])).toEqual([
      ['baseline', 1, 4],
      ['short', 2, 8],
      ['longer', 2, 8],
    ]);
  });
});
