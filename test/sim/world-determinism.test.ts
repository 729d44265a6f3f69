/**
 * Same seed ⇒ bit-identical trajectories, in one process and across processes.
 *
 * Cross-process: the test compiles the project (tsc --noCheck, ~1 s) into a private directory
 * under node_modules/.cache (so `cannon-es` resolves from the project's node_modules), then runs
 * two fresh `node` processes on the compiled closed-loop rollout and compares their hashes with
 * each other and with this process's (vitest-transpiled source). It does not depend on a prior
 * `npm run build` or on `dist/` being current.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { forestRolloutHash, makeForestDrone } from '../../bench/simCases/droneForestLidar16.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'node_modules', '.cache', `spikeloop-determinism-${process.pid}`);
const SIM_S = 4;

describe('determinism of the drone in the forest (closed loop, lidar, onboard controller)', () => {
  beforeAll(() => {
    mkdirSync(OUT, { recursive: true });
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', OUT, '--noCheck'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    writeFileSync(
      join(OUT, 'child.mjs'),
      `import { forestRolloutHash, makeForestDrone } from './bench/simCases/droneForestLidar16.js';\n` +
        `const [seed, s] = process.argv.slice(2).map(Number);\n` +
        `process.stdout.write(forestRolloutHash(makeForestDrone(), seed, s));\n`,
    );
  });
  afterAll(() => rmSync(OUT, { recursive: true, force: true }));

  it('same seed, same process: identical hashes, also after another seed ran in between; other seeds differ', () => {
    const body = makeForestDrone();
    const a = forestRolloutHash(body, 11, SIM_S);
    const other = forestRolloutHash(body, 12, SIM_S);
    const b = forestRolloutHash(body, 11, SIM_S);
    const fresh = forestRolloutHash(makeForestDrone(), 11, SIM_S);
    expect(b).toBe(a);
    expect(fresh).toBe(a);
    expect(other).not.toBe(a);
  });

  it('same seed, two fresh node processes: identical to each other and to this process', () => {
    const child = join(OUT, 'child.mjs');
    expect(existsSync(child)).toBe(true);
    const run = () => execFileSync(process.execPath, [child, '11', String(SIM_S)], { cwd: ROOT, encoding: 'utf8' });
    const p1 = run();
    const p2 = run();
    expect(p1).toMatch(/^[0-9a-f]{16}-[0-9a-f]{16}$/);
    expect(p2).toBe(p1);
    expect(forestRolloutHash(makeForestDrone(), 11, SIM_S)).toBe(p1);
  });
});
