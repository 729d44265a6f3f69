/**
 * `spikeloop simulate --plot` and `--probe`: the figure's files are valid (PNG decodes, the SVG has
 * one spike mark per spike and every axis titled with a unit), probe traces in JSON and CSV are
 * the analytic membrane trace of a LIF driven by a known input, and malformed options are usage
 * errors (exit 2, one line and the help hint).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIF_DEFAULTS } from '../../controllers/neurons/lif.js';
import type { SpikeFile } from '../../launch/commands/simulate.js';
import { parseProbe } from '../../launch/commands/simulatePlot.js';
import { inflateSync } from 'node:zlib';
import { captureCli } from '../helpers/captureCli.js';

/**
 * Decodes a PNG's structure: signature, chunks with their CRC, IHDR, and the IDAT stream inflated
 * to exactly height × (1 + width × bytes per pixel) bytes (8-bit RGB or RGBA, no interlace).
 */
function decodePng(bytes: Buffer): { width: number; height: number; distinctFirstBytes: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  let ended = false;
  while (off < bytes.length) {
    const len = bytes.readUInt32BE(off);
    const type = bytes.toString('latin1', off + 4, off + 8);
    const data = bytes.subarray(off + 8, off + 8 + len);
    expect(bytes.readUInt32BE(off + 8 + len)).toBe(crc32(bytes.subarray(off + 4, off + 8 + len)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
      expect(data[12]).toBe(0); // no interlace
    } else if (type === 'IDAT') idat.push(Buffer.from(data));
    else if (type === 'IEND') ended = true;
    off += 12 + len;
  }
  expect(ended).toBe(true);
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (1 + width * channels));
  return { width, height, distinctFirstBytes: new Set(raw.subarray(0, Math.min(raw.length, 1 << 20))).size };
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-plot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = captureCli;

/** One input spike at 2 ms onto two LIF neurons (NEST defaults) through a 1 ms delay, below threshold. */
const W = 500;
const DT = 0.1;
const DELAY = 1;
const T_IN = 2;
const net = join(dir, 'psp.json');
writeFileSync(
  net,
  JSON.stringify({
    dt_ms: DT,
    populations: [
      { name: 'input', size: 1, source: { kind: 'spike-times', times_ms: [[T_IN]] } },
      { name: 'cell', size: 2, neuron: { kind: 'lif' } },
    ],
    projections: [{ pre: 'input', post: 'cell', connectivity: { kind: 'all-to-all' }, weight: W, delay_ms: DELAY }],
  }),
);

/**
 * The analytic PSP of iaf_psc_exp: a current jump W at t0 gives
 * v(t) = E_L + W τs τm / (C (τm − τs)) · (e^{−(t−t0)/τm} − e^{−(t−t0)/τs}). The event emitted in
 * step s = T_IN/dt acts on the post update of step s + d and moves v from the next step on, so
 * the current starts at the end of step s + d: t0 = T_IN + DELAY + dt.
 */
function analyticV(t_ms: number): number {
  const p = LIF_DEFAULTS;
  const t0 = T_IN + DELAY + DT;
  if (t_ms <= t0 + 1e-9) return p.eLeak_mV;
  const a = (W * p.tauSynExc_ms * p.tauMem_ms) / (p.cMem_pF * (p.tauMem_ms - p.tauSynExc_ms));
  return p.eLeak_mV + a * (Math.exp(-(t_ms - t0) / p.tauMem_ms) - Math.exp(-(t_ms - t0) / p.tauSynExc_ms));
}

describe('simulate --probe', () => {
  it('JSON traces are the analytic membrane potential of a LIF driven by one known input', async () => {
    const file = join(dir, 'v.json');
    const { code, out } = await run('simulate', net, '--duration-ms', '20', '--probe', 'cell:0,1', '--probe-var', 'v', '--probe-out', file);
    expect(code).toBe(0);
    expect(out).toContain(`traces of cell:0,1 written to ${file}`);
    const res = JSON.parse(readFileSync(file, 'utf8')) as { dt_ms: number; traces: Array<{ population: string; index: number; variable: string; unit: string; t_ms: number[]; values: number[] }> };
    expect(res.dt_ms).toBe(DT);
    expect(res.traces.map((t) => [t.population, t.index, t.variable, t.unit])).toEqual([
      ['cell', 0, 'v_mV', 'mV'],
      ['cell', 1, 'v_mV', 'mV'],
    ]);
    for (const tr of res.traces) {
      expect(tr.t_ms.length).toBe(200);
      expect(tr.t_ms[0]).toBe(0.1);
      expect(tr.t_ms.at(-1)).toBe(20);
      tr.t_ms.forEach((t, k) => expect(tr.values[k]!, `t = ${t} ms`).toBeCloseTo(analyticV(t), 4)); // float32 samples
    }
    // The PSP peaks well above rest and below threshold (the test is not trivial).
    const peak = Math.max(...res.traces[0]!.values);
    expect(peak - LIF_DEFAULTS.eLeak_mV).toBeGreaterThan(1);
    expect(peak).toBeLessThan(LIF_DEFAULTS.vThresh_mV);
  });

  it('CSV traces: a t_ms column and one column per probed neuron, same values', async () => {
    const file = join(dir, 'v.csv');
    const { code } = await run('simulate', net, '--duration-ms', '10', '--probe', 'cell:1', '--probe-out', file);
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t_ms,cell[1].v_mV');
    expect(lines.length).toBe(101);
    for (const line of lines.slice(1)) {
      const [t, v] = line.split(',').map(Number);
      expect(v!).toBeCloseTo(analyticV(t!), 4);
    }
  });

  it('parses indices and ranges; syntax errors name the expected form', () => {
    expect(parseProbe('relay:0,2')).toEqual({ population: 'relay', indices: [0, 2] });
    expect(parseProbe('a:b:1-3')).toEqual({ population: 'a:b', indices: [1, 2, 3] });
    for (const bad of ['relay', ':1', 'relay:', 'relay:x', 'relay:-1', 'relay:3-1']) expect(() => parseProbe(bad), bad).toThrow(/expected <population>:<index>/);
  });
});

describe('simulate --plot', () => {
  it('SVG: one spike mark per spike, populations in the legend, every axis titled with a unit', async () => {
    const file = join(dir, 'run.svg');
    const spikes = join(dir, 'spikes.json');
    const { code, out } = await run('simulate', 'examples/networks/spike-times.json', '--duration-ms', '60', '--out', spikes, '--plot', file, '--probe', 'relay:0,1');
    expect(code).toBe(0);
    expect(out).toContain(`plot written to ${file}`);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    const res = JSON.parse(readFileSync(spikes, 'utf8')) as SpikeFile;
    const total = Object.values(res.populations).reduce((a, p) => a + p.spikes.length, 0);
    expect(total).toBeGreaterThan(0);
    const group = /<g class="mark-rule role-mark spikes_marks"[^>]*>(.*?)<\/g>/s.exec(svg);
    expect(group).not.toBeNull();
    expect((group![1]!.match(/<line /g) ?? []).length).toBe(total);
    // Rate lines (one per population) and the probed traces (one per neuron).
    expect(svg).toContain('populationRate_marks');
    expect(svg).toContain('trace_marks');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    for (const title of ['time (ms)', 'neuron (index; populations stacked)', 'rate per neuron (Hz)', 'v_mV (mV)']) expect(texts, title).toContain(title);
    expect(texts.filter((t) => t === 'time (ms)').length).toBe(3);
    for (const label of ['stimulus', 'relay', 'relay[0]', 'relay[1]']) expect(texts, label).toContain(label);
    // Populations coloured distinctly: the raster's lines use two strokes.
    expect(new Set(group![1]!.match(/stroke="#[0-9a-f]{6}"/g)).size).toBe(2);
  });

  it('PNG decodes to an image of the rendered size; HTML embeds the SVG', async () => {
    const png = join(dir, 'raster.png');
    expect((await run('simulate', 'examples/networks/poisson-lif.yaml', '--duration-ms', '100', '--plot', png)).code).toBe(0);
    const img = decodePng(readFileSync(png));
    expect(img.width).toBeGreaterThan(600);
    expect(img.height).toBeGreaterThan(400);
    // Not blank: a white background with dark ink (axes, text, spikes).
    expect(img.distinctFirstBytes).toBeGreaterThan(2);
    const html = join(dir, 'raster.html');
    expect((await run('simulate', 'examples/networks/poisson-lif.yaml', '--duration-ms', '100', '--plot', html)).code).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('<svg');
    expect(text).toContain('spikes_marks');
  });
});

describe('simulate: usage errors (exit 2, one line and the hint, nothing run or written)', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown --plot extension', ['--plot', join(dir, 'x.gif')], /--plot .*x\.gif: the format comes from the extension, one of \.png, \.svg, \.html \(not \.gif\)/],
    ['--plot without extension', ['--plot', join(dir, 'x')], /one of \.png, \.svg, \.html/],
    ['unknown --probe-out extension', ['--probe', 'cell:0', '--probe-out', join(dir, 'x.txt')], /--probe-out .*one of \.json, \.csv/],
    ['probe syntax', ['--probe', 'cell', '--probe-out', join(dir, 'y.json')], /--probe 'cell': no population name before ":"|expected <population>:<index>/],
    ['probe index out of range', ['--probe', 'cell:5', '--probe-out', join(dir, 'y.json')], /'cell' has 2 neurons/],
    ['probe of a spike source', ['--probe', 'input:0', '--probe-out', join(dir, 'y.json')], /spike source/],
    ['unknown variable', ['--probe', 'cell:0', '--probe-var', 'w', '--probe-out', join(dir, 'y.json')], /no such variable; its variables are: v_mV, iExc_pA, iInh_pA/],
    ['--probe-out without --probe', ['--probe-out', join(dir, 'y.json')], /needs at least one --probe/],
    ['--probe with nowhere to write', ['--probe', 'cell:0'], /--probe-out <file\.json\|csv> or --plot/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await run('simulate', net, '--duration-ms', '5', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(2);
      expect(r.err).toContain('see `spikeloop simulate --help`');
      expect(r.out).toBe('');
      expect(existsSync(join(dir, 'y.json'))).toBe(false);
    });
  }
});
