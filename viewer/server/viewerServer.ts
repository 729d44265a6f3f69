/**
 * The viewer's HTTP + WebSocket server (`node:http` + `ws`): serves the page and three.js
 * (viewerFiles.ts) and one WebSocket endpoint, `/stream`, over which the page receives the
 * telemetry (streamProtocol.ts).
 *
 * Safety: binds 127.0.0.1 unless told otherwise. Only GET and HEAD are served; request paths go
 * through `safePath` (traversal → 403) and three.js is an allowlist of files. While bound to a
 * loopback address, requests whose `Host` header is not a loopback name are refused (421; a DNS
 * rebinding page cannot read the stream), and WebSocket upgrades must come from the page's own
 * origin (browsers let any site open a WebSocket to 127.0.0.1).
 *
 * Lifecycle: `close()` terminates every WebSocket, destroys every open socket and resolves once
 * the listening socket is closed, leaving no handle behind.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join } from 'node:path';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { realInside, safePath } from './safePath.js';
import { pageRoot, THREE_FILES, threeRoot, VENDOR_PREFIX } from './viewerFiles.js';

/** Path of the WebSocket endpoint. */
export const STREAM_PATH = '/stream';

/** A client whose unsent data exceeds this is too slow to follow the stream and is dropped. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface ViewerServerOptions {
  /** Address to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Port; 0 picks any free port. @default 0 */
  readonly port?: number;
  /** Called for each new WebSocket client, before any broadcast reaches it (send it the backlog). */
  readonly onClient?: (client: WebSocket) => void;
}

export interface ViewerServer {
  /** The page's address, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Sends `text` to every connected page. */
  broadcast(text: string): void;
  /** Pages connected now. */
  clientCount(): number;
  /** Closes everything; resolves when no handle is left. Idempotent. */
  close(): Promise<void>;
}

/** True for the addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Starts the server; resolves once it listens. */
export async function startViewerServer(opts: ViewerServerOptions = {}): Promise<ViewerServer> {
  const host = opts.host ?? '127.0.0.1';
  const portIn = opts.port ?? 0;
  if (!Number.isInteger(portIn) || portIn < 0 || portIn > 65535) throw new RangeError(`viewer: port must be an integer in 0…65535, got ${portIn}`);
  const page = pageRoot();
  const three = threeRoot();
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  let port = 0;
  const loopback = isLoopbackHost(host);
  const hostAllowed = (h: string | undefined): boolean =>
    !loopback || (h !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h.toLowerCase()));

  const server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    if (!hostAllowed(req.headers.host)) return send(res, 421, 'misdirected request\n');
    const raw = req.url ?? '/';
    const path = raw.split('?')[0]!.split('#')[0]!;
    let file: string | null;
    let root: string;
    if (path.startsWith(VENDOR_PREFIX)) {
      const rel = path.slice(VENDOR_PREFIX.length);
      if (!THREE_FILES.includes(rel)) return send(res, 404, 'not found\n');
      root = three;
      file = join(three, rel);
    } else {
      const p = safePath(page, path === '/' ? '/index.html' : path);
      if (!p.ok) return send(res, 403, `forbidden: ${p.reason}\n`);
      root = page;
      file = p.file;
    }
    if (!realInside(root, file)) return send(res, 404, 'not found\n');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'not found\n');
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || origin === `http://${req.headers.host ?? ''}`;
    if (req.url !== STREAM_PATH || !hostAllowed(req.headers.host) || !sameOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      opts.onClient?.(ws);
      wss.emit('connection', ws, req);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(portIn, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // A wildcard bind includes loopback: give the address that works on this machine.
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}/`,
    host,
    port,
    broadcast(text: string): void {
      for (const c of wss.clients) {
        if (c.readyState !== c.OPEN) continue;
        if (c.bufferedAmount > MAX_BUFFERED_BYTES) c.terminate();
        else c.send(text);
      }
    },
    clientCount: () => wss.clients.size,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
