/**
 * `spikeloop view <recording.mcap> [--port P] [--host H] [--no-open] [--max-clients N]
 * [--allow-origin O …]`: replays a recorded episode in the browser. Prints the page's URL, opens
 * it unless --no-open, and serves until Ctrl-C (SIGINT or SIGTERM ends it cleanly, exit 0).
 * Binds 127.0.0.1 unless --host widens it, which prints a warning; pages opened by another name
 * than 127.0.0.1/localhost or the bound address need --allow-origin.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { McapReadError } from '../../bridges/recording/mcapReader.js';
import { exposureWarning } from '../../viewer/server/openBrowser.js';
import { startReplayViewer } from '../../viewer/server/startReplayViewer.js';
import { parseAllowedOrigin } from '../../viewer/server/originPolicy.js';
import { VIEWER_LIMITS } from '../../viewer/server/viewerLimits.js';
import { isLoopbackHost } from '../../viewer/server/viewerServer.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import { describeMetadata } from '../../bridges/recording/recordingMetadata.js';

export interface ViewServeOptions {
  readonly port: number;
  readonly host: string;
  readonly open: boolean;
  /** Pages served at once. @default VIEWER_LIMITS.maxClients */
  readonly maxClients?: number;
  /** Origins of pages on other machines allowed to open the viewer. @default [] */
  readonly allowOrigin?: readonly string[];
}

const HELP = `
The page shows the episode in 3D (drone or arm, obstacles, lidar rays, trail) beside the spike
raster, firing rates, reward and dopamine, and commanded vs measured velocity; play, pause,
step, change speed and scrub the timeline. Record an episode with 'spikeloop run … --record x.mcap'.
An unfinished recording (the x.mcap.tmp-<pid> of a killed process) replays up to its last
complete chunk, with a warning; 'spikeloop mcap recover' makes a finished file of it. A damaged
file (CRC mismatch, unsupported compression, a definition that does not fit its schema name or
topic) fails with the byte offset, chunk and topic of the problem (exit 1).

Examples:
  $ spikeloop view forest-3.mcap
  $ spikeloop view forest-3.mcap --port 8080 --no-open
  $ spikeloop view forest-3.mcap --host 0.0.0.0 --port 8080 --allow-origin http://robot.lan:8080   # from another machine`;

/** A TCP port: an integer in 0…65535 (0 = any free port). */
export function portArg(raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < 0 || v > 65535) throw new InvalidArgumentError(`expected a port, an integer in 0…65535 (0 = any free port), got '${raw}'.`);
  return v;
}

/** A number of pages: an integer ≥ 1. */
export function maxClientsArg(raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`expected a number of pages, an integer ≥ 1, got '${raw}'.`);
  return v;
}

/** One more --allow-origin, normalised as the browser sends it. */
export function allowOriginArg(raw: string, previous: readonly string[] = []): string[] {
  try {
    return [...previous, parseAllowedOrigin(raw)];
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}

/** The viewer's --port, --host, --no-open, --max-clients and --allow-origin options, shared with `run --view` and `ros sim --view`. */
export function addViewerOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--port <P>', 'port of the viewer (0 = any free port)').argParser(portArg).default(0))
    .addOption(new Option('--host <H>', 'address the viewer listens on (anything but 127.0.0.1/localhost exposes it to other machines)').default('127.0.0.1'))
    .option('--no-open', 'do not open a browser (print the URL only)')
    .addOption(new Option('--max-clients <N>', 'pages the viewer serves at once (one more is turned away)').argParser(maxClientsArg).default(VIEWER_LIMITS.maxClients))
    .addOption(
      new Option('--allow-origin <origin>', 'let a page opened as <origin> (e.g. http://robot.lan:8080) use the viewer; repeatable (with --host for other machines)')
        .argParser(allowOriginArg)
        .default([]),
    );
}

export function registerView(program: Command, io: CliIo = processIo): void {
  addViewerOptions(
    program
      .command('view')
      .description('replay a recorded episode (MCAP) in the browser: 3D scene, spike raster, plots')
      .argument('<recording.mcap>', 'recording written by spikeloop run --record'),
  )
    .addHelpText('after', HELP)
    .action(async (file: string, o: ViewServeOptions) => {
      await viewCommand(file, o, io);
    });
}

/** Serves `file` until Ctrl-C (or until `stop` aborts, for tests). */
export async function viewCommand(file: string, o: ViewServeOptions, io: CliIo = processIo, stop?: AbortSignal): Promise<void> {
  let viewer;
  try {
    viewer = await startReplayViewer(file, { host: o.host, port: o.port, open: o.open, ...viewerLimitOptions(o), onWarning: (w) => io.err(`warning: ${file}: ${w} (spikeloop mcap recover ${file} --out <file.mcap> makes a finished file of it)\n`) });
  } catch (e) {
    if (e instanceof McapReadError) throw new CliError(e.message, 1);
    if (isListenError(e)) throw new CliError(`cannot listen on ${o.host}:${o.port}: ${(e as Error).message}`, 1);
    throw e;
  }
  try {
    announceViewer(io, viewer.url, o.host, viewer.openError);
    io.out(`replaying ${file}: ${viewer.messages} messages; Ctrl-C to stop\n`);
    for (const line of describeMetadata(viewer.metadata)) io.err(`${line}\n`);
    if (viewer.metadata.length === 0) io.err(`${file}: no spikeloop or rosbag2 metadata (recorded by another tool or an older spikeloop)\n`);
    await untilInterrupted(stop);
  } finally {
    await viewer.close();
  }
}

/**
 * Prints the viewer's URL (on `urlTo`: stdout for `view`, stderr for `run --view`, whose stdout
 * is its report), the exposure warning for a non-loopback host, and a failed browser start.
 */
export function announceViewer(io: CliIo, url: string, host: string, openError: string | null, urlTo: 'out' | 'err' = 'out'): void {
  io[urlTo](`viewer: ${url}\n`);
  if (!isLoopbackHost(host)) io.err(`${exposureWarning(host, url)}\n`);
  if (openError !== null) io.err(`the browser could not be opened (${openError}); open ${url} in a browser by hand\n`);
}

/** --max-clients and --allow-origin as the viewer's options (absent ones keep its defaults). */
export function viewerLimitOptions(o: { readonly maxClients?: number; readonly allowOrigin?: readonly string[] }): { maxClients?: number; allowOrigins?: readonly string[] } {
  return { ...(o.maxClients !== undefined ? { maxClients: o.maxClients } : {}), ...(o.allowOrigin !== undefined ? { allowOrigins: o.allowOrigin } : {}) };
}

/** Resolves on SIGINT or SIGTERM (or when `stop` aborts), removing its handlers. */
export function untilInterrupted(stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    if (stop?.aborted) return resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    stop?.addEventListener('abort', done, { once: true });
  });
}

function isListenError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND';
}
