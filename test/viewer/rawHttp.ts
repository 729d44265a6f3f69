/**
 * Test helper: one HTTP/1.1 request written byte for byte on a TCP socket, so the request
 * target reaches the server exactly as given (fetch and http.request normalise `/../`).
 */
import type { AddressInfo } from 'node:net';
import { connect, Server, Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Sends `GET <target>` (or `method`) with the given Host header and reads the whole response. */
export function rawRequest(port: number, target: string, opts: { host?: string; method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split).toString('latin1').split('\r\n');
      const status = Number(head[0]!.split(' ')[1]);
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status, headers, body: all.subarray(split + 4) });
    });
    const extra = Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.write(`${opts.method ?? 'GET'} ${target} HTTP/1.1\r\nHost: ${opts.host ?? `127.0.0.1:${port}`}\r\n${extra}Connection: close\r\n\r\n`);
  });
}

/**
 * Live handles of this process on TCP port `port`: listening servers and sockets at either end.
 * (Node's `_getActiveHandles` is undocumented but stable since v0.x; the public
 * getActiveResourcesInfo gives only kinds, not which server they belong to.)
 */
export function handlesOnPort(port: number): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => {
    if (h instanceof Server) return (h.address() as AddressInfo | null)?.port === port;
    if (h instanceof Socket) return h.localPort === port || h.remotePort === port;
    return false;
  }).length;
}
