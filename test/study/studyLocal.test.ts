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
    const rows = one.jsonl.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; condition: string; control: string | null; seed: number | null; training_episodes: number | null; validation: unknown[]; eval_episodes: number });
    expect(rows.map((r) => [r.kind, r.condition, r.control, r.seed])).toEqual([
      ['baseline', 'baseline', null, null],
      ['train', 'reward', null, 0],
      ['train', 'reward', null, 1],
      ['train', 'zero-reward', 'zero-reward', 0],
      ['train', 'zero-reward', 'zero-reward', 1],
    ]);
    expect(rows.every((r) => r.eval_episodes === 4)).toBe(true);
    // validate_every 1 with batches of 4: the untrained point and one per round.
    expect(rows[1]!.validation).toHaveLength(3);
    // The control is the same training with the reward replaced: a different result from the same seeds.
    expect(JSON.stringify(rows[3]!.validation)).not.toBe(JSON.stringify(rows[1]!.validation));

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
    const summary = JSON.parse(readFileSync(join(root, 'two', 'summary.json'), 'utf8')) as { conditions: Array<{ condition: string; runs_done: number; episodes: number; control_of: string | null }> };
    expect(summary.conditions.map((c) => [c.condition, c.runs_done, c.episodes, c.control_of])).toEqual([
      ['baseline', 1, 4, null],
      ['reward', 2, 8, null],
      ['zero-reward', 2, 8, 'reward'],
    ]);
  });
});
