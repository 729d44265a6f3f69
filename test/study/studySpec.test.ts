/** Study files: shapes, names and fits checked before anything runs, each error located in the file; run identities. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalog } from '../helpers/pointMassCatalog.js';
import { planStudy } from '../../experiments/study/planStudy.js';
import { studyConditions } from '../../experiments/study/studyConditions.js';
import { readStudySpec } from '../../experiments/study/studySpec.js';
import { meanInterval, tQuantile975 } from '../../experiments/study/studySummary.js';
import { parseRedisUrl, RedisUrlError } from '../../experiments/study/redisUrl.js';
import { MalformedRunError, parseRunPayload } from '../../experiments/study/runPayload.js';
import { SpecError } from '../../loop/specIssues.js';

const dir = mkdtempSync(join(tmpdir(), 'study-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function file(text: string, name = `s${n++}.yaml`): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const BASE = `study: t
scenarios: [point-mass-v0]
training:
  episodes: 4
  seeds: [3, 5]
evaluation:
  seed: 0
  episodes: 2
`;

async function planError(text: string): Promise<string> {
  const f = file(text);
  const e = await planStudy(f, { catalog }).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SpecError);
  return (e as Error).message.replaceAll(f, 'F');
}

describe('study file', () => {
  it('refuses unknown keys, at their line', async () => {
    expect(await planError(`${BASE}  colour: blue\n`)).toBe("F:9:11: evaluation.colour: unknown key 'colour'");
  });
  it('refuses unknown scenarios, controllers and metrics, naming the valid ones', async () => {
    const m = await planError(`${BASE.replace('[point-mass-v0]', '[point-mass-v0, nope-v9]')}controllers: [no-such-preset]\nmetrics: [wins]\n`);
    expect(m).toContain("F:2:28: scenarios[1]: unknown scenario 'nope-v9'; scenarios are: point-mass-v0");
    expect(m).toContain("F:9:15: controllers[0]: unknown controller 'no-such-preset': not a preset (presets are: point-mass-snn");
    expect(m).toContain("F:10:11: metrics[0]: unknown metric 'wins'");
  });
  it('refuses an empty grid, a grid with a list of conditions, and a condition named twice', async () => {
    expect(await planError(`${BASE}grid: {}\n`)).toContain('grid: expected at least one of control, perturb, overrides (an empty grid has no conditions)');
    expect(await planError(`${BASE}grid:\n  control: [none]\nconditions:\n  - name: a\n`)).toContain("grid: expected either 'conditions' (a list) or 'grid', not both");
    expect(await planError(`${BASE}conditions:\n  - name: a\n  - name: a\n`)).toContain("F:11:11: conditions[1].name: condition 'a' is named twice (conditions 1 and 2)");
  });
  it('refuses a perturbation that does not exist or does not fit the body, once per place in the grid', async () => {
    const m = await planError(`${BASE}grid:\n  control: [none, zero-reward]\n  perturb: [[], [no-such-perturbation]]\n`);
    expect(m.split('\n')).toHaveLength(1);
    expect(m).toMatch(/^F:11:17: grid\.perturb\[1\]: perturbation 'no-such-perturbation' on scenario 'point-mass-v0': unknown perturbation 'no-such-perturbation'; perturbations are: /);
  });
  it('refuses a controller (here a condition override) that does not fit the scenario', async () => {
    const other = file('format: spikeloop-controller-spec\nversion: 1\n', 'junk-controller.yaml');
    const m = await planError(`${BASE}conditions:\n  - name: a\n    overrides:\n      controller: ${other}\n`);
    expect(m).toContain('conditions[0].overrides.controller: ');
  });
  it('expands a grid in the order control × perturb × overrides, with readable names', () => {
    const spec = readStudySpec(file(`${BASE}grid:\n  control: [none, zero-reward]\n  overrides: [{episodes: 4}, {episodes: 8}]\n`));
    expect(studyConditions(spec).map((c) => c.name)).toEqual(['reward/episodes=4', 'reward/episodes=8', 'zero-reward/episodes=4', 'zero-reward/episodes=8']);
  });
});

describe('run identity', () => {
  it('is a content hash: the same study gives the same runs; another training seed or another spikeloop version gives others', async () => {
    const text = `${BASE}controllers: [point-mass-snn]\n`;
    const a = await planStudy(file(text), { catalog });
    const b = await planStudy(file(text), { catalog });
    expect(a.runs.map((r) => r.hash)).toEqual(b.runs.map((r) => r.hash));
    expect(a.runs).toHaveLength(3);
    const seeds = await planStudy(file(text.replace('[3, 5]', '[3, 6]')), { catalog });
    expect(seeds.runs[0]!.hash).toBe(a.runs[0]!.hash); // the baseline does not depend on training seeds
    expect(seeds.runs[1]!.hash).toBe(a.runs[1]!.hash);
    expect(seeds.runs[2]!.hash).not.toBe(a.runs[2]!.hash);
    const version = await planStudy(file(text), { catalog, identity: { spikeloop: '9.9.9', node: 20 } });
    expect(version.runs.every((r, i) => r.hash !== a.runs[i]!.hash)).toBe(true);
  });
  it('a controller file counts by its contents, not its path', async () => {
    const saved = join(dir, 'ctl');
    mkdirSync(join(saved, 'x'), { recursive: true });
    // A saved controller (a preset's untrained weights) in two places.
    const { resolveController } = await import('../../experiments/resolveController.js');
    const { saveController } = await import('../../controllers/presets/controllerFile.js');
    const { pointMassV0 } = await import('../helpers/pointMassScenarios.js');
    saveController(resolveController('point-mass-snn', pointMassV0, 4, { catalog }).controller, join(saved, 'a.json'));
    copyFileSync(join(saved, 'a.json'), join(saved, 'x', 'a.json'));
    const p1 = await planStudy(file(`${BASE}controllers: [ctl/a.json]\n`), { catalog });
    const p2 = await planStudy(file(`${BASE}controllers: [ctl/x/a.json]\n`), { catalog });
    expect(p1.runs[1]!.spec.controller!.file!.text.length).toBeGreaterThan(100);
    expect(p1.runs[1]!.spec.controller!.name).toBe('ctl/a.json');
    // The file travels as its text (the name as written is kept for the table): everything else is equal.
    expect({ ...p1.runs[1]!.spec, controller: null }).toEqual({ ...p2.runs[1]!.spec, controller: null });
    expect(p1.runs[1]!.spec.controller!.file!.text).toBe(p2.runs[1]!.spec.controller!.file!.text);
  });
  it('a job payload whose hash does not match its spec, or of another shape, is malformed', async () => {
    const a = await planStudy(file(BASE), { catalog });
    const run = a.runs[1]!;
    expect(parseRunPayload(JSON.parse(JSON.stringify(run)))).toEqual(run);
    expect(() => parseRunPayload({ ...run, spec: { ...run.spec, seed: 99 } })).toThrow(MalformedRunError);
    expect(() => parseRunPayload({ ...run, extra: 1 })).toThrow(/malformed job payload: payload: extra: unknown key 'extra'/);
    expect(() => parseRunPayload('run')).toThrow(/malformed job payload/);
  });
});

describe('intervals and URLs', () => {
  it("Student's t quantiles and the t-interval of per-seed values", () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(4)).toBe(2.776);
    // 0.5, 0.7, 0.9: mean 0.7, sd 0.2, half-width 4.303 × 0.2 / √3
    const m = meanInterval([0.5, 0.7, 0.9], true);
    expect(m.mean).toBeCloseTo(0.7, 12);
    expect(m.low).toBeCloseTo(0.7 - (4.303 * 0.2) / Math.sqrt(3), 12);
    expect(m.high).toBe(1); // clipped for a rate
    expect(meanInterval([0.4], true)).toMatchObject({ mean: 0.4, low: null, high: null });
  });
  it('parses redis://HOST:PORT[/db] and refuses other URLs, naming them', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6380/2').options).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2 });
    expect(parseRedisUrl('redis://:secret@h:1').url).toBe('redis://h:1');
    expect(() => parseRedisUrl('http://h:1')).toThrow(RedisUrlError);
    expect(() => parseRedisUrl('redis://h:1/first')).toThrow("--queue redis://h:1/first: database 'first' is not an integer ≥ 0");
    expect(() => parseRedisUrl('h:6379')).toThrow(/expected redis:\/\/ or rediss:\/\//);
  });
});
