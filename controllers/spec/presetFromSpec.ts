/**
 * A controller file as a `ControllerPreset`: whatever takes a preset (run, train, eval, the ROS
 * controller node, NIR export, worker threads) takes a controller file through this.
 */
import type { ControllerPreset } from '../presets/preset.js';
import { buildSpecController } from './buildSpecController.js';
import type { LoadedControllerSpec } from './loadControllerSpec.js';

export function presetFromSpec(loaded: LoadedControllerSpec): ControllerPreset {
  const { spec } = loaded;
  return {
    id: spec.id,
    summary: spec.summary ?? `controller file ${loaded.source}`,
    bodyKind: spec.body,
    spiking: true,
    sensors: loaded.sensors,
    actuators: loaded.actuators,
    create: (opts) => buildSpecController(loaded, opts),
  };
}
