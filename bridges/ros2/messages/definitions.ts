/**
 * Message definitions as `ros2msg` text with their dependencies concatenated — what an MCAP
 * schema of encoding 'ros2msg' holds and what `ros2 bag record` writes
 * (rosbag2_cpp/src/rosbag2_cpp/message_definitions/local_message_definition_source.cpp, Jazzy):
 *
 *   <the type's own .msg text>
 *   \n================================================================================\n
 *   MSG: <dependency as written in the text, e.g. std_msgs/Header>\n
 *   <its .msg text, followed in turn by its own dependencies>
 *   …
 *
 * Dependencies are found per text with rosbag2's field-type pattern, visited in sorted order,
 * depth first, each written once; an unqualified type ('Pose' inside geometry_msgs) is qualified
 * with the package of the text that names it.
 *
 * Sources: the standard ROS 2 Jazzy packages (std_msgs, geometry_msgs, sensor_msgs, …) come from
 * the .msg files shipped in `@foxglove/rosmsg-msgs-common` (msgdefs/ros2jazzy/, where each file
 * holds the type's own text first); px4_msgs, crazyflie_interfaces and event_camera_msgs are ours, copied verbatim
 * from upstream (px4MsgDefinitions.ts, crazyflieDefinitions.ts, eventCameraMsgs.ts name the commits).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CRAZYFLIE_HOVER_MSG,
  CRAZYFLIE_LAND_REQUEST_MSG,
  CRAZYFLIE_LAND_RESPONSE_MSG,
  CRAZYFLIE_TAKEOFF_REQUEST_MSG,
  CRAZYFLIE_TAKEOFF_RESPONSE_MSG,
} from './crazyflieDefinitions.js';
import { EVENT_PACKET_MSG } from './eventCameraMsgs.js';
import { PX4_OFFBOARDCONTROLMODE_MSG, PX4_TRAJECTORYSETPOINT_MSG, PX4_VEHICLECOMMAND_MSG, PX4_VEHICLEODOMETRY_MSG } from './px4MsgDefinitions.js';

/** The line between definitions: 80 '='. */
export const DEFINITION_SEPARATOR = '='.repeat(80);

/** Definitions we carry ourselves (not in @foxglove/rosmsg-msgs-common), by full type name. */
const OWN_TEXT: Readonly<Record<string, string>> = {
  'px4_msgs/msg/TrajectorySetpoint': PX4_TRAJECTORYSETPOINT_MSG,
  'px4_msgs/msg/OffboardControlMode': PX4_OFFBOARDCONTROLMODE_MSG,
  'px4_msgs/msg/VehicleOdometry': PX4_VEHICLEODOMETRY_MSG,
  'px4_msgs/msg/VehicleCommand': PX4_VEHICLECOMMAND_MSG,
  'crazyflie_interfaces/msg/Hover': CRAZYFLIE_HOVER_MSG,
  'crazyflie_interfaces/srv/Takeoff_Request': CRAZYFLIE_TAKEOFF_REQUEST_MSG,
  'crazyflie_interfaces/srv/Takeoff_Response': CRAZYFLIE_TAKEOFF_RESPONSE_MSG,
  'crazyflie_interfaces/srv/Land_Request': CRAZYFLIE_LAND_REQUEST_MSG,
  'crazyflie_interfaces/srv/Land_Response': CRAZYFLIE_LAND_RESPONSE_MSG,
  'event_camera_msgs/msg/EventPacket': EVENT_PACKET_MSG,
};

/** rosbag2's MSG_FIELD_TYPE_REGEX: the type at the start of each line. */
const FIELD_TYPE = /(?:^|\n)\s*([a-zA-Z0-9_/]+)(?:\[[^\]]*\])?\s+/g;
const PRIMITIVES = new Set(['bool', 'byte', 'char', 'float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'string']);
/** 'pkg/Name', 'pkg/msg/Name' or 'pkg/srv/Name_Request' (rosbag2's PACKAGE_TYPENAME_REGEX). */
const TYPE_NAME = /^([a-zA-Z0-9_]+)\/(?:(msg|srv)\/)?([a-zA-Z0-9_]+)$/;

const ownTexts = new Map<string, string>();
const fullTexts = new Map<string, string>();
let commonRoot: string | null = null;

/** The directory of the Jazzy .msg files in @foxglove/rosmsg-msgs-common. */
function commonDefinitionsDir(): string {
  if (commonRoot === null) {
    const pkg = createRequire(import.meta.url).resolve('@foxglove/rosmsg-msgs-common/package.json');
    commonRoot = join(dirname(pkg), 'msgdefs', 'ros2jazzy');
  }
  return commonRoot;
}

/** 'pkg/Name' or 'pkg/msg/Name' → 'pkg/msg/Name' (services keep 'srv'). */
export function fullTypeName(type: string): string {
  const m = TYPE_NAME.exec(type);
  if (!m) throw new RangeError(`message type '${type}' is not a ROS 2 type name; expected 'package/msg/Name' (e.g. 'geometry_msgs/msg/Twist')`);
  return `${m[1]}/${m[2] ?? 'msg'}/${m[3]}`;
}

/**
 * The message types ('pkg/msg/Name') we have a definition for in package `pkg` (standard Jazzy
 * or ours), or in every package with a definition when `pkg` is not one: for suggestions.
 */
export function knownMessageTypes(pkg: string): string[] {
  const own = Object.keys(OWN_TEXT).filter((t) => t.split('/')[1] === 'msg');
  const dir = commonDefinitionsDir();
  const msgsOf = (p: string): string[] => {
    const d = join(dir, p, 'msg');
    return existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.msg')).map((f) => `${p}/msg/${f.slice(0, -4)}`) : [];
  };
  const inPkg = [...msgsOf(pkg), ...own.filter((t) => t.startsWith(`${pkg}/`))];
  if (inPkg.length > 0) return inPkg;
  const pkgs = existsSync(dir) ? readdirSync(dir) : [];
  return [...pkgs.flatMap(msgsOf), ...own];
}

/** The type's own .msg text (without its dependencies), ending in one newline. */
export function ownDefinitionText(type: string): string {
  const full = fullTypeName(type);
  const cached = ownTexts.get(full);
  if (cached !== undefined) return cached;
  let text = OWN_TEXT[full];
  if (text === undefined) {
    const [pkg, kind, name] = full.split('/') as [string, string, string];
    const file = join(commonDefinitionsDir(), pkg, kind, `${name}.msg`);
    if (kind !== 'msg' || !existsSync(file)) {
      throw new RangeError(
        `no definition of message type '${full}': neither a standard ROS 2 Jazzy message in @foxglove/rosmsg-msgs-common nor one of ours (${Object.keys(OWN_TEXT).join(', ')})`,
      );
    }
    // Each shipped file is the type's text followed by its dependencies; keep the first part.
    const all = readFileSync(file, 'utf8');
    const cut = all.indexOf(`\n${DEFINITION_SEPARATOR}\n`);
    text = `${(cut < 0 ? all : all.slice(0, cut)).trimEnd()}\n`;
  }
  ownTexts.set(full, text);
  return text;
}

/** The complex types a text names, qualified, sorted and unique (rosbag2's parse_msg_dependencies). */
export function definitionDependencies(text: string, packageName: string): string[] {
  const deps = new Set<string>();
  for (const m of text.matchAll(FIELD_TYPE)) {
    const t = m[1]!;
    if (PRIMITIVES.has(t)) continue;
    deps.add(t.includes('/') ? t : `${packageName}/${t}`);
  }
  // std::set<std::string> order: byte-wise, which for ASCII names is UTF-16 code-unit order.
  return [...deps].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The full `ros2msg` definition of `type` ('pkg/msg/Name'): its text and every dependency's,
 * laid out as rosbag2 writes MCAP schemas (module doc). Cached; a RangeError names a type that
 * has no definition.
 */
export function messageDefinition(type: string): string {
  const full = fullTypeName(type);
  const cached = fullTexts.get(full);
  if (cached !== undefined) return cached;
  const seen = new Set<string>();
  const append = (name: string, depth: number): string => {
    if (depth > 64) throw new RangeError(`messageDefinition: dependencies of '${full}' nest deeper than 64 levels (a cycle?)`);
    const text = ownDefinitionText(name);
    let out = text;
    for (const dep of definitionDependencies(text, fullTypeName(name).split('/')[0]!)) {
      const key = fullTypeName(dep);
      if (seen.has(key)) continue;
      seen.add(key);
      out += `\n${DEFINITION_SEPARATOR}\nMSG: ${dep}\n${append(dep, depth + 1)}`;
    }
    return out;
  };
  const text = append(full, 0);
  fullTexts.set(full, text);
  return text;
}
