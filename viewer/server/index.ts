/** The viewer's server side: HTTP + WebSocket server, live stream sink, replay of MCAP recordings. */
export { startViewerServer, isLoopbackHost, STREAM_PATH } from './viewerServer.js';
export type { ViewerServer, ViewerServerOptions } from './viewerServer.js';
export { startLiveViewer } from './startLiveViewer.js';
export type { LiveViewer, LiveViewerOptions } from './startLiveViewer.js';
export { startReplayViewer } from './startReplayViewer.js';
export type { ReplayViewer, ReplayViewerOptions } from './startReplayViewer.js';
export { LiveStream, LATCHED_TOPICS } from './liveStream.js';
export type { LiveStreamOptions, LiveStreamStats, TextReceiver } from './liveStream.js';
export { ReplayStream } from './replayStream.js';
export { STREAM_PROTOCOL_VERSION, helloFrame, batchFrame, completeFrame } from './streamProtocol.js';
export type { StreamFrame, StreamMode, WireMessage } from './streamProtocol.js';
export { encodeWireMessage, wireValue, wireBigint, MAX_SCAN_RAYS, WIRE_DIGITS } from './wireValue.js';
export { safePath } from './safePath.js';
export { openBrowser, exposureWarning } from './openBrowser.js';
export { pageRoot, threeRoot, THREE_FILES, VENDOR_PREFIX } from './viewerFiles.js';
