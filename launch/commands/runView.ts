/**
 * `spikeloop run … --view`: the episode streamed live to the viewer, paced at real time (or
 * `--view-speed` × real time) so a person can watch it. The body's telemetry (bridges/recording:
 * the standard topics, the spikes of every population, the neuromodulator) goes to the viewer's
 * live sink; the episode starts once a page is connected, so nothing is missed while the browser
 * opens. Afterwards the viewer stays up (the page can replay what it received) until Ctrl-C,
 * unless `--view-exit`.
 *
 * Pacing does not change the episode: the same ticks (loop/controlTick.ts) run in the same order
 * as in `runEpisode`, only spaced out by the real-time runner, so the outcome, return and metrics
 * are those of the unpaced run with the same seed. Ctrl-C during the episode stops it (outcome
 * 'truncated', reported as stopped).
 */
import type { PresetController } from '../../controllers/presets/preset.js';
import { simTelemetryFor } from '../../bridges/recording/simTelemetry.js';
import { SpikeTelemetry } from '../../bridges/recording/spikeTelemetry.js';
import { withRewardTelemetry, withTelemetry } from '../../bridges/recording/withTelemetry.js';
import type { Body } from '../../loop/body.js';
import type { Clock } from '../../loop/clock.js';
import { wallClock } from '../../loop/clock.js';
import { createLoop } from '../../loop/controlTick.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { runRealtime } from '../../loop/realtimeRunner.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { startLiveViewer } from '../../viewer/server/startLiveViewer.js';
import type { CliIo } from '../cliIo.js';
import { NetworkSpikeSource, networkModulators } from '../telemetry/networkSpikeSource.js';
import { announceViewer, untilInterrupted, viewerLimitOptions } from './view.js';

export interface RunViewOptions {
  readonly port: number;
  readonly host: string;
  readonly open: boolean;
  /** --max-clients. @default VIEWER_LIMITS.maxClients */
  readonly maxClients?: number;
  /** --allow-origin. @default [] */
  readonly allowOrigin?: readonly string[];
  /** Simulated seconds per wall second. @default 1 */
  readonly speed: number;
  /** Close the viewer when the episode ends instead of waiting for Ctrl-C. */
  readonly exit: boolean;
  /** Aborts like Ctrl-C (tests). */
  readonly signal?: AbortSignal;
}

/** A wall clock running `speed` times faster (sleeps are `speed` times shorter). */
export function scaledClock(speed: number): Clock {
  if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError(`scaledClock: speed must be a finite number > 0, got ${speed}`);
  const wall = wallClock();
  return {
    now_s: () => wall.now_s() * speed,
    sleepUntil: (t_s, signal) => wall.sleepUntil(t_s / speed, signal),
  };
}

/** Runs one episode of `scenario` on `body` (unwrapped) with `controller`, streamed to a live viewer. */
export async function viewEpisode(scenario: Scenario, body: Body, controller: PresetController, seed: number, v: RunViewOptions, io: CliIo): Promise<EpisodeResult> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  v.signal?.addEventListener('abort', onSignal, { once: true });
  const viewer = await startLiveViewer({ host: v.host, port: v.port, open: v.open, ...viewerLimitOptions(v), source: `${scenario.id}, episode seed ${seed}` });
  let source: NetworkSpikeSource | null = null;
  try {
    announceViewer(io, viewer.url, v.host, viewer.openError, 'err');
    io.err('waiting for a page to connect (the episode starts then)…\n');
    await viewer.waitForClient(stop.signal);
    const net = controller.network;
    source = net ? new NetworkSpikeSource(net) : null;
    const spikes = source && net ? new SpikeTelemetry(source, networkModulators(net)) : null;
    const telemetry = simTelemetryFor(body, viewer.sink, { scenario: scenario.id, spikes, scene: (s) => scenario.describeScene?.(s) ?? {} });
    const tbody = withTelemetry(body, telemetry);
    tbody.reset(seed);
    controller.reset(seed);
    // The task judges the body itself (tasks may read ground truth from their own body class).
    const task = withRewardTelemetry(scenario.createTask(body, seed), telemetry);
    const loop = createLoop(tbody, controller, task, { controlRate_Hz: scenario.controlRate_Hz });
    const run = await runRealtime(loop, scaledClock(v.speed), { signal: stop.signal });
    const outcome = run.stop === 'terminated' || run.stop === 'error' ? run.stop : 'truncated';
    const result: EpisodeResult = {
      seed,
      outcome,
      ...(run.error !== undefined ? { error: run.error } : {}),
      steps: loop.steps,
      duration_s: loop.t_s,
      return: loop.return,
      rewardTerms: { ...loop.termTotals },
      metrics: task.metrics(),
      activity: controller.activity?.() ?? { steps: loop.steps, spikes: 0, synOps: 0 },
    };
    telemetry.endEpisode({ outcome: result.outcome, return: result.return, metrics: result.metrics });
    const st = viewer.stats;
    io.err(`streamed ${st.messages} messages, ${(st.bytes / 1024).toFixed(0)} KiB (${loop.steps > 0 ? (st.bytes / loop.steps / 1024).toFixed(2) : '–'} KiB per control step)\n`);
    if (run.stop === 'abort') io.err(`stopped at t = ${loop.t_s.toFixed(2)} s\n`);
    else if (!v.exit && !stop.signal.aborted) {
      io.err(`episode over; the viewer stays at ${viewer.url} until Ctrl-C\n`);
      await untilInterrupted(stop.signal);
    }
    return result;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    v.signal?.removeEventListener('abort', onSignal);
    source?.detach();
    await viewer.close();
  }
}
