/** visualization_msgs (ROS 2 Jazzy): markers for `/spikeloop/scene` (RViz, Foxglove). */
import type { Duration } from './builtinInterfaces.js';
import { zeroDuration } from './builtinInterfaces.js';
import type { Point, Pose, Vector3 } from './geometryMsgs.js';
import { identityPose, zeroVector3 } from './geometryMsgs.js';
import type { CompressedImage } from './sensorMsgs.js';
import { emptyCompressedImage } from './sensorMsgs.js';
import type { ColorRGBA, Header } from './stdMsgs.js';
import { emptyHeader, zeroColorRGBA } from './stdMsgs.js';

/** Values of `Marker.type`. A CYLINDER's axis is its local z; `scale` holds the full extents (diameters). */
export const MARKER_TYPE = {
  ARROW: 0,
  CUBE: 1,
  SPHERE: 2,
  CYLINDER: 3,
  LINE_STRIP: 4,
  LINE_LIST: 5,
  CUBE_LIST: 6,
  SPHERE_LIST: 7,
  POINTS: 8,
  TEXT_VIEW_FACING: 9,
  MESH_RESOURCE: 10,
  TRIANGLE_LIST: 11,
  ARROW_STRIP: 12,
} as const;

/** Values of `Marker.action`. */
export const MARKER_ACTION = { ADD: 0, MODIFY: 0, DELETE: 2, DELETEALL: 3 } as const;

/** visualization_msgs/msg/UVCoordinate. */
export interface UVCoordinate {
  u: number;
  v: number;
}

/** visualization_msgs/msg/MeshFile. */
export interface MeshFile {
  filename: string;
  data: Uint8Array;
}

/** visualization_msgs/msg/Marker. */
export interface Marker {
  header: Header;
  ns: string;
  /** int32, unique within `ns`. */
  id: number;
  /** int32, MARKER_TYPE */
  type: number;
  /** int32, MARKER_ACTION */
  action: number;
  pose: Pose;
  scale: Vector3;
  color: ColorRGBA;
  /** 0 = forever. */
  lifetime: Duration;
  frame_locked: boolean;
  points: Point[];
  colors: ColorRGBA[];
  texture_resource: string;
  texture: CompressedImage;
  uv_coordinates: UVCoordinate[];
  text: string;
  mesh_resource: string;
  mesh_file: MeshFile;
  mesh_use_embedded_materials: boolean;
}

/** visualization_msgs/msg/MarkerArray. */
export interface MarkerArray {
  markers: Marker[];
}

export function zeroUVCoordinate(): UVCoordinate {
  return { u: 0, v: 0 };
}

export function emptyMeshFile(): MeshFile {
  return { filename: '', data: new Uint8Array(0) };
}

/** An ADD marker of type ARROW (0) at the identity pose with zero scale and colour. */
export function emptyMarker(): Marker {
  return {
    header: emptyHeader(),
    ns: '',
    id: 0,
    type: MARKER_TYPE.ARROW,
    action: MARKER_ACTION.ADD,
    pose: identityPose(),
    scale: zeroVector3(),
    color: zeroColorRGBA(),
    lifetime: zeroDuration(),
    frame_locked: false,
    points: [],
    colors: [],
    texture_resource: '',
    texture: emptyCompressedImage(),
    uv_coordinates: [],
    text: '',
    mesh_resource: '',
    mesh_file: emptyMeshFile(),
    mesh_use_embedded_materials: false,
  };
}

export function emptyMarkerArray(): MarkerArray {
  return { markers: [] };
}
