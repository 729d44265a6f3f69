/**
 * Bad controller files fail once, before anything runs, with errors that name the file, the line,
 * the path inside the file and what is wrong — with "did you mean" for a near name.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChannelMismatchError } from '../../loop/controlTick.js';
import { parseSpecText } from '../../loop/specFile.js';
import { SpecError } from '../../loop/specIssues.js';
import { validateControllerSpec } from '../../controllers/spec/loadControllerSpec.js';
import { resolveController } from '../../experiments/resolveController.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';

const GOOD = readFileSync('controllers/files/drone-avoid-snn.yaml', 'utf8');
const root = mkdtempSync(join(tmpdir(), 'spikeloop-spec-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The file with `from` (which must occur) replaced by `to`, and the 1-based line of the change. */
function edited(from: string, to: string): { text: string; line: number } {
  const at = GOOD.indexOf(from);
  expect(at, from).toBeGreaterThanOrEqual(0);
  return { text: GOOD.slice(0, at) + to + GOOD.slice(at + from.length), line: GOOD.slice(0, at).split('\n').length };
}

/** The SpecError message of validating the edited file as 'my.yaml'. */
function errorFor(text: string): string {
  try {
    validateControllerSpec(parseSpecText(text, 'my.yaml', 'yaml'), 'my.yaml', { text });
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  throw new Error('expected a SpecError, nothing was thrown');
}

describe('controller file errors', () => {
  it('the shipped file itself is valid, and so is the README\'s minimal example, which fits drone-forest-v1', () => {
    expect(() => validateControllerSpec(parseSpecText(GOOD, 'ok.yaml', 'yaml'), 'ok.yaml', { text: GOOD })).not.toThrow();
    const r = resolveController('controllers/files/minimal-avoid.yaml', DRONE_FOREST_V1, 0);
    expect(r.controller.preset).toBe('minimal-avoid');
    expect(Object.keys(r.controller.parameters())).toEqual(['prox->left', 'prox->right']);
  });

  const cases: ReadonlyArray<{ what: string; from: string; to: string; path: string; says: RegExp }> = [
    { what: 'an unknown encoder', from: 'kind: poisson, low: 0', to: 'kind: poison, low: 0', path: 'inputs[0].encoder.kind', says: /expected an encoder kind, one of .*\(did you mean 'poisson'\?\)/ },
    { what: 'an unknown feature block', from: 'kind: sector-proximity', to: 'kind: sector-proximty', path: 'features[0].kind', says: /expected a feature block kind, .*\(did you mean 'sector-proximity'\?\)/ },
    { what: 'an unknown decoder', from: 'decoder: { kind: antagonistic-pair', to: 'decoder: { kind: antagonist-pair', path: 'outputs[0].decoder.kind', says: /expected a decoder kind, .*\(did you mean 'antagonistic-pair'\?\)/ },
    { what: 'an unknown weight generator', from: 'kind: sector-front', to: 'kind: sector-frnt', path: 'network.projections[9].generate.kind', says: /weight generator kind.*\(did you mean 'sector-front'\?\)/ },
    { what: 'an unknown teaching rule', from: 'kind: signed-efference', to: 'kind: signed-eference', path: 'reward.kind', says: /teaching rule kind.*\(did you mean 'signed-efference'\?\)/ },
    { what: 'a modulator the network does not declare', from: 'negative: da_right', to: 'negative: da_rigth', path: 'reward.negative', says: /the network declares no modulator 'da_rigth' \(did you mean 'da_right'\?\); modulators are: da_left, da_right/ },
    { what: 'a decoder reading a population that does not exist', from: 'populations: [slide_left, slide_right]', to: 'populations: [slide_lef, slide_right]', path: 'outputs[1].populations[0]', says: /unknown population 'slide_lef' \(did you mean 'slide_left'\?\)/ },
    { what: 'an input driving a population that does not exist', from: '  - population: goal', to: '  - population: gaol', path: 'inputs[1].population', says: /unknown population 'gaol' \(did you mean 'goal'\?\)/ },
    { what: 'a feature reading a channel the file does not list', from: 'channel: odom_orientation }', to: 'channel: odom_orientaton }', path: 'features[1].channel', says: /sensor channel 'odom_orientaton'.*\(did you mean 'odom_orientation'\?\)/ },
    { what: 'a command term naming an unknown output', from: '[{ output: slide }]', to: '[{ output: slid }]', path: 'commands[1].elements[1].sum[0].output', says: /unknown output 'slid' \(did you mean 'slide'\?\)/ },
    { what: 'an encoder that does not fit its population', from: 'neuronsPerValue: 6 }', to: 'neuronsPerValue: 5 }', path: 'inputs[0].encoder', says: /drives 40 neurons .* population 'prox' has 48/ },
    { what: 'a typo in a key', from: 'maxRate_Hz: 200, neuronsPerValue: 6', to: 'maxrate_Hz: 200, neuronsPerValue: 6', path: 'inputs[0].encoder.maxrate_Hz', says: /unknown key 'maxrate_Hz' in an encoder 'poisson' \(did you mean 'maxRate_Hz'\?\)/ },
  ];
  for (const c of cases) {
    it(`${c.what}: file, line, path${c.says.source.includes('did you mean') ? ', did you mean' : ''}`, () => {
      const { text, line } = edited(c.from, c.to);
      const msg = errorFor(text);
      const escaped = c.path.replace(/[[\].]/g, (m) => `\\${m}`);
      expect(msg).toMatch(new RegExp(`^my\\.yaml:${line}:\\d+: ${escaped}: `, 'm'));
      expect(msg).toMatch(c.says);
    });
  }

  it('channels that do not match the body: each named at its line in the file (exit-2 channel mismatch)', () => {
    const file = join(root, 'wrong-body.yaml');
    const { text, line } = edited("{ name: lidar, size: 37,", "{ name: lidar, size: 36,");
    writeFileSync(file, text.replace("unit: rad/s, doc: 'yaw rate", "unit: deg/s, doc: 'yaw rate"));
    let err: unknown;
    try {
      resolveController(file, DRONE_FOREST_V1, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ChannelMismatchError);
    const msg = (err as Error).message;
    expect(msg).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:${line}:\\d+: sensors\\[0\\]\\.size: channel 'lidar' has 37 elements on the body of scenario 'drone-forest-v1', the file says 36`, 'm'));
    expect(msg).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:${line + 5}:\\d+: actuators\\[1\\]\\.unit: channel 'cmd_yaw_rate' is in 'rad/s' on the body of scenario 'drone-forest-v1', the file says 'deg/s'`, 'm'));
  });
});
