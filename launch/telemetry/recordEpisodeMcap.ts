/**
 * One scenario episode recorded to an MCAP file: the body wrapped with its telemetry (sensor and
 * command topics, scene, episode events), the task with the reward, and — for a spiking
 * controller — the spikes of every population and the neuromodulator levels. The file is
 * written to a temporary name and renamed when complete. An exception during the episode
 * finalises what was recorded up to it under the final name (no end-of-episode event: the
 * episode did not end) and propagates; a recording with no message is removed instead.
 */
import type { PresetController } from '../../controllers/presets/preset.js';
import type { Body } from '../../loop/body.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import type { McapWriterOptions } from '../../bridges/recording/mcapWriter.js';
import { openMcapWriter } from '../../bridges/recording/mcapWriter.js';
import { spikeloopMetadata } from '../../bridges/recording/recordingMetadata.js';
import { simTelemetryFor } from '../../bridges/recording/simTelemetry.js';
import { SpikeTelemetry } from '../../bridges/recording/spikeTelemetry.js';
import { withRewardTelemetry, withTelemetry } from '../../bridges/recording/withTelemetry.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { NetworkSpikeSource, networkModulators } from './networkSpikeSource.js';

export interface RecordEpisodeMcapOptions {
  /** The recording's path (conventionally `*.mcap`). */
  readonly file: string;
  readonly scenario: Scenario;
  /** A body of the scenario (not wrapped in telemetry; the task judges this one). */
  readonly body: Body;
  readonly controller: PresetController;
  /** The episode seed. */
  readonly seed: number;
  /** For the file's `spikeloop` metadata: the controller as named (file path or preset id) and the command's seed. */
  readonly controllerName?: string;
  readonly runSeed?: number;
  readonly mcap?: McapWriterOptions;
}

export interface RecordedEpisode {
  readonly result: EpisodeResult;
  readonly file: string;
  /** Messages in the file. */
  readonly messages: number;
  /** Spikes that did not fit the recorders between two control steps (0 unless a population fired far beyond its size per period). */
  readonly droppedSpikes: number;
}

export function recordEpisodeMcap(o: RecordEpisodeMcapOptions): RecordedEpisode {
  const identity = spikeloopMetadata({
    command: 'run',
    scenario: o.scenario.id,
    seed: o.runSeed ?? o.seed,
    episodeSeeds: [o.seed],
    ...(o.controllerName !== undefined ? { controller: o.controllerName } : {}),
    timeBase: 'sim',
  });
  const writer = openMcapWriter(o.file, { ...o.mcap, metadata: [identity, ...(o.mcap?.metadata ?? [])] });
  const net = o.controller.network;
  let source: NetworkSpikeSource | null = null;
  try {
    source = net ? new NetworkSpikeSource(net) : null;
    const spikes = source && net ? new SpikeTelemetry(source, networkModulators(net)) : null;
    const telemetry = simTelemetryFor(o.body, writer, { scenario: o.scenario.id, spikes, scene: (s) => o.scenario.describeScene?.(s) ?? {} });
    // The task judges the body itself (tasks may read ground truth from their own body class).
    const judged: Scenario = { ...o.scenario, createTask: (_b, s) => withRewardTelemetry(o.scenario.createTask(o.body, s), telemetry) };
    const result = runScenarioEpisode(judged, withTelemetry(o.body, telemetry), o.controller, { seed: o.seed });
    telemetry.endEpisode({ outcome: result.outcome, return: result.return, metrics: result.metrics });
    const messages = writer.messageCount;
    writer.close();
    return { result, file: o.file, messages, droppedSpikes: source?.dropped ?? 0 };
  } catch (e) {
    if (writer.messageCount === 0) writer.abort();
    else {
      try {
        writer.close();
      } catch {
        // close() removed the temporary file; the episode's own error is the one to report.
      }
    }
    throw e;
  } finally {
    source?.detach();
  }
}
