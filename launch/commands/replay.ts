/**
 * `spikeloop replay <recording.mcap> --controller <file|preset> [--profile p] [--out x.mcap]
 * [--json]`: feeds a recording's input topics through the profile's mapping and the controller
 * offline, in recorded order on the recording's ROS time, and compares the replayed commands
 * (and spikes) with the recorded ones (bridges/ros2/replay/replayRecording.ts). Profile, seed
 * and controller default to what the recording's `spikeloop` metadata says.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { McapFileWriter } from '../../bridges/recording/mcapWriter.js';
import { McapWriteError, openMcapWriter } from '../../bridges/recording/mcapWriter.js';
import { McapReadError, openMcapRecording } from '../../bridges/recording/mcapReader.js';
import type { RecordedMessage } from '../../bridges/recording/mcapReader.js';
import { fileSha256, SPIKELOOP_METADATA, spikeloopMetadata } from '../../bridges/recording/recordingMetadata.js';
import { SpikeTelemetry } from '../../bridges/recording/spikeTelemetry.js';
import type { CompiledProfile } from '../../bridges/ros2/mapping/compileProfile.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import type { TopicDiff } from '../../bridges/ros2/replay/messageDiff.js';
import { diffMessages } from '../../bridges/ros2/replay/messageDiff.js';
import type { ReplayResult } from '../../bridges/ros2/replay/replayRecording.js';
import { ReplayError, replayRecording } from '../../bridges/ros2/replay/replayRecording.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import { resolveNamedController } from '../../experiments/resolveController.js';
import { seedArg } from '../argParsers.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import { withCliErrors } from '../experimentErrors.js';
import { NetworkSpikeSource, networkModulators } from '../telemetry/networkSpikeSource.js';

export interface ReplayCommandOptions {
  readonly controller?: string;
  readonly profile?: string;
  readonly seed?: number;
  readonly rateHz?: number;
  readonly learn?: boolean;
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
  /** Compare the recording with this one, topic by topic (no controller is run). */
  readonly diff?: string;
}

export interface RecordingsDiff {
  readonly a: string;
  readonly b: string;
  /** Differences of identity (scenario, profile, controller, seed) from the metadata. */
  readonly notes: readonly string[];
  readonly diffs: readonly TopicDiff[];
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
  readonly identical: boolean;
}

export interface ReplayReport extends ReplayResult {
  readonly recording: string;
  readonly controller: string;
  readonly profile: string;
  readonly seed: number;
  readonly rate_hz: number;
  /** The recording names the same controller (same file SHA-256, or same preset id) and seed. */
  readonly sameController: boolean | null;
  readonly out: string | null;
  readonly replay_s: number;
  /** Recorded ROS time spanned by the ticks, over the replay's wall time. */
  readonly speedup: number;
}

const HELP = `
The recording's input topics (the profile's inputs, the reward, episode announcements) go
through the profile's mapping, the safety layer and the controller as the live controller node
runs them, in recorded order on the recording's ROS time: no wall clock, as fast as the machine
goes. The controller ticks at the recorded tick times (the log times of the profile's first
output topic, e.g. /cmd_vel; a recording with /diagnostics gives the tick count, so the safe
command on stop is not taken for a tick).

Bit-identical commands and spikes: a recording of 'ros controller --record' replayed with the
same controller (the file whose SHA-256 the recording's metadata holds, or the same preset id),
seed (metadata 'seed', the default here), rate (--rate-hz, default the profile's) and
plasticity switch (--learn) reproduces every command and spike. Anything else is compared all
the same: the summary names per topic the first differing tick, its time and fields, and the
largest |Δ| per field. Not reproduced: the node's wall-clock watchdog, run-time parameter
changes, /clock jumping back.

--out writes the replayed node's topics (inputs as received, commands, spikes, dopamine) to
an MCAP file in the format of 'ros controller --record'.

Examples:
  $ spikeloop ros controller --profile drone --controller best.json --record flight.mcap
  $ spikeloop replay flight.mcap --controller best.json --out replayed.mcap
  $ spikeloop replay flight.mcap --controller drone-avoid-snn --profile drone --json
  $ spikeloop replay sim.mcap --diff real.mcap       # where two runs first differ, per topic

--diff compares two recordings message by message on every topic both have (the n-th message
of a topic against the n-th of the other): per topic the first differing message (index, time,
fields) and the largest |Δ| per field. Recordings of different scenarios, profiles, controllers
or seeds (their metadata) are compared all the same, and the summary says so first.`;

export function registerReplay(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  program
    .command('replay')
    .description("replay a recording's sensor messages through a controller offline, spike for spike; diff its commands against the recorded ones")
    .argument('<recording>', "an MCAP recording (of 'ros controller --record', 'ros sim --record' or 'run --record')")
    .option('--controller <file|preset>', "the controller to replay (default: the recording's, from its metadata)")
    .option('--profile <name|file>', "robot profile: how topics map to channels (default: the recording's)")
    .addOption(new Option('--seed <n>', "seed of the controller and its first reset (default: the recording's)").argParser(seedArg))
    .addOption(new Option('--rate-hz <hz>', "control rate the controller was built for (default: the profile's)").argParser(positive('--rate-hz')))
    .option('--learn', 'plasticity on during the replay (as the recorded node had it)', false)
    .option('--out <file.mcap>', "write the replayed node's topics, commands and spikes here")
    .option('--force', 'overwrite --out if it exists', false)
    .option('--json', 'print the result as one JSON object', false)
    .option('--diff <other.mcap>', 'compare the recording with another, topic by topic, instead of replaying (sim vs real, two runs)')
    .addHelpText('after', HELP)
    .action(async (file: string, o: ReplayCommandOptions) => {
      if (o.diff !== undefined) await diffCommand(file, o.diff, o, io);
      else await replayCommand(file, o, io, catalog);
    });
}

function positive(what: string) {
  return (raw: string): number => {
    const v = Number(raw);
    if (!(Number.isFinite(v) && v > 0)) throw new CliError(`${what}: expected a number > 0, got '${raw}'`, 2);
    return v;
  };
}

export async function replayCommand(file: string, o: ReplayCommandOptions, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): Promise<ReplayReport> {
  if (o.out !== undefined && resolve(o.out) === resolve(file)) throw new CliError('--out must differ from the recording (the recording is only read)', 2);
  if (o.out !== undefined && existsSync(o.out) && !o.force) throw new CliError(`${o.out} exists; choose another --out, or --force to overwrite it`, 2);
  let messages: RecordedMessage[];
  let meta: ReadonlyMap<string, string>;
  const channels = new Map<string, string>();
  try {
    const rec = await openMcapRecording(file);
    try {
      for (const c of rec.channels) channels.set(c.topic, c.type);
      meta = rec.metadata.find((m) => m.name === SPIKELOOP_METADATA)?.metadata ?? new Map();
      messages = await rec.readAll();
    } finally {
      await rec.close();
    }
  } catch (e) {
    if (e instanceof McapReadError) throw new CliError(`cannot replay: ${e.message}`, 1);
    throw e;
  }
  return withCliErrors(async () => {
    const controllerName = o.controller ?? meta.get('controller');
    if (!controllerName) throw new CliError(`a controller is needed: --controller <file|preset> (${file} does not name one in its metadata)`, 2);
    const profileName = o.profile ?? meta.get('profile');
    if (!profileName) throw new CliError(`a robot profile is needed: --profile <name|file> (${file} does not name one in its metadata)`, 2);
    let profile: CompiledProfile;
    try {
      profile = loadProfile(profileName);
    } catch (e) {
      throw new CliError((e as Error).message, 2);
    }
    const metaSeed = meta.get('seed');
    const seed = o.seed ?? (metaSeed !== undefined && Number.isInteger(Number(metaSeed)) ? Number(metaSeed) : 0);
    const rate_hz = o.rateHz ?? profile.profile.rate_hz;
    const resolved = resolveNamedController(controllerName, { seed, controlRate_Hz: rate_hz }, catalog);
    resolved.controller.learning = o.learn ?? false;
    const log = (line: string) => io.err(`[replay] ${line}\n`);
    // Same controller: the same file contents (SHA-256), or the same preset id.
    const recordedSha = meta.get('controller_sha256');
    const sha = fileSha256(controllerName);
    const sameController = meta.size === 0 ? null : (recordedSha !== undefined ? sha === recordedSha : meta.get('controller') === controllerName && sha === null) && String(seed) === (metaSeed ?? '');
    if (sameController === false) log(`note: the recording was made with controller ${meta.get('controller') ?? '?'}${recordedSha ? ` (sha256 ${recordedSha.slice(0, 12)}…)` : ''}, seed ${metaSeed ?? '?'}; replaying ${controllerName}${sha ? ` (sha256 ${sha.slice(0, 12)}…)` : ''}, seed ${seed}: commands are not expected to be identical`);
    if (meta.size > 0 && meta.get('command') !== 'ros controller') log(`note: recorded by 'spikeloop ${meta.get('command') ?? '?'}', not 'ros controller': inputs are what ${meta.get('command') ?? 'it'} recorded, ticks at its command times`);

    const net = resolved.controller.network;
    const source = net ? new NetworkSpikeSource(net) : null;
    const spikes = source && net ? new SpikeTelemetry(source, networkModulators(net)) : null;
    let writer: McapFileWriter | null = null;
    if (o.out !== undefined) {
      try {
        writer = openMcapWriter(o.out, { metadata: [spikeloopMetadata({ command: 'replay', controller: controllerName, profile: profileName, seed, timeBase: 'ros', useSimTime: true })] });
      } catch (e) {
        source?.detach();
        throw new CliError(`cannot write ${o.out}: ${(e as Error).message}`, 1);
      }
    }
    const t0 = performance.now();
    let r: ReplayResult;
    try {
      r = replayRecording({ file, messages, channels, profile, controller: resolved.controller, rate_hz, seed, sink: writer, spikes, log });
    } catch (e) {
      writer?.abort();
      if (e instanceof ReplayError) throw new CliError(`cannot replay: ${e.message}`, 1);
      throw e;
    } finally {
      source?.detach();
    }
    const replay_s = (performance.now() - t0) / 1000;
    try {
      writer?.close();
    } catch (e) {
      throw new CliError(e instanceof McapWriteError ? e.message : `cannot complete ${o.out}: ${(e as Error).message}`, 1);
    }
    const ticks = messages.filter((m) => m.topic === r.tickTopic).slice(0, r.ticks);
    const span_s = ticks.length > 1 ? Number(ticks[ticks.length - 1]!.logTime_ns - ticks[0]!.logTime_ns) / 1e9 : 0;
    const report: ReplayReport = { recording: file, controller: controllerName, profile: profileName, seed, rate_hz, sameController, out: o.out ?? null, replay_s, speedup: replay_s > 0 ? span_s / replay_s : Infinity, ...r };
    io.out(o.json ? `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n` : formatReport(report));
    return report;
  });
}

/** Reads a recording for replay or diff: channels (topic → type), spikeloop metadata, messages; a located CliError if it cannot be read. */
async function readRecording(file: string): Promise<{ channels: Map<string, string>; meta: ReadonlyMap<string, string>; messages: RecordedMessage[] }> {
  try {
    const rec = await openMcapRecording(file);
    try {
      const channels = new Map(rec.channels.map((c) => [c.topic, c.type] as const));
      const meta = rec.metadata.find((m) => m.name === SPIKELOOP_METADATA)?.metadata ?? new Map<string, string>();
      return { channels, meta, messages: await rec.readAll() };
    } finally {
      await rec.close();
    }
  } catch (e) {
    if (e instanceof McapReadError) throw new CliError(`cannot read: ${e.message}`, 1);
    throw e;
  }
}

export async function diffCommand(a: string, b: string, o: ReplayCommandOptions, io: CliIo = processIo): Promise<RecordingsDiff> {
  const ra = await readRecording(a);
  const rb = await readRecording(b);
  const notes: string[] = [];
  for (const key of ['scenario', 'profile', 'controller', 'controller_sha256', 'seed', 'command']) {
    const va = ra.meta.get(key);
    const vb = rb.meta.get(key);
    if (va !== vb) notes.push(`different ${key}: ${va ?? '(none)'} vs ${vb ?? '(none)'}`);
  }
  const diffs: TopicDiff[] = [];
  const onlyA: string[] = [];
  const onlyB = [...rb.channels.keys()].filter((t) => !ra.channels.has(t)).sort();
  const byTopic = (ms: RecordedMessage[], t: string) => ms.filter((m) => m.topic === t).map((m) => ({ time_ns: m.logTime_ns, message: m.message }));
  for (const [topic, type] of [...ra.channels].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const tb = rb.channels.get(topic);
    if (tb === undefined) {
      onlyA.push(topic);
      continue;
    }
    if (tb !== type) {
      notes.push(`topic ${topic}: ${type} vs ${tb}, not compared`);
      continue;
    }
    diffs.push(diffMessages(topic, byTopic(ra.messages, topic), byTopic(rb.messages, topic)));
  }
  const r: RecordingsDiff = { a, b, notes, diffs, onlyA, onlyB, identical: notes.length === 0 && onlyA.length === 0 && onlyB.length === 0 && diffs.every((d) => d.identical) };
  if (o.json) io.out(`${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  else
    io.out(
      [
        `${a} vs ${b}`,
        ...notes.map((n) => `  note: ${n}`),
        ...diffs.map((d) => formatDiff(d)),
        ...(onlyA.length ? [`  only in ${a}: ${onlyA.join(', ')}`] : []),
        ...(onlyB.length ? [`  only in ${b}: ${onlyB.join(', ')}`] : []),
        r.identical ? 'identical' : 'different (above)',
      ].join('\n') + '\n',
    );
  return r;
}

function formatDiff(d: TopicDiff): string {
  if (d.identical) return `  ${d.topic}: bit-identical over ${d.compared} messages`;
  const head = d.countA !== d.countB ? ` (recorded ${d.countA}, replayed ${d.countB})` : '';
  if (d.first === null) return `  ${d.topic}: equal over the ${d.compared} compared${head}`;
  const at = `t = ${(Number(d.first.time_ns) / 1e9).toFixed(3)} s`;
  const fields = d.channels
    .slice(0, 6)
    .map((c) => `${c.field} ${c.maxAbsDelta.toPrecision(3)}`)
    .join(', ');
  return `  ${d.topic}: ${d.differing} of ${d.compared} differ${head}; first at message ${d.first.index} (${at}) in ${d.first.fields.slice(0, 4).join(', ')}${d.first.fields.length > 4 ? ', …' : ''}\n    max |Δ| per field: ${fields}${d.channels.length > 6 ? `, … (${d.channels.length} fields)` : ''}`;
}

function formatReport(r: ReplayReport): string {
  return (
    [
      `replayed ${r.ticks} ticks of ${r.recording} (tick count from ${r.ticksFrom}) with ${r.controller}, seed ${r.seed}, ${r.rate_hz} Hz, profile ${r.profile}: ${r.inputsDelivered} input messages, ${r.safeCommands} safe commands, ${r.replay_s.toFixed(2)} s (${Number.isFinite(r.speedup) ? `${r.speedup.toFixed(0)}×` : '–'} real time)`,
      ...(r.error ? [`  stopped: ${r.error}`] : []),
      ...r.diffs.map((d) => formatDiff(d)),
      r.identical ? 'bit-identical to the recording' : 'differs from the recording (above)',
      ...(r.out ? [`replay written to ${r.out}`] : []),
    ].join('\n') + '\n'
  );
}
