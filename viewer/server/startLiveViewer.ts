/**
 * A live viewer in one call, for `spikeloop run … --view` and `spikeloop ros sim … --view`:
 * starts the server, returns the sink to write telemetry to and the URL to open.
 *
 *   const viewer = await startLiveViewer({ open: true });
 *   io.out(`viewer: ${viewer.url}\n`);
 *   telemetry → viewer.sink (MessageSink) …
 *   await viewer.close();
 */
import type { MessageSink } from '../../bridges/recording/messageSink.js';
import type { LiveStreamStats } from './liveStream.js';
import { LiveStream } from './liveStream.js';
import { openBrowser } from './openBrowser.js';
import { startViewerServer } from './viewerServer.js';

export interface LiveViewerOptions {
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
  /** Shown in the page's title (e.g. the scenario id). @default 'live' */
  readonly source?: string;
}

export interface LiveViewer {
  /** Write the telemetry here. */
  readonly sink: MessageSink;
  readonly url: string;
  /** Why the browser did not open (null if it did or was not asked to). */
  readonly openError: string | null;
  /** What the stream has sent so far. */
  readonly stats: LiveStreamStats;
  /** Pages connected now. */
  clientCount(): number;
  /** Resolves once a page is connected (at once if one is), or when `signal` aborts. */
  waitForClient(signal?: AbortSignal): Promise<void>;
  /** Sends what is pending, then closes the server and every connection. */
  close(): Promise<void>;
}

export async function startLiveViewer(opts: LiveViewerOptions = {}): Promise<LiveViewer> {
  let stream: LiveStream | null = null;
  const waiting = new Set<() => void>();
  const server = await startViewerServer({
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.maxClients !== undefined ? { maxClients: opts.maxClients } : {}),
    ...(opts.allowOrigins !== undefined ? { allowOrigins: opts.allowOrigins } : {}),
    onClient: (client) => {
      stream?.attach(client);
      for (const w of waiting) w();
    },
  });
  const live = new LiveStream((text) => server.broadcast(text), { source: opts.source ?? 'live' });
  stream = live;
  const openError = opts.open ? await openBrowser(server.url) : null;
  return {
    sink: live,
    url: server.url,
    openError,
    stats: live.stats,
    clientCount: () => server.clientCount(),
    waitForClient(signal?: AbortSignal): Promise<void> {
      if (server.clientCount() > 0 || signal?.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          waiting.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        waiting.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    },
    async close(): Promise<void> {
      live.flush();
      live.close();
      for (const w of waiting) w();
      await server.close();
    },
  };
}
