/**
 * `spikeloop run --record x.mcap` on drone-forest-v1: the file read back with @mcap/core alone
 * (profile, encodings, channels, counts per topic) decodes to the episode — /odom equals the
 * observed odometry and /cmd_vel the commands of the same episode recorded as JSON — and a
 * recording that fails mid-episode is finalised up to the failure.
 */
import { DRONE_TOPICS } from '../helpers/droneTopics.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { afterAll, describe, expect, it } from 'vitest';
import { deserialize, MSG } from '../../bridges/ros2/messages/index.js';
import { readMcapMessages } from '../../bridges/recording/mcapReader.js';
import { runCli } from '../../launch/cli.js';
import { resolveController } from '../../experiments/resolveController.js';
import { recordEpisodeMcap } from '../../launch/telemetry/recordEpisodeMcap.js';
import { readRecording } from '../../loop/wrappers/recordingFile.js';
import type { Task } from '../../loop/task.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { catalog as pointMassCatalog } from '../helpers/pointMassCatalog.js';
import { captureCli } from '../helpers/captureCli.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-run-mcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = captureCli;

describe('run --record x.mcap (drone-forest-v1)', () => {
  const mcapFile = join(dir, 'forest.mcap');
  const jsonFile = join(dir, 'forest.json');

  it('writes a ROS 2 MCAP file that @mcap/core reads back as the episode', async () => {
    const m = await cli('run', 'drone-forest-v1', '--seed', '2', '--record', mcapFile, '--json');
    expect(m.code).toBe(0);
    const j = await cli('run', 'drone-forest-v1', '--seed', '2', '--record', jsonFile, '--json');
    expect(j.code).toBe(0);
    const report = JSON.parse(m.out), same = JSON.parse(j.out);
    // Recording does not change the episode.
    for (const k of ['steps', 'return', 'outcome', 'metrics', 'episode_seed'] as const) expect(report[k]).toEqual(same[k]);
    expect(report.record).toBe(mcapFile);
    const steps: number = report.steps;

    const bytes = new Uint8Array(readFileSync(mcapFile));
    const reader = await McapIndexedReader.Initialize({
      readable: { size: async () => BigInt(bytes.length), read: async (o: bigint, n: bigint) => bytes.subarray(Number(o), Number(o + n)) },
    });
    expect(reader.header.profile).toBe('ros2');
    const schemas = [...reader.schemasById.values()];
    expect(schemas.every((s) => s.encoding === 'ros2msg')).toBe(true);
    const channels = [...reader.channelsById.values()];
    expect(channels.every((c) => c.messageEncoding === 'cdr')).toBe(true);
    const typeOf = new Map(channels.map((c) => [c.topic, reader.schemasById.get(c.schemaId)!.name]));

    const net = resolveController(undefined, DRONE_FOREST_V1, 2).controller.network!;
    const expected: Record<string, string> = {
      ...DRONE_TOPICS,
      ...Object.fromEntries(net.populations.map((p) => [`/spikeloop/spikes/${p.name}`, MSG.UInt32MultiArray])),
      ...(net.modulators.length > 1 ? Object.fromEntries(net.modulators.map((d) => [`/spikeloop/modulator/${d.params.name}`, MSG.Float64])) : {}),
    };
    expect(Object.fromEntries(typeOf)).toEqual(expected);

    const counts = new Map<string, number>();
    const odom: number[][] = [];
    const cmd: number[][] = [];
    for await (const msg of reader.readMessages({ validateCrcs: true })) {
      const topic = reader.channelsById.get(msg.channelId)!.topic;
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
      if (topic === '/odom') {
        const o = deserialize(MSG.Odometry, msg.data);
        expect(msg.logTime).toBe(BigInt(o.header.stamp.sec) * 1_000_000_000n + BigInt(o.header.stamp.nanosec));
        odom.push([o.pose.pose.position.x, o.pose.pose.position.y, o.pose.pose.position.z]);
      } else if (topic === '/cmd_vel') {
        const t = deserialize(MSG.Twist, msg.data);
        cmd.push([t.linear.x, t.linear.y, t.linear.z, t.angular.z]);
      }
    }
    for (const t of ['/clock', '/odom', '/tf', '/scan', '/spikeloop/rotors', '/spikeloop/reward']) expect(counts.get(t), t).toBe(steps + 1);
    expect(counts.get('/cmd_vel')).toBe(steps);
    for (const p of net.populations) expect(counts.get(`/spikeloop/spikes/${p.name}`)).toBe(steps + 1);
    for (const t of ['/tf_static', '/spikeloop/scene']) expect(counts.get(t)).toBe(1);
    expect(counts.get('/spikeloop/episode')).toBe(2);
    for (const c of channels) expect(reader.statistics!.channelMessageCounts.get(c.id)).toBe(BigInt(counts.get(c.topic)!));

    // The same episode as JSON: /odom is the observed odom_position, /cmd_vel the commands, step by step.
    const rec = readRecording(jsonFile);
    const obs = rec.observations!, com = rec.commands!;
    expect(odom).toHaveLength(obs.frames);
    odom.forEach((p, k) => expect(p).toEqual([...obs.value(k, 'odom_position')]));
    expect(cmd).toHaveLength(com.frames);
    cmd.forEach((c, k) => expect(c).toEqual([...com.value(k, 'cmd_linear'), com.value(k, 'cmd_yaw_rate')[0]]));
  });

  it('says so in its help', async () => {
    const h = await cli('run', '--help');
    expect(h.out).toMatch(/--record <file>/);
    expect(h.out).toMatch(/<file\.mcap> writes an MCAP recording/);
  });

  it('names the file it cannot create (exit 1)', async () => {
    const bad = join(dir, 'missing', 'x.mcap');
    const r = await cli('run', 'drone-forest-v1', '--record', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot open the MCAP file '${bad}' for writing`);
  });

  it('refuses, with exit 2, a scenario whose body has no ROS topics', async () => {
    let err = '';
    const code = await runCli(['run', 'point-mass-v0', '--controller', 'point-mass-p', '--record', join(dir, 'pm.mcap')], { out: () => {}, err: (t) => void (err += t) }, pointMassCatalog);
    expect(code).toBe(2);
    expect(err).toContain("cannot record scenario 'point-mass-v0' as ROS 2 topics: telemetry: no standard topics for this body (PointMassBody)");
    expect(readdirSync(dir).filter((f) => f.startsWith('pm.mcap'))).toEqual([]);
  });

  it('finalises what was recorded when the episode fails midway (no temporary file left)', async () => {
    const file = join(dir, 'failed.mcap');
    let evaluations = 0;
    const failing: Scenario = {
      ...DRONE_FOREST_V1,
      createTask: (b, s): Task => {
        const t = DRONE_FOREST_V1.createTask(b, s);
        return {
          evaluate: (o, time) => {
            if (++evaluations === 10) throw new Error('task failed at step 10');
            return t.evaluate(o, time);
          },
          status: () => t.status(),
          metrics: () => t.metrics(),
        };
      },
    };
    const body = DRONE_FOREST_V1.createBody();
    const { controller } = resolveController(undefined, DRONE_FOREST_V1, 0, { body });
    expect(() => recordEpisodeMcap({ file, scenario: failing, body, controller, seed: 1 })).toThrow('task failed at step 10');
    expect(evaluations).toBe(10);
    expect(readdirSync(dir).filter((f) => f.startsWith('failed.mcap'))).toEqual(['failed.mcap']);
    const msgs = await readMcapMessages(file);
    // The steps before the failure, and the episode's start but no end event.
    expect(msgs.filter((m) => m.topic === '/odom').length).toBeGreaterThanOrEqual(9);
    expect(msgs.filter((m) => m.topic === '/spikeloop/episode')).toHaveLength(1);
    // The spike recorders were taken off the network again.
    expect(controller.network!.monitors).toHaveLength(0);
  });
});
