/**
 * A controller file goes wherever a preset goes: a launch file's `controller:=file.yaml` flies
 * the same episodes as `controller:=<the preset it mirrors>` (over the in-process ROS graph), and `nir export --controller file.yaml`
 * writes the same graph as the preset it mirrors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../helpers/captureCli.js';
import { runLaunch } from '../../launch/commands/launch.js';

const FILE = 'controllers/files/drone-avoid-snn.yaml';
const dir = mkdtempSync(join(tmpdir(), 'spikeloop-everywhere-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => captureCli(...argv);

describe('a controller file wherever a preset goes', () => {
  it('a launch file flies it exactly as it flies the preset the file mirrors', async () => {
    const episodeLines = async (controller: string) => {
      const err: string[] = [];
      const r = await runLaunch({ file: 'launch/sim_drone_forest.launch.yaml', args: ['episodes:=2', 'seed:=3', `controller:=${controller}`] }, { out: () => {}, err: (t) => void err.push(t) });
      expect(r.code).toBe(0);
      return err
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('[sim] episode '));
    };
    const fromFile = await episodeLines(FILE);
    expect(fromFile).toHaveLength(2);
    expect(fromFile).toEqual(await episodeLines('drone-avoid-snn'));
  });

  it('nir export writes the same graph from the file as from the preset', async () => {
    const fromFile = await cli(['nir', 'export', '--controller', FILE, '--out', join(dir, 'file.nir')]);
    const fromPreset = await cli(['nir', 'export', '--controller', 'drone-avoid-snn', '--out', join(dir, 'preset.nir')]);
    expect(fromFile.code).toBe(0);
    expect(fromPreset.code).toBe(0);
    const a = await cli(['nir', 'info', join(dir, 'file.nir')]);
    const b = await cli(['nir', 'info', join(dir, 'preset.nir')]);
    const body = (t: string) => t.split('\n').slice(1).join('\n'); // the first line names the file
    expect(body(a.out)).toBe(body(b.out));
    expect(a.out).toMatch(/26 nodes/);
  });
});
