/**
 * A simulated event camera's events as event_camera_msgs/msg/EventPacket (`mono` encoding,
 * ../ros2/messages/monoEventEncoding.ts), one packet per control step: the events since the
 * previous observation, drained from the camera's list (sim/bodyTelemetry.ts
 * EventCameraTelemetry). In simulation sensor time is ROS time, so:
 *  - `time_base` and `header.stamp` are the previous observation's time (the packet's interval
 *    start; upstream: "sensor time = time_base + dt", "ROS time ≈ header.stamp + dt");
 *  - each event's dt (ns) is its time within the interval, clamped into [0, interval] so that
 *    rounding never puts an event before its packet's start or after the next one's (times
 *    never go backwards across packets);
 *  - `seq` counts packets from 0 over the whole run (episodes included).
 * The list is drained in one call: the camera's list holds more events than a step can produce
 * (scenarios/droneEventCamera.ts); should it ever have overwritten some, they are missing from
 * the packet (the camera counts them in eventsDropped).
 */
import type { EventCameraTelemetry } from '../../sim/bodyTelemetry.js';
import type { EventList } from '../../sim/sensors/eventList.js';
import { createEventList } from '../../sim/sensors/eventList.js';
import { setTime } from '../ros2/messages/builtinInterfaces.js';
import type { EventPacket } from '../ros2/messages/eventCameraMsgs.js';
import { emptyEventPacket } from '../ros2/messages/eventCameraMsgs.js';
import { MONO_BYTES_PER_EVENT, MONO_ENCODING, writeMonoEvent } from '../ros2/messages/monoEventEncoding.js';

/** Events drained per call (the scenarios' camera list holds 65 536). */
const LIST_CAPACITY = 1 << 17;

export class EventPacketWriter {
  readonly message: EventPacket;
  private readonly list: EventList = createEventList(LIST_CAPACITY);
  private bytes = new Uint8Array(8 * 4096);
  private view = new DataView(this.bytes.buffer);
  private seq = 0n;
  /** Stamp (ns) of the episode's reset: the camera's time 0. */
  private origin_ns = 0;
  /** Stamp (ns) of the previous observation: this packet's time base. */
  private last_ns = 0;

  constructor(
    readonly camera: EventCameraTelemetry,
    frameId: string,
  ) {
    this.message = emptyEventPacket(frameId);
    this.message.width = camera.width_px;
    this.message.height = camera.height_px;
    this.message.encoding = MONO_ENCODING;
    this.message.is_bigendian = false;
  }

  /** After the body's reset: the camera's clock restarts at `t_ns`; events left from before are dropped. */
  episodeStart(t_ns: number): void {
    this.origin_ns = t_ns;
    this.last_ns = t_ns;
    while (this.camera.drainEvents(this.list) === this.list.capacity);
  }

  /** The packet of the events since the previous observation, observed at `t_ns`. */
  fill(t_ns: number): EventPacket {
    const m = this.message;
    const base = this.last_ns;
    const span = Math.max(0, t_ns - base);
    let n = 0;
    for (;;) {
      const got = this.camera.drainEvents(this.list);
      if (got === 0) break;
      this.reserve(n + got);
      const L = this.list;
      for (let i = 0; i < got; i++) {
        let dt = this.origin_ns + Math.round(L.t_s[i]! * 1e9) - base;
        dt = dt < 0 ? 0 : dt > span ? span : dt;
        writeMonoEvent(this.view, n + i, dt, L.x[i]!, L.y[i]!, L.polarity[i]! > 0);
      }
      n += got;
      if (got < L.capacity) break;
    }
    m.events = this.bytes.subarray(0, n * MONO_BYTES_PER_EVENT);
    m.time_base = BigInt(base);
    setTime(m.header.stamp, base);
    m.seq = this.seq++;
    this.last_ns = t_ns;
    return m;
  }

  private reserve(events: number): void {
    const need = events * MONO_BYTES_PER_EVENT;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, 2 * this.bytes.length));
    grown.set(this.bytes);
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}
