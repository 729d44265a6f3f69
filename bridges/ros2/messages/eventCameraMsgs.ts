/**
 * event_camera_msgs/msg/EventPacket — the message of the ROS 2 event-camera drivers
 * (metavision_driver, libcaer_driver): a packet of events in a compact binary `encoding`
 * (`events`), decoded by event_camera_codecs. Our decoder and encoder of the one encoding we
 * speak, `mono`, are in monoEventEncoding.ts.
 *
 * The definition text below is upstream's, verbatim (comments included: it is what a rosbag2 MCAP
 * schema holds): https://github.com/ros-event-camera/event_camera_msgs, commit
 * 65111f9bbf70e01e307d89b9f2302acd50bbcc69, file msg_ros2/EventPacket.msg.
 */
import type { Header } from './stdMsgs.js';
import { emptyHeader } from './stdMsgs.js';

export const EVENT_PACKET_MSG = [
  '# This message contains a packet of camera events',
  '',
  'std_msgs/Header header     # standard ROS header',
  'uint32 height     # image height',
  'uint32 width      # image width',
  '',
  'uint64 seq        # sequence number to detect lost messages',
  'uint64 time_base  # event ros time = time_base + decoded event_time',
  'string encoding   # the encoding scheme to use',
  'bool is_bigendian # true if machine stores in big endian format',
  '',
  'uint8[] events',
].join('\n') + '\n';

/** event_camera_msgs/msg/EventPacket (uint64 fields as bigint, as the CDR serializer reads them). */
export interface EventPacket {
  header: Header;
  height: number;
  width: number;
  /** Sequence number, to detect lost messages. */
  seq: bigint;
  /** Sensor time (ns) the encoding's per-event times are relative to (mono, libcaer); unused by evt3. */
  time_base: bigint;
  /** 'mono', 'evt3', 'libcaer_cmp', 'libcaer', 'trigger' (event_camera_codecs' decoder_factory.h). */
  encoding: string;
  is_bigendian: boolean;
  events: Uint8Array;
}

export function emptyEventPacket(frameId = ''): EventPacket {
  return { header: emptyHeader(frameId), height: 0, width: 0, seq: 0n, time_base: 0n, encoding: '', is_bigendian: false, events: new Uint8Array(0) };
}
