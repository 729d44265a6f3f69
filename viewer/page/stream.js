// @ts-check
/**
 * The WebSocket client: connects to the server's `/stream` (same origin), fills the store from
 * batch frames and reports the hello/complete frames and the connection state. The protocol is
 * described in viewer/server/streamProtocol.ts.
 */

/**
 * @param {import('./store.js').Store} store
 * @param {{ onStatus: (text: string) => void, onHello?: (h: any) => void, onComplete?: (count: number) => void }} hooks
 * @returns {WebSocket}
 */
export function connectStream(store, hooks) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/stream`;
  const ws = new WebSocket(url);
  hooks.onStatus('connecting…');
  ws.addEventListener('open', () => hooks.onStatus('connected'));
  // The server says why when it turns a page away (too many pages): show it.
  ws.addEventListener('close', (ev) => hooks.onStatus(ev.reason ? `stream closed: ${ev.reason}` : store.mode === 'replay' ? 'replay loaded; server closed' : 'stream closed'));
  ws.addEventListener('error', () => hooks.onStatus('stream error'));
  ws.addEventListener('message', (ev) => {
    const frame = JSON.parse(String(ev.data));
    switch (frame.kind) {
      case 'hello':
        store.mode = frame.mode;
        hooks.onHello?.(frame);
        hooks.onStatus(frame.mode === 'replay' ? `loading ${frame.source}…` : `live: ${frame.source}`);
        break;
      case 'batch':
        for (const m of frame.messages) store.add(m);
        break;
      case 'complete':
        hooks.onComplete?.(frame.count);
        hooks.onStatus(`replay: ${frame.count} messages`);
        break;
      default:
        console.warn(`viewer: unknown frame kind ${frame.kind}`);
    }
  });
  return ws;
}
