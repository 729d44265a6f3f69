/**
 * Regressions of issue 15, items 6, 7 and 10: small inputs that asked for unbounded resources,
 * inputs that ended in stack traces, and inputs that were silently misread. Each is refused
 * with a located error naming the limit (and the variable that raises it) before anything is
 * allocated. "No hang" is checked by work bounds (a deadline only a real hang reaches), never by
 * timing a run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { loadNetwork } from '../../controllers/network/loadNetworkSpec.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import { nirInfo } from '../../controllers/nir/nirInfo.js';
import { readNir } from '../../controllers/nir/readNir.js';
import { readNirBounded } from '../../controllers/nir/readNirBounded.js';
import { writeNir } from '../../controllers/nir/writeNir.js';
import { fileSystemFailure } from '../../launch/cliError.js';
import { LimitError, setLimits } from '../../loop/limits.js';
import { parseSpecText } from '../../loop/specFile.js';
import { SpecError } from '../../loop/specIssues.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';
import { affine, eye, fill, graph, input, lif, output } from './nirGraphs.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spikeloop-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing was thrown');
};

const file = (name: string, text: string | Uint8Array) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('item 6: unbounded resources from small inputs are refused before allocating', () => {
  it('a 1e9-neuron Poisson source: the neuron limit, named with its variable, before any array', () => {
    const f = file('poisson.json', JSON.stringify({ populations: [{ name: 'p', size: 1e9, source: { kind: 'poisson', rate_Hz: 5 } }] }));
    const alloc = vi.spyOn(globalThis, 'Float64Array');
    const e = thrown(() => loadNetwork(f, { seed: 0 }));
    expect(alloc).not.toHaveBeenCalled();
    alloc.mockRestore();
    expect(e).toBeInstanceOf(SpecError);
    expect(e.message).toBe(`${f}:1:36: populations[0].size: this population has 1,000,000,000 neurons, more than the limit of 10,000,000 (raise it with SPIKELOOP_MAX_NEURONS=<n>)`);
  });

  it('all-to-all 1e5 × 1e5: the synapse limit, at the projection', () => {
    const spec: NetworkSpec = {
      populations: [
        { name: 'a', size: 100_000, source: { kind: 'external' } },
        { name: 'b', size: 100_000, source: { kind: 'external' } },
      ],
      projections: [{ pre: 'a', post: 'b', connectivity: { kind: 'all-to-all' }, weight: 1 }],
    };
    const e = thrown(() => buildNetwork(spec, { seed: 0 }));
    expect(e).toBeInstanceOf(LimitError);
    expect(e.message).toMatch(/^projections\[0\]\.connectivity: all-to-all between 100000 and 100000 neurons makes up to 10,000,000,000 synapses, more than the limit of 100,000,000 \(raise it with SPIKELOOP_MAX_SYNAPSES=<n>\)$/);
  });

  it('limits are raised by their environment variable (and in-process by setLimits)', () => {
    const spec: NetworkSpec = { populations: [{ name: 'a', size: 20, source: { kind: 'external' } }] };
    setLimits({ neurons: 10 });
    try {
      expect(thrown(() => buildNetwork(spec, { seed: 0 })).message).toMatch(/more than the limit of 10 /);
    } finally {
      setLimits({});
    }
    vi.stubEnv('SPIKELOOP_MAX_NEURONS', '10');
    try {
      expect(thrown(() => buildNetwork(spec, { seed: 0 })).message).toMatch(/SPIKELOOP_MAX_NEURONS/);
      vi.stubEnv('SPIKELOOP_MAX_NEURONS', '100');
      expect(buildNetwork(spec, { seed: 0 }).populations[0]!.size).toBe(20);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a large JSON spec with one error is located by scanning, not by a second parse', () => {
    // 200 000 list pairs (~3 MB) and one bad weight at the end.
    const pairs = Array.from({ length: 200_000 }, (_, k) => [k % 100, (k * 7) % 100]);
    const spec = { populations: [{ name: 'a', size: 100, source: { kind: 'external' } }], projections: [{ pre: 'a', post: 'a', connectivity: { kind: 'list', pairs }, weight: 'heavy' }] };
    const text = JSON.stringify(spec);
    const f = file('big.json', text);
    const e = thrown(() => loadNetwork(f, { seed: 0 }));
    expect(e.message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:${text.indexOf('"heavy"') + 1}: projections\\[0\\]\\.weight: `));
  });

  it('a file over the size limit is refused before it is read', () => {
    const f = file('huge.json', `{"populations": [], "pad": "${'x'.repeat(2000)}"}`);
    setLimits({ fileBytes: 1000 });
    try {
      expect(thrown(() => loadNetwork(f, { seed: 0 })).message).toMatch(/: the file is \d+ bytes, more than the limit of 1000 bytes \(raise it with SPIKELOOP_MAX_FILE_BYTES=<n>\)$/);
    } finally {
      setLimits({});
    }
  });

  it('100 000 populations build in a number of steps linear in their count', () => {
    // The spike-history pass looped over every projection for each population (1e10 steps here).
    const n = 100_000;
    const spec = {
      populations: Array.from({ length: n }, (_, k) => ({ name: `p${k}`, size: 1, source: { kind: 'external' as const } })),
      projections: Array.from({ length: n - 1 }, (_, k) => ({ pre: `p${k}`, post: `p${k + 1}`, connectivity: { kind: 'one-to-one' as const }, weight: 1 })),
    };
    const net = buildNetwork(spec, { seed: 0 });
    expect(net.populations).toHaveLength(n);
    expect(net.populations[0]!.history.length).toBe(2);
  });
});

describe('item 7: located errors instead of stack traces', () => {
  it('a YAML alias bomb', () => {
    let s = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++) s += `b${i}: &b${i} [${Array(9).fill(i === 1 ? '*a' : `*b${i - 1}`).join(', ')}]\n`;
    const e = thrown(() => parseSpecText(s, 'bomb.yaml', 'yaml'));
    expect(e).toBeInstanceOf(SpecError);
    expect(e.message).toBe('bomb.yaml: YAML aliases expand to more than 1000 nodes (an alias bomb?); write the data out instead');
  });

  it('JSON and YAML nested 100 000 deep: refused at the bracket that crosses the depth limit', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(thrown(() => parseSpecText(deep, 'deep.json', 'json')).message).toBe('deep.json:1:65: nested more than 64 levels deep (raise the limit with SPIKELOOP_MAX_DEPTH=<n>)');
    expect(thrown(() => parseSpecText(deep, 'deep.yaml', 'yaml')).message).toBe('deep.yaml:1:65: nested more than 64 levels deep (raise the limit with SPIKELOOP_MAX_DEPTH=<n>)');
    let block = '';
    for (let i = 0; i < 100; i++) block += `${' '.repeat(2 * i)}k:\n`;
    expect(thrown(() => parseSpecText(block, 'block.yaml', 'yaml')).message).toMatch(/^block\.yaml:65:\d+: nested more than 64 levels deep/);
  });

  it('nir info on a 1e6-neuron LIF', () => {
    const g = graph({ input: input(1_000_000), lif: lif(1_000_000, 0.01), output: output(1_000_000) }, [
      ['input', 'lif'],
      ['lif', 'output'],
    ]);
    const info = nirInfo({ version: '0.5', graph: g });
    expect(info.tauRange_ms).toEqual([10, 10]);
  });

  it('ENOSPC while writing: a CliError (exit 1) naming the file, and no partial file', async () => {
    vi.resetModules();
    vi.doMock('node:fs', async (orig) => {
      const fs = await orig<typeof import('node:fs')>();
      return {
        ...fs,
        writeSync: () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
        },
      };
    });
    try {
      const { writeFileAtomic } = await import('../../loop/writeFileAtomic.js');
      const target = join(dir, 'enospc', 'out.json');
      (await import('node:fs')).mkdirSync(join(dir, 'enospc'), { recursive: true });
      const e = thrown(() => writeFileAtomic(target, '{"a": 1}'));
      const cli = fileSystemFailure(e);
      expect(cli?.exitCode).toBe(1);
      expect(cli?.message).toBe(`cannot write ${target}: no space left on device (ENOSPC)`);
      expect(readdirSync(join(dir, 'enospc'))).toEqual([]);
    } finally {
      vi.doUnmock('node:fs');
      vi.resetModules();
    }
  });
});

describe('item 10: no silently wrong results', () => {
  it('a spike time past the Int32 step range is refused, not wrapped to 10 ms', () => {
    const e = thrown(() => buildNetwork({ populations: [{ name: 's', size: 1, source: { kind: 'spike-times', times_ms: [[4294967306]] } }] }, { seed: 0 }));
    expect(e.message).toBe('populations[0].source.times_ms[0][0]: a spike at 4294967306 ms is step 4294967306 at dt = 1 ms, beyond the last step a run can have (1000000000; SPIKELOOP_MAX_STEPS)');
  });

  it('a single times_ms list for a 3-neuron population is refused', () => {
    const e = thrown(() => buildNetwork({ populations: [{ name: 's', size: 3, source: { kind: 'spike-times', times_ms: [[1, 2]] } }] }, { seed: 0 }));
    expect(e.message).toMatch(/^populations\[0\]\.source\.times_ms: 1 neuron list for a population of size 3; expected one list of spike times per neuron/);
  });

  it('a spike source may still be a projection target (plasticity tests impose post spike times with it)', () => {
    const net = buildNetwork(
      {
        populations: [
          { name: 'pre', size: 1, source: { kind: 'spike-times', times_ms: [[1]] } },
          { name: 'post', size: 1, source: { kind: 'spike-times', times_ms: [[3]] } },
        ],
        projections: [{ pre: 'pre', post: 'post', connectivity: { kind: 'all-to-all' }, weight: 1 }],
      },
      { seed: 0 },
    );
    expect(net.projections).toHaveLength(1);
  });

  it('nir import refuses a delay beyond the longest spikeloop runs, instead of writing one simulate rejects', () => {
    const g = graph({ input: input(1), d: { type: 'Delay', params: { delay: fill(1, 1e9) }, metadata: {} }, lif: lif(1, 0.01), output: output(1) }, [
      ['input', 'd'],
      ['d', 'lif'],
      ['lif', 'output'],
    ]);
    const e = thrown(() => nirToNetwork(g, { source: 'slow.nir', dt_ms: 1 }));
    expect(e).toBeInstanceOf(SpecError);
    expect(e.message).toMatch(/^slow\.nir: edges d → lif: a delay of 1\.00000e\+12 ms on the path input->d->lif is 1000000000001 steps of 1 ms/);
  });
});

describe('NIR files: bounded shapes and nesting, and no endless read of corrupt bytes', () => {
  it('an Input of shape [1e9] is refused by the neuron limit while reading', async () => {
    const f = join(dir, 'wide.nir');
    await writeNir(f, { version: '0.5', graph: graph({ input: input(1e9), output: output(1e9) }, [['input', 'output']]) });
    const e = await readNir(f).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(SpecError);
    expect((e as Error).message).toBe(`${f}: /node/nodes/input/shape: a shape [1000000000] has 1,000,000,000 elements, more than the limit of 10,000,000 (raise it with SPIKELOOP_MAX_NEURONS=<n>)`);
  });

  it('subgraphs nested deeper than NIR_MAX_NESTING (16) are refused, before HDF5 walks them all', async () => {
    // 200 levels took HDF5 over 60 s to walk (superlinear); 20 are enough to cross the bound.
    let g = graph({ input: input(1), output: output(1) }, [['input', 'output']]);
    for (let k = 0; k < 20; k++) g = graph({ input: input(1), g, output: output(1) }, [['input', 'g'], ['g', 'output']]);
    const f = join(dir, 'nested.nir');
    await writeNir(f, { version: '0.5', graph: g });
    const e = await readNir(f).catch((x: unknown) => x as Error);
    expect((e as Error).message).toMatch(/: \/node(\/nodes\/g){16}: NIR graphs nested more than 16 levels deep$/);
  });

  it('83 zeroed bytes that made HDF5 loop forever: the bounded reader gives up with a located error', async () => {
    // Found by zeroing 83-byte windows of a small NIR file; HDF5 (WebAssembly) spins on this one.
    const f = join(dir, 'base.nir');
    await writeNir(f, {
      version: '1.0',
      graph: graph({ input: input(3), aff: affine(eye(3), fill(3, 0)), lif: lif(3, 0.01), output: output(3) }, [
        ['input', 'aff'],
        ['aff', 'lif'],
        ['lif', 'output'],
      ]),
    });
    const bytes = readFileSync(f);
    const zeroed = Buffer.from(bytes);
    zeroed.fill(0, 2075, 2075 + 83);
    const bad = file('zeroed.nir', zeroed);
    // The deadline is far beyond what a good file takes to read (a worker starts and reads in about a second).
    const e = await readNirBounded(bad, 30_000).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(SpecError);
    expect((e as Error).message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    // And a good file reads through the same worker. Its deadline is not what is tested: 60 s ran
    // out once in a full run at load ~30 (a worker from TypeScript sources compiles h5wasm and tsx's
    // transforms on a starved core), so it is as long as the suite's own hang catcher allows.
    expect(Object.keys((await readNirBounded(f, 900_000)).graph.nodes).sort()).toEqual(['aff', 'input', 'lif', 'output']);
  });
});

describe('the built CLI: exit 1 with a located message, no stack trace, nothing written', () => {
  const built = ensureBuilt();
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/spikeloop.js', ...args], { encoding: 'utf8', timeout: 600_000 });

  it.runIf(built)('bad inputs to simulate and nir import', async () => {
    const cases: Array<[string, string]> = [
      ['poisson.json', JSON.stringify({ populations: [{ name: 'p', size: 1e9, source: { kind: 'poisson', rate_Hz: 5 } }] })],
      ['deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
      ['bomb.yaml', `a: &a [x,x,x,x,x,x,x,x,x]\n${Array.from({ length: 9 }, (_, i) => `b${i + 1}: &b${i + 1} [${Array(9).fill(i === 0 ? '*a' : `*b${i}`).join(',')}]`).join('\n')}\n`],
      ['wrap.json', JSON.stringify({ populations: [{ name: 's', size: 1, source: { kind: 'spike-times', times_ms: [[4294967306]] } }] })],
      ['one-list.json', JSON.stringify({ populations: [{ name: 's', size: 3, source: { kind: 'spike-times', times_ms: [[1]] } }] })],
    ];
    for (const [name, text] of cases) {
      const f = file(name, text);
      const out = join(dir, `${name}.spikes.json`);
      const r = cli('simulate', f, '--duration-ms', '10', '--out', out);
      expect(r.status, `${name}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^spikeloop: ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+)?: `));
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
    const wide = join(dir, 'cli-wide.nir');
    await writeNir(wide, { version: '0.5', graph: graph({ input: input(1e9), output: output(1e9) }, [['input', 'output']]) });
    const out = join(dir, 'wide.json');
    const r = cli('nir', 'import', wide, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SPIKELOOP_MAX_NEURONS/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    const steps = cli('simulate', 'examples/networks/spike-times.json', '--duration-ms', '1e12', '--out', join(dir, 'long.json'));
    expect(steps.status).toBe(2);
    expect(steps.stderr).toMatch(/more than the limit of 1000000000 steps \(raise it with SPIKELOOP_MAX_STEPS=<n>\)/);
  });
});
