/**
 * Where spikeloop finds rclnodejs, and how `spikeloop ros setup` puts it there.
 *
 * Why not `npm install rclnodejs` in a clone: rclnodejs is an optional peer dependency of
 * spikeloop (so that `npm install` works without ROS 2). npm (checked with 11.19 and 10.9.9)
 * never installs a project's own optional peer dependencies: `npm install rclnodejs` keeps it in
 * `peerDependencies`, Arborist places it in the ideal tree, marks it extraneous ("only optional
 * peer dependencies should stay extraneous", calc-dep-flags.js) and prunes it, and the command
 * ends "up to date", exit 0, with no `node_modules/rclnodejs`. Declaring it an optional
 * dependency instead would make every `npm install` try to build it (a native addon that needs a
 * sourced ROS 2) and silently drop it when that fails.
 *
 * So rclnodejs lives in its own npm prefix — `<project>/.ros2-deps` by default (gitignored), or
 * `$SPIKELOOP_ROS2_DEPS` — installed with `npm install --prefix <dir> rclnodejs@<range>`, which
 * does not consult the project's package.json or lockfile. Resolution tries the normal Node
 * lookup from spikeloop's own files first (a project that depends on spikeloop and on rclnodejs,
 * or a node_modules above the clone), then that prefix. Resolving never loads rclnodejs: loading
 * it without a sourced ROS 2 makes it try to rebuild itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variable naming another prefix than `<project>/.ros2-deps`. */
export const PREFIX_ENV = 'SPIKELOOP_ROS2_DEPS';
/** The range installed when spikeloop's package.json cannot be read (it is the peer dependency's). */
const FALLBACK_RANGE = '^2.2.0';

/** The folder holding spikeloop's package.json (the clone, or node_modules/spikeloop). */
export function spikeloopRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let d = dirname(from); ; d = dirname(d)) {
    const pj = join(d, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: unknown }).name === 'spikeloop') return d;
      } catch {
        /* not ours: keep going up */
      }
    }
    if (dirname(d) === d) return resolve(dirname(from), '..', '..', '..'); // bridges/ros2/transport → root
  }
}

/** The rclnodejs version range spikeloop asks for (its peer dependency). */
export function rclnodejsRange(root: string = spikeloopRoot()): string {
  try {
    const pj = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
    return pj.peerDependencies?.rclnodejs ?? FALLBACK_RANGE;
  } catch {
    return FALLBACK_RANGE;
  }
}

/** The prefix rclnodejs is installed into and looked up in: $SPIKELOOP_ROS2_DEPS, else `<root>/.ros2-deps`. */
export function rclnodejsPrefix(env: NodeJS.ProcessEnv = process.env, root: string = spikeloopRoot()): string {
  const p = env[PREFIX_ENV];
  return p ? resolve(p) : join(root, '.ros2-deps');
}

export type RclnodejsResolution =
  | {
      readonly found: true;
      /** The file `require.resolve('rclnodejs')` gives. */
      readonly path: string;
      /** 'project': Node's normal lookup from spikeloop's files; 'prefix': the setup's prefix. */
      readonly where: 'project' | 'prefix';
      readonly version: string | null;
      readonly prefix: string;
    }
  | {
      readonly found: false;
      readonly prefix: string;
      /** Where it was looked for, in order, for messages. */
      readonly searched: readonly string[];
    };

export interface ResolveOptions {
  /** The prefix (default: rclnodejsPrefix(env)). */
  readonly prefix?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The file the normal lookup starts from (default: this module, i.e. spikeloop's files). */
  readonly from?: string;
}

function versionAt(req: NodeJS.Require): string | null {
  try {
    return (JSON.parse(readFileSync(req.resolve('rclnodejs/package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** Finds rclnodejs without loading it: the normal lookup first, then the prefix. */
export function resolveRclnodejs(o: ResolveOptions = {}): RclnodejsResolution {
  const env = o.env ?? process.env;
  const from = o.from ?? fileURLToPath(import.meta.url);
  const prefix = o.prefix !== undefined ? resolve(o.prefix) : rclnodejsPrefix(env, spikeloopRoot(from));
  const normal = createRequire(from);
  try {
    return { found: true, path: normal.resolve('rclnodejs'), where: 'project', version: versionAt(normal), prefix };
  } catch {
    /* not there: the prefix next */
  }
  const inPrefix = join(prefix, 'node_modules');
  if (existsSync(join(inPrefix, 'rclnodejs', 'package.json'))) {
    const req = createRequire(join(prefix, 'package.json'));
    try {
      return { found: true, path: req.resolve('rclnodejs'), where: 'prefix', version: versionAt(req), prefix };
    } catch {
      /* a broken install: reported as not found */
    }
  }
  return { found: false, prefix, searched: [`node_modules folders from ${dirname(from)} up`, inPrefix] };
}

/** Loads the rclnodejs that resolveRclnodejs found (call only with ROS 2 sourced). */
export async function importRclnodejs(r: Extract<RclnodejsResolution, { found: true }>): Promise<unknown> {
  const name = 'rclnodejs'; // not a literal import: TypeScript must not need its types to build spikeloop
  // The normal lookup as before (its ES module build); from the prefix, its CommonJS build by path.
  const m = (r.where === 'project' ? await import(name) : createRequire(join(r.prefix, 'package.json'))(r.path)) as { default?: unknown };
  return m.default ?? m;
}

/**
 * The command that installs rclnodejs where spikeloop finds it, as a user should type it: in the
 * clone, `npx spikeloop ros setup` (with a `cd` first when run from elsewhere); when spikeloop is
 * itself a dependency (inside node_modules), `npm install rclnodejs` in that project works
 * (there it is an ordinary dependency), and the setup command is offered as well.
 */
export function setupCommand(o: { readonly args?: string; readonly root?: string; readonly cwd?: string } = {}): string {
  const root = o.root ?? spikeloopRoot();
  const setup = `npx spikeloop ros setup${o.args ? ` ${o.args}` : ''}`;
  if (root.split(sep).includes('node_modules')) return `npm install ${quote(`rclnodejs@${rclnodejsRange(root)}`)}   (in your project, where it is an ordinary dependency; or: ${setup})`;
  return relative(o.cwd ?? process.cwd(), root) === '' ? setup : `cd ${quote(root)} && ${setup}`;
}

function quote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replaceAll("'", "'\\''")}'`;
}

/** The message when rclnodejs is not found: where it was looked for and the exact command that installs it. */
export function rclnodejsMissingMessage(r: Extract<RclnodejsResolution, { found: false }>, env: NodeJS.ProcessEnv = process.env, root: string = spikeloopRoot()): string {
  const distro = env.ROS_DISTRO ? ` (ROS 2 ${env.ROS_DISTRO} is sourced)` : '';
  return (
    `rclnodejs is not installed where spikeloop looks for it${distro}; looked in: ${r.searched.join('; ')}.\n` +
    `Install it (with ROS 2 sourced; it builds against that distro) with:\n  ${setupCommand({ root })}\n` +
    `('npm install rclnodejs' in a clone of spikeloop installs nothing: npm leaves a project's optional peer dependencies out.)`
  );
}
