/**
 * SPIKELOOP_ENGINE, the environment variable that forces the engine of every network (`js` or
 * `wasm`). Kept apart from the wasm backend so the CLI can check it at start-up without loading
 * the kernels.
 */

export const ENGINE_ENV = 'SPIKELOOP_ENGINE';

/**
 * What is wrong with SPIKELOOP_ENGINE, or null when it is unset, empty, 'js' or 'wasm'. The CLI
 * checks it before any command runs, so a typo is a one-line usage error rather than a stack
 * trace from deep inside the first network build.
 */
export function engineEnvProblem(): string | null {
  const env = process.env[ENGINE_ENV];
  if (env === undefined || env === '' || env === 'js' || env === 'wasm') return null;
  return `${ENGINE_ENV}: expected 'js' or 'wasm' (or unset), got '${env}'`;
}
