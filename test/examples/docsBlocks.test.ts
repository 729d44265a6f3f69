/**
 * The guides in docs/guide/ stay true: every ```ts block runs (written to a file inside the repo,
 * so `spikeloop` resolves like in the examples, and imported), and every ```sh block's
 * `npx spikeloop …` lines run the built CLI and exit 0. A block preceded by
 * `<!-- test: skip (reason) -->` is not run (real ROS 2, a robot); the reason is required.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/ensureBuilt.js';

interface Block {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  readonly skip: string | null;
}

/** Fenced blocks of a markdown file, with the `<!-- test: skip (…) -->` marker right before one. */
export function blocksOf(file: string): Block[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    const marker = start > 0 ? /^<!-- test: skip \((.+)\) -->$/.exec(lines[start - 1]!) : null;
    out.push({ file, line: start + 1, lang: open[1]!, code: body.join('\n'), skip: marker ? marker[1]! : null });
  }
  return out;
}

const GUIDE = 'docs/guide';
const guides = readdirSync(GUIDE).filter((f) => f.endsWith('.md')).sort();
const blocks = guides.flatMap((g) => blocksOf(join(GUIDE, g)));
const runs: string[] = [];
let tmp = '';

beforeAll(() => {
  expect(ensureBuilt()).toBe(true);
  tmp = mkdtempSync(join('test/examples', '.doc-blocks-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  for (const d of runs) rmSync(d, { recursive: true, force: true });
});

describe('docs/guide', () => {
  it('has the three guides, each with code that runs', () => {
    expect(guides).toEqual(['first-controller.md', 'first-scenario.md', 'sim-to-ros2.md']);
    for (const g of guides) expect(blocks.some((b) => b.file.endsWith(g) && b.skip === null)).toBe(true);
    // Only ts and sh blocks (anything else would go untested).
    expect(blocks.filter((b) => b.lang !== 'ts' && b.lang !== 'sh')).toEqual([]);
  });

  for (const b of blocks.filter((x) => x.skip === null)) {
    it(`${b.file}:${b.line} (${b.lang}) runs`, async () => {
      if (b.lang === 'ts') {
        const file = resolve(tmp, `block-${b.line}-${b.file.replace(/\W/g, '_')}.ts`);
        writeFileSync(file, `${b.code}\nexport {};\n`);
        await import(/* @vite-ignore */ pathToFileURL(file).href);
        return;
      }
      const commands = b.code.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      for (const cmd of commands) {
        const m = /^npx spikeloop (.+)$/.exec(cmd.replace(/\s+#.*$/, ''));
        if (!m) throw new Error(`${b.file}:${b.line}: only 'npx spikeloop …' lines run in tests; mark the block <!-- test: skip (reason) --> or rewrite '${cmd}'`);
        const args = m[1]!.split(/\s+/);
        const out = args[args.indexOf('--out') + 1];
        if (args.includes('--out') && out) runs.push(out);
        const r = spawnSync(process.execPath, ['bin/spikeloop.js', ...args], { encoding: 'utf8' });
        expect(r.status, `${cmd}\n${r.stdout}\n${r.stderr}`).toBe(0);
      }
    });
  }
});
