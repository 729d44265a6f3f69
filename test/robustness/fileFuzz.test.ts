/**
 * Property-based fuzzing of every file format the CLI reads (issue 15): valid seed files are
 * mutated — values replaced by odd JSON values (huge, negative, fractional, wrong types), keys
 * deleted, subtrees duplicated, then the text truncated or spliced with bracket runs, alias
 * markers, quotes, NUL and BOM characters — and each loader must either accept the file with a
 * sane result or throw a located error (a RangeError/SpecError whose message names the file):
 * never a TypeError, a ReferenceError or an engine RangeError (call stack, array length).
 *
 * Seeded (FUZZ_SEED) and bounded (RUNS per format); limits are lowered while fuzzing so a
 * mutated `size: 9e6` is refused instead of allocated. The counts are printed at the end (the
 * README's robustness table); reproduce with `npx vitest run test/robustness/fileFuzz.test.ts`.
 * NIR files are fuzzed as graphs (nirInfo, nirToNetwork); their bytes are tested in
 * inputRegressions.test.ts (HDF5 in WebAssembly can loop forever on corrupt bytes, so bytes are
 * read in a worker with a deadline, too slow for many runs).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { openNetworkFile } from '../../controllers/persistence/openNetworkFile.js';
import { loadSavedNetwork } from '../../controllers/persistence/loadSavedNetwork.js';
import { savedNetworkOf } from '../../controllers/persistence/saveNetwork.js';
import { readControllerFile, savedControllerOf } from '../../controllers/presets/controllerFile.js';
import { loadControllerSpec } from '../../controllers/spec/loadControllerSpec.js';
import { loadProfile, PROFILES } from '../../bridges/ros2/profiles/registry.js';
import { loadLaunchFile } from '../../launch/launchFile/loadLaunchFile.js';
import { CURVE_HEADER, formatCurveRow, parseCurveCsv } from '../../experiments/curveCsv.js';
import { resolveNamedController } from '../../experiments/resolveController.js';
import { nirInfo } from '../../controllers/nir/nirInfo.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import type { NirGraphNode, NirNode } from '../../controllers/nir/nirGraph.js';
import { setLimits } from '../../loop/limits.js';
import { SpecError } from '../../loop/specIssues.js';

const FUZZ_SEED = 20_240_515;
const RUNS = 60;

/** An error that escaped from inside the engine or a parser rather than from a check. */
const INTERNAL = /Maximum call stack|Invalid (typed )?array length|Array buffer allocation|Invalid string length|out of memory|is not a function|Cannot read properties/i;

let garbageWhy = '';
type Outcome = 'accepted' | 'clear' | 'stack' | 'garbage';
interface Tally {
  tried: number;
  accepted: number;
  clear: number;
  stack: number;
  garbage: number;
  examples: string[];
}
const tallies = new Map<string, Tally>();

function record(format: string, outcome: Outcome, detail: string): void {
  let t = tallies.get(format);
  if (!t) tallies.set(format, (t = { tried: 0, accepted: 0, clear: 0, stack: 0, garbage: 0, examples: [] }));
  t.tried++;
  t[outcome]++;
  if ((outcome === 'stack' || outcome === 'garbage') && t.examples.length < 3) t.examples.push(detail);
}

/** Runs `load`; classifies the result. `sane` checks an accepted result. */
function classify<T>(format: string, source: string, load: () => T, sane: (r: T) => boolean = () => true): Outcome {
  let r: T;
  try {
    r = load();
  } catch (e) {
    const err = e as Error;
    const located = e instanceof RangeError && err.message.includes(basename(source)) && !INTERNAL.test(err.message);
    const outcome: Outcome = located ? 'clear' : 'stack';
    record(format, outcome, `${err.name}: ${err.message.slice(0, 200)}\n${err.stack?.split('\n').slice(1, 4).join('\n') ?? ''}`);
    return outcome;
  }
  const ok = sane(r);
  record(format, ok ? 'accepted' : 'garbage', `accepted a file with an invalid result: ${garbageWhy}`);
  return ok ? 'accepted' : 'garbage';
}

// ---- mutations ------------------------------------------------------------------------------

type Path = Array<string | number>;

function pathsOf(data: unknown, max = 2000): Path[] {
  const out: Path[] = [];
  const stack: Array<[unknown, Path]> = [[data, []]];
  while (stack.length > 0 && out.length < max) {
    const [v, p] = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, k) => stack.push([x, [...p, k]]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push([x, [...p, k]]);
  }
  return out;
}

function parentOf(root: unknown, p: Path): Record<string | number, unknown> | null {
  let v = root as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) v = v[k] as Record<string | number, unknown>;
  return v !== null && typeof v === 'object' ? v : null;
}

const oddValue = fc.oneof(
  fc.constantFrom<unknown>(1e9, 1e12, -1, 0, 0.5, 1.5, 4294967306, 2 ** 31, 1e308, -1e308, '', 'x', null, true, [], {}, [[]], [1e9], 'a'.repeat(300)),
  fc.jsonValue({ maxDepth: 2 }),
);

const dataOp = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), to: fc.nat() }),
);

const textOp = fc.oneof(
  fc.record({ kind: fc.constant('none' as const) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.oneof(fc.constantFrom('[[[[[[[[', '{{{{', ']]', '&a ', '*a', '"', "'", '\u0000', '\uFEFF', ':', '- ', '\n  ', '#', ',', '!!binary', '<<: *a'), fc.string({ maxLength: 12 })),
    repeat: fc.integer({ min: 1, max: 40 }),
  }),
);

type DataOp = { kind: 'set'; at: number; value: unknown } | { kind: 'delete'; at: number } | { kind: 'duplicate'; at: number; to: number };
type TextOp = { kind: 'none' } | { kind: 'truncate'; at: number } | { kind: 'splice'; at: number; text: string; repeat: number };

function mutateData(seed: unknown, ops: readonly DataOp[]): unknown {
  const root = { root: structuredClone(seed) } as Record<string, unknown>;
  for (const op of ops) {
    const paths = pathsOf(root).filter((p) => p.length > 0);
    if (paths.length === 0) break;
    const p = paths[op.at % paths.length]!;
    const parent = parentOf(root, p);
    if (!parent) continue;
    const key = p[p.length - 1]!;
    if (op.kind === 'set') parent[key] = structuredClone(op.value);
    else if (op.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else {
      const q = paths[op.to % paths.length]!;
      const qParent = parentOf(root, q);
      if (qParent && q.length > p.length) qParent[q[q.length - 1]!] = structuredClone(parent[key]);
    }
  }
  return root.root;
}

function mutateText(text: string, op: TextOp): string {
  if (op.kind === 'none') return text;
  const at = Math.floor(op.at * text.length);
  if (op.kind === 'truncate') return text.slice(0, at);
  return text.slice(0, at) + op.text.repeat(op.repeat) + text.slice(at);
}

// ---- formats --------------------------------------------------------------------------------

let dir: string;
let n = 0;
const fileFor = (ext: string, text: string) => {
  const f = join(dir, `fuzz${n++}${ext}`);
  writeFileSync(f, text);
  return f;
};

interface Format {
  readonly name: string;
  readonly ext: string;
  readonly seed: () => unknown;
  readonly write: (data: unknown) => string;
  readonly load: (file: string) => unknown;
  readonly sane?: (r: unknown) => boolean;
}

const json = (d: unknown) => JSON.stringify(d, null, 1);
const yaml = (d: unknown) => stringify(d);
const saneNetwork = (r: unknown) => {
  const net = (r as { net: ReturnType<typeof buildNetwork> }).net;
  return net.populations.length > 0 && net.populations.every((p) => Number.isInteger(p.size) && p.size > 0) && net.projections.every((p) => p.syn.nSyn >= 0);
};

const FORMATS: readonly Format[] = [
  { name: 'network spec (JSON)', ext: '.json', seed: () => JSON.parse(readFileSync('examples/networks/spike-times.json', 'utf8')), write: json, load: (f) => openNetworkFile(f), sane: saneNetwork },
  { name: 'network spec (YAML)', ext: '.yaml', seed: () => JSON.parse(JSON.stringify(openNetworkFile('examples/networks/rstdp-dopamine.yaml').net.spec)), write: yaml, load: (f) => openNetworkFile(f), sane: saneNetwork },
  {
    name: 'saved network',
    ext: '.json',
    seed: () => savedNetworkOf(openNetworkFile('examples/networks/spike-times.json').net),
    write: json,
    load: (f) => ({ net: loadSavedNetwork(f) }),
    sane: saneNetwork,
  },
  {
    name: 'controller file (JSON)',
    ext: '.json',
    seed: () => savedControllerOf(resolveNamedController('drone-hold-pid', { seed: 0, controlRate_Hz: 50 }).controller as never),
    write: json,
    load: (f) => readControllerFile(f),
  },
  { name: 'controller spec (YAML)', ext: '.yaml', seed: () => stripAnchors(readFileSync('controllers/files/minimal-avoid.yaml', 'utf8')), write: yaml, load: (f) => loadControllerSpec(f) },
  { name: 'robot profile (YAML)', ext: '.yaml', seed: () => structuredClone(PROFILES[0]), write: yaml, load: (f) => loadProfile(f) },
  { name: 'launch file (YAML)', ext: '.yaml', seed: () => stripAnchors(readFileSync('launch/sim_drone_forest.launch.yaml', 'utf8')), write: yaml, load: (f) => loadLaunchFile(f, { env: {} }) },
];

function stripAnchors(text: string): unknown {
  return JSON.parse(JSON.stringify(parseYaml(text)));
}
import { parse as parseYaml } from 'yaml';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spikeloop-fuzz-'));
  // Mutations ask for 1e9 neurons, 1e12 ms: refused by the same checks at lower limits, fast.
  setLimits({ neurons: 100_000, synapses: 1_000_000, populations: 1_000 });
});

afterAll(() => {
  setLimits({});
  rmSync(dir, { recursive: true, force: true });
  const rows = [...tallies].map(([f, t]) => `| ${f} | ${t.tried} | ${t.accepted} | ${t.clear} | ${t.stack} | 0 | ${t.garbage} |`);
  console.log(['| format | inputs tried | accepted | clear errors | stack traces | hangs | garbage accepted |', '|---|---|---|---|---|---|---|', ...rows].join('\n'));
});

describe('fuzzing every file format: a sane result or a located error', () => {
  for (const fmt of FORMATS) {
    it(fmt.name, () => {
      const seed = fmt.seed();
      // The unmutated seed loads.
      expect(classify(fmt.name, 'seed', () => fmt.load(fileFor(fmt.ext, fmt.write(seed))), fmt.sane)).toBe('accepted');
      fc.assert(
        fc.property(fc.array(dataOp, { maxLength: 4 }), textOp, (ops, top) => {
          const text = mutateText(fmt.write(mutateData(seed, ops as DataOp[])) ?? '', top as TextOp);
          const file = fileFor(fmt.ext, text);
          const o = classify(fmt.name, file, () => fmt.load(file), fmt.sane);
          return o === 'accepted' || o === 'clear';
        }),
        { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
      );
    });
  }

  it('curve.csv', () => {
    const row = { episode: 0, round: 1, seed: 5, outcome: 'goal', return: 1.5, success: 1, collisions: 0, time_to_goal_s: 3.2, steps: 160, spikes_per_step: 2.5, synops_per_step: 10, wall_s: 0.1, error: '' };
    const seedText = CURVE_HEADER + formatCurveRow(row) + formatCurveRow({ ...row, episode: 1, error: 'a, "quoted" error' });
    fc.assert(
      fc.property(fc.array(textOp, { minLength: 1, maxLength: 3 }), (ops) => {
        const text = (ops as TextOp[]).reduce(mutateText, seedText);
        const o = classify('curve.csv', 'curve.csv', () => parseCurveCsv(text, 'curve.csv'), (rows) => rows.every((r) => typeof r.outcome === 'string' && typeof r.episode === 'number'));
        return o === 'accepted' || o === 'clear';
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it('NIR graphs (nir info, nir import)', () => {
    const arr = (n: number, v: number) => ({ shape: [n], data: new Float64Array(n).fill(v) });
    const nodeArb: fc.Arbitrary<NirNode> = fc.oneof(
      fc.integer({ min: 0, max: 5 }).map((k) => ({ type: 'Input' as const, shape: [k], metadata: {} })),
      fc.integer({ min: 0, max: 5 }).map((k) => ({ type: 'Output' as const, shape: [k], metadata: {} })),
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.double({ min: -1, max: 1e12, noNaN: true })).map(([k, tau]) => ({
        type: 'LIF' as const,
        params: { tau: arr(k, tau), r: arr(k, 1), v_leak: arr(k, 0), v_threshold: arr(k, 1), v_reset: arr(k, 0) },
        metadata: {},
      })),
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.double({ min: -1, max: 1e12, noNaN: true })).map(([k, d]) => ({ type: 'Delay' as const, params: { delay: arr(k, d) }, metadata: {} })),
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).map(([o, i]) => ({
        type: 'Affine' as const,
        params: { weight: { shape: [o, i], data: new Float64Array(o * i).fill(0.5) }, bias: arr(o, 0.1) },
        metadata: {},
      })),
    ) as fc.Arbitrary<NirNode>;
    const names = ['input', 'a', 'b', 'c', 'output'];
    const graphArb = fc
      .tuple(fc.array(nodeArb, { minLength: names.length, maxLength: names.length }), fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 8 }), fc.boolean())
      .map(([nodes, edges, nest]) => {
        const g: NirGraphNode = { type: 'NIRGraph', nodes: Object.fromEntries(names.map((nm, k) => [nm, nodes[k]!])), edges: edges.map(([a, b]) => [names[a % 5]!, names[b % 5]!] as const), metadata: {} };
        return nest ? ({ type: 'NIRGraph', nodes: { sub: g, x: nodes[0]! }, edges: [['x', 'sub']], metadata: {} } as NirGraphNode) : g;
      });
    fc.assert(
      fc.property(graphArb, (g) => {
        const a = classify('NIR graph', 'g.nir', () => nirInfo({ version: '0.5', graph: g }));
        const b = classify('NIR graph', 'g.nir', () => nirToNetwork(g, { source: 'g.nir', dt_ms: 1 }), (imp) => {
          // What import writes, simulate must accept: build it.
          try {
            buildNetwork(imp.spec, { seed: 0 });
            return true;
          } catch (e) {
            garbageWhy = `nir import wrote a spec that does not build: ${(e as Error).message}`;
            return false;
          }
        });
        return (a === 'accepted' || a === 'clear') && (b === 'accepted' || b === 'clear');
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it('no format threw a stack trace or accepted garbage', () => {
    const bad = [...tallies].filter(([, t]) => t.stack > 0 || t.garbage > 0);
    expect(bad.map(([f, t]) => `${f}: ${t.examples.join('\n---\n')}`)).toEqual([]);
  });
});
