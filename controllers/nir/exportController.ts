/**
 * A controller (a preset's spiking controller, e.g. restored from a trained controller file) as
 * a NIR graph: its network through networkToNir, plus what the graph leaves out. The encoders
 * that turn sensor channels into the Input populations' spikes, the decoders that turn output
 * spikes into commands and any non-spiking terms of the preset live outside the network and
 * are not exported; the graph records the preset and its channels in metadata, for reference.
 */
import type { PresetController } from '../presets/preset.js';
import type { NirExport, NirExportOptions } from './exportNetwork.js';
import { networkToNir } from './exportNetwork.js';

export function controllerToNir(c: PresetController, opts: NirExportOptions = {}): NirExport {
  if (c.network === null) {
    throw new RangeError(`controller '${c.preset}' is not spiking (it has no network), so it has no NIR form`);
  }
  const ex = networkToNir(c.network, {
    ...opts,
    metadata: {
      spikeloop_controller: c.preset,
      spikeloop_sensors: JSON.stringify(c.sensors.map((s) => s.name)),
      spikeloop_actuators: JSON.stringify(c.actuators.map((s) => s.name)),
      ...opts.metadata,
    },
  });
  const inputs = c.network.populations.filter((p) => p.dynamics.kind === 'source' && p.dynamics.source === 'external').map((p) => `'${p.name}'`);
  return {
    ...ex,
    warnings: [
      `the encoders, decoders and non-spiking terms of controller '${c.preset}' are outside its network and not exported: the graph's Inputs ${inputs.join(', ') || '(none)'} expect the spikes its encoders would produce, and its Outputs are spikes`,
      ...ex.warnings,
    ],
  };
}
