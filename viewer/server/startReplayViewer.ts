/**
 * A replay viewer in one call, for `spikeloop view <recording.mcap>`: reads the recording,
 * starts the server and (optionally) opens the page, which receives the whole episode and
 * plays, pauses, steps and scrubs it.
 */
import type { McapMetadata } from '../../bridges/recording/recordingMetadata.js';
import { openBrowser } from './openBrowser.js';
import { ReplayStream } from './replayStream.js';
import { startViewerServer } from './viewerServer.js';

export interface ReplayViewerOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 = any free port. @default 0 */
  readonly port?: number;
  /** Open the page in the default browser. @default false */
  readonly open?: boolean;
  /** Pages served at once. @default VIEWER_LIMITS.maxClients (16) */
  readonly maxClients?: number;
  /** Origins of pages on other machines allowed to use the viewer. @default [] */
  readonly allowOrigins?: readonly string[];
  /** What is wrong but readable in the recording (an unfinished file). */
  readonly onWarning?: (message: string) => void;
}

export interface ReplayViewer {
  readonly url: string;
  /** Messages in the recording. */
  readonly messages: number;
  /** Bytes each page receives. */
  readonly bytes: number;
  /** Why the browser did not open (null if it did or was not asked to). */
  readonly openError: string | null;
  /** The recording's Metadata records (its identity: bridges/recording/recordingMetadata.ts). */
  readonly metadata: readonly McapMetadata[];
  close(): Promise<void>;
}

/** Reads `file` (an MCAP recording; McapReadError if it cannot) and serves it. */
export async function startReplayViewer(file: string, opts: ReplayViewerOptions = {}): Promise<ReplayViewer> {
  const replay = await ReplayStream.load(file, opts.onWarning);
  const server = await startViewerServer({
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.maxClients !== undefined ? { maxClients: opts.maxClients } : {}),
    ...(opts.allowOrigins !== undefined ? { allowOrigins: opts.allowOrigins } : {}),
    onClient: (client) => replay.attach(client),
  });
  const openError = opts.open ? await openBrowser(server.url) : null;
  return { url: server.url, messages: replay.count, bytes: replay.bytes, openError, metadata: replay.metadata, close: () => server.close() };
}
