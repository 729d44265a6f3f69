/**
 * Test helper: a WebSocket client written by hand on a TCP socket, so a test can send what no
 * WebSocket library would (unmasked frames, absurd lengths, random bytes) after a real upgrade
 * handshake, or stop reading altogether.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { connect } from 'node:net';

export interface RawWebSocket {
  readonly socket: Socket;
  /** Status code of the handshake response (101 when upgraded). */
  readonly status: number;
  /** Response headers, names in lowercase. */
  readonly headers: Readonly<Record<string, string>>;
  /** Everything received after the handshake response (grows while the socket is read). */
  readonly received: () => Buffer;
  /** Resolves when the socket is closed. */
  readonly closed: Promise<void>;
}

export interface RawUpgradeOptions {
  /** Host header. @default 127.0.0.1:<port> */
  readonly host?: string;
  /** Origin header (none when absent). */
  readonly origin?: string;
  /** @default '/stream' */
  readonly path?: string;
  /** Stop reading right after the handshake: the kernel buffers fill and the server's writes stall. */
  readonly stall?: boolean;
}

/** Connects to 127.0.0.1:`port` and sends an upgrade request; resolves with the response. */
export function upgradeRaw(port: number, opts: RawUpgradeOptions = {}): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    let buf = Buffer.alloc(0);
    let after: Buffer[] = [];
    let upgraded = false;
    socket.on('error', reject);
    const onData = (chunk: Buffer) => {
      if (upgraded) {
        after.push(chunk);
        return;
      }
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      upgraded = true;
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      after = [buf.subarray(end + 4)];
      if (opts.stall) {
        socket.off('data', onData);
        socket.pause();
      }
      resolve({
        socket,
        status: Number(lines[0]!.split(' ')[1]),
        headers,
        received: () => {
          after = [Buffer.concat(after)];
          return after[0]!;
        },
        closed,
      });
    };
    socket.on('data', onData);
    const origin = opts.origin !== undefined ? `Origin: ${opts.origin}\r\n` : '';
    socket.write(
      `GET ${opts.path ?? '/stream'} HTTP/1.1\r\nHost: ${opts.host ?? `127.0.0.1:${port}`}\r\n${origin}` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
    );
  });
}

/** One client frame: masked (as RFC 6455 requires of clients) unless `masked` is false. */
export function clientFrame(opcode: number, payload: Uint8Array, opts: { fin?: boolean; masked?: boolean } = {}): Buffer {
  const masked = opts.masked ?? true;
  const n = payload.length;
  const lenBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + lenBytes + (masked ? 4 : 0));
  head[0] = ((opts.fin ?? true) ? 0x80 : 0) | (opcode & 0x0f);
  head[1] = (masked ? 0x80 : 0) | (n < 126 ? n : n < 65536 ? 126 : 127);
  if (lenBytes === 2) head.writeUInt16BE(n, 2);
  if (lenBytes === 8) head.writeBigUInt64BE(BigInt(n), 2);
  const body = Buffer.from(payload);
  if (masked) {
    const key = randomBytes(4);
    key.copy(head, 2 + lenBytes);
    for (let i = 0; i < n; i++) body[i]! ^= key[i & 3]!;
  }
  return Buffer.concat([head, body]);
}

/** The frames in `data` sent by a server (unmasked): opcode and payload of each complete one. */
export function serverFrames(data: Buffer): { opcode: number; payload: Buffer }[] {
  const out: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    let n = data[at + 1]! & 0x7f;
    let head = 2;
    if (n === 126) {
      if (at + 4 > data.length) break;
      n = data.readUInt16BE(at + 2);
      head = 4;
    } else if (n === 127) {
      if (at + 10 > data.length) break;
      n = Number(data.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (at + head + n > data.length) break;
    out.push({ opcode: data[at]! & 0x0f, payload: data.subarray(at + head, at + head + n) });
    at += head + n;
  }
  return out;
}

/** The status code of the close frame in `data`, or null when there is none (yet). */
export function closeCodeIn(data: Buffer): number | null {
  const close = serverFrames(data).find((f) => f.opcode === 0x8);
  return close === undefined || close.payload.length < 2 ? null : close.payload.readUInt16BE(0);
}

/** Resolves once `cond()` holds, checking every 10 ms (bounded by the test's own timeout). */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}
