import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIF_DEFAULTS } from '../../controllers/neurons/lif.js';
import type { SpikeFile } from '../../launch/commands/simulate.js';
import { captureCli } from '../helpers/captureCli.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPIKE_TIMES = 'examples/networks/spike-times.json';
const POISSON = 'examples/networks/poisson-lif.yaml';

const run = captureCli;

const STACK = /\n\s+at /;

describe('spikeloop simulate: output', () => {
  it('explicit spike times through a known delay give post spikes at the predicted times', async () => {
    const spec = JSON.parse(readFileSync(SPIKE_TIMES, 'utf8'));
    const dt: number = spec.dt_ms;
    const times: number[][] = spec.populations[0].source.times_ms;
    const proj = spec.projections[0];
    const w: number = proj.weight;
    const delay: number = proj.delay_ms;
    const p = { ...LIF_DEFAULTS, ...spec.populations[1].neuron.params };
    // Exact LIF propagator of a synaptic current onto v over one step (Rotter & Diesmann 1999).
    const kExc = ((p.tauSynExc_ms * p.tauMem_ms) / (p.cMem_pF * (p.tauMem_ms - p.tauSynExc_ms))) * (Math.exp(-dt / p.tauMem_ms) - Math.exp(-dt / p.tauSynExc_ms));
    // Preconditions of the prediction, from the parameters: one event crosses threshold in one
    // step, and what is left of its current after the refractory period (total charge/C bound)
    // cannot fire the neuron again; inputs to one neuron are far apart.
    expect(kExc * w).toBeGreaterThan(p.vThresh_mV - p.eLeak_mV);
    const residual = w * Math.exp(-(1 + Math.round(p.tRef_ms / dt)) * (dt / p.tauSynExc_ms));
    expect((residual * p.tauSynExc_ms) / p.cMem_pF).toBeLessThan(p.vThresh_mV - p.vReset_mV);
    for (const ts of times) for (let k = 1; k < ts.length; k++) expect(ts[k]! - ts[k - 1]!).toBeGreaterThan(10 * p.tauSynExc_ms);

    // An event emitted in step s acts on the post update in step s + d; its current moves v
    // from step s + d + 1 on (projection.ts, lif.ts).
    const stim = times.flatMap((ts, i) => ts.map((t) => [Math.round(t / dt) * dt, i] as [number, number])).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const relay = stim.map(([t, i]) => [t + delay + dt, i] as [number, number]);
    const duration = 60;
    const { code, out, err } = await run('simulate', SPIKE_TIMES, '--duration-ms', String(duration), '--out', '-');
    expect(code).toBe(0);
    const res = JSON.parse(out) as SpikeFile;
    expect(res.dt_ms).toBe(dt);
    expect(res.duration_ms).toBe(duration);
    expect(Object.keys(res.populations)).toEqual(['stimulus', 'relay']);
    expect(res.populations.stimulus!.size).toBe(3);
    expect(res.populations.stimulus!.spikes).toEqual(stim);
    expect(res.populations.relay!.spikes).toEqual(relay);
    // With the JSON on stdout, the summary goes to stderr: spikes and mean rate per population.
    expect(err).toContain(`relay          3  ${String(relay.length).padStart(6)}  ${(relay.length / 3 / (duration / 1000)).toFixed(2).padStart(7)}`);
  });

  it('Poisson input: counts within 5 σ of N·T·rate, summary rates equal count/(N·T)', async () => {
    const file = join(dir, 'poisson.json');
    const { code, out } = await run('simulate', POISSON, '--duration-ms', '1000', '--seed', '3', '--out', file);
    expect(code).toBe(0);
    const res = JSON.parse(readFileSync(file, 'utf8')) as SpikeFile;
    const n = res.populations.input!.spikes.length;
    const trials = 100 * Math.round(1000 / res.dt_ms);
    const pSpike = (20 * res.dt_ms) / 1000;
    const mean = trials * pSpike;
    expect(Math.abs(n - mean)).toBeLessThan(5 * Math.sqrt(mean * (1 - pSpike)));
    for (const [name, pop] of Object.entries(res.populations)) {
      const rate = (pop.spikes.length / pop.size / 1).toFixed(2);
      expect(out).toMatch(new RegExp(`\\n${name}\\s+${pop.size}\\s+${pop.spikes.length}\\s+${rate.replace('.', '\\.')}\\n`));
      for (const [t, i] of pop.spikes) {
        expect(i).toBeGreaterThanOrEqual(0);
        expect(i).toBeLessThan(pop.size);
        expect(t).toBeGreaterThanOrEqual(0);
        expect(t).toBeLessThan(1000);
      }
      // Time order.
      for (let k = 1; k < pop.spikes.length; k++) expect(pop.spikes[k]![0]).toBeGreaterThanOrEqual(pop.spikes[k - 1]![0]);
    }
    expect(out).toContain(`spikes written to ${file}`);
  });

  it('same seed ⇒ identical spike JSON; different seed ⇒ different', async () => {
    const a = await run('simulate', POISSON, '--duration-ms', '300', '--seed', '11', '--out', '-');
    const b = await run('simulate', POISSON, '--duration-ms', '300', '--seed', '11', '--out', '-');
    const c = await run('simulate', POISSON, '--duration-ms', '300', '--seed', '12', '--out', '-');
    expect(a.out.length).toBeGreaterThan(1000);
    expect(b.out).toBe(a.out);
    expect(c.out).not.toBe(a.out);
    expect((JSON.parse(a.out) as SpikeFile).seed).toBe(11);
  });

  it('--dt-ms overrides the spec step; spike times are on the grid and free of float noise', async () => {
    // 0.2 ms: multiples such as 3 · 0.2 = 0.6000000000000001 carry float noise unless rounded.
    const { code, out } = await run('simulate', POISSON, '--duration-ms', '210', '--dt-ms', '0.2', '--out', '-');
    expect(code).toBe(0);
    const res = JSON.parse(out) as SpikeFile;
    expect(res.dt_ms).toBe(0.2);
    expect(res.populations.input!.spikes.length).toBeGreaterThan(10);
    for (const [t] of res.populations.input!.spikes) {
      const k = Math.round(t / 0.2);
      expect(Math.abs(t - k * 0.2)).toBeLessThan(1e-9);
      expect(String(t).length).toBeLessThanOrEqual(String(Math.round(k * 2) / 10).length);
    }
  });

  it('--dt-ms that does not divide the refractory period is refused with the reason', async () => {
    // The example's LIF has t_ref = 2 ms: 6.67 steps at 0.3 ms would be silently rounded.
    const { code, err } = await run('simulate', POISSON, '--duration-ms', '210', '--dt-ms', '0.3', '--out', '-');
    expect(code).not.toBe(0);
    expect(err).toContain('tRef_ms = 2 is not a whole number of steps at dt = 0.3 ms (6.667 steps)');
  });

  it('a saved network (--save-network) runs again with the same spikes', async () => {
    const saved = join(dir, 'saved-net.json');
    const a = await run('simulate', POISSON, '--duration-ms', '200', '--seed', '4', '--out', '-', '--save-network', saved);
    expect(a.code).toBe(0);
    expect(a.err).toContain(`network saved to ${saved}`);
    const b = await run('simulate', saved, '--duration-ms', '200', '--out', '-');
    expect(b.code).toBe(0);
    expect(b.out).toBe(a.out); // no plasticity: same weights, the saved seed 4, same spikes
    const c = await run('simulate', saved, '--duration-ms', '200', '--dt-ms', '0.2');
    expect(c.code).toBe(1);
    expect(c.err).toBe(`spikeloop: ${saved}: a saved network keeps the step it was built with (dt = 0.1 ms); cannot run it at 0.2 ms\n`);
  });
});

describe('spikeloop simulate: errors are one message and a non-zero exit, never a stack trace', () => {
  it.each([
    [['--duration-ms', '-1'], "option '--duration-ms <T>' argument '-1' is invalid. expected a duration > 0 ms, got '-1'."],
    [['--duration-ms', '0'], "expected a duration > 0 ms, got '0'."],
    [['--duration-ms', 'long'], "expected a duration > 0 ms, got 'long'."],
    [[], "required option '--duration-ms <T>' not specified"],
    [['--duration-ms', '10', '--seed', '1.5'], "option '--seed <S>' argument '1.5' is invalid. expected an integer ≥ 0, got '1.5'."],
    [['--duration-ms', '10', '--seed', '-3'], "expected an integer ≥ 0, got '-3'."],
    [['--duration-ms', '10', '--dt-ms', '0'], "expected a time step > 0 ms, got '0'."],
    [['--duration-ms', '10', '--max-spikes', '0'], "expected an integer > 0, got '0'."],
    [['--duration-ms', '10', '--bogus'], "unknown option '--bogus'"],
  ])('bad options %j', async (opts, message) => {
    const { code, out, err } = await run('simulate', SPIKE_TIMES, ...opts);
    expect(code).not.toBe(0);
    expect(err).toContain(message);
    expect(err).not.toMatch(STACK);
    expect(out).toBe('');
  });

  it('a duration that is not a whole number of steps', async () => {
    const { code, err } = await run('simulate', SPIKE_TIMES, '--duration-ms', '10.5');
    expect(code).toBe(2);
    expect(err).toBe('spikeloop: --duration-ms 10.5 is not a whole number of steps of 1 ms\nsee `spikeloop simulate --help`\n');
  });

  it('a bad spec: the located message, exit 1', async () => {
    const text = readFileSync(POISSON, 'utf8').replace('p: 0.2', 'p: 2');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, text);
    const offset = text.indexOf('p: 2') + 3;
    const line = text.slice(0, offset).split('\n').length;
    const col = offset - text.lastIndexOf('\n', offset - 1);
    const { code, err } = await run('simulate', file, '--duration-ms', '10');
    expect(code).toBe(1);
    expect(err).toBe(`spikeloop: ${file}:${line}:${col}: projections[0].connectivity.p: expected a probability in [0, 1], got 2\n`);
  });

  it('a missing file', async () => {
    const { code, err } = await run('simulate', join(dir, 'nope.yaml'), '--duration-ms', '10');
    expect(code).toBe(1);
    expect(err).toBe(`spikeloop: ${join(dir, 'nope.yaml')}: cannot read the file: no such file\n`);
  });

  it('a spike recorder that overflows is an error and nothing is written', async () => {
    const file = join(dir, 'overflow.json');
    const { code, err } = await run('simulate', SPIKE_TIMES, '--duration-ms', '60', '--max-spikes', '3', '--out', file);
    expect(code).toBe(1);
    // 4 stimulus spikes and 4 relay spikes in 60 ms (see the first test), 3 slots each.
    expect(err).toBe(
      "spikeloop: spike recorder overflow: 'stimulus' emitted 4, 'relay' emitted 4 spikes, more than --max-spikes 3; nothing was written (raise --max-spikes or shorten --duration-ms)\n",
    );
    expect(existsSync(file)).toBe(false);
  });

  it('--help documents every option with units and defaults, and an example', async () => {
    const { code, out } = await run('simulate', '--help');
    expect(code).toBe(0);
    for (const opt of ['--duration-ms <T>', '--seed <S>', '--dt-ms <D>', '--out <file>', '--max-spikes <N>', '--save-network <file>']) expect(out).toContain(opt);
    expect(out).toContain('simulated time in ms');
    expect(out).toContain('default: 1000000');
    expect(out).toContain("default: the spec's dt_ms, else 1");
    expect(out).toContain('$ spikeloop simulate examples/networks/poisson-lif.yaml --duration-ms 1000');
  });
});

describe('the real `spikeloop` process (bin/spikeloop.js → dist/)', () => {
  /** Builds dist/ when it is missing or older than the sources it runs. */
  function ensureBuilt(): void {
    const entry = 'dist/launch/main.js';
    const newest = (d: string): number =>
      Math.max(0, ...readdirSync(d, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(d, e.name)) : e.name.endsWith('.ts') ? statSync(join(d, e.name)).mtimeMs : 0)));
    if (existsSync(entry) && statSync(entry).mtimeMs >= Math.max(newest('launch'), newest('controllers'), newest('loop'))) return;
    // tsc emits even when files outside these sources have type errors; the entry must exist after.
    spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'ignore' });
    expect(existsSync(entry)).toBe(true);
  }

  it('writes the same JSON to stdout as the in-process CLI, and fails cleanly on bad options', async () => {
    ensureBuilt();
    const args = ['simulate', SPIKE_TIMES, '--duration-ms', '60', '--out', '-'];
    const proc = spawnSync(process.execPath, ['bin/spikeloop.js', ...args], { encoding: 'utf8' });
    expect(proc.status).toBe(0);
    expect(proc.stdout).toBe((await run(...args)).out);
    expect(proc.stderr).toContain('simulated examples/networks/spike-times.json: 60 ms (60 steps of 1 ms), seed 0');
    const bad = spawnSync(process.execPath, ['bin/spikeloop.js', 'simulate', SPIKE_TIMES, '--duration-ms', 'x'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("expected a duration > 0 ms, got 'x'.");
    expect(bad.stderr).not.toMatch(STACK);
  });
});
