/**
 * Which `Host` headers and which page origins the viewer serves. A browser lets any web site
 * open a WebSocket to any address, and a DNS-rebinding site gets its own name resolved to this
 * machine; both are refused by checking the Host header (the name the browser thinks it talks
 * to) on every request and the Origin header on the WebSocket upgrade. This holds whatever
 * address the server binds, 0.0.0.0 included: binding widens who can connect, not which names
 * and origins are trusted.
 *
 * Allowed: the loopback names with the server's port (127.0.0.1, localhost, [::1]); the bound
 * address itself when it is a specific one (`--host 192.168.1.5` → `192.168.1.5:<port>`); and
 * every `--allow-origin` (its host is then an allowed Host too, e.g. `http://robot.lan:8080`
 * for a page opened as robot.lan through a forwarded port). An upgrade without Origin (not a
 * browser, so not a page of some other site) needs only an allowed Host.
 */

export interface OriginPolicy {
  /** True when a request with this `Host` header may be served. */
  hostAllowed(host: string | undefined): boolean;
  /** True when a WebSocket upgrade with this `Origin` header may be accepted. */
  originAllowed(origin: string | undefined): boolean;
  /** The allowed Host values, for error messages. */
  readonly hosts: readonly string[];
}

/**
 * `raw` as the origin a browser sends (`scheme://host[:port]`, lowercase, no default port), or
 * a RangeError saying what is wrong. Only http and https pages exist; a path is refused rather
 * than silently dropped, since the Origin header never carries one.
 */
export function parseAllowedOrigin(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new RangeError(`expected an origin like http://robot.lan:8080, got '${raw}'`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RangeError(`an origin is http:// or https://, got '${raw}'`);
  if ((u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') {
    throw new RangeError(`an origin has no path, query or credentials (scheme://host[:port]), got '${raw}'`);
  }
  return u.origin;
}

/** The policy of a server bound to `bindHost` on `port`, also trusting `allowOrigins`. */
export function originPolicy(bindHost: string, port: number, allowOrigins: readonly string[] = []): OriginPolicy {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const bound = bindHost.toLowerCase();
  if (bound !== '0.0.0.0' && bound !== '::' && bound !== '[::]' && bound !== '') {
    hosts.add(`${bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound}:${port}`);
  }
  const origins = new Set<string>();
  for (const raw of allowOrigins) {
    const origin = parseAllowedOrigin(raw);
    origins.add(origin);
    hosts.add(new URL(origin).host);
  }
  for (const h of hosts) origins.add(`http://${h}`);
  return {
    hosts: [...hosts],
    hostAllowed: (host) => host !== undefined && hosts.has(host.toLowerCase()),
    originAllowed: (origin) => origin === undefined || origins.has(origin.toLowerCase()),
  };
}
