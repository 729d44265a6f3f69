/**
 * `/diagnostics` (diagnostic_msgs/DiagnosticArray), the standard place robots report health:
 * one status per node with level OK/WARN/ERROR, a message, and key/value pairs (loop jitter,
 * spike counts, firing rates, reward, active faults).
 */
import type { RosNode, RosPublisher } from '../transport/transport.js';

export const DIAGNOSTICS_TOPIC = '/diagnostics';
export const LEVEL = { OK: 0, WARN: 1, ERROR: 2 } as const;

export interface DiagnosticsPublisher {
  publish(level: number, message: string, values: Readonly<Record<string, string | number>>): void;
}

export function diagnosticsPublisher(node: RosNode, name: string): DiagnosticsPublisher {
  const pub: RosPublisher<unknown> = node.publisher(DIAGNOSTICS_TOPIC, 'diagnostic_msgs/msg/DiagnosticArray', 'reliable');
  const hardware_id = `${node.namespace === '/' ? '' : node.namespace}/${node.name}`;
  return {
    publish(level, message, values) {
      const now = node.now_ns();
      pub.publish({
        header: { stamp: { sec: Number(now / 1_000_000_000n), nanosec: Number(now % 1_000_000_000n) }, frame_id: '' },
        status: [
          {
            level,
            name,
            message,
            hardware_id,
            values: Object.entries(values).map(([key, v]) => ({ key, value: typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(6)) : v })),
          },
        ],
      });
    },
  };
}
