import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ViewerServer } from '../../viewer/server/index.js';
import { pageRoot, startViewerServer, STREAM_PATH, threeRoot, THREE_FILES } from '../../viewer/server/index.js';
import { handlesOnPort, rawRequest } from './rawHttp.js';

let server: ViewerServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const secret = readFileSync(join(pageRoot(), '..', '..', 'package.json'), 'utf8');

/** Resolves with the first text frame a WebSocket gets, or rejects with its handshake error. */
function firstFrame(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('message', (d) => {
      resolve(String(d));
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`status ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('viewer server', () => {
  it('binds 127.0.0.1 on a free port by default: reachable on loopback, refused on the other interfaces', async () => {
    server = await startViewerServer();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect((await rawRequest(server.port, '/')).status).toBe(200);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    for (const address of others) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(server!.port, address);
        s.once('connect', () => {
          s.destroy();
          resolve(false);
        });
        s.once('error', () => resolve(true));
      });
      expect(refused, `port ${server.port} reachable on ${address}`).toBe(true);
    }
  });

  it('serves the page and exactly the vendored three.js files, byte for byte', async () => {
    server = await startViewerServer();
    const index = await rawRequest(server.port, '/');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body.equals(readFileSync(join(pageRoot(), 'index.html')))).toBe(true);
    for (const rel of THREE_FILES) {
      const r = await rawRequest(server.port, `/vendor/three/${rel}`);
      expect(r.status, rel).toBe(200);
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(r.body.equals(readFileSync(join(threeRoot(), rel))), rel).toBe(true);
    }
    // Anything else of the package is not served, nor is a method other than GET/HEAD.
    expect((await rawRequest(server.port, '/vendor/three/package.json')).status).toBe(404);
    expect((await rawRequest(server.port, '/vendor/three/src/Three.js')).status).toBe(404);
    expect((await rawRequest(server.port, '/main.js', { method: 'POST' })).status).toBe(405);
    const head = await rawRequest(server.port, '/main.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(readFileSync(join(pageRoot(), 'main.js')).length);
    expect(head.body.length).toBe(0);
  });

  it('refuses path traversal in every spelling and never returns a file outside its roots', async () => {
    server = await startViewerServer();
    const targets = [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/%2E%2E/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/vendor/three/../../../package.json',
      '/vendor/three/build/../../../package.json',
      '/./index.html',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/..\\package.json',
      '/%5c..%5cpackage.json',
      '/index.html%00.js',
      '/%zz',
      'http://127.0.0.1/../package.json',
      '/etc/passwd',
    ];
    for (const target of targets) {
      const r = await rawRequest(server.port, target);
      expect([400, 403, 404], `${target} → ${r.status}`).toContain(r.status);
      expect(r.body.toString().includes(secret.slice(0, 40)), target).toBe(false);
      expect(r.body.toString()).not.toContain('root:');
    }
    // The dot-segment spellings are refused as such (403), not merely not found.
    for (const target of targets.slice(0, 6)) expect((await rawRequest(server.port, target)).status, target).toBe(403);
  });

  it('refuses a foreign Host header and a cross-origin WebSocket (DNS rebinding, other sites)', async () => {
    server = await startViewerServer({ onClient: (ws) => ws.send('{"kind":"hello"}') });
    expect((await rawRequest(server.port, '/', { host: 'evil.example' })).status).toBe(421);
    expect((await rawRequest(server.port, '/', { host: `localhost:${server.port}` })).status).toBe(200);
    const ws = `ws://127.0.0.1:${server.port}${STREAM_PATH}`;
    expect(await firstFrame(ws, { Origin: `http://127.0.0.1:${server.port}` })).toBe('{"kind":"hello"}');
    await expect(firstFrame(ws, { Origin: 'http://evil.example' })).rejects.toThrow('status 403');
    await expect(firstFrame(`ws://127.0.0.1:${server.port}/other`)).rejects.toThrow('status 403');
  });

  it('broadcasts to every page, and close() ends connected pages and leaves no TCP handle', async () => {
    server = await startViewerServer();
    const port = server.port;
    const url = `ws://127.0.0.1:${server.port}${STREAM_PATH}`;
    const clients = [new WebSocket(url), new WebSocket(url)];
    await Promise.all(clients.map((c) => new Promise((r) => c.once('open', r))));
    await new Promise((r) => setTimeout(r, 20));
    expect(server.clientCount()).toBe(2);
    // The listening server and both ends of each connection.
    expect(handlesOnPort(port)).toBe(1 + 2 * 2);
    const got = clients.map((c) => new Promise<string>((r) => c.once('message', (d) => r(String(d)))));
    server.broadcast('frame-1');
    expect(await Promise.all(got)).toEqual(['frame-1', 'frame-1']);
    const closed = clients.map((c) => new Promise((r) => c.once('close', r)));
    // A plain HTTP keep-alive connection must not hold the server open either.
    const idle = connect(server.port, '127.0.0.1');
    await new Promise((r) => idle.once('connect', r));
    idle.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    await new Promise((r) => idle.once('data', r));
    await server.close();
    await Promise.all(closed);
    await new Promise((r) => idle.once('close', r));
    server = null;
    await new Promise((r) => setImmediate(r));
    expect(handlesOnPort(port)).toBe(0);
  });
});
