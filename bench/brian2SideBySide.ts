/**
 * Brian2 side by side in `npm run bench -- snn`: the COBA and CUBA networks of
 * bench/networks/vogelsAbbott.ts simulated by spikeloop and by Brian2 (bench/brian2/vogels_abbott.py:
 * same parameters, initial state, delay 0, refractory counted as Brian2 counts it) in the same
 * process tree — Brian2 is handed spikeloop's synapses and seeded initial state, so both run the
 * very same network — in interleaved rounds (spikeloop, Brian2, spikeloop, … per model), so a loaded
 * machine slows both alike. Each round is the same work on both sides: from the seeded initial
 * state, 100 ms untimed, then `bio_s` timed.
 *
 * What is timed is the simulation itself, in CPU seconds (the ratio is computed from these):
 *  - spikeloop: process.cpuUsage() around runSteps (user + system, this process);
 *  - Brian2 C++ standalone: `device._last_run_time`, Brian2's std::clock() around its step loop
 *    in a single-threaded build (compilation, code generation, connectivity and initialisation
 *    excluded — the binary is compiled once and run once per round);
 *  - Brian2 cython / numpy (runtime, opt-in): time.process_time() around net.run().
 * Wall seconds are reported beside (Brian2 standalone: clock_gettime around the same run).
 *
 * Brian2 runs when `/usr/bin/python3 -c 'import brian2'` works (Debian's python3-brian; another
 * interpreter via SPIKELOOP_BRIAN2_PYTHON), with a scratch HOME; otherwise this prints why and
 * returns no rows. Devices: SPIKELOOP_BENCH_BRIAN2_DEVICES (comma-separated, default
 * `cpp_standalone`; `cython` and `numpy` also work, cython compiles for minutes). Rounds:
 * SPIKELOOP_BENCH_ROUNDS (default 3, at least 3). Brian2's COBA method:
 * SPIKELOOP_BENCH_BRIAN2_COBA_METHOD (default `exponential_euler`, the method spikeloop's
 * coba-lif uses and Brian2 picks for these equations; `euler` is cheaper and less accurate).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from '../controllers/network/buildNetwork.js';
import { buildNetwork } from '../controllers/network/buildNetwork.js';
import type { Network } from '../controllers/network/network.js';
import { runSteps } from '../controllers/network/networkStep.js';
import { resetNetwork } from '../controllers/network/resetNetwork.js';
import { cobaSpec, cubaSpec } from './networks/vogelsAbbott.js';
import type { BenchRow } from './suite.js';
import { nowSeconds } from './suite.js';

type Model = 'coba' | 'cuba';
const MODELS: readonly Model[] = ['coba', 'cuba'];
const SPECS = { coba: cobaSpec, cuba: cubaSpec };
const WARMUP_S = 0.1;
const SEED = 1;

/** One timed round of one simulator. */
interface Round {
  readonly cpu_s: number;
  readonly wall_s: number;
  readonly spikes: number;
  readonly syn_events: number;
  readonly synapses: number;
}

/** A simulator that runs one round per call. */
interface Simulator {
  readonly name: string;
  readonly simulator: 'spikeloop' | 'brian2';
  /** Engine (spikeloop: backend and precision) or device (Brian2). */
  readonly engine: string;
  round(): Promise<Round>;
  close(): void;
  /** spikeloop's network (its synapses and initial state are handed to Brian2). */
  readonly net?: Network;
}

/** spikeloop engines measured: the default (as built), the JS engine, float32 state. */
const SPIKELOOP_ENGINES: ReadonlyArray<{ readonly label: string; readonly opts: Pick<BuildOptions, 'backend' | 'precision'> }> = [
  { label: 'default', opts: {} },
  { label: 'js', opts: { backend: 'js' } },
  { label: 'wasm-f32', opts: { backend: 'wasm', precision: 'f32' } },
];

function spikeloopSimulator(model: Model, bio_s: number, opts: Pick<BuildOptions, 'backend' | 'precision'>, label: string): Simulator | null {
  let net: Network;
  try {
    net = buildNetwork(SPECS[model](), { seed: SEED, ...opts });
  } catch (err) {
    // e.g. f32 without the wasm engine (SPIKELOOP_ENGINE=js): that engine is not measured.
    void err;
    return null;
  }
  const engine = `${net.engine.backend}-${net.engine.precision}`;
  // A fallback to another engine would measure the same engine twice under two names.
  if (label !== 'default' && engine !== `${opts.backend ?? net.engine.backend}-${opts.precision ?? 'f64'}`) return null;
  const steps = Math.round((bio_s * 1000) / net.dt_ms);
  const warm = Math.round((WARMUP_S * 1000) / net.dt_ms);
  const synapses = net.projections.reduce((a, p) => a + p.syn.nSyn, 0);
  return {
    name: `spikeloop-${label === 'default' ? engine : label}`,
    simulator: 'spikeloop',
    engine: label === 'default' ? `${engine} (default)` : engine,
    round: async () => {
      resetNetwork(net, SEED);
      runSteps(net, warm);
      const spikes0 = net.counters.spikesTotal;
      const ops0 = net.counters.synOpsTotal;
      const c0 = process.cpuUsage();
      const w0 = nowSeconds();
      runSteps(net, steps);
      const wall_s = nowSeconds() - w0;
      const c = process.cpuUsage(c0);
      return { cpu_s: (c.user + c.system) / 1e6, wall_s, spikes: net.counters.spikesTotal - spikes0, syn_events: net.counters.synOpsTotal - ops0, synapses };
    },
    close: () => {},
    net,
  };
}

/**
 * The network Brian2 should simulate, as the JSON bench/brian2/vogels_abbott.py --network reads:
 * spikeloop's synapses (exc→all and inh→all; pre indices within their population, post indices
 * 0–3999 with exc first) and its seeded initial state, so both simulators run the same network.
 */
function networkFile(net: Network, dir: string, model: Model): string {
  const pop = (name: string) => net.populations.find((p) => p.name === name)!;
  const exc = pop('exc');
  const inh = pop('inh');
  const side = (pre: string) => {
    const prs: number[] = [];
    const posts: number[] = [];
    for (const np of net.projections) {
      const p = np.syn;
      if (net.populations[p.preIndex] !== pop(pre)) continue;
      const offset = net.populations[p.postIndex] === exc ? 0 : exc.size;
      for (let s = 0; s < p.nSyn; s++) {
        prs.push(p.preOf[s]!);
        posts.push(p.postOf[s]! + offset);
      }
    }
    return [prs, posts];
  };
  resetNetwork(net, SEED);
  const state = (name: string) => [exc, inh].flatMap((q) => (q.dynamics.kind === 'neurons' ? Array.from(q.dynamics.neurons.variables[name]!) : []));
  const [exc_pre, exc_post] = side('exc');
  const [inh_pre, inh_post] = side('inh');
  const data: Record<string, number[]> = { exc_pre: exc_pre!, exc_post: exc_post!, inh_pre: inh_pre!, inh_post: inh_post!, v_mV: state('v_mV') };
  if (model === 'coba') {
    data.gExc_nS = state('gExc_nS');
    data.gInh_nS = state('gInh_nS');
  }
  const file = join(dir, `${model}-network.json`);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** The Brian2 script, found from either the sources (bench/) or the build (dist/bench/). */
function brian2Script(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 4; k++) {
    const f = join(dir, 'bench', 'brian2', 'vogels_abbott.py');
    if (existsSync(f)) return f;
    const g = join(dir, 'brian2', 'vogels_abbott.py');
    if (existsSync(g)) return g;
    dir = dirname(dir);
  }
  return null;
}

const python = () => process.env.SPIKELOOP_BRIAN2_PYTHON || '/usr/bin/python3';

/** Why Brian2 cannot run here, or null when it can. */
export function brian2Unavailable(home: string): string | null {
  if (brian2Script() === null) return 'bench/brian2/vogels_abbott.py not found';
  const r = spawnSync(python(), ['-c', 'import brian2'], { env: { ...process.env, HOME: home }, encoding: 'utf8' });
  if (r.error) return `${python()} did not start (${r.error.message}); install Debian's python3-brian (apt-get install python3-brian)`;
  if (r.status !== 0) return `${python()} -c 'import brian2' failed; install Debian's python3-brian (apt-get install python3-brian)`;
  return null;
}

/** Starts the Brian2 script for one model and device; resolves once it has built (and compiled). */
async function brian2Simulator(model: Model, device: string, bio_s: number, home: string, network: string, log: (l: string) => void): Promise<Simulator | null> {
  const method = process.env.SPIKELOOP_BENCH_BRIAN2_COBA_METHOD || 'exponential_euler';
  const args = [brian2Script()!, '--model', model, '--device', device, '--bio-s', String(bio_s), '--warmup-s', String(WARMUP_S), '--seed', String(SEED), '--coba-method', method, '--network', network];
  const child: ChildProcessWithoutNullStreams = spawn(python(), args, {
    env: { ...process.env, HOME: home, PYTHONWARNINGS: 'ignore' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const r = await lines.next();
    if (r.done) throw new Error(`the Brian2 script exited (${child.exitCode ?? 'killed'}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  try {
    const ready = await next();
    if (typeof ready.compile_s === 'number') log(`brian2 ${model} ${device}: compiled in ${ready.compile_s.toFixed(0)} s (not timed)`);
  } catch (err) {
    log(`brian2 ${model} ${device}: skipped — ${(err as Error).message}`);
    child.kill();
    return null;
  }
  return {
    name: `brian2-${device}`,
    simulator: 'brian2',
    engine: model === 'coba' ? `${device} (${method})` : device,
    round: async () => {
      child.stdin.write('run\n');
      const r = await next();
      return { cpu_s: r.cpu_s as number, wall_s: r.wall_s as number, spikes: r.spikes as number, syn_events: r.syn_events as number, synapses: r.synapses as number };
    },
    close: () => child.stdin.end(),
  };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Rows: one per (model, simulator) with medians over rounds, and one ratio row per model. */
export async function brian2SideBySide(opts: { quick: boolean; log: (line: string) => void }): Promise<BenchRow[]> {
  const { log } = opts;
  if (opts.quick) {
    log('brian2 side by side: skipped in --quick (compiling Brian2 standalone takes minutes); run without --quick');
    return [];
  }
  const home = mkdtempSync(join(tmpdir(), 'spikeloop-brian2-home-'));
  try {
    const why = brian2Unavailable(home);
    if (why !== null) {
      log(`brian2 side by side: skipped — ${why}`);
      return [];
    }
    const bio_s = 1;
    const rounds = Math.max(3, Number(process.env.SPIKELOOP_BENCH_ROUNDS) || 3);
    const devices = (process.env.SPIKELOOP_BENCH_BRIAN2_DEVICES || 'cpp_standalone').split(',').map((d) => d.trim()).filter(Boolean);
    log(`brian2 side by side: building and compiling Brian2 (${devices.join(', ')}) for COBA and CUBA; this takes minutes and is not timed`);
    const own = new Map(MODELS.map((m) => [m, SPIKELOOP_ENGINES.map((e) => spikeloopSimulator(m, bio_s, e.opts, e.label)).filter((s): s is Simulator => s !== null)]));
    // Brian2 gets spikeloop's synapses and initial state (the default engine's network; every
    // engine builds the same one from the seed). Both models compile at once (two cores);
    // nothing is timed until every simulator is ready.
    const files = new Map(MODELS.map((m) => [m, networkFile(own.get(m)![0]!.net!, home, m)]));
    const b2 = await Promise.all(MODELS.flatMap((m) => devices.map((d) => brian2Simulator(m, d, bio_s, home, files.get(m)!, log))));
    const sims = new Map<Model, Simulator[]>();
    for (const m of MODELS) sims.set(m, [...own.get(m)!, ...b2.filter((s, k): s is Simulator => s !== null && MODELS[Math.floor(k / devices.length)] === m)]);
    const results = new Map<Simulator, Round[]>();
    for (let r = 0; r < rounds; r++) {
      for (const m of MODELS) {
        for (const s of sims.get(m)!) {
          const x = await s.round();
          results.set(s, [...(results.get(s) ?? []), x]);
        }
      }
      log(`brian2 side by side: round ${r + 1}/${rounds} done`);
    }
    for (const s of b2) s?.close();
    return MODELS.flatMap((m) => summarise(m, sims.get(m)!, results, bio_s, log));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function summarise(model: Model, sims: readonly Simulator[], results: ReadonlyMap<Simulator, Round[]>, bio_s: number, log: (l: string) => void): BenchRow[] {
  const rows: BenchRow[] = [];
  const cpu = new Map<string, number>();
  for (const s of sims) {
    const rs = results.get(s)!;
    const c = rs.map((x) => x.cpu_s / bio_s);
    const last = rs[rs.length - 1]!;
    cpu.set(s.name, median(c));
    rows.push({
      case: `${model}-${s.name}`,
      model,
      simulator: s.simulator,
      engine: s.engine,
      rounds: rs.length,
      bio_s,
      cpu_s_per_bio_s: median(c),
      cpu_s_per_bio_s_min: Math.min(...c),
      cpu_s_per_bio_s_max: Math.max(...c),
      wall_s_per_bio_s: median(rs.map((x) => x.wall_s / bio_s)),
      rate_hz: median(rs.map((x) => x.spikes)) / 4000 / bio_s,
      syn_events_per_bio_s: median(rs.map((x) => x.syn_events)) / bio_s,
      synapses: last.synapses,
    });
  }
  const standalone = cpu.get('brian2-cpp_standalone');
  const own = sims.filter((s) => s.simulator === 'spikeloop');
  if (standalone !== undefined && own.length > 0) {
    const ratio: BenchRow = { case: `${model}-brian2-ratio`, model, timed: 'CPU s per bio s, medians of interleaved rounds' };
    for (const s of own) (ratio as Record<string, unknown>)[`brian2_standalone_s / ${s.name}_s`] = standalone / cpu.get(s.name)!;
    rows.push(ratio);
    const def = own[0]!;
    const b = rows.find((r) => r.case === `${model}-brian2-cpp_standalone`)!;
    const d = rows.find((r) => r.case === `${model}-${def.name}`)!;
    log(
      `${model}: brian2_standalone_s / spikeloop_s = ${(standalone / cpu.get(def.name)!).toFixed(2)} (CPU; Brian2 ${standalone.toFixed(3)} s, ${def.name} ${cpu.get(def.name)!.toFixed(3)} s per bio s; ` +
        `rates ${(b.rate_hz as number).toFixed(2)} vs ${(d.rate_hz as number).toFixed(2)} Hz, synaptic events ${((d.syn_events_per_bio_s as number) / (b.syn_events_per_bio_s as number)).toFixed(3)}× Brian2's)`,
    );
  }
  return rows;
}
