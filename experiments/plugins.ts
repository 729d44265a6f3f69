/**
 * Plugin modules: a user's ES modules that extend spikeloop when imported — they call
 * `registerScenario`, `registerPerturbation`, the neuron-model and plasticity-rule registries, and
 * so on. The CLI loads them from `--plugin <module>` (repeatable) and SPIKELOOP_PLUGINS, before it
 * reads any other argument, so every command can name what they register.
 *
 * A registry lives in one JavaScript realm, and a worker thread is a new one: it starts with the
 * built-in registrations only. So this module remembers the URL of every plugin the process
 * loaded, and every worker the process starts (episode pools, study runs, the ROS controller
 * session) imports the same URLs before its catalog — a registration reaches an episode wherever
 * it runs. A plugin must import spikeloop from the same installation the CLI runs from (in a
 * project: `npx spikeloop`), or it registers into a second copy of the registries.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Environment variable with plugin modules, separated by ','. */
export const PLUGINS_ENV = 'SPIKELOOP_PLUGINS';

/** A plugin that cannot be found or fails while it is imported. */
export class PluginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginError';
  }
}

const loaded: string[] = [];

/** URLs of the plugin modules this process has imported, in load order (for worker setups). */
export function loadedPlugins(): readonly string[] {
  return loaded.slice();
}

/** A spec that names a file rather than a package: relative, absolute, or with a JS extension. */
function isPath(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || /\.(m?js|cjs)$/.test(spec);
}

/**
 * The file URL of plugin `spec`: a path (relative to `baseDir`) or a package name resolved from
 * `baseDir` as Node would from a file there.
 */
export function resolvePlugin(spec: string, baseDir: string): string {
  if (spec.trim() === '') throw new PluginError('plugin: an empty module name');
  if (spec.startsWith('file:')) return spec;
  if (isPath(spec)) {
    const file = resolve(baseDir, spec);
    if (!existsSync(file)) throw new PluginError(`plugin '${spec}': no such file ${file}`);
    if (!statSync(file).isFile()) throw new PluginError(`plugin '${spec}': ${file} is not a file`);
    if (/\.ts$/.test(file)) throw new PluginError(`plugin '${spec}': Node runs JavaScript; compile it (tsc) and name the .js file`);
    return pathToFileURL(file).href;
  }
  try {
    return pathToFileURL(createRequire(join(baseDir, 'noop.js')).resolve(spec)).href;
  } catch (e) {
    throw new PluginError(`plugin '${spec}': cannot resolve the package from ${baseDir} (${(e as Error).message.split('\n')[0]}); give a path to its .js file instead`);
  }
}

/** Imports plugin URLs not yet imported by this process, in order; records each. */
export async function importPlugins(urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    if (loaded.includes(url)) continue;
    try {
      await import(url);
    } catch (e) {
      const err = e as Error;
      throw new PluginError(`plugin ${url} failed while loading: ${err?.message ?? String(e)}`);
    }
    loaded.push(url);
  }
}

/** Resolves and imports plugin specs (paths relative to `baseDir`); returns their URLs. */
export async function loadPlugins(specs: readonly string[], baseDir: string): Promise<string[]> {
  const urls = specs.map((s) => resolvePlugin(s, baseDir));
  await importPlugins(urls);
  return urls;
}

/** The plugin specs in SPIKELOOP_PLUGINS (',' separated, blanks ignored). */
export function pluginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[PLUGINS_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Takes `--plugin <module>` and `--plugin=<module>` out of a command line (anywhere before a
 * lone `--`), so they can be loaded before the command's own arguments are read.
 */
export function splitPluginArgs(argv: readonly string[]): { args: string[]; plugins: string[] } {
  const args: string[] = [];
  const plugins: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (a === '--plugin') {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('-')) throw new PluginError("option '--plugin <module>' argument missing");
      plugins.push(v);
      i++;
    } else if (a.startsWith('--plugin=')) plugins.push(a.slice('--plugin='.length));
    else args.push(a);
  }
  return { args, plugins };
}
