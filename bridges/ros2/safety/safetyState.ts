/**
 * What the safety layer knows: the current faults by source (`stale /scan`, `bad /odom`,
 * `controller`, `action`), and whether the robot is being sent its safe command. Plain state
 * and functions; `raise`/`clear` report each transition once (not every tick) through `log`, so
 * stderr and the diagnostics topic say why the robot stopped and when control resumed.
 */

/** Fault source of a controller exception. */
export const CONTROLLER_FAULT = 'controller';
/** Fault source of a non-finite action. */
export const ACTION_FAULT = 'action';

/** Fault source of the wall-clock watchdog: no tick for a while (cleared as soon as a tick starts). */
export const NO_TICKS_FAULT = 'no ticks';

/** Whether a fault comes from the controller's side (retried every tick) rather than the robot's inputs. */
export function isControllerFault(source: string): boolean {
  return source === CONTROLLER_FAULT || source === ACTION_FAULT;
}

export interface SafetyState {
  /** Active faults: source → reason. */
  readonly faults: Map<string, string>;
  /** Faults raised since start (by source), for summaries and tests. */
  readonly counts: Map<string, number>;
  /** Times the robot went from controlled to safe. */
  trips: number;
  /** Called on every transition with a one-line message. */
  readonly log: (line: string) => void;
}

export function createSafetyState(log: (line: string) => void): SafetyState {
  return { faults: new Map(), counts: new Map(), trips: 0, log };
}

/** True while any fault is active: the safe command goes out instead of the controller's. */
export function isUnsafe(s: SafetyState): boolean {
  return s.faults.size > 0;
}

/** Raises (or updates) the fault of `source`. */
export function raiseFault(s: SafetyState, source: string, reason: string): void {
  // (the reason text is built by the caller only when a fault exists: the healthy path builds no strings)
  const before = s.faults.get(source);
  if (before === reason) return;
  if (before === undefined) {
    s.counts.set(source, (s.counts.get(source) ?? 0) + 1);
    if (s.faults.size === 0) s.trips++;
    s.faults.set(source, reason);
    s.log(`SAFE: ${reason} — publishing the safe command`);
  } else s.faults.set(source, reason);
}

/** Clears the fault of `source`, if any. */
export function clearFault(s: SafetyState, source: string): void {
  if (s.faults.size === 0 || !s.faults.delete(source)) return;
  s.log(s.faults.size === 0 ? `resumed control (${source} recovered)` : `${source} recovered; still safe: ${[...s.faults.values()].join('; ')}`);
}

/** The active faults in one line ('' when none). */
export function faultSummary(s: SafetyState): string {
  return [...s.faults.values()].join('; ');
}
