/**
 * The viewer's HTTP + WebSocket server (`node:http` + `ws`): serves the page and three.js
 * (viewerFiles.ts) and one WebSocket endpoint, `/stream`, over which the page receives the
 * telemetry (streamProtocol.ts).
 *
 * Safety: binds 127.0.0.1 unless told otherwise. Only GET and HEAD are served; request paths go
 * through `safePath` (traversal → 403) and three.js is an allowlist of files. Requests whose
 * `Host` header is not one of the server's names are refused (421; a DNS-rebinding page cannot
 * read the stream) and WebSocket upgrades must come from the page's own origin (browsers let
 * any site open a WebSocket to any address), whatever address is bound (originPolicy.ts;
 * `allowOrigins` for remote pages). Every response carries securityHeaders.ts.
 *
 * Robustness: the process serving the viewer usually runs the robot too, so nothing a client
 * sends may throw out of it: every socket (the listener, each TCP connection, each WebSocket)
 * has an 'error' handler, frames from a client are capped at `maxPayload_bytes` (the page sends
 * nothing), at most `maxClients` pages are served (the next gets close code 1013 and a reason),
 * TCP connections are capped (viewerLimits.ts) and every page is sent to with backpressure
 * (pacedClient.ts), so a page that reads slowly or not at all costs a bounded amount of memory
 * and is dropped when it falls too far behind.
 *
 * Lifecycle: `close()` terminates every WebSocket, destroys every open socket and resolves once
 * the listening socket is closed, leaving no handle behind.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join } from 'node:path';
import { WebSocketServer } from 'ws';
import { originPolicy, parseAllowedOrigin } from './originPolicy.js';
import type { OriginPolicy } from './originPolicy.js';
import { PacedClient } from './pacedClient.js';
import { realInside, safePath } from './safePath.js';
import { securityHeaders } from './securityHeaders.js';
import type { PacingLimits } from './viewerLimits.js';
import { maxConnectionsFor, VIEWER_LIMITS } from './viewerLimits.js';
import { pageRoot, THREE_FILES, threeRoot, VENDOR_PREFIX } from './viewerFiles.js';

/** Path of the WebSocket endpoint. */
export const STREAM_PATH = '/stream';

/** Close code for a page beyond `maxClients` (RFC 6455 registry: "Try Again Later"). */
export const CLOSE_TOO_MANY_CLIENTS = 1013;

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
  /** Called for each new page, before any broadcast reaches it (send it the backlog). */
  readonly onClient?: (client: PacedClient) => void;
  /** Pages served at once; one more is closed with code 1013. @default VIEWER_LIMITS.maxClients (16) */
  readonly maxClients?: number;
  /** Origins of pages elsewhere that may use the viewer (`http://robot.lan:8080`). @default [] */
  readonly allowOrigins?: readonly string[];
  /** Backpressure and drop limits per page. @default VIEWER_LIMITS */
  readonly pacing?: Partial<PacingLimits>;
}

/** What the server refused or dropped, counted since it started. */
export interface ViewerServerStats {
  /** Requests and upgrades refused for their Host or Origin header. */
  forbidden: number;
  /** Pages closed because `maxClients` were connected. */
  overCapacity: number;
  /** Pages dropped because they fell too far behind (queue over the limit) or stalled. */
  dropped: number;
  /** Socket and WebSocket errors (malformed or oversized frames, resets) survived. */
  socketErrors: number;
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
  /** Bytes queued or buffered for all pages now (what slow pages cost). */
  queuedBytes(): number;
  readonly stats: ViewerServerStats;
  /** The Host/Origin policy in force. */
  readonly policy: OriginPolicy;
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
  const maxClients = opts.maxClients ?? VIEWER_LIMITS.maxClients;
  if (!Number.isInteger(maxClients) || maxClients < 1) throw new RangeError(`viewer: maxClients must be an integer ≥ 1, got ${maxClients}`);
  // Validated before listening, so a bad origin fails without a socket to clean up.
  const allowOrigins = (opts.allowOrigins ?? []).map(parseAllowedOrigin);
  const pacing: PacingLimits = { ...VIEWER_LIMITS, ...opts.pacing };
  const page = pageRoot();
  const three = threeRoot();
  /** three.js files never change while we run: read once, shared by every response. */
  const vendorCache = new Map<string, Buffer>();
  const sockets = new Set<Socket>();
  const clients = new Set<PacedClient>();
  const stats: ViewerServerStats = { forbidden: 0, overCapacity: 0, dropped: 0, socketErrors: 0 };
  // clientTracking off: `clients` is the one list of pages; the refused one is in neither.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false, maxPayload: VIEWER_LIMITS.maxPayload_bytes });
  wss.on('error', () => stats.socketErrors++);
  // Requests arrive only after listen(), when the port (0 = any) is known and the policy set.
  let policy: OriginPolicy = originPolicy(host, portIn, allowOrigins);

  const server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  server.maxConnections = maxConnectionsFor(maxClients);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    if (!policy.hostAllowed(req.headers.host)) {
      stats.forbidden++;
      return send(res, 421, `misdirected request: this viewer answers to ${policy.hosts.join(', ')}; start it with --allow-origin http://<host:port> to open it by another name\n`);
    }
    const raw = req.url ?? '/';
    const path = raw.split('?')[0]!.split('#')[0]!;
    let file: string | null;
    let root: string;
    let cached: Buffer | undefined;
    if (path.startsWith(VENDOR_PREFIX)) {
      const rel = path.slice(VENDOR_PREFIX.length);
      if (!THREE_FILES.includes(rel)) return send(res, 404, 'not found\n');
      root = three;
      file = join(three, rel);
      cached = vendorCache.get(rel);
    } else {
      const p = safePath(page, path === '/' ? '/index.html' : path);
      if (!p.ok) return send(res, 403, `forbidden: ${p.reason}\n`);
      root = page;
      file = p.file;
    }
    let body: Buffer;
    if (cached !== undefined) body = cached;
    else {
      if (!realInside(root, file)) return send(res, 404, 'not found\n');
      try {
        body = await readFile(file);
      } catch {
        return send(res, 404, 'not found\n');
      }
      if (root === three) vendorCache.set(path.slice(VENDOR_PREFIX.length), body);
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...securityHeaders(type.startsWith('text/html') ? body.toString('utf8') : undefined),
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // Stays on the socket after an upgrade too (http and ws add and remove their own).
    s.on('error', () => {
      stats.socketErrors++;
      s.destroy();
    });
  });
  // Malformed HTTP: answer 400 with our headers where the socket still takes it, then drop it.
  server.on('clientError', (err: NodeJS.ErrnoException, s: Socket) => {
    stats.socketErrors++;
    if (err.code !== 'ECONNRESET' && s.writable) s.end(rawResponse(400, 'Bad Request'));
    else s.destroy();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (req.url !== STREAM_PATH) return void socket.end(rawResponse(403, 'Forbidden'));
    if (!policy.hostAllowed(req.headers.host) || !policy.originAllowed(req.headers.origin)) {
      stats.forbidden++;
      return void socket.end(rawResponse(403, 'Forbidden'));
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // First thing: a WebSocket without an 'error' listener throws a bad frame out of the process.
      ws.on('error', () => stats.socketErrors++);
      if (clients.size >= maxClients) {
        stats.overCapacity++;
        ws.close(CLOSE_TOO_MANY_CLIENTS, `viewer full: ${maxClients} pages connected (--max-clients raises it)`);
        const cutOff = setTimeout(() => ws.terminate(), VIEWER_LIMITS.refusedGrace_ms);
        cutOff.unref();
        ws.once('close', () => clearTimeout(cutOff));
        return;
      }
      const client = new PacedClient(ws, pacing, () => stats.dropped++);
      clients.add(client);
      ws.on('close', () => {
        clients.delete(client);
        client.dispose();
      });
      opts.onClient?.(client);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(portIn, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, an error of the listener (e.g. EMFILE on accept) must not end the process.
  server.on('error', () => stats.socketErrors++);
  const port = (server.address() as AddressInfo).port;
  policy = originPolicy(host, port, allowOrigins);
  // A wildcard bind includes loopback: give the address that works on this machine.
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}/`,
    host,
    port,
    stats,
    policy,
    broadcast(text: string): void {
      if (clients.size === 0) return;
      const bytes = Buffer.byteLength(text);
      for (const c of clients) c.send(text, bytes);
    },
    clientCount: () => clients.size,
    queuedBytes(): number {
      let sum = 0;
      for (const c of clients) sum += c.queuedBytes;
      return sum;
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        for (const c of clients) {
          c.dispose();
          c.ws.terminate();
        }
        clients.clear();
        wss.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A complete HTTP response with no body, written straight to a socket (refused upgrades, bad requests). */
function rawResponse(status: number, reason: string): string {
  const headers = Object.entries(securityHeaders()).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `HTTP/1.1 ${status} ${reason}\r\n${headers}Content-Length: 0\r\nConnection: close\r\n\r\n`;
}
