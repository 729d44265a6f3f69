/**
 * Rotor model and mixer.
 *
 * Each rotor: thrust Fᵢ = kf·ωᵢ² along body +z at (xᵢ, yᵢ, 0); drag torque −spinᵢ·km·ωᵢ² about
 * body z. Summed about the centre of mass this is the body wrench
 *
 *   [T, τx, τy, τz]ᵀ = A · [ω₀², ω₁², ω₂², ω₃²]ᵀ,
 *   A = [ kf … ; kf·yᵢ … ; −kf·xᵢ … ; −spinᵢ·km … ]        (τ = r × F with F = (0, 0, Fᵢ))
 *
 * which is what applying each thrust at its rotor position amounts to for a rigid body. The mixer
 * inverts A (4 rotors), clamps ω² to [0, ω_max²] and takes the root.
 *
 * Motor lag: dω/dt = (ω_cmd − ω)/τ, integrated exactly over a step h:
 * ω ← ω_cmd + (ω − ω_cmd)·e^(−h/τ), with ω_cmd clamped to [0, ω_max].
 */
import type { AirframeParams } from './airframe.js';
import { rotorX, rotorY } from './airframe.js';

/** Row-major 4×4 allocation matrix A (wrench = A · ω², ω in RPM). */
export function allocationMatrix(p: AirframeParams): Float64Array {
  const n = p.rotors.length;
  const a = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    a[i] = p.kf_NPerRpm2;
    a[n + i] = p.kf_NPerRpm2 * rotorY(p, i);
    a[2 * n + i] = -p.kf_NPerRpm2 * rotorX(p, i);
    a[3 * n + i] = -p.rotors[i]!.spin * p.km_NmPerRpm2;
  }
  return a;
}

/** Inverse of a row-major 4×4 matrix by Gauss–Jordan with partial pivoting. */
export function invert4(m: Float64Array): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(16);
  for (let i = 0; i < 4; i++) inv[i * 5] = 1;
  for (let c = 0; c < 4; c++) {
    let piv = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(a[r * 4 + c]!) > Math.abs(a[piv * 4 + c]!)) piv = r;
    const pv = a[piv * 4 + c]!;
    if (Math.abs(pv) < 1e-300) throw new RangeError('rotor allocation matrix is singular: rotors cannot produce independent thrust, roll, pitch and yaw');
    if (piv !== c) {
      for (let k = 0; k < 4; k++) {
        let t = a[c * 4 + k]!; a[c * 4 + k] = a[piv * 4 + k]!; a[piv * 4 + k] = t;
        t = inv[c * 4 + k]!; inv[c * 4 + k] = inv[piv * 4 + k]!; inv[piv * 4 + k] = t;
      }
    }
    for (let k = 0; k < 4; k++) {
      a[c * 4 + k]! /= pv;
      inv[c * 4 + k]! /= pv;
    }
    for (let r = 0; r < 4; r++) {
      if (r === c) continue;
      const f = a[r * 4 + c]!;
      if (f === 0) continue;
      for (let k = 0; k < 4; k++) {
        a[r * 4 + k]! -= f * a[c * 4 + k]!;
        inv[r * 4 + k]! -= f * inv[c * 4 + k]!;
      }
    }
  }
  return inv;
}

/** out[0..3] = [T (N), τx, τy, τz (N·m)] in the body frame for rotor speeds `rpm`. */
export function rotorWrench(alloc: Float64Array, rpm: Float64Array, out: Float64Array): void {
  const w0 = rpm[0]! * rpm[0]!, w1 = rpm[1]! * rpm[1]!, w2 = rpm[2]! * rpm[2]!, w3 = rpm[3]! * rpm[3]!;
  for (let r = 0; r < 4; r++) {
    out[r] = alloc[r * 4]! * w0 + alloc[r * 4 + 1]! * w1 + alloc[r * 4 + 2]! * w2 + alloc[r * 4 + 3]! * w3;
  }
}

/**
 * Mixer: rotor speeds (RPM) that produce thrust `thrust_N` and body torques as closely as the
 * limits allow (each ω² clamped to [0, ω_max²]).
 */
export function mixWrench(
  allocInv: Float64Array,
  thrust_N: number,
  tx_Nm: number,
  ty_Nm: number,
  tz_Nm: number,
  maxRpm: number,
  outRpm: Float64Array,
): void {
  const max2 = maxRpm * maxRpm;
  for (let i = 0; i < 4; i++) {
    let w2 = allocInv[i * 4]! * thrust_N + allocInv[i * 4 + 1]! * tx_Nm + allocInv[i * 4 + 2]! * ty_Nm + allocInv[i * 4 + 3]! * tz_Nm;
    if (!(w2 > 0)) w2 = 0; // also maps NaN to 0
    else if (w2 > max2) w2 = max2;
    outRpm[i] = Math.sqrt(w2);
  }
}

/** One motor-lag step of length `h_s` toward `cmdRpm` (clamped to [0, maxRpm]); updates `rpm` in place. */
export function motorLagStep(tau_s: number, maxRpm: number, cmdRpm: Float64Array, rpm: Float64Array, h_s: number): void {
  const decay = Math.exp(-h_s / tau_s);
  for (let i = 0; i < rpm.length; i++) {
    let c = cmdRpm[i]!;
    if (!(c > 0)) c = 0;
    else if (c > maxRpm) c = maxRpm;
    rpm[i] = c + (rpm[i]! - c) * decay;
  }
}
