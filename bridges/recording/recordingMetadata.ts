/**
 * What a recording says about itself, as MCAP Metadata records (every recording path writes
 * both: `run --record`, `ros sim --record`, `ros controller --record`):
 *
 *  - `rosbag2`: the record rosbag2's MCAP storage plugin writes when it closes a bag
 *    (rosbag2_storage_mcap `update_metadata`): one key, `serialized_metadata`, holding the bag's
 *    BagMetadata as YAML (rosbag2_storage/yaml.hpp: version, storage_identifier, duration,
 *    starting_time, message_count, topics_with_message_count, compression_format/mode,
 *    relative_file_paths, files, custom_data, ros_distro). `ros2 bag info` takes `ros_distro`
 *    from it (and refills counts, times and topics from the file's statistics and channels).
 *    `ros_distro` is the sourced ROS 2 (ROS_DISTRO) when known, else empty.
 *  - `spikeloop`: the run's identity — scenario id and version, seed, controller (file and its
 *    SHA-256, or preset id), robot profile, spikeloop and Node versions, the command, the wall
 *    time it was recorded and the time base of the log times. Simulated recordings (`run`,
 *    `ros sim`) stamp messages with sim time from 0 s, not dates: `time_base` says so.
 *
 * The `spikeloop` record is written right after the header (a killed recording keeps it); the
 * `rosbag2` one when the file is completed, with its counts and times.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SPIKELOOP_METADATA = 'spikeloop';
export const ROSBAG2_METADATA = 'rosbag2';

/** One MCAP Metadata record. */
export interface McapMetadata {
  readonly name: string;
  readonly metadata: ReadonlyMap<string, string>;
}

export interface RecordingIdentity {
  /** 'run', 'ros sim', 'ros controller'. */
  readonly command: string;
  readonly scenario?: string;
  /** The seed given to the command (`--seed`). */
  readonly seed?: number;
  /** The episode seeds derived from it (what the episodes ran with). */
  readonly episodeSeeds?: readonly number[];
  /** The controller as named: a file path or a preset id. */
  readonly controller?: string;
  readonly profile?: string;
  /** 'sim': log times are simulated seconds from 0; 'ros': the node's ROS time (wall or /clock). */
  readonly timeBase: 'sim' | 'ros';
  /** For 'ros': whether the node ran on /clock (use_sim_time). */
  readonly useSimTime?: boolean;
}

let version: string | null | undefined;

/** spikeloop's version from its package.json (null when it cannot be found). */
export function spikeloopVersion(): string | null {
  if (version !== undefined) return version;
  version = null;
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pj = join(d, 'package.json');
    if (existsSync(pj)) {
      try {
        const p = JSON.parse(readFileSync(pj, 'utf8')) as { name?: string; version?: string };
        if (p.name === 'spikeloop') {
          version = p.version ?? null;
          break;
        }
      } catch {
        // not readable: keep looking up
      }
    }
    d = dirname(d);
  }
  return version;
}

/** The sourced ROS 2 distribution, or '' when none is. */
export function rosDistro(): string {
  return process.env.ROS_DISTRO ?? '';
}

/** SHA-256 (hex) of `file` when it is a readable regular file (a controller given by path), else null. */
export function fileSha256(file: string): string | null {
  try {
    if (!statSync(file).isFile()) return null;
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/** The `spikeloop` metadata record of a recording. */
export function spikeloopMetadata(id: RecordingIdentity): McapMetadata {
  const m = new Map<string, string>();
  m.set('spikeloop_version', spikeloopVersion() ?? 'unknown');
  m.set('node_version', process.version);
  m.set('command', id.command);
  if (id.scenario !== undefined) {
    m.set('scenario', id.scenario);
    const v = /-v(\d+)$/.exec(id.scenario);
    m.set('scenario_version', v ? v[1]! : 'unknown');
  }
  if (id.seed !== undefined) m.set('seed', String(id.seed));
  if (id.episodeSeeds !== undefined) m.set('episode_seeds', id.episodeSeeds.join(','));
  if (id.controller !== undefined) {
    m.set('controller', id.controller);
    const sha = fileSha256(id.controller);
    if (sha !== null) m.set('controller_sha256', sha);
    else m.set('controller_kind', 'preset (no file)');
  }
  if (id.profile !== undefined) m.set('profile', id.profile);
  m.set(
    'time_base',
    id.timeBase === 'sim'
      ? 'sim time from 0 s: log times are simulated seconds since the recording started, not wall-clock dates (see recorded_at)'
      : `ROS time of the node (${id.useSimTime ? '/clock, use_sim_time' : 'wall clock'})`,
  );
  m.set('recorded_at', new Date().toISOString());
  m.set('ros_distro', rosDistro());
  return { name: SPIKELOOP_METADATA, metadata: m };
}

/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
const q = (s: string) => JSON.stringify(s);

export interface Rosbag2Summary {
  readonly file: string;
  readonly messageCount: number;
  readonly startTime_ns: bigint;
  readonly endTime_ns: bigint;
  readonly rosDistro: string;
  /** Copied into `custom_data` (string → string). */
  readonly customData?: ReadonlyMap<string, string>;
}

/** The `rosbag2` metadata record rosbag2's MCAP storage plugin writes (see the module doc). */
export function rosbag2Metadata(s: Rosbag2Summary): McapMetadata {
  const duration = s.messageCount > 0 ? s.endTime_ns - s.startTime_ns : 0n;
  const start = s.messageCount > 0 ? s.startTime_ns : 0n;
  const name = s.file.split(/[\\/]/).pop() ?? s.file;
  const custom = [...(s.customData ?? new Map<string, string>())];
  const yaml = [
    'version: 9',
    'storage_identifier: mcap',
    'duration:',
    `  nanoseconds: ${duration}`,
    'starting_time:',
    `  nanoseconds_since_epoch: ${start}`,
    `message_count: ${s.messageCount}`,
    'topics_with_message_count: []',
    'compression_format: ""',
    'compression_mode: ""',
    'relative_file_paths:',
    `  - ${q(name)}`,
    'files:',
    `  - path: ${q(name)}`,
    '    starting_time:',
    `      nanoseconds_since_epoch: ${start}`,
    '    duration:',
    `      nanoseconds: ${duration}`,
    `    message_count: ${s.messageCount}`,
    custom.length === 0 ? 'custom_data: {}' : 'custom_data:',
    ...custom.map(([k, v]) => `  ${q(k)}: ${q(v)}`),
    `ros_distro: ${q(s.rosDistro)}`,
    '',
  ].join('\n');
  return { name: ROSBAG2_METADATA, metadata: new Map([['serialized_metadata', yaml]]) };
}

/** `ros_distro` from a `rosbag2` record's YAML ('' when absent). */
export function rosDistroOf(serialized: string): string {
  const m = /^ros_distro:\s*(.*)$/m.exec(serialized);
  if (!m) return '';
  const v = m[1]!.trim();
  try {
    return v.startsWith('"') ? (JSON.parse(v) as string) : v;
  } catch {
    return v;
  }
}

/** One line per record for a terminal: `spikeloop: scenario drone-forest-v1 (v1), seed 0, …`. */
export function describeMetadata(records: readonly McapMetadata[]): string[] {
  const lines: string[] = [];
  for (const r of records) {
    if (r.name === ROSBAG2_METADATA) {
      lines.push(`rosbag2 metadata: ROS distro ${rosDistroOf(r.metadata.get('serialized_metadata') ?? '') || 'unknown (recorded without ROS 2 sourced)'}`);
    } else if (r.name === SPIKELOOP_METADATA) {
      const g = (k: string) => r.metadata.get(k);
      const parts = [
        g('command') && `recorded by 'spikeloop ${g('command')}'`,
        g('scenario') && `scenario ${g('scenario')} (version ${g('scenario_version') ?? '?'})`,
        g('seed') !== undefined && `seed ${g('seed')}`,
        g('controller') && `controller ${g('controller')}${g('controller_sha256') ? ` (sha256 ${g('controller_sha256')!.slice(0, 12)}…)` : ''}`,
        g('profile') && `profile ${g('profile')}`,
        `spikeloop ${g('spikeloop_version') ?? '?'}, Node ${g('node_version') ?? '?'}`,
        g('recorded_at') && `at ${g('recorded_at')}`,
      ].filter(Boolean);
      lines.push(`spikeloop metadata: ${parts.join(', ')}`);
      if (g('time_base')) lines.push(`  time base: ${g('time_base')}`);
    } else lines.push(`metadata '${r.name}': ${[...r.metadata.keys()].join(', ')}`);
  }
  return lines;
}
