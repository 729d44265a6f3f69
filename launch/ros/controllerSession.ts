/**
 * The part of `spikeloop ros controller` that runs once the node's parameters are read: build
 * the controller, open the recording, run the controller node, save a learned controller. It
 * runs on the main thread (`--loop-thread main`, the default) or, with `--loop-thread worker`,
 * in a worker thread of its own on a proxy of the node (bridges/ros2/worker/runInWorker.ts), so
 * the main event loop (DDS callbacks, logging, a viewer) cannot delay control ticks. Either way
 * the same code runs on the same inputs, so a seeded episode gives the same commands.
 */
import type { ControllerNodeSummary } from '../../bridges/ros2/nodes/controllerNode.js';
import { runControllerNode, ServiceCallError } from '../../bridges/ros2/nodes/controllerNode.js';
import { TopicRecorder } from '../../bridges/ros2/nodes/topicRecorder.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import type { RosNode } from '../../bridges/ros2/transport/transport.js';
import type { WorkerEntryContext } from '../../bridges/ros2/worker/runInWorker.js';
import type { McapFileWriter } from '../../bridges/recording/mcapWriter.js';
import { openMcapWriter } from '../../bridges/recording/mcapWriter.js';
import type { RecordingIdentity } from '../../bridges/recording/recordingMetadata.js';
import { spikeloopMetadata } from '../../bridges/recording/recordingMetadata.js';
import { SpikeTelemetry } from '../../bridges/recording/spikeTelemetry.js';
import { saveController } from '../../controllers/presets/controllerFile.js';
import type { PresetController } from '../../controllers/presets/preset.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { hasPlasticity } from '../../experiments/learningSwitch.js';
import { resolveNamedController } from '../../experiments/resolveController.js';
import { CliError } from '../cliError.js';
import { NetworkSpikeSource, networkModulators } from '../telemetry/networkSpikeSource.js';
import { importPlugins } from '../../experiments/plugins.js';

/** The node's parameters as read at start-up (plain data: they cross to a worker thread). */
export interface ControllerSessionArgs {
  readonly profileName: string;
  readonly controllerName: string;
  readonly rate_hz: number;
  readonly learn: boolean;
  readonly seed: number;
  /** 0: until stopped. */
  readonly duration_s: number;
  readonly save: string;
  readonly record: string;
  /** Module exporting the experiment catalog as `catalog` (a worker imports it). */
  readonly catalogModule: string;
  /** Plugin modules the worker imports first (experiments/plugins.ts). */
  readonly plugins?: readonly string[];
  /** Wall-clock pacing margin (loop/clock.ts); bench and tests. @default DEFAULT_SPIN_ms */
  readonly spin_ms?: number;
}

/** Worker entry (runInWorker): the catalog imported from its module, then the session. */
export async function controllerSessionEntry(node: RosNode, args: ControllerSessionArgs, ctx: WorkerEntryContext): Promise<ControllerNodeSummary> {
  await importPlugins(args.plugins ?? []);
  const mod = (await import(args.catalogModule)) as { catalog?: ExperimentCatalog };
  if (!mod.catalog) throw new Error(`ros controller: module ${args.catalogModule} does not export 'catalog'`);
  return runControllerSession(node, args, ctx, mod.catalog);
}

export async function runControllerSession(node: RosNode, a: ControllerSessionArgs, ctx: WorkerEntryContext, catalog: ExperimentCatalog): Promise<ControllerNodeSummary> {
  const { log, signal } = ctx;
  const profile = loadProfile(a.profileName);
  const resolved = resolveNamedController(a.controllerName, { seed: a.seed, controlRate_Hz: a.rate_hz }, catalog);
  let learn = a.learn;
  let save = a.save;
  resolved.controller.learning = learn;
  // learn is a run-time parameter too, so a controller without plasticity gets a note, not a refusal.
  if (learn && !hasPlasticity(resolved.controller)) log(`note: ${resolved.source} has no plasticity: learn changes nothing`);
  log(`${resolved.source} on profile '${profile.profile.name}' (${profile.source}), plasticity ${learn ? 'on' : 'off'}`);
  // Run-time parameters of this command (rate_hz is the node's: controllerNode.ts).
  const stopParameters = node.onSetParameters((changes) => {
    for (const c of changes) {
      if (c.name === 'learn' && typeof c.value === 'boolean' && c.value !== learn) {
        learn = c.value;
        resolved.controller.learning = learn;
        log(`learn set to ${learn}: plasticity ${learn ? 'on' : 'off'}`);
      } else if (c.name === 'save' && typeof c.value === 'string') {
        save = c.value;
        log(`save set to '${save}'${save && !learn ? ' (written at stop only with learn on)' : ''}`);
      }
    }
    return { successful: true, reason: '' };
  });
  const identity: RecordingIdentity = { command: 'ros controller', controller: a.controllerName, profile: a.profileName, seed: a.seed, timeBase: 'ros', useSimTime: node.useSimTime };
  const recording = a.record ? openRecording(a.record, node, resolved.controller, log, identity) : null;
  let summary: ControllerNodeSummary;
  try {
    summary = await runControllerNode({
      node: recording?.recorder.node ?? node,
      profile,
      controller: recording?.recorder.controller(resolved.controller) ?? resolved.controller,
      rate_hz: a.rate_hz,
      log,
      signal,
      seed: a.seed,
      ...(a.duration_s > 0 ? { duration_s: a.duration_s } : {}),
      ...(a.spin_ms !== undefined ? { spin_ms: a.spin_ms } : {}),
      diagnostics: (): Record<string, number> => {
        const act = resolved.controller.activity?.();
        return act && act.steps > 0 ? { spikes_per_step: act.spikes / act.steps, synops_per_step: act.synOps / act.steps } : {};
      },
      ...(recording ? { onTick: () => recording.recorder.tick() } : {}),
    });
  } catch (e) {
    recording?.finish(false);
    throw e instanceof ServiceCallError ? new CliError(e.message, 1) : e;
  } finally {
    stopParameters();
  }
  recording?.finish(true);
  if (save && learn) {
    saveController(resolved.controller, save, { trained_on: `ros controller, profile ${profile.profile.name}` });
    log(`learned controller written to ${save}`);
  }
  return summary;
}

interface Recording {
  readonly recorder: TopicRecorder;
  /** Stops recording and completes the file; `ok` false: the node failed (a failure to complete the file is then only logged). */
  finish(ok: boolean): void;
}

/** An MCAP recording of the node's topics and, for a spiking controller, its spikes and neuromodulators. */
function openRecording(file: string, node: RosNode, controller: PresetController, log: (line: string) => void, identity: RecordingIdentity): Recording {
  let writer: McapFileWriter;
  try {
    writer = openMcapWriter(file, { metadata: [spikeloopMetadata(identity)] });
  } catch (e) {
    throw new CliError(`cannot record to ${file}: ${(e as Error).message}`, 1);
  }
  let source: NetworkSpikeSource | null = null;
  let recorder: TopicRecorder;
  try {
    const net = controller.network;
    source = net ? new NetworkSpikeSource(net) : null;
    recorder = new TopicRecorder(node, writer, { spikes: source && net ? new SpikeTelemetry(source, networkModulators(net)) : null, log });
  } catch (e) {
    source?.detach();
    writer.abort();
    throw e;
  }
  return {
    recorder,
    finish(ok: boolean): void {
      recorder.stop();
      source?.detach();
      try {
        writer.close();
      } catch (e) {
        const why = `cannot complete the recording: ${(e as Error).message}`;
        if (ok) throw new CliError(why, 1);
        log(why);
        return;
      }
      const notes = [
        ...(recorder.skipped > 0 ? [`${recorder.skipped} message(s) not recorded`] : []),
        ...(source && source.dropped > 0 ? [`${source.dropped} spike(s) did not fit the recorders between two ticks`] : []),
      ];
      log(`recording written to ${writer.file}: ${writer.messageCount} messages${notes.length ? ` (${notes.join('; ')})` : ''}`);
    },
  };
}
