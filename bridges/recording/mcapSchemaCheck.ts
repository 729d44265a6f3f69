/**
 * A recording's schema names are trusted by whoever interprets messages by type (the viewer
 * draws a 'nav_msgs/msg/Odometry' as a pose): a schema named like one of those types must hold
 * that type's definition. `schemaMismatch` compares the field layout (names, types, arrays,
 * nested types; constants and comments ignored) of the definition stored in the file with the
 * registry's ROS 2 Jazzy definition, for the types in `INTERPRETED_TYPES`. Fields that Jazzy
 * added to visualization_msgs/Marker (textures, embedded meshes) are not compared, so a Humble
 * recording's markers pass.
 */
import type { MessageDefinition } from '../ros2/messages/cdr.js';
import { codecFromDefinition } from '../ros2/messages/cdr.js';
import { messageDefinition } from '../ros2/messages/definitions.js';

/** The types spikeloop reads by name (the viewer's topics; issue 5's topic contract). */
export const INTERPRETED_TYPES: readonly string[] = [
  'nav_msgs/msg/Odometry',
  'geometry_msgs/msg/Twist',
  'tf2_msgs/msg/TFMessage',
  'sensor_msgs/msg/LaserScan',
  'sensor_msgs/msg/Imu',
  'sensor_msgs/msg/JointState',
  'rosgraph_msgs/msg/Clock',
  'visualization_msgs/msg/MarkerArray',
  'std_msgs/msg/Float64',
  'std_msgs/msg/String',
  'std_msgs/msg/Float64MultiArray',
  'std_msgs/msg/UInt32MultiArray',
];

/** Fields a definition of the type may lack (added after ROS 2 Humble). */
const OPTIONAL_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([['visualization_msgs/Marker', new Set(['texture_resource', 'texture', 'uv_coordinates', 'mesh_file'])]]);

/** 'pkg/msg/Name' | 'pkg/Name' → 'pkg/Name'; anything else unchanged. */
function shortName(type: string): string {
  const m = /^([A-Za-z0-9_]+)\/(?:msg\/)?([A-Za-z0-9_]+)$/.exec(type);
  return m ? `${m[1]}/${m[2]}` : type;
}

const interpreted = new Map(INTERPRETED_TYPES.map((t) => [shortName(t), t]));
const expectedCache = new Map<string, readonly MessageDefinition[]>();

function expectedDefinitions(type: string): readonly MessageDefinition[] {
  let d = expectedCache.get(type);
  if (d === undefined) {
    d = codecFromDefinition(type, messageDefinition(type)).definitions;
    expectedCache.set(type, d);
  }
  return d;
}

type Shape = ReadonlyMap<string, string>;

/** Field name → 'type[len]' (nested types spelled out), constants left out. */
function shapeOf(defs: readonly MessageDefinition[], def: MessageDefinition, typeName: string, depth: number): Shape {
  const optional = OPTIONAL_FIELDS.get(typeName);
  const out = new Map<string, string>();
  for (const f of def.definitions) {
    if (f.isConstant === true || optional?.has(f.name) === true) continue;
    let t = shortName(f.type) + (f.isArray === true ? `[${f.arrayLength ?? ''}]` : '');
    if (f.isComplex === true) {
      const nested = findDefinition(defs, f.type);
      t += nested === undefined || depth > 32 ? '{?}' : `{${[...shapeOf(defs, nested, shortName(f.type), depth + 1)].map(([k, v]) => `${k}:${v}`).join(',')}}`;
    }
    out.set(f.name, t);
  }
  return out;
}

function findDefinition(defs: readonly MessageDefinition[], type: string): MessageDefinition | undefined {
  const want = shortName(type);
  return defs.find((d) => d.name !== undefined && shortName(d.name) === want) ?? defs.find((d) => d.name !== undefined && d.name.split('/').pop() === want.split('/').pop());
}

function rootOf(defs: readonly MessageDefinition[]): MessageDefinition | undefined {
  return defs.find((d) => !(d.definitions.length > 0 && d.definitions.every((f) => f.isConstant === true)));
}

function text(s: Shape): string {
  return [...s].map(([k, v]) => `${k}:${v}`).join(',');
}

/**
 * Why the definition stored under schema `name` (parsed: `stored`) is not the definition of the
 * type that name says, or null if it is (or the name is not one spikeloop interprets).
 */
export function schemaMismatch(name: string, stored: readonly MessageDefinition[]): string | null {
  const type = interpreted.get(shortName(name));
  if (type === undefined) return null;
  const want = expectedDefinitions(type);
  const storedRoot = rootOf(stored);
  const wantRoot = rootOf(want)!;
  const got: Shape = storedRoot === undefined ? new Map() : shapeOf(stored, storedRoot, shortName(type), 0);
  const exp = shapeOf(want, wantRoot, shortName(type), 0);
  if (text(got) === text(exp)) return null;
  const fields = (s: Shape) => [...s.keys()].join(', ') || 'none';
  const differing = [...exp].filter(([k, v]) => got.get(k) !== v).map(([k]) => k);
  const extra = [...got.keys()].filter((k) => !exp.has(k));
  const detail = [differing.length > 0 ? `differs in ${differing.join(', ')}` : '', extra.length > 0 ? `has fields ${extra.join(', ')} that ${type} has not` : ''].filter((x) => x !== '').join('; ');
  return `schema '${name}' holds a definition with fields (${fields(got)}), not the definition of ${type} (${fields(exp)})${detail ? `: it ${detail}` : ''}`;
}
