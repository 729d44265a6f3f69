/**
 * Test helper, run as a child process (`node --import tsx test/helpers/trainUntilKilled.ts <dir> <episodes>`):
 * trains the point-mass fixture into <dir> until the parent kills it.
 */
import { catalog } from './pointMassCatalog.js';
import { pointMassV0 } from './pointMassScenarios.js';
import { trainController } from '../../experiments/train.js';

const [dir, episodes] = process.argv.slice(2);
// A small validation, so the first checkpoints come soon on a loaded machine (the default is 30 episodes).
await trainController({ scenario: pointMassV0, catalog, outDir: dir!, episodes: Number(episodes), seed: 5, validateEvery: 1000, validateEpisodes: 8, evalEpisodes: 0 });
