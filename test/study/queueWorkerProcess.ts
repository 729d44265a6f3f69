/**
 * Test helper, run as a child process (`node --import tsx test/study/queueWorkerProcess.ts <redis-url> [spikeloop-version|-] [node-major]`):
 * a study queue worker over the point-mass catalog, with a short lock (a killed worker's run
 * goes back after ~3 s) and a short hand-back delay (a refused run is back on the queue after
 * 1 s), printing its events as JSON lines on stdout. A version argument makes it pretend to be
 * another spikeloop ('-': its own), a node argument another Node major version.
 */
import { catalog } from '../helpers/pointMassCatalog.js';
import { parseRedisUrl } from '../../experiments/study/redisUrl.js';
import { startQueueWorker } from '../../experiments/study/runQueueWorker.js';
import { runtimeIdentity } from '../../experiments/study/runtimeIdentity.js';

const [url, version, node] = process.argv.slice(2);
const self = runtimeIdentity();
const handle = await startQueueWorker({
  target: parseRedisUrl(url!),
  catalog,
  concurrency: 1,
  lockDuration_ms: 3000,
  handBack_ms: 1000,
  identity: { spikeloop: version && version !== '-' ? version : self.spikeloop, node: node ? Number(node) : self.node },
  onEvent: (e) => process.stdout.write(`${JSON.stringify(e)}\n`),
});
process.once('SIGTERM', () => void handle.close().then(() => process.exit(0)));
