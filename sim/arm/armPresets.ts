/**
 * Arm parameter sets. Dimensions and masses are of desktop-class educational arms (the 4-DOF
 * layout — base yaw plus three pitch joints — is that of ROBOTIS OpenManipulator-X, scaled to a
 * 0.6 m reach); torque limits leave a 2–3× margin over the worst static gravity load.
 * Zero configuration: links stretched out horizontally along +x (after a vertical base column
 * for the 4-DOF arm). Pitch joints turn about +y, so a positive angle lowers the link (REP-103
 * right-hand rule: rotation about +y takes +x towards −z).
 */
import type { ArmLinkParams, ArmParams } from './armParams.js';

const Y = [0, 1, 0] as const;
const Z = [0, 0, 1] as const;

function pitchLink(name: string, length_m: number, mass_kg: number, maxTorque_Nm: number, kp: number, kd: number): ArmLinkParams {
  return {
    name,
    axis: Y,
    direction: '+x',
    length_m,
    width_m: 0.04,
    mass_kg,
    limitLower_rad: -2.6,
    limitUpper_rad: 2.6,
    maxTorque_Nm,
    maxVelocity_radps: 4,
    kp_NmPerRad: kp,
    kd_NmsPerRad: kd,
    damping_NmsPerRad: 0.01,
  };
}

/** Planar 2-DOF arm in the vertical x–z plane, mounted 0.6 m above the ground on a pedestal. */
export const PLANAR_2DOF: ArmParams = {
  name: 'planar-2dof',
  mount_m: [0, 0, 0.6],
  pedestalWidth_m: 0.08,
  links: [pitchLink('shoulder', 0.3, 1.0, 12, 150, 6), pitchLink('elbow', 0.25, 0.6, 5, 60, 2)],
};

/** Planar 3-DOF arm in the vertical x–z plane, mounted 0.7 m above the ground on a pedestal. */
export const PLANAR_3DOF: ArmParams = {
  name: 'planar-3dof',
  mount_m: [0, 0, 0.7],
  pedestalWidth_m: 0.08,
  links: [
    pitchLink('shoulder', 0.3, 1.0, 15, 200, 8),
    pitchLink('elbow', 0.25, 0.7, 6, 80, 3),
    pitchLink('wrist', 0.15, 0.3, 2, 20, 0.6),
  ],
};

/** Spatial 4-DOF arm: base yaw (about +z) on a 0.4 m pedestal, then shoulder, elbow and wrist pitch. */
export const SPATIAL_4DOF: ArmParams = {
  name: 'spatial-4dof',
  mount_m: [0, 0, 0.4],
  pedestalWidth_m: 0.12,
  links: [
    {
      name: 'base-yaw',
      axis: Z,
      direction: '+z',
      length_m: 0.12,
      width_m: 0.1,
      mass_kg: 1.2,
      limitLower_rad: -2.8,
      limitUpper_rad: 2.8,
      maxTorque_Nm: 10,
      maxVelocity_radps: 3,
      kp_NmPerRad: 80,
      kd_NmsPerRad: 8,
      damping_NmsPerRad: 0.02,
    },
    pitchLink('shoulder', 0.3, 1.0, 15, 200, 8),
    pitchLink('elbow', 0.25, 0.6, 6, 80, 3),
    pitchLink('wrist', 0.1, 0.25, 2, 20, 0.6),
  ],
};

/** All presets by name. */
export const ARM_PRESETS = {
  'planar-2dof': PLANAR_2DOF,
  'planar-3dof': PLANAR_3DOF,
  'spatial-4dof': SPATIAL_4DOF,
} as const;
export type ArmPresetName = keyof typeof ARM_PRESETS;
