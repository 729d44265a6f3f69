/**
 * Test helper, run as a child process (`node --import tsx test/helpers/trainUntilKilled.ts <dir> <episodes>`):
 * trains the point-mass fixture into <dir> until the parent kills it.
 */
import { catalog } from './pointMassCatalog.js';
import { pointMassV0 } from './pointMassScenarios.js';
import { trainController } from '../../experiments/train.js';

const [dir, episodes] = process.argv.slice(2);
await trainController({ scenario: pointMassV0, catalog, outDir: dir!, episodes: Number(episodes), seed: 5, validateEvery: 1000, evalEpisodes: 0 });
