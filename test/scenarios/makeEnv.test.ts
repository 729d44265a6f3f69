/**
 * The Gymnasium-style env runs the loop's own tick: an agent that steps it with a controller's
 * actions gets exactly the episode `runScenarioEpisode` gives that controller — same steps,
 * return, reward terms and end — on every registered scenario.
 */
import { describe, expect, it } from 'vitest';
import { resolveController } from '../../experiments/resolveController.js';
import { allocateChannels } from '../../loop/channels.js';
import { makeEnv } from '../../scenarios/makeEnv.js';
import type { EnvInfo } from '../../scenarios/makeEnv.js';
import { SCENARIOS } from '../../scenarios/registry.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';

describe.each(SCENARIOS.map((s) => [s.id, s] as const))('makeEnv(%s)', (id, scenario) => {
  it("steps bit-identically to runScenarioEpisode with the scenario's baseline controller", () => {
    const seed = 11;
    const refBody = scenario.createBody();
    const { controller: ref } = resolveController(scenario.controllers.baseline, scenario, 1, { body: refBody });
    const expected = runScenarioEpisode(scenario, refBody, ref, { seed });
    refBody.close?.();

    const env = makeEnv(id);
    const { controller } = resolveController(scenario.controllers.baseline, scenario, 1, { body: scenario.createBody() });
    controller.reset(seed);
    const start = env.reset(seed);
    let observation = start.observation;
    let info: EnvInfo = start.info;
    let reward = start.info.resetReward;
    let total = reward;
    const terms: Record<string, number> = { ...info.rewardTerms };
    const action = allocateChannels(env.actionSpace);
    let steps = 0;
    let end: 'terminated' | 'truncated' | null = null;
    while (end === null) {
      controller.act(observation, reward, env.period_s, action);
      const r = env.step(action);
      steps++;
      observation = r.observation;
      reward = r.reward;
      total += r.reward;
      for (const k in r.info.rewardTerms) terms[k] = (terms[k] ?? 0) + r.info.rewardTerms[k]!;
      if (r.terminated) end = 'terminated';
      else if (r.truncated) end = 'truncated';
      info = r.info;
    }
    env.close();
    expect(steps).toBe(expected.steps);
    expect(end).toBe(expected.outcome);
    expect(total).toBe(expected.return);
    for (const k in expected.rewardTerms) expect(terms[k], k).toBeCloseTo(expected.rewardTerms[k]!, 9);
    expect(info.metrics).toEqual(expected.metrics);
  });
});

describe('makeEnv errors', () => {
  it('names the scenarios for an unknown id, and asks for reset before step', () => {
    expect(() => makeEnv('drone-forrest-v1')).toThrow(/unknown scenario 'drone-forrest-v1'; scenarios are: drone-forest-v1/);
    const env = makeEnv('arm-reach-v1');
    expect(() => env.step()).toThrow("env 'arm-reach-v1': call reset(seed) before step()");
    env.reset(1);
    expect(() => env.step({})).toThrow(/action '.+' must be \d+ value\(s\)/);
    env.close();
  });
});
