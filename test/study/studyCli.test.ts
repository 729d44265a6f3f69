/** `spikeloop study run/show` in-process on the point-mass fixture: progress, --json lines, the table, a re-run that skips everything. */
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCliIn } from '../helpers/captureCli.js';
import { catalog } from '../helpers/pointMassCatalog.js';
import { writePointMassStudy } from './pointMassStudy.js';

const root = mkdtempSync(join(tmpdir(), 'study-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = (...args: string[]) => captureCliIn(catalog, ...args);

describe('spikeloop study', () => {
  it('run prints progress per run and the table; --json gives one object per event then the summary; show prints the same table; a re-run skips every run', async () => {
    const file = writePointMassStudy(root);
    const out = join(root, 'd');
    const r = await cli('study', 'run', file, '--out', out, '--workers', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('study: 5 runs, 0 already done; running on 2 local worker threads');
    expect(r.err.match(/^done {4}point-mass-v0 /gm)).toHaveLength(5);
    expect(r.err).toMatch(/5\/5 runs done, 0 running, 0 failed, ETA –/);
    expect(r.out).toContain("study 'point-mass-small': 5/5 runs done; held-out evaluation: 4 episodes (eval seed 100) per run");
    expect(r.out).toMatch(/\n {2}zero-reward +point-mass-snn +2\/2 .* reward\n/);
    for (const f of ['results.jsonl', 'summary.json', 'report.html', 'study.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');

    const show = await cli('study', 'show', out);
    expect(show.code).toBe(0);
    expect(r.out.startsWith(show.out)).toBe(true);

    const again = await cli('study', 'run', file, '--out', out, '--json');
    expect(again.code).toBe(0);
    const lines = again.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ event: 'plan', runs: 5, done: 5 });
    expect(lines.at(-1)).toMatchObject({ format: 'spikeloop-study-summary', runs: 5, runs_done: 5 });
    expect(lines).toHaveLength(2);
  });
});
