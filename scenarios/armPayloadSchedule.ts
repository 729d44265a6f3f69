/**
 * Seeded layouts of the payload task: a posture to hold and a schedule of tool loads, drawn
 * from `new Rng(seed, 'payload-layout')`.
 *
 * The episode is split into load segments of uniform random length. In phase A (before
 * `patternChange_s`) each segment carries a payload of mass m ~ U(massA) hanging from the tool:
 * a force (0, 0, −m g). At `patternChange_s` the pattern changes (a segment always starts there):
 * in phase B each segment carries a heavier payload m ~ U(massB) and a horizontal pull of
 * magnitude ~ U(pushB) along ±x (sign drawn per segment), e.g. a cable or a tool in contact. The
 * payload's inertia is not modelled, only the force it puts on the tool. No segment starts in
 * the last `quietEnd_s`, so the episode ends on a steady load.
 */
import { Rng } from '../loop/rng.js';

export interface ArmPayloadLayoutParams {
  readonly posture_rad: readonly (readonly [number, number])[];
  readonly duration_s: number;
  readonly patternChange_s: number;
  readonly segment_s: readonly [number, number];
  /** No load change starts in the last `quietEnd_s` of the episode (its final window is steady). */
  readonly quietEnd_s: number;
  readonly massA_kg: readonly [number, number];
  readonly massB_kg: readonly [number, number];
  readonly pushB_N: readonly [number, number];
  readonly gravity_mps2: number;
}

export const ARM_PAYLOAD_LAYOUT: ArmPayloadLayoutParams = {
  posture_rad: [
    [-0.5, 0.3],
    [0.4, 1.4],
  ],
  duration_s: 150,
  patternChange_s: 75,
  segment_s: [12, 22],
  quietEnd_s: 10,
  massA_kg: [0.2, 0.7],
  massB_kg: [0.5, 0.9],
  pushB_N: [1.5, 3.5],
  gravity_mps2: 9.81,
};

export interface ArmPayloadLayout {
  /** Joint angles to hold (rad); the arm starts there, at rest. */
  readonly posture: Float64Array;
  /** Start time of each load segment (s), ascending, starting at 0. */
  readonly segmentStart_s: Float64Array;
  /** Tool force of each segment, world frame (N): x, y, z per segment. */
  readonly force_N: Float64Array;
  /** Time the load pattern changes (a segment starts there). */
  readonly patternChange_s: number;
  readonly duration_s: number;
}

/** Draws the layout of episode `seed` (`joints` posture angles). */
export function drawPayloadLayout(joints: number, seed: number, lp: ArmPayloadLayoutParams = ARM_PAYLOAD_LAYOUT): ArmPayloadLayout {
  if (lp.posture_rad.length !== joints) throw new RangeError(`drawPayloadLayout: posture ranges for ${lp.posture_rad.length} joints, the arm has ${joints}`);
  if (!(lp.patternChange_s > 0 && lp.patternChange_s < lp.duration_s)) {
    throw new RangeError(`drawPayloadLayout: patternChange_s must lie inside (0, duration_s = ${lp.duration_s}), got ${lp.patternChange_s}`);
  }
  if (!(lp.segment_s[0] > 0 && lp.segment_s[0] <= lp.segment_s[1])) throw new RangeError(`drawPayloadLayout: segment_s must satisfy 0 < low ≤ high, got [${lp.segment_s.join(', ')}]`);
  const rng = new Rng(seed, 'payload-layout');
  const posture = Float64Array.from(lp.posture_rad, ([lo, hi]) => rng.range(lo, hi));
  const starts: number[] = [];
  const forces: number[] = [];
  const g = lp.gravity_mps2;
  for (const [t0, t1, phase] of [
    [0, lp.patternChange_s, 'A'],
    [lp.patternChange_s, lp.duration_s, 'B'],
  ] as const) {
    let t = t0;
    // A segment starts at t0 in each phase, further ones only before the quiet end.
    while (t < t1 && (t === t0 || t < lp.duration_s - lp.quietEnd_s)) {
      starts.push(t);
      if (phase === 'A') {
        forces.push(0, 0, -g * rng.range(lp.massA_kg[0], lp.massA_kg[1]));
      } else {
        const m = rng.range(lp.massB_kg[0], lp.massB_kg[1]);
        const push = rng.range(lp.pushB_N[0], lp.pushB_N[1]) * (rng.uniform() < 0.5 ? -1 : 1);
        forces.push(push, 0, -g * m);
      }
      t += rng.range(lp.segment_s[0], lp.segment_s[1]);
    }
  }
  return {
    posture,
    segmentStart_s: Float64Array.from(starts),
    force_N: Float64Array.from(forces),
    patternChange_s: lp.patternChange_s,
    duration_s: lp.duration_s,
  };
}

/** Index of the load segment that holds at time `t_s`. */
export function segmentAt(l: ArmPayloadLayout, t_s: number): number {
  const s = l.segmentStart_s;
  let k = 0;
  // Few segments: a linear scan from the end is cheap and allocation-free.
  for (let i = s.length - 1; i >= 0; i--) {
    if (t_s >= s[i]!) {
      k = i;
      break;
    }
  }
  return k;
}

/** Writes the tool force at time `t_s` into `out` (N, world frame). */
export function payloadForceAt(l: ArmPayloadLayout, t_s: number, out: Float64Array): void {
  const k = segmentAt(l, t_s);
  out[0] = l.force_N[3 * k]!;
  out[1] = l.force_N[3 * k + 1]!;
  out[2] = l.force_N[3 * k + 2]!;
}
