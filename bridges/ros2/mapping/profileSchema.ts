/**
 * The robot profile: how a robot's ROS 2 topics map onto a controller's channels, as data
 * (YAML files, or the built-in profiles in ../profiles/). Validated with zod; loadProfile.ts
 * turns zod's issues into located messages ("x.yaml: inputs[1].channels[0].reduce.sectors: …").
 *
 * Inputs: each subscribed topic fills one or more sensor channels from message fields —
 * `fields` (one scalar path per element), or `array` (a numeric array, optionally selected by
 * name, e.g. JointState by joint names, and reduced into sectors, e.g. LaserScan ranges → N
 * sectors by minimum) — then `scale`, `offset`, a frame conversion, and a check: the value
 * count must match, NaN is always a fault, ±Inf is a fault unless `nonfinite: allow_inf`
 * (REP-117 ranges) or `clamp` (to `clamp`'s bounds). A required topic older than `timeout_s`
 * is a fault. Faults make the safety layer publish `safe_command`.
 *
 * Outputs: each published topic's fields come from actuator channels (`{channel, index}`),
 * constants (`{value}`; 'nan' for PX4's "not controlled"), the time (`{time: now_us|stamp}`)
 * or text (`{text}`), after frame conversions of whole channels (`convert`). Heartbeats are
 * outputs made only of constants and time, published every tick even when safe (PX4's
 * offboard_control_mode).
 */
import { z } from 'zod';
import { topicNameProblem } from '../transport/rosNames.js';

export const qosName = z.enum(['sensor_data', 'event_data', 'reliable', 'latched']);
/** A topic name as rcl validates it (rcl_validate_topic_name): `a//b`, `1x`, `a/` are refused here, not when subscribing. */
const rosName = (expected: string) =>
  z.string().superRefine((name, ctx) => {
    const problem = topicNameProblem(name);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `expected ${expected} (${problem.replace(/^a topic name/, 'a name')})` });
  });
const topicName = rosName('a ROS topic name such as scan, /fmu/out/vehicle_odometry or ~/cmd');
const typeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*\/msg\/[A-Z][A-Za-z0-9]*$/, "expected a ROS 2 message type such as 'sensor_msgs/msg/LaserScan'");
/** Property names every JavaScript object has (`__proto__`, `constructor`, `toString`, …): not channel names. */
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));
const channelName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a channel name (letters, digits, _)')
  .refine((name) => !RESERVED.has(name), 'expected a channel name that is not a property of every JavaScript object (__proto__, constructor, toString, …)');
const fieldPath = z.string().min(1);
const finite = z.number().refine(Number.isFinite, 'expected a finite number');
/** Actuator channels are float32: a value must stay finite once converted (1e308 would become Infinity). */
const finiteFloat32 = z.number().refine((v) => Number.isFinite(Math.fround(v)), 'expected a value finite as float32 (|x| ≤ 3.4028234663852886e38; actuator channels are float32)');

/** Vector / attitude conversions applied to a whole input channel after scaling. */
export const inputConversion = z.enum([
  'none',
  /** [x, y, z] in NED → ENU (PX4 positions and world velocities). */
  'ned_to_enu',
  /** [x, y, z] in FRD → FLU (PX4 body rates and body velocities). */
  'frd_to_flu',
  /** Quaternion (w, x, y, z) NED/FRD → (x, y, z, w) ENU/FLU (PX4 attitude). */
  'quat_ned_frd_to_enu_flu',
  /** [x, y, z] in the NED world frame → the body FLU frame, using the attitude in `attitude_fields` (PX4 velocities). */
  'ned_world_to_flu_body',
]);

export const inputChannelSchema = z
  .object({
    channel: channelName,
    unit: z.string().min(1).describe("SI unit of the channel (REP-103), '1' for dimensionless"),
    fields: z.array(fieldPath).min(1).optional(),
    array: fieldPath.optional(),
    /** Per-pixel counts of the ON or OFF events since the last tick, row-major from the top-left (an `event_camera` input only). */
    events: z.enum(['on', 'off']).optional(),
    select: z.object({ names_field: fieldPath, names: z.array(z.string().min(1)).min(1) }).strict().optional(),
    /**
     * Splits the array into `sectors` equal parts and keeps the min/mean/max of each. With
     * `window_rad: [from, to]` the parts are equal angle sectors of that window, beam i being at
     * angle_min + i·angle_increment (LaserScan); a sector with no beam reads +Inf (no return).
     */
    reduce: z
      .object({ sectors: z.number().int().min(1), by: z.enum(['min', 'mean', 'max']), window_rad: z.tuple([z.number(), z.number()]).optional() })
      .strict()
      .optional(),
    /** For 'ned_world_to_flu_body': the attitude quaternion fields (w, x, y, z, NED/FRD) of the same message. */
    attitude_fields: z.array(fieldPath).length(4).optional(),
    /** Expected element count of `array` when there is no `reduce` or `select` (default: the channel size, i.e. any count is accepted only if it matches). */
    size: z.number().int().min(1).optional(),
    scale: finite.default(1),
    offset: finite.default(0),
    convert: inputConversion.default('none'),
    nonfinite: z.enum(['fault', 'allow_inf', 'clamp']).default('fault'),
    clamp: z.tuple([z.number(), z.number()]).optional(),
    doc: z.string().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const kinds = Number(c.fields !== undefined) + Number(c.array !== undefined) + Number(c.events !== undefined);
    if (kinds !== 1) ctx.addIssue({ code: 'custom', message: "give exactly one of 'fields' (scalar paths), 'array' (a numeric array field) or 'events' (on/off: event counts per pixel of an event_camera input)" });
    if (c.events !== undefined && (c.scale !== 1 || c.offset !== 0 || c.convert !== 'none' || c.clamp !== undefined)) ctx.addIssue({ code: 'custom', path: ['events'], message: "an 'events' channel is raw counts: no scale, offset, convert or clamp" });
    if (c.array === undefined && (c.reduce || c.select)) ctx.addIssue({ code: 'custom', message: "'reduce' and 'select' apply to 'array' only" });
    if (c.reduce && c.select) ctx.addIssue({ code: 'custom', message: "use either 'reduce' or 'select', not both" });
    if (c.nonfinite === 'clamp' && !c.clamp) ctx.addIssue({ code: 'custom', path: ['clamp'], message: "nonfinite: clamp needs 'clamp: [low, high]'" });
    if (c.clamp && !(c.clamp[0] < c.clamp[1])) ctx.addIssue({ code: 'custom', path: ['clamp'], message: 'expected [low, high] with low < high' });
    if ((c.convert === 'ned_world_to_flu_body') !== (c.attitude_fields !== undefined)) ctx.addIssue({ code: 'custom', path: ['attitude_fields'], message: "'attitude_fields' (w, x, y, z) goes with convert: ned_world_to_flu_body, and only with it" });
    if (c.reduce?.window_rad && !(c.reduce.window_rad[0] < c.reduce.window_rad[1])) ctx.addIssue({ code: 'custom', path: ['reduce', 'window_rad'], message: 'expected [from, to] with from < to' });
  });

export const inputSchema = z
  .object({
    topic: topicName,
    type: typeName,
    qos: qosName.default('sensor_data'),
    /** A required topic older than this (ROS time) is a fault. */
    timeout_s: z.number().positive().default(0.5),
    required: z.boolean().default(true),
    /** Fields that must hold a given value for the mapping to be right (e.g. PX4's frame ids); otherwise a fault. */
    expect: z.array(z.object({ field: fieldPath, equals: z.union([z.number(), z.string(), z.boolean()]), why: z.string().optional() }).strict()).default([]),
    /**
     * An event camera (event_camera_msgs/msg/EventPacket, `mono` encoding): every packet is
     * decoded when it arrives and its events counted per pixel; each tick takes the counts since
     * the last one (channels with `events: on|off`). A packet with another encoding, another
     * width/height than these, events outside them or times going backwards is a fault
     * (eventPacketInput.ts).
     */
    event_camera: z.object({ width: z.number().int().min(1).max(65536), height: z.number().int().min(1).max(32768) }).strict().optional(),
    channels: z.array(inputChannelSchema).min(1),
  })
  .strict()
  .superRefine((inp, ctx) => {
    const cam = inp.event_camera !== undefined;
    if (cam && inp.type !== 'event_camera_msgs/msg/EventPacket') ctx.addIssue({ code: 'custom', path: ['type'], message: "an 'event_camera' input takes 'event_camera_msgs/msg/EventPacket'" });
    inp.channels.forEach((c, k) => {
      if (cam !== (c.events !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['channels', k], message: cam ? "channels of an 'event_camera' input are 'events: on' or 'events: off'" : "'events' channels need 'event_camera: {width, height}' on their input" });
      }
    });
  });

export const constantSchema = z.object({ channel: channelName, unit: z.string().min(1), value: z.array(z.number()).min(1), doc: z.string().optional() }).strict();

const constantValue = z.union([z.number(), z.boolean(), z.literal('nan'), z.array(z.union([z.number(), z.literal('nan')]))]);
export const outputFieldSchema = z.union([
  z.object({ channel: channelName, index: z.number().int().min(0).default(0), scale: finite.default(1) }).strict(),
  z.object({ channel: channelName, indices: z.array(z.number().int().min(0)).min(1), scale: finite.default(1) }).strict(),
  z.object({ value: constantValue }).strict(),
  z.object({ time: z.enum(['now_us', 'stamp']) }).strict(),
  z.object({ text: z.string() }).strict(),
]);

/** Conversions of a whole actuator channel before its fields are written. */
export const outputConversionSchema = z
  .object({
    channel: channelName,
    /**
     * 'enu_world': a body-frame (FLU) vector rotated by the robot's yaw into the world (MAVROS
     * setpoints); 'ned_world': the same, then ENU → NED (PX4 setpoints); 'ned': a z-up scalar
     * rate or FLU vector into its z-down / FRD counterpart (negates; PX4 yawspeed).
     */
    to: z.enum(['enu_world', 'ned_world', 'ned']),
    /** Attitude channel (quaternion x, y, z, w, body → world) giving the yaw, for the world conversions. */
    heading: channelName.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.to !== 'ned' && !c.heading) ctx.addIssue({ code: 'custom', path: ['heading'], message: `'to: ${c.to}' needs 'heading: <quaternion sensor channel>'` });
  });

export const outputSchema = z
  .object({
    topic: topicName,
    type: typeName,
    qos: qosName.default('reliable'),
    convert: z.array(outputConversionSchema).default([]),
    /** Values merged into the zero message once (fixed parts: joint names, array lengths, a trajectory point). */
    template: z.record(z.string(), z.unknown()).optional(),
    fields: z.record(fieldPath, outputFieldSchema),
  })
  .strict();

export const actuatorSchema = z
  .object({
    channel: channelName,
    size: z.number().int().min(1),
    unit: z.string().min(1),
    low: z.number().default(-Infinity),
    high: z.number().default(Infinity),
    /**
     * The value published while unsafe (zero velocity, hover, hold). Checked at load as the
     * outputs write it: float32 in the channel, then in each field's wire type (checkProfile.ts).
     */
    safe: z.array(finiteFloat32).min(1),
    doc: z.string().optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.safe.length !== a.size) ctx.addIssue({ code: 'custom', path: ['safe'], message: `expected ${a.size} values (the channel size), got ${a.safe.length}` });
  });

/** A service call the controller node makes when it starts or stops (e.g. take off, land). */
export const serviceCallSchema = z
  .object({
    service: rosName('a ROS service name such as takeoff or /cf1/land'),
    type: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*\/srv\/[A-Z][A-Za-z0-9]*$/, "expected a ROS 2 service type such as 'crazyflie_interfaces/srv/Takeoff'"),
    request: z.record(z.string(), z.unknown()).default({}),
    /** Wall seconds to wait for the server and the answer. */
    timeout_s: z.number().positive().default(5),
    /** Wall seconds to wait after the answer (the manoeuvre it starts takes time). */
    then_wait_s: z.number().min(0).default(0),
  })
  .strict();

export const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
    /** Default control rate (the `rate_hz` parameter overrides it). */
    rate_hz: z.number().positive().max(10000).default(50),
    inputs: z.array(inputSchema).default([]),
    constants: z.array(constantSchema).default([]),
    actuators: z.array(actuatorSchema).min(1),
    outputs: z.array(outputSchema).min(1),
    heartbeats: z.array(outputSchema).default([]),
    /** Called before control starts (`start`: take off) and after the safe command on stop (`stop`: land). */
    services: z.object({ start: z.array(serviceCallSchema).default([]), stop: z.array(serviceCallSchema).default([]) }).strict().default({ start: [], stop: [] }),
  })
  .strict();

export type RobotProfile = z.infer<typeof profileSchema>;
/** A profile as written (defaults not yet applied): what the built-in profiles are declared as. */
export type RobotProfileInput = z.input<typeof profileSchema>;
export type InputSpec = z.infer<typeof inputSchema>;
export type InputChannelSpec = z.infer<typeof inputChannelSchema>;
export type OutputSpec = z.infer<typeof outputSchema>;
export type OutputFieldSpec = z.infer<typeof outputFieldSchema>;
export type ActuatorSpec = z.infer<typeof actuatorSchema>;
export type ServiceCallSpec = z.infer<typeof serviceCallSchema>;
