/**
 * The viewer server's resource limits, so that no client (a stalled browser tab, a port
 * scanner, a hostile page) can make the process that runs the robot grow without bound.
 *
 * - `maxClients`: WebSocket pages served at once; one more is accepted and closed at once with
 *   close code 1013 ("try again later") and a reason naming the limit (`--max-clients` raises it).
 * - `maxPayload_bytes`: the page sends nothing, so any frame from a client larger than a control
 *   frame is refused (ws closes with 1009); ws's own default would be 100 MiB.
 * - `highWater_bytes`: a client is sent the next frame only while less than this is buffered
 *   for it (in ws and the socket), so a replay goes out at the pace the client reads it.
 * - `maxQueued_bytes`: a live client whose unsent data (queued frames + buffered) would exceed
 *   this cannot keep up with the stream and is dropped.
 * - `stallTimeout_ms`: a client with data waiting that has not accepted a single frame for this
 *   long is dropped (a tab that stopped reading keeps its socket open forever otherwise).
 * - `refusedGrace_ms`: a page turned away (over `maxClients`) that does not answer the close
 *   frame within this is cut off; ws would wait 30 s, holding a TCP slot the pages need.
 */

export interface PacingLimits {
  /** @default 1 MiB */
  readonly highWater_bytes: number;
  /** @default 16 MiB */
  readonly maxQueued_bytes: number;
  /** @default 30 000 */
  readonly stallTimeout_ms: number;
}

export const VIEWER_LIMITS = {
  maxClients: 16,
  maxPayload_bytes: 1024,
  highWater_bytes: 1024 * 1024,
  maxQueued_bytes: 16 * 1024 * 1024,
  stallTimeout_ms: 30_000,
  refusedGrace_ms: 2_000,
} as const;

/**
 * TCP connections the HTTP server accepts at once for `maxClients` pages: a browser opens up to
 * six parallel HTTP connections per host besides its WebSocket; beyond this Node drops new
 * connections, which bounds what plain HTTP clients that never read can hold.
 */
export function maxConnectionsFor(maxClients: number): number {
  return 8 * maxClients;
}
