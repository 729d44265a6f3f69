/**
 * Controller presets: named recipes that build a controller for a kind of body — the spiking
 * controllers and the non-spiking baselines — registered by id. A preset's controller can be
 * saved to a versioned file (controllerFile.ts) and restored, learned weights included.
 */
import type { ChannelSpec } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import type { Network } from '../network/network.js';
import type { BodyKind } from '../../loop/bodyKind.js';
import type { SavedController } from './controllerFile.js';

export interface PresetBuildOptions {
  /** Seed of the controller's construction (wiring, initial weights). */
  readonly seed: number;
  /** Control rate of the loop it will run in (Hz). */
  readonly controlRate_Hz: number;
}

/** A controller built by a preset: savable, with plasticity that can be switched off. */
export interface PresetController extends Controller {
  readonly preset: string;
  /** Options it was built with (saved with it, so `restore` rebuilds the same structure). */
  readonly options: PresetBuildOptions;
  /** Whether rewards reach plasticity. Off: weights stay exactly as they are. */
  learning: boolean;
  /** The spiking network (null for a non-spiking controller). */
  readonly network: Network | null;
  /**
   * A non-spiking controller that learns (its `parameters()` change with reward) says so here;
   * a spiking controller's plasticity is read from its network's rules instead.
   */
  readonly plastic?: boolean;
  /**
   * Learned parameters by name (projection weights for a spiking controller), as live arrays:
   * writing them changes the controller. Pending lazy updates are settled first.
   */
  parameters(): Record<string, Float32Array>;
  /** The controller file (controllers/spec) it was built from, if any; saved with it so it can be rebuilt. */
  readonly spec?: Readonly<Record<string, unknown>> | undefined;
}

export interface ControllerPreset {
  readonly id: string;
  /** One line for `spikeloop list`. */
  readonly summary: string;
  readonly bodyKind: BodyKind;
  readonly spiking: boolean;
  /** Channels it reads and writes (the same for every build). */
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  create(opts: PresetBuildOptions): PresetController;
}

/** Re-exported for preset modules. */
export type { SavedController };
