/**
 * Typed handles into a built network: look up populations, projections and modulators by name
 * (once, outside loops — errors list the valid names), install input drivers, deliver rewards,
 * attach monitors, and read settled weights.
 */
import { createSpikeRecorder } from '../monitors/spikeRecorder.js';
import type { SpikeRecorder } from '../monitors/spikeRecorder.js';
import { createStateProbe } from '../monitors/stateProbe.js';
import type { StateProbe } from '../monitors/stateProbe.js';
import { deliverReward } from '../plasticity/modulator.js';
import type { ModulatorState } from '../plasticity/modulator.js';
import { settleProjection } from '../plasticity/plasticityRule.js';
import type { SpikeDriver } from './inputSource.js';
import type { Network, NetworkProjection } from './network.js';
import type { Population } from './population.js';

export function findPopulation(net: Network, name: string): Population {
  const p = net.populations.find((q) => q.name === name);
  if (!p) throw new RangeError(`unknown population '${name}'; populations are: ${net.populations.map((q) => q.name).join(', ')}`);
  return p;
}

export function findProjection(net: Network, name: string): NetworkProjection {
  const p = net.projections.find((q) => q.syn.name === name);
  if (!p) throw new RangeError(`unknown projection '${name}'; projections are: ${net.projections.map((q) => q.syn.name).join(', ') || '(none)'}`);
  return p;
}

export function findModulator(net: Network, name: string): ModulatorState {
  const m = net.modulators.find((q) => q.params.name === name);
  if (!m) throw new RangeError(`unknown modulator '${name}'; modulators are: ${net.modulators.map((q) => q.params.name).join(', ') || '(none)'}`);
  return m;
}

/** Installs the function that writes an 'external' source population's spikes each step. */
export function setSpikeDriver(net: Network, population: string, driver: SpikeDriver): void {
  const p = findPopulation(net, population);
  if (p.dynamics.kind !== 'source' || p.dynamics.source !== 'external') {
    throw new RangeError(`population '${population}' is not an external source (declare it with source: { kind: external })`);
  }
  p.dynamics.driver = driver;
}

/** Delivers a reward to a modulator now (between steps). Returns the modulation pulse. */
export function rewardNetwork(net: Network, modulator: ModulatorState, reward: number): number {
  return deliverReward(modulator, reward, net.step * net.dt_ms);
}

export function addSpikeRecorder(net: Network, population: string, capacity = 1_000_000): SpikeRecorder {
  const rec = createSpikeRecorder(population, findPopulation(net, population).index, capacity);
  net.monitors.push(rec);
  return rec;
}

export function addStateProbe(net: Network, population: string, variable: string, indices: readonly number[], every = 1, capacity = 100_000): StateProbe {
  const p = findPopulation(net, population);
  if (p.dynamics.kind !== 'neurons') throw new RangeError(`population '${population}' is a spike source and has no state variables`);
  const src = p.dynamics.neurons.variables[variable];
  if (!src) {
    throw new RangeError(`population '${population}' has no variable '${variable}'; variables are: ${Object.keys(p.dynamics.neurons.variables).join(', ')}`);
  }
  const probe = createStateProbe(population, variable, src, indices, every, capacity);
  net.monitors.push(probe);
  return probe;
}

/** Brings every lazily-updated weight up to date (call before reading or saving weights). */
export function settleWeights(net: Network): void {
  for (const np of net.projections) settleProjection(np);
}
