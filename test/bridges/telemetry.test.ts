import { DRONE_TOPICS } from '../helpers/droneTopics.js';
import { describe, expect, it } from 'vitest';
import { SimTelemetry, robotTopicsFor, simTelemetryFor } from '../../bridges/recording/simTelemetry.js';
import { SpikeTelemetry } from '../../bridges/recording/spikeTelemetry.js';
import type { SpikeSource } from '../../bridges/recording/spikeTelemetry.js';
import { withRewardTelemetry, withTelemetry } from '../../bridges/recording/withTelemetry.js';
import { episodeEventJson, parseEpisodeEvent } from '../../bridges/recording/episodeEvent.js';
import { obstacleMarkers, quaternionFromMatrix } from '../../bridges/recording/sceneMarkers.js';
import { MSG } from '../../bridges/ros2/messages/index.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { Rng } from '../../loop/rng.js';
import { createRecorder } from '../../loop/wrappers/recorder.js';
import type { Recorder } from '../../loop/wrappers/recorder.js';
import { withRecording } from '../../loop/wrappers/withRecording.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { resolveController } from '../../experiments/resolveController.js';
import { NetworkSpikeSource, networkModulators } from '../../launch/telemetry/networkSpikeSource.js';
import { FRONT_LIDAR_37 } from '../../scenarios/droneAvoidanceBody.js';
import { DRONE_FOREST_V1, FOREST_CROSSING, FOREST_V1 } from '../../scenarios/droneForest.js';
import { ARM_REACH_V1 } from '../../scenarios/armReach.js';
import { SCENARIOS } from '../../scenarios/registry.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { CRAZYFLIE_2X, hoverRpm, RPM_TO_RADPS } from '../../sim/quadrotor/airframe.js';
import { directionVector } from '../../sim/arm/armParams.js';
import { RayScene } from '../../sim/sensors/rayScene.js';
import { addObstacles } from '../../sim/world/obstacles.js';
import { createSimWorld } from '../../sim/world/simWorld.js';
import { forestLayout } from '../../sim/world/forestLayout.js';
import { allocateChannels } from '../../loop/channels.js';
import { FakeBody } from '../loop/fakes.js';
import { CollectingSink } from './collectingSink.js';

interface Run {
  readonly sink: CollectingSink;
  readonly rec: Recorder;
  readonly result: EpisodeResult;
  readonly telemetry: SimTelemetry;
  readonly spikes: number;
  readonly populations: readonly { name: string; size: number }[];
  readonly modulators: readonly string[];
  readonly dt_ms: number;
}

/** `scenario` for `steps` control steps (time limit), recorded by telemetry and by a Recorder. */
function runRecorded(scenario: Scenario, seeds: readonly number[], limit_s: number, learning: boolean): Run {
  const body = scenario.createBody();
  const { controller } = resolveController(undefined, scenario, 0, { body });
  controller.learning = learning;
  // A scenario whose default controller is not spiking (the event-camera scenarios, until their
  // spiking controller exists) is recorded without spike topics.
  const net = controller.network;
  const source = net ? new NetworkSpikeSource(net) : null;
  const sink = new CollectingSink();
  const telemetry = simTelemetryFor(body, sink, { scenario: scenario.id, ...(source && net ? { spikes: new SpikeTelemetry(source, networkModulators(net)) } : {}), scene: (s) => scenario.describeScene?.(s) ?? {} });
  const rec = createRecorder();
  const wrapped = withRecording(withTelemetry(body, telemetry), rec);
  const judged: Scenario = { ...scenario, createTask: (_b, s) => withRewardTelemetry(withTimeLimit(scenario.createTask(body, s), limit_s), telemetry) };
  let result!: EpisodeResult;
  let spikes = 0;
  for (const seed of seeds) {
    result = runScenarioEpisode(judged, wrapped, controller, { seed });
    telemetry.endEpisode({ outcome: result.outcome, return: result.return, metrics: result.metrics });
    spikes = result.activity.spikes;
  }
  source?.detach();
  body.close?.();
  return { sink, rec, result, telemetry, spikes, populations: source?.populations ?? [], modulators: net ? net.modulators.map((m) => m.params.name) : [], dt_ms: net?.dt_ms ?? 0 };
}

const T_NS = 1e9 / DRONE_FOREST_V1.controlRate_Hz;

describe('drone telemetry (drone-forest-v1, 2 s)', () => {
  const seed = episodeSeed(0, 'eval', 0);
  const r = runRecorded(DRONE_FOREST_V1, [seed], 2, true);
  const obs = r.rec.observations!;
  const cmd = r.rec.commands!;
  const steps = r.result.steps;

  it('declares the standard topics with their types, and every message conforms and round-trips', () => {
    expect(steps).toBe(2 * DRONE_FOREST_V1.controlRate_Hz);
    const expected: Record<string, string> = {
      ...DRONE_TOPICS,
    };
    for (const p of r.populations) expected[`/spikeloop/spikes/${p.name}`] = MSG.UInt32MultiArray;
    if (r.modulators.length > 1) for (const m of r.modulators) expected[`/spikeloop/modulator/${m}`] = MSG.Float64;
    expect(Object.fromEntries(r.sink.types)).toEqual(expected);
    expect(r.sink.problems).toEqual([]);
    expect(r.sink.roundTripFailures).toEqual([]);
    expect(new Set(r.sink.messages.map((m) => m.topic))).toEqual(new Set(Object.keys(expected)));
  });

  it('writes one /odom, /tf, /scan, /clock, rotors and reward per observation, one /cmd_vel and spike message per command', () => {
    for (const t of ['/odom', '/tf', '/scan', '/clock', '/spikeloop/rotors', '/spikeloop/reward']) expect(r.sink.on(t).length, t).toBe(obs.frames);
    expect(obs.frames).toBe(steps + 1);
    expect(r.sink.on('/cmd_vel').length).toBe(cmd.frames);
    expect(cmd.frames).toBe(steps);
    // Spikes and the modulator: one message per command, and one more at the episode's end.
    for (const t of ['/spikeloop/dopamine', ...r.populations.map((p) => `/spikeloop/spikes/${p.name}`)]) expect(r.sink.on(t).length, t).toBe(cmd.frames + 1);
    for (const t of ['/tf_static', '/spikeloop/scene']) expect(r.sink.on(t).length).toBe(1);
    expect(r.sink.on('/spikeloop/episode').length).toBe(2);
  });

  it('stamps message k at k control periods, exactly, and /clock says the same', () => {
    const odom = r.sink.on('/odom');
    odom.forEach((m, k) => {
      expect(m.t).toBe(BigInt(k * T_NS));
      expect(m.message.header.stamp).toEqual({ sec: Math.floor((k * T_NS) / 1e9), nanosec: (k * T_NS) % 1e9 });
    });
    expect(r.sink.on('/clock').map((m) => m.message.clock)).toEqual(odom.map((m) => m.message.header.stamp));
    expect(r.sink.on('/cmd_vel').map((m) => m.t)).toEqual(odom.slice(0, steps).map((m) => m.t));
  });

  it('/odom and /tf are the observed odometry (odom → base_link, body-frame twist); /scan the lidar channel', () => {
    const odom = r.sink.on('/odom'), tf = r.sink.on('/tf'), scan = r.sink.on('/scan');
    for (let k = 0; k < obs.frames; k++) {
      const o = odom[k]!.message;
      expect(o.header.frame_id).toBe('odom');
      expect(o.child_frame_id).toBe('base_link');
      const p = o.pose.pose.position, q = o.pose.pose.orientation, v = o.twist.twist.linear, w = o.twist.twist.angular;
      expect([p.x, p.y, p.z]).toEqual([...obs.value(k, 'odom_position')]);
      expect([q.x, q.y, q.z, q.w]).toEqual([...obs.value(k, 'odom_orientation')]);
      expect([v.x, v.y, v.z]).toEqual([...obs.value(k, 'odom_linear_velocity')]);
      expect([w.x, w.y, w.z]).toEqual([...obs.value(k, 'odom_angular_velocity')]);
      const t = tf[k]!.message.transforms;
      expect(t).toHaveLength(1);
      expect(t[0].header).toEqual(o.header);
      expect(t[0].child_frame_id).toBe('base_link');
      expect(t[0].transform.translation).toEqual(p);
      expect(t[0].transform.rotation).toEqual(q);
      expect(scan[k]!.message.ranges).toEqual(obs.value(k, 'lidar'));
    }
    const s = scan[0]!.message, L = FRONT_LIDAR_37;
    expect(s.header.frame_id).toBe('lidar');
    expect(s.angle_min).toBe(Math.fround(L.angleMin_rad!));
    expect(s.angle_increment).toBe(Math.fround(L.angleIncrement_rad!));
    expect(s.angle_max).toBe(Math.fround(L.angleMin_rad! + (L.beams - 1) * L.angleIncrement_rad!));
    expect(s.angle_max).toBeCloseTo(Math.PI / 2, 6);
    expect([s.range_min, s.range_max]).toEqual([Math.fround(L.rangeMin_m), Math.fround(L.rangeMax_m)]);
    const mount = r.sink.on('/tf_static')[0]!.message.transforms;
    expect(mount).toHaveLength(1);
    expect([mount[0].header.frame_id, mount[0].child_frame_id]).toEqual(['base_link', 'lidar']);
  });

  it('/cmd_vel is the command (linear = cmd_linear, angular.z = cmd_yaw_rate)', () => {
    r.sink.on('/cmd_vel').forEach((m, k) => {
      const c = cmd.value(k, 'cmd_linear');
      expect(m.message).toEqual({ linear: { x: c[0], y: c[1], z: c[2] }, angular: { x: 0, y: 0, z: cmd.value(k, 'cmd_yaw_rate')[0] } });
    });
  });

  it('/spikeloop/rotors starts at hover speed in rad/s (the episode starts in hover)', () => {
    const w = hoverRpm(CRAZYFLIE_2X) * RPM_TO_RADPS;
    const first = r.sink.on('/spikeloop/rotors')[0]!.message;
    expect([...first.data]).toEqual([w, w, w, w]);
    expect(first.layout.dim).toEqual([{ label: 'rotor', size: 4, stride: 4 }]);
  });

  it('draws the seed\'s forest (34 upright cylinders as laid out) and the goal at the goal line', () => {
    const markers = r.sink.on('/spikeloop/scene')[0]!.message.markers;
    const trees = forestLayout(FOREST_V1, seed);
    const obstacles = markers.filter((m: any) => m.ns === 'obstacles');
    expect(obstacles).toHaveLength(FOREST_V1.count);
    obstacles.forEach((m: any, i: number) => {
      const t = trees[i]!;
      expect(m.type).toBe(3); // CYLINDER
      expect(m.header.frame_id).toBe('odom');
      expect([m.pose.position.x, m.pose.position.y, m.pose.position.z]).toEqual([...t.center_m]);
      expect(m.scale.x).toBeCloseTo(2 * t.radius_m, 12);
      expect(m.scale.y).toBeCloseTo(2 * t.radius_m, 12);
      expect(m.scale.z).toBeCloseTo(t.height_m, 12);
      // Upright: the marker's z axis is world z — the identity rotation, up to sign.
      expect(Math.abs(m.pose.orientation.w)).toBeCloseTo(1, 12);
    });
    const goal = markers.filter((m: any) => m.ns === 'goal');
    expect(goal).toHaveLength(1);
    expect(goal[0].type).toBe(2); // SPHERE
    expect([goal[0].pose.position.x, goal[0].pose.position.y]).toEqual([FOREST_CROSSING.goalX_m, 0]);
  });

  it('the rewards sum to the return and the episode events carry the result', () => {
    let sum = 0;
    for (const m of r.sink.on('/spikeloop/reward')) sum += m.message.data;
    expect(sum).toBe(r.result.return);
    const [start, end] = r.sink.on('/spikeloop/episode').map((m) => parseEpisodeEvent(m.message.data));
    expect(start).toEqual({ scenario: 'drone-forest-v1', seed, episode: 0, event: 'start' });
    expect(end!.event).toBe('end');
    expect(end!.outcome).toBe(r.result.outcome);
    expect(end!.return).toBe(r.result.return);
    expect(end!.metrics).toEqual(Object.fromEntries(Object.entries(r.result.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null])));
    expect(r.sink.on('/spikeloop/episode')[1]!.t).toBe(BigInt(steps * T_NS));
  });

  it('spike messages hold every spike of the network once, as (neuron, step) pairs inside their control period', () => {
    const perPeriod = 1000 / DRONE_FOREST_V1.controlRate_Hz / r.dt_ms;
    let total = 0;
    for (const p of r.populations) {
      r.sink.on(`/spikeloop/spikes/${p.name}`).forEach((m, k) => {
        const d = m.message.data as Uint32Array;
        const n = d.length / 2;
        expect(m.message.layout.dim).toEqual([
          { label: 'spike', size: n, stride: 2 * n },
          { label: 'neuron_step', size: 2, stride: 2 },
        ]);
        for (let i = 0; i < n; i++) {
          expect(d[2 * i]!).toBeLessThan(p.size);
          expect(d[2 * i + 1]!).toBeGreaterThanOrEqual(k * perPeriod);
          // The last message (at the episode's end) holds what the controller ran after its last command.
          if (k < steps) expect(d[2 * i + 1]!).toBeLessThan((k + 1) * perPeriod);
        }
        total += n;
      });
    }
    expect(total).toBeGreaterThan(0);
    expect(total).toBe(r.spikes);
  });

  it('/spikeloop/dopamine is the first modulator\'s level and moves with reward when learning', () => {
    const da = r.sink.on('/spikeloop/dopamine').map((m) => m.message.data);
    if (r.modulators.length > 1) expect(da).toEqual(r.sink.on(`/spikeloop/modulator/${r.modulators[0]}`).map((m) => m.message.data));
    expect(da.some((x) => x !== 0)).toBe(true);
  });
});

describe('every registered scenario', () => {
  it.each(SCENARIOS.map((s) => s.id))('%s: its telemetry conforms to the official definitions and round-trips', (id) => {
    const scenario = SCENARIOS.find((s) => s.id === id)!;
    const r = runRecorded(scenario, [episodeSeed(0, 'eval', 0)], 0.3, false);
    expect(r.sink.messages.length).toBeGreaterThan(0);
    expect(r.sink.problems).toEqual([]);
    expect(r.sink.roundTripFailures).toEqual([]);
    // Sensor topics at every observation, a command topic at every command.
    expect(r.sink.on('/clock').length).toBe(r.result.steps + 1);
    const sensors = r.sink.types.has('/odom') ? '/odom' : '/joint_states';
    expect(r.sink.on(sensors).length).toBe(r.result.steps + 1);
    if (r.sink.types.has('/imu')) expect(r.sink.on('/imu').length).toBe(r.result.steps + 1);
  });
});

describe('telemetry over episodes', () => {
  it('keeps time going forward: the next episode starts 1 s after the last stamp', () => {
    const s0 = episodeSeed(0, 'eval', 1), s1 = episodeSeed(0, 'eval', 2);
    const r = runRecorded(DRONE_FOREST_V1, [s0, s1], 0.2, false);
    const events = r.sink.on('/spikeloop/episode');
    expect(events.map((m) => parseEpisodeEvent(m.message.data)).map((e) => [e.episode, e.event, e.seed])).toEqual([
      [0, 'start', s0],
      [0, 'end', s0],
      [1, 'start', s1],
      [1, 'end', s1],
    ]);
    const steps = 0.2 * DRONE_FOREST_V1.controlRate_Hz;
    expect(events[2]!.t).toBe(BigInt(steps * T_NS + 1e9));
    const clock = r.sink.on('/clock').map((m) => m.t);
    for (let i = 1; i < clock.length; i++) expect(clock[i]! > clock[i - 1]!).toBe(true);
    expect(r.sink.on('/spikeloop/scene').map((m) => m.t)).toEqual([0n, events[2]!.t]);
    expect(r.telemetry.episodes).toBe(2);
  });
});

describe('arm telemetry (arm-reach-v1, 1 s)', () => {
  const seed = episodeSeed(0, 'eval', 0);
  const r = runRecorded(ARM_REACH_V1, [seed], 1, false);
  const obs = r.rec.observations!;
  const cmd = r.rec.commands!;
  const arm = ARM_REACH_V1.createBody() as unknown as { model: { params: import('../../sim/arm/armParams.js').ArmParams } };
  const params = arm.model.params;

  it('declares joint_states, tf and the velocity controller topic; every message conforms and round-trips', () => {
    for (const [t, type] of [
      ['/joint_states', MSG.JointState],
      ['/tf', MSG.TFMessage],
      ['/forward_velocity_controller/commands', MSG.Float64MultiArray],
      ['/spikeloop/scene', MSG.MarkerArray],
    ] as const) expect(r.sink.types.get(t)).toBe(type);
    expect(r.sink.types.has('/odom')).toBe(false);
    expect(r.sink.problems).toEqual([]);
    expect(r.sink.roundTripFailures).toEqual([]);
  });

  it('/joint_states and the command are the channels, joints named after the links', () => {
    const js = r.sink.on('/joint_states');
    expect(js).toHaveLength(obs.frames);
    js.forEach((m, k) => {
      expect(m.message.name).toEqual(params.links.map((l) => l.name));
      expect([...m.message.position]).toEqual([...obs.value(k, 'joint_position')]);
      expect([...m.message.velocity]).toEqual([...obs.value(k, 'joint_velocity')]);
      expect([...m.message.effort]).toEqual([...obs.value(k, 'joint_effort')]);
    });
    const c = r.sink.on('/forward_velocity_controller/commands');
    expect(c).toHaveLength(cmd.frames);
    c.forEach((m, k) => expect([...m.message.data]).toEqual([...cmd.value(k, 'joint_velocity_target')]));
  });

  it('/tf composes to the measured joint positions and the tool point (forward kinematics)', () => {
    // The simulated joints are SPOOK constraints, slightly compliant; 0.1 mm bounds what they give.
    const tol_m = 1e-4;
    r.sink.on('/tf').forEach((m, k) => {
      const frames = m.message.transforms.map((t: any) => `${t.header.frame_id}>${t.child_frame_id}`);
      expect(frames).toEqual([...params.links.map((_l, i) => `${i === 0 ? 'base_link' : `link${i}`}>link${i + 1}`), `link${params.links.length}>tool`]);
      let R = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      let p = [0, 0, 0];
      const origins = obs.value(k, 'joint_origin');
      m.message.transforms.forEach((t: any, i: number) => {
        const d = t.transform.translation, q = t.transform.rotation;
        p = [0, 1, 2].map((a) => p[a]! + R[3 * a]! * d.x + R[3 * a + 1]! * d.y + R[3 * a + 2]! * d.z);
        const Q = [1 - 2 * (q.y * q.y + q.z * q.z), 2 * (q.x * q.y - q.z * q.w), 2 * (q.x * q.z + q.y * q.w), 2 * (q.x * q.y + q.z * q.w), 1 - 2 * (q.x * q.x + q.z * q.z), 2 * (q.y * q.z - q.x * q.w), 2 * (q.x * q.z - q.y * q.w), 2 * (q.y * q.z + q.x * q.w), 1 - 2 * (q.x * q.x + q.y * q.y)];
        R = [0, 1, 2].flatMap((a) => [0, 1, 2].map((b) => R[3 * a]! * Q[b]! + R[3 * a + 1]! * Q[3 + b]! + R[3 * a + 2]! * Q[6 + b]!));
        const target = i < params.links.length ? origins.subarray(3 * i, 3 * i + 3) : obs.value(k, 'ee_position');
        for (let a = 0; a < 3; a++) expect(Math.abs(p[a]! - target[a]!)).toBeLessThan(tol_m);
      });
    });
  });

  it('draws the obstacle and the target of the episode, and the links in their own frames', () => {
    const markers = r.sink.on('/spikeloop/scene')[0]!.message.markers;
    const o = obs.value(0, 'obstacle'), target = obs.value(0, 'target_position');
    const obstacle = markers.filter((m: any) => m.ns === 'obstacles');
    expect(obstacle).toHaveLength(1);
    expect(obstacle[0].type).toBe(2);
    expect([obstacle[0].pose.position.x, obstacle[0].pose.position.y, obstacle[0].pose.position.z, obstacle[0].scale.x / 2].map(Math.fround)).toEqual([...o]);
    const t = markers.filter((m: any) => m.ns === 'target');
    expect(t).toHaveLength(1);
    expect([t[0].pose.position.x, t[0].pose.position.y, t[0].pose.position.z]).toEqual([...target]);
    const links = markers.filter((m: any) => m.ns === 'arm' && m.frame_locked);
    expect(links.map((m: any) => m.header.frame_id)).toEqual(params.links.map((_l, i) => `link${i + 1}`));
    links.forEach((m: any, i: number) => {
      const l = params.links[i]!, d = directionVector(l.direction);
      expect([m.pose.position.x, m.pose.position.y, m.pose.position.z]).toEqual(d.map((x) => (x * l.length_m) / 2));
      expect([m.scale.x, m.scale.y, m.scale.z]).toEqual(d.map((x) => (x !== 0 ? l.length_m : l.width_m)));
    });
  });
});

describe('spike telemetry', () => {
  /** A source replaying a script of spikes per drain. */
  function scripted(periods: number[][][]): SpikeSource & { drains: number } {
    return {
      populations: [
        { name: 'a', size: 2 },
        { name: 'b', size: 300 },
      ],
      drains: 0,
      drain(visit) {
        const p = periods[this.drains++] ?? [];
        for (const [pop, n, s] of p) visit(pop!, n!, s!);
      },
    };
  }

  it('grows past its first buffer, keeps order, and sends empty messages for silent populations', () => {
    const many = Array.from({ length: 50 }, (_v, i) => [0, i % 2, 1000 + i]);
    const src = scripted([many, [[1, 299, 7]]]);
    const sink = new CollectingSink();
    const st = new SpikeTelemetry(src);
    for (const [t, type] of st.topics) sink.channel(t, type);
    st.write(sink, 0n);
    st.write(sink, 1n);
    const a = sink.on('/spikeloop/spikes/a'), b = sink.on('/spikeloop/spikes/b');
    expect([...a[0]!.message.data]).toEqual(many.flatMap(([, n, s]) => [n, s]));
    expect(a[0]!.message.layout.dim[0]).toEqual({ label: 'spike', size: 50, stride: 100 });
    expect([...b[0]!.message.data]).toEqual([]);
    expect(b[0]!.message.layout.dim[0]).toEqual({ label: 'spike', size: 0, stride: 0 });
    expect([...a[1]!.message.data]).toEqual([]);
    expect([...b[1]!.message.data]).toEqual([299, 7]);
    expect(sink.problems).toEqual([]);
  });

  it('refuses a spike outside its population, naming the populations', () => {
    const st = new SpikeTelemetry(scripted([[[0, 2, 0]]]));
    expect(() => st.write(new CollectingSink(), 0n)).toThrow('the spike source reported a spike outside its populations (population 0, neuron 2, step 0); populations are a [2], b [300]');
  });
});

describe('scene markers and events', () => {
  it('recovers quaternions from rotation matrices in every branch', () => {
    const rng = new Rng(1, 'quaternions');
    const m = new Float64Array(9);
    const q = { x: 0, y: 0, z: 0, w: 0 };
    for (let k = 0; k < 200; k++) {
      const v = [rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1)];
      v[k % 4] = v[k % 4]! * 10; // make each component dominant in turn
      const n = Math.hypot(...v);
      const [x, y, z, w] = v.map((c) => c / n) as [number, number, number, number];
      m.set([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w), 2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w), 2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]);
      quaternionFromMatrix(m, 0, q);
      const sign = Math.sign(q.w * w + q.x * x + q.y * y + q.z * z);
      expect(Math.abs(sign)).toBe(1);
      for (const [a, b] of [[q.x, x], [q.y, y], [q.z, z], [q.w, w]] as const) expect(a * sign).toBeCloseTo(b, 12);
    }
  });

  it('draws a yawed box, a sphere and an upright cylinder with ROS marker conventions', () => {
    const w = createSimWorld();
    const yaw = Math.PI / 6;
    addObstacles(w, [
      { kind: 'box', center_m: [1, 2, 0.5], halfExtents_m: [0.1, 0.2, 0.5], yaw_rad: yaw },
      { kind: 'sphere', center_m: [0, -1, 1], radius_m: 0.25 },
      { kind: 'cylinder', center_m: [3, 0, 1], radius_m: 0.2, height_m: 2 },
    ]);
    const [box, sphere, cyl] = obstacleMarkers(new RayScene(w), 'odom', 0);
    expect(box!.type).toBe(1);
    expect([box!.scale.x, box!.scale.y, box!.scale.z]).toEqual([0.2, 0.4, 1]);
    expect(Math.abs(box!.pose.orientation.z)).toBeCloseTo(Math.sin(yaw / 2), 12);
    expect(Math.abs(box!.pose.orientation.w)).toBeCloseTo(Math.cos(yaw / 2), 12);
    expect(sphere!.type).toBe(2);
    expect(sphere!.scale).toEqual({ x: 0.5, y: 0.5, z: 0.5 });
    expect(cyl!.type).toBe(3);
    expect([cyl!.scale.x, cyl!.scale.y, cyl!.scale.z]).toEqual([0.4, 0.4, 2]);
    expect(Math.abs(cyl!.pose.orientation.w)).toBeCloseTo(1, 12);
    expect(obstacleMarkers(new RayScene(w), 'odom', 0).map((m) => m.id)).toEqual([0, 1, 2]);
  });

  it('writes episode events as ASCII JSON with NaN as null', () => {
    const text = episodeEventJson({ scenario: 'drone-forest-v1', seed: 3, episode: 0, event: 'end', outcome: 'terminated', return: 1.5, metrics: { time_to_goal_s: NaN, 'clearance_≥_m': 2 } });
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    expect(parseEpisodeEvent(text)).toEqual({ scenario: 'drone-forest-v1', seed: 3, episode: 0, event: 'end', outcome: 'terminated', return: 1.5, metrics: { time_to_goal_s: null, 'clearance_≥_m': 2 } });
    expect(() => parseEpisodeEvent('{"hello": 1}')).toThrow(/not an episode event/);
  });

  it('names a body it has no topics for, and an observation before any reset', () => {
    expect(() => robotTopicsFor(new FakeBody())).toThrow(/no standard topics for this body \(FakeBody\)/);
    const body = DRONE_FOREST_V1.createBody();
    const t = simTelemetryFor(body, new CollectingSink(), { scenario: 'x' });
    expect(() => withTelemetry(body, t).observe(allocateChannels(body.sensors))).toThrow(/observe before the first episode began/);
  });
});
