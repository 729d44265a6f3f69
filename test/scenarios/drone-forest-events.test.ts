/**
 * drone-forest-events-v1 and drone-corridor-events-v1: the drone crossings with an event camera
 * instead of the lidar. Registered; the body offers events and odometry but no lidar (so the lidar
 * baselines do not fit); the event baseline flies seeded, deterministic episodes on events; the
 * task judges as drone-forest-v1. Episodes are cut by simulated time, never by wall time.
 */
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../controllers/presets/registry.js';
import { ChannelMismatchError, checkChannelsFit } from '../../loop/controlTick.js';
import type { LoopState } from '../../loop/controlTick.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import { findScenario, SCENARIOS } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/scenario.js';

function shortEpisode(sc: Scenario, seed: number, limit_s: number) {
  const body = sc.createBody();
  const controller = findPreset('drone-avoid-events').create({ seed: 0, controlRate_Hz: sc.controlRate_Hz });
  let events = 0;
  const r = runEpisode(body, controller, (b, s) => withTimeLimit(sc.createTask(b, s), limit_s), {
    seed,
    controlRate_Hz: sc.controlRate_Hz,
    onTick: (s: LoopState) => {
      const on = s.obs['events_on']!, off = s.obs['events_off']!;
      for (let k = 0; k < on.length; k++) events += on[k]! + off[k]!;
    },
  });
  body.close?.();
  return { r, events };
}

describe('event-camera drone scenarios', () => {
  it('are registered, with events and odometry but no lidar; the lidar baseline does not fit, the event baseline does', () => {
    for (const id of ['drone-forest-events-v1', 'drone-corridor-events-v1']) {
      const sc = findScenario(id);
      expect(SCENARIOS).toContain(sc);
      const body = sc.createBody();
      const names = body.sensors.map((c) => c.name);
      expect(names).toContain('events_on');
      expect(names).toContain('events_off');
      expect(names).toContain('odom_orientation');
      expect(names).not.toContain('lidar');
      expect(body.sensors.find((c) => c.name === 'events_on')!.size).toBe(64 * 48);
      expect(() => checkChannelsFit(body, findPreset('drone-avoid-reactive').create({ seed: 0, controlRate_Hz: 50 }))).toThrow(ChannelMismatchError);
      expect(() => checkChannelsFit(body, findPreset(sc.controllers.baseline).create({ seed: 0, controlRate_Hz: 50 }))).not.toThrow();
      body.close?.();
    }
  });

  it('drone-forest-events-v1: the event baseline flies forward on events, and the episode repeats bit for bit by seed', () => {
    const sc = findScenario('drone-forest-events-v1');
    const a = shortEpisode(sc, 3, 3);
    expect(a.r.outcome).toBe('truncated');
    expect(a.r.duration_s).toBeCloseTo(3, 9);
    expect(a.events).toBeGreaterThan(1000); // the textured world produces events under self-motion
    expect(a.r.rewardTerms['progress']!).toBeGreaterThan(0.5); // metres towards the goal line (it starts from hover)
    expect(Object.keys(a.r.metrics).sort()).toEqual(['collisions', 'energy', 'min_clearance_m', 'path_length_m', 'success', 'time_to_goal_s']);
    const b = shortEpisode(sc, 3, 3);
    expect(b).toEqual(a);
    const c = shortEpisode(sc, 4, 3);
    expect(c.events).not.toBe(a.events);
  });

  it('drone-corridor-events-v1: a short episode runs on events', () => {
    const { r, events } = shortEpisode(findScenario('drone-corridor-events-v1'), 2, 2);
    expect(r.outcome).not.toBe('error');
    expect(events).toBeGreaterThan(500);
  });
});
