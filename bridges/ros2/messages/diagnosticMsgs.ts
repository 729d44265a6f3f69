/** diagnostic_msgs (ROS 2 Jazzy): `/diagnostics`. */
import type { Header } from './stdMsgs.js';
import { emptyHeader } from './stdMsgs.js';

/** Values of `DiagnosticStatus.level` (a byte). */
export const DIAGNOSTIC_LEVEL = { OK: 0, WARN: 1, ERROR: 2, STALE: 3 } as const;
export type DiagnosticLevel = (typeof DIAGNOSTIC_LEVEL)[keyof typeof DIAGNOSTIC_LEVEL];

/** diagnostic_msgs/msg/KeyValue. */
export interface KeyValue {
  key: string;
  value: string;
}

/** diagnostic_msgs/msg/DiagnosticStatus. */
export interface DiagnosticStatus {
  /** uint8, DIAGNOSTIC_LEVEL */
  level: number;
  name: string;
  message: string;
  hardware_id: string;
  values: KeyValue[];
}

/** diagnostic_msgs/msg/DiagnosticArray. */
export interface DiagnosticArray {
  header: Header;
  status: DiagnosticStatus[];
}

export function emptyKeyValue(): KeyValue {
  return { key: '', value: '' };
}

export function okDiagnosticStatus(name = ''): DiagnosticStatus {
  return { level: DIAGNOSTIC_LEVEL.OK, name, message: '', hardware_id: '', values: [] };
}

export function emptyDiagnosticArray(): DiagnosticArray {
  return { header: emptyHeader(), status: [] };
}
