/**
 * Where telemetry goes: the MCAP writer (mcapWriter.ts), the viewer's WebSocket broadcaster, a
 * set of ROS publishers. Producers declare each topic once and then write messages stamped in
 * nanoseconds; a sink decides what to do with them (serialize, forward, publish).
 *
 * Contract of `write`: the message belongs to the caller and is only valid during the call —
 * producers reuse preallocated message objects from step to step — so a sink that keeps a
 * message beyond the call must serialize or copy it.
 */
export interface MessageSink {
  /** Declares a topic (once, before its first write). `type` is a ROS 2 type name such as 'nav_msgs/msg/Odometry'. */
  channel(topic: string, type: string): void;
  /** One message at `time_ns` (sim or ROS time, nanoseconds since the episode/epoch origin). */
  write(topic: string, time_ns: bigint, message: unknown): void;
}

/** Forwards every declaration and message to each of `sinks`, in order (e.g. a file and the viewer). */
export function fanOutSink(sinks: readonly MessageSink[]): MessageSink {
  return {
    channel(topic: string, type: string): void {
      for (const s of sinks) s.channel(topic, type);
    },
    write(topic: string, time_ns: bigint, message: unknown): void {
      for (let i = 0; i < sinks.length; i++) sinks[i]!.write(topic, time_ns, message);
    },
  };
}
