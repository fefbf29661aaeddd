// Fixed numbers of the manipulation workspace: action scale and workspace box
// (docs/environments.md#manipulation-controller), arm and object boxes (docs/environments.md#arm-initialisation),
// observation centre (docs/environments.md#proprioception), pinch offset (docs/environments.md#robotiq-gripper) and
// substeps (docs/environments.md#manipulation-scene).

export type Vec3 = [number, number, number];

/** Action un-normalisation: (dx, dy, dz, dyaw, dgripper) × these. */
export const ACTION_SCALE = [0.05, 0.05, 0.05, 0.3, 1.0] as const;
/** Action-clipping box of the pinch target. */
export const WORKSPACE_LOW: Vec3 = [0.25, -0.35, 0.02];
export const WORKSPACE_HIGH: Vec3 = [0.6, 0.35, 0.35];
/** Arm initialisation boxes of the pinch point. */
export const ARM_INIT_LOW: Vec3 = [0.25, -0.35, 0.2];
export const ARM_INIT_HIGH: Vec3 = [0.6, 0.35, 0.35];
export const PUZZLE_ARM_INIT_LOW: Vec3 = [0.25, -0.2, 0.2];
export const PUZZLE_ARM_INIT_HIGH: Vec3 = [0.6, 0.2, 0.25];
/** Object and target sampling box (x, y). */
export const OBJECT_LOW_XY = [0.3, -0.3] as const;
export const OBJECT_HIGH_XY = [0.55, 0.3] as const;
/** Positions in observations are (p − this) × 10. */
export const OBSERVATION_CENTER: Vec3 = [0.425, 0, 0];
/** Distance from the attachment site to the pinch point along the tool axis (0.007 + 0.0038 + 0.145). */
export const PINCH_OFFSET = 0.1558;
/** Physics steps per control step (0.002 s × 25 = 0.05 s). */
export const SUBSTEPS = 25;
