/**
 * A controller's spiking network as a telemetry `SpikeSource`: one spike recorder per population
 * (controllers/network/networkAccess.ts `addSpikeRecorder`), drained every control step, and its
 * neuromodulators as level sources (`/spikeloop/dopamine` is the first).
 *
 * A recorder holds at most `capacity` spikes between drains; a control period with more loses the
 * rest, counted in `dropped` (the default, size × 100, covers every neuron firing at every step of
 * a 100-step period). `detach()` removes the recorders from the network.
 */
import type { Network } from '../../controllers/network/network.js';
import { addSpikeRecorder } from '../../controllers/network/networkAccess.js';
import { clearSpikeRecorder } from '../../controllers/monitors/spikeRecorder.js';
import type { SpikeRecorder } from '../../controllers/monitors/spikeRecorder.js';
import { modulatorLevel } from '../../controllers/plasticity/modulator.js';
import type { ModulatorSource, SpikeSource } from '../../bridges/recording/spikeTelemetry.js';

export class NetworkSpikeSource implements SpikeSource {
  readonly populations: readonly { readonly name: string; readonly size: number }[];
  /** Spikes lost because a recorder was full (summed over drains). */
  dropped = 0;
  private readonly recorders: SpikeRecorder[];

  constructor(
    readonly network: Network,
    /** Spikes per population between drains, as a multiple of its size. @default 100 */
    capacityPerNeuron = 100,
  ) {
    if (!(Number.isInteger(capacityPerNeuron) && capacityPerNeuron > 0)) throw new RangeError(`NetworkSpikeSource: capacityPerNeuron must be a positive integer, got ${capacityPerNeuron}`);
    this.populations = network.populations.map((p) => ({ name: p.name, size: p.size }));
    this.recorders = network.populations.map((p) => addSpikeRecorder(network, p.name, Math.max(1, p.size * capacityPerNeuron)));
  }

  drain(visit: (population: number, neuron: number, step: number) => void): void {
    for (let p = 0; p < this.recorders.length; p++) {
      const r = this.recorders[p]!;
      for (let k = 0; k < r.count; k++) visit(p, r.neurons[k]!, r.steps[k]!);
      this.dropped += r.dropped;
      clearSpikeRecorder(r);
    }
  }

  /** Removes the recorders from the network's monitors. */
  detach(): void {
    const mine = new Set<unknown>(this.recorders);
    const kept = this.network.monitors.filter((m) => !mine.has(m));
    this.network.monitors.length = 0;
    this.network.monitors.push(...kept);
  }
}

/** The network's neuromodulators (dopamine) as level sources, in network order. */
export function networkModulators(net: Network): ModulatorSource[] {
  return net.modulators.map((m) => ({ name: m.params.name, level: () => modulatorLevel(m) }));
}
