/**
 * The viewer server against clients that misbehave (issue 15): malformed and oversized frames,
 * one page too many, pages that stop reading, foreign Host and Origin headers with a wildcard
 * bind, random bytes. The server lives in the test's process, so a frame that threw out of an
 * 'error'-less socket would be an uncaught exception and fail the run. Nothing here measures
 * wall time or memory of the process: the server's own counters and queued bytes are asserted.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { PacedClient, ViewerServer } from '../../viewer/server/index.js';
import { CLOSE_TOO_MANY_CLIENTS, pageRoot, startViewerServer, STREAM_PATH } from '../../viewer/server/index.js';
import { rawRequest } from './rawHttp.js';
import { clientFrame, closeCodeIn, upgradeRaw, until } from './rawWebSocket.js';

let server: ViewerServer | null = null;
const open: WebSocket[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  await server?.close();
  server = null;
});

/** A ws client of `s` whose text frames are collected into `got`. */
async function page(s: ViewerServer, got: string[] = []): Promise<{ ws: WebSocket; got: string[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}${STREAM_PATH}`);
  open.push(ws);
  ws.on('message', (d) => got.push(String(d)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, got };
}

const KiB = 1024;

describe('viewer server robustness', () => {
  it('survives an unmasked 7-byte frame and a frame announcing 2 MiB: those connections get 1002 and 1009, the other page keeps receiving', async () => {
    server = await startViewerServer({ onClient: (c) => c.send('hello') });
    const watcher = await page(server);
    await until(() => watcher.got.length === 1);

    const unmasked = await upgradeRaw(server.port);
    expect(unmasked.status).toBe(101);
    // FIN + text, length 5, mask bit clear: 7 bytes that a server must refuse (RFC 6455 §5.1).
    const seven = clientFrame(0x1, Buffer.from('hello'), { masked: false });
    expect(seven.length).toBe(7);
    unmasked.socket.write(seven);
    await until(() => closeCodeIn(unmasked.received()) !== null);
    expect(closeCodeIn(unmasked.received())).toBe(1002);

    const huge = await upgradeRaw(server.port);
    expect(huge.status).toBe(101);
    // A masked binary frame header announcing 2 MiB (64-bit length), no payload behind it.
    const header = Buffer.alloc(14);
    header[0] = 0x82;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(2n * 1024n * 1024n, 2);
    huge.socket.write(header);
    await until(() => closeCodeIn(huge.received()) !== null);
    expect(closeCodeIn(huge.received())).toBe(1009);

    expect(server.stats.socketErrors).toBeGreaterThanOrEqual(2);
    unmasked.socket.destroy();
    huge.socket.destroy();
    await until(() => server!.clientCount() === 1);
    server.broadcast('after');
    await until(() => watcher.got.length === 2);
    expect(watcher.got).toEqual(['hello', 'after']);
    // And new pages are still served.
    const fresh = await page(server);
    await until(() => fresh.got.length === 1);
    expect((await rawRequest(server.port, '/')).status).toBe(200);
  });

  it('turns the page beyond maxClients away with close code 1013 and a reason; a freed slot is served again', async () => {
    server = await startViewerServer({ maxClients: 2, onClient: (c) => c.send('hello') });
    const a = await page(server);
    await page(server);
    const third = new WebSocket(`ws://127.0.0.1:${server.port}${STREAM_PATH}`);
    open.push(third);
    const got: string[] = [];
    third.on('message', (d) => got.push(String(d)));
    const [code, reason] = await new Promise<[number, string]>((r) => third.once('close', (c, why) => r([c, String(why)])));
    expect(code).toBe(CLOSE_TOO_MANY_CLIENTS);
    expect(reason).toBe('viewer full: 2 pages connected (--max-clients raises it)');
    expect(got).toEqual([]);
    expect(server.clientCount()).toBe(2);
    expect(server.stats.overCapacity).toBe(1);
    a.ws.close();
    await until(() => server!.clientCount() === 1);
    const d = await page(server);
    await until(() => d.got.length === 1);
    expect(d.got).toEqual(['hello']);
    expect(server.clientCount()).toBe(2);
  });

  it('a page that reads gets a paced replay of many high-water marks whole and in order, then what was queued after it', async () => {
    const FRAMES = 300;
    const frame = (i: number) => `${i}:`.padEnd(16 * KiB, 'p'); // 300 × 16 KiB: 75 high-water marks
    let pulled = 0;
    function* replay(): Generator<string> {
      for (let i = 0; i < FRAMES; i++) {
        pulled++;
        yield frame(i);
      }
    }
    server = await startViewerServer({
      pacing: { highWater_bytes: 64 * KiB },
      onClient: (c) => {
        c.send('hello');
        c.sendAll(replay());
        c.send('complete');
      },
    });
    const reader = await page(server);
    // Pulled lazily: when the page connects, only about one high-water mark is out.
    expect(pulled).toBeLessThan(FRAMES);
    server.broadcast('live-after'); // queued behind the replay, not mixed into it
    // Until all arrived, or the page was dropped for stalling (the pump stopped: then this fails).
    await until(() => reader.got.length === FRAMES + 3 || server!.stats.dropped > 0);
    expect(server.stats.dropped).toBe(0);
    expect(reader.got[0]).toBe('hello');
    expect(reader.got.slice(1, FRAMES + 1).every((t, i) => t === frame(i))).toBe(true);
    expect(reader.got.slice(FRAMES + 1)).toEqual(['complete', 'live-after']);
    expect(server.queuedBytes()).toBe(0);
  });

  it('a replay to a page that never reads is pulled frame by frame (queued bytes stay near the high-water mark) and the stalled page is dropped', async () => {
    const FRAME = 'r'.repeat(64 * KiB);
    const FRAMES = 1000; // 64 MiB: far more than the kernel's socket buffers take
    const highWater_bytes = 256 * KiB;
    let pulled = 0;
    let client: PacedClient | null = null;
    function* replay(): Generator<string> {
      for (let i = 0; i < FRAMES; i++) {
        pulled++;
        yield FRAME;
      }
    }
    server = await startViewerServer({
      pacing: { highWater_bytes, stallTimeout_ms: 300 },
      onClient: (c) => {
        client = c;
        c.sendAll(replay());
      },
    });
    const stalled = await upgradeRaw(server.port, { stall: true });
    expect(stalled.status).toBe(101);
    let peak = 0;
    // Until dropped, or until the whole replay was pulled (no backpressure: then the checks below fail).
    await until(() => {
      peak = Math.max(peak, server!.queuedBytes());
      return server!.stats.dropped === 1 || pulled === FRAMES;
    });
    expect(client!.dropped).toBe('stalled');
    // The dropped socket leaves the server's set when its close event comes (after the drop).
    await until(() => server!.clientCount() === 0);
    expect(server.queuedBytes()).toBe(0);
    // Not the whole replay: only what the kernel took plus about one high-water mark.
    expect(pulled).toBeLessThan(FRAMES);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(highWater_bytes + FRAME.length + 14);
    stalled.socket.destroy();
  });

  it('a live page that cannot keep up is dropped once its queue would pass maxQueued_bytes, which it never exceeds', async () => {
    const FRAME = 'l'.repeat(64 * KiB);
    const maxQueued_bytes = 1024 * KiB;
    let client: PacedClient | null = null;
    server = await startViewerServer({
      // A stall timeout far beyond the test: the byte bound must be what drops the page.
      pacing: { highWater_bytes: 256 * KiB, maxQueued_bytes, stallTimeout_ms: 3_600_000 },
      // The first page is the stalled one.
      onClient: (c) => (client ??= c),
    });
    const stalled = await upgradeRaw(server.port, { stall: true });
    const reader = await page(server);
    await until(() => server!.clientCount() === 2);
    let peak = 0;
    let sent = 0;
    // Bounded: the kernel takes a few MiB, then 1 MiB of queue; 2000 frames are 125 MiB.
    while (client!.dropped === null && sent < 2000) {
      server.broadcast(FRAME);
      sent++;
      peak = Math.max(peak, client!.queuedBytes);
      // One turn of the event loop, so the socket writes what the kernel takes.
      await new Promise((r) => setImmediate(r));
    }
    expect(client!.dropped).toBe('too slow');
    expect(peak).toBeLessThanOrEqual(maxQueued_bytes);
    expect(peak).toBeGreaterThan(maxQueued_bytes - FRAME.length - 14);
    expect(server.stats.dropped).toBe(1);
    // The page that reads got every frame.
    await until(() => reader.got.length === sent);
    expect(reader.got.every((t) => t === FRAME)).toBe(true);
    await until(() => server!.clientCount() === 1);
    stalled.socket.destroy();
  });

  it('bound to 0.0.0.0, a foreign Host or Origin is still refused; an allowed origin gets in, and only that one', async () => {
    server = await startViewerServer({ host: '0.0.0.0' });
    const port = server.port;
    const self = `127.0.0.1:${port}`;
    expect((await rawRequest(port, '/', { host: 'evil.example' })).status).toBe(421);
    expect((await rawRequest(port, '/', { host: `evil.example:${port}` })).status).toBe(421);
    expect((await rawRequest(port, '/')).status).toBe(200);
    expect((await upgradeRaw(port, { host: 'evil.example' })).status).toBe(403);
    expect((await upgradeRaw(port, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await upgradeRaw(port, { origin: 'null' })).status).toBe(403);
    expect((await upgradeRaw(port, { host: 'robot.example:8080', origin: 'http://robot.example:8080' })).status).toBe(403);
    expect((await upgradeRaw(port, { host: self, origin: `http://${self}` })).status).toBe(101);
    expect(server.stats.forbidden).toBe(6);
    await server.close();

    server = await startViewerServer({ host: '0.0.0.0', allowOrigins: ['http://Robot.example:8080'] });
    const p2 = server.port;
    expect((await rawRequest(p2, '/', { host: 'robot.example:8080' })).status).toBe(200);
    expect((await upgradeRaw(p2, { host: 'robot.example:8080', origin: 'http://robot.example:8080' })).status).toBe(101);
    expect((await upgradeRaw(p2, { host: 'robot.example:8080', origin: 'http://robot.example:8081' })).status).toBe(403);
    expect((await upgradeRaw(p2, { host: 'robot.example:8080', origin: 'https://robot.example:8080' })).status).toBe(403);
    expect((await upgradeRaw(p2, { host: 'evil.example', origin: 'http://robot.example:8080' })).status).toBe(403);
    expect((await rawRequest(p2, '/', { host: 'evil.example' })).status).toBe(421);

    await expect(startViewerServer({ allowOrigins: ['http://robot.example/path'] })).rejects.toThrow(RangeError);
    await expect(startViewerServer({ allowOrigins: ['ftp://robot.example'] })).rejects.toThrow(RangeError);
  });

  it('every HTTP response carries CSP, X-Frame-Options, Referrer-Policy and nosniff; the page CSP allows its inline import map by hash, nothing inline else', async () => {
    server = await startViewerServer();
    const port = server.port;
    const responses = {
      page: await rawRequest(port, '/'),
      script: await rawRequest(port, '/main.js'),
      three: await rawRequest(port, '/vendor/three/build/three.module.js'),
      missing: await rawRequest(port, '/nothing-here.js'),
      traversal: await rawRequest(port, '/%2e%2e/package.json'),
      method: await rawRequest(port, '/', { method: 'POST' }),
      host: await rawRequest(port, '/', { host: 'evil.example' }),
    };
    expect(Object.values(responses).map((r) => r.status)).toEqual([200, 200, 200, 404, 403, 405, 421]);
    const upgrade = await upgradeRaw(port, { origin: 'http://evil.example' });
    expect(upgrade.status).toBe(403);
    for (const [what, headers] of [...Object.entries(responses).map(([k, r]) => [k, r.headers] as const), ['refused upgrade', upgrade.headers] as const]) {
      expect(headers['x-content-type-options'], what).toBe('nosniff');
      expect(headers['x-frame-options'], what).toBe('DENY');
      expect(headers['referrer-policy'], what).toBe('no-referrer');
      expect(headers['content-security-policy'], what).toMatch(/default-src 'none'/);
      expect(headers['content-security-policy'], what).toMatch(/frame-ancestors 'none'/);
    }
    const csp = responses.page.headers['content-security-policy']!;
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp).toMatch(/connect-src 'self'/);
    // The import map is the page's one inline script; its hash (of the exact text) is allowed.
    const html = readFileSync(join(pageRoot(), 'index.html'), 'utf8');
    const inline = [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.length).toBe(1);
    const hash = createHash('sha256').update(inline[0]!).digest('base64');
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}';`);
  });

  it('random bytes after the handshake (fast-check, seed 15, 50 runs): the server survives, keeps serving its page and a fresh one', async () => {
    server = await startViewerServer({ onClient: (c) => c.send('hello') });
    const port = server.port;
    const watcher = await page(server);
    /** A frame header with random flags, opcode, mask and (possibly huge) length, then some bytes. */
    const frameLike = fc
      .record({
        b0: fc.integer({ min: 0, max: 255 }),
        masked: fc.boolean(),
        len: fc.oneof(fc.integer({ min: 0, max: 125 }), fc.constant(126), fc.constant(127)),
        ext: fc.uint8Array({ minLength: 8, maxLength: 8 }),
        rest: fc.uint8Array({ maxLength: 300 }),
      })
      .map(({ b0, masked, len, ext, rest }) => {
        const extLen = len === 126 ? 2 : len === 127 ? 8 : 0;
        return Buffer.concat([Buffer.from([b0, (masked ? 0x80 : 0) | len]), ext.subarray(0, extLen), rest]);
      });
    const bytes = fc.array(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a)), frameLike), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(bytes, async (chunks) => {
        const raw = await upgradeRaw(port);
        if (raw.status !== 101) return false;
        raw.socket.write(Buffer.concat(chunks));
        // Our end of the stream: the server must close, whatever state its parser is in.
        raw.socket.end();
        await raw.closed;
        return true;
      }),
      { seed: 15, numRuns: 50 },
    );
    expect(server.stats.socketErrors).toBeGreaterThan(0);
    await until(() => server!.clientCount() === 1);
    server.broadcast('still here');
    await until(() => watcher.got.length === 2);
    expect(watcher.got).toEqual(['hello', 'still here']);
    const fresh = await page(server);
    await until(() => fresh.got.length === 1);
    expect(fresh.got).toEqual(['hello']);
  });
});
