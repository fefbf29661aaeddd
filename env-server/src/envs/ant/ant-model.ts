// The ant robot re-authored from docs/environments.md#ant-model: options, default class, body tree, and actuators.
import { body, el, geom, joint, motor, option, type MjcfElement } from '../../physics/mjcf.js';

/** Physics timestep (s); one control step is FRAME_SKIP of them (0.1 s, 10 Hz). */
export const ANT_TIMESTEP = 0.02;
export const ANT_FRAME_SKIP = 5;
export const ANT_GEAR = 30;
/** Capsule radius of every leg segment. */
const LEG_RADIUS = 0.08;

/** Action index k drives this joint (the order differs from the qpos order). */
export const ANT_ACTUATOR_JOINTS = ['hip_4', 'ankle_4', 'hip_1', 'ankle_1', 'hip_2', 'ankle_2', 'hip_3', 'ankle_3'] as const;

type Sign = 1 | -1;

/** One leg: direction of its segments in the torso's x-y plane, and its ankle axis and range (degrees). */
interface LegSpec {
  index: 1 | 2 | 3 | 4;
  thighName: string;
  dir: readonly [Sign, Sign];
  ankleAxis: readonly [Sign, Sign];
  ankleRange: readonly [number, number];
}

/** Legs in body (and qpos) order. */
const LEGS: readonly LegSpec[] = [
  { index: 1, thighName: 'front_left_leg', dir: [1, 1], ankleAxis: [-1, 1], ankleRange: [30, 70] },
  { index: 2, thighName: 'front_right_leg', dir: [-1, 1], ankleAxis: [1, 1], ankleRange: [-70, -30] },
  { index: 3, thighName: 'back_leg', dir: [-1, -1], ankleAxis: [-1, 1], ankleRange: [-70, -30] },
  { index: 4, thighName: 'right_back_leg', dir: [1, -1], ankleAxis: [1, 1], ankleRange: [30, 70] },
];

/**
 * MjData arena (contacts, constraints, stack) per env. MuJoCo's default reserves about 14 MB, which caps a
 * 2 GiB WebAssembly heap at ~130 envs; the ant uses under 50 kB of it even when thrown against walls
 * (measured with maxuse_arena/maxuse_stack), so 2 MB leaves ample room without changing the physics.
 */
export const ANT_ARENA = '2M';

/** Compiler, physics options and the default class shared by the robot, the floor and the walls. */
export function antHeader(): MjcfElement[] {
  return [
    el('compiler', { angle: 'degree', inertiafromgeom: 'true' }),
    option({ timestep: ANT_TIMESTEP, integrator: 'RK4' }),
    el('size', { memory: ANT_ARENA }),
    el(
      'default',
      {},
      el('joint', { limited: true, armature: 1, damping: 1 }),
      el('geom', {
        condim: 3,
        contype: 1,
        conaffinity: 0,
        margin: 0.01,
        friction: [1, 0.5, 0.5],
        solref: [0.02, 1],
        solimp: [0.8, 0.8, 0.01],
        density: 5,
        rgba: [0.8, 0.6, 0.4, 1],
      }),
      el('motor', { ctrllimited: true, ctrlrange: [-1, 1] }),
    ),
  ];
}

function capsule(name: string, dx: number, dy: number): MjcfElement {
  return geom({ name, type: 'capsule', fromto: [0, 0, 0, dx, dy, 0], size: [LEG_RADIUS] });
}

function leg({ index, thighName, dir: [sx, sy], ankleAxis, ankleRange }: LegSpec): MjcfElement {
  const step = 0.2;
  return body(
    { name: thighName, pos: [0, 0, 0] },
    capsule(`${thighName}_geom`, step * sx, step * sy),
    body(
      { name: `aux_${index}`, pos: [step * sx, step * sy, 0] },
      joint({ name: `hip_${index}`, type: 'hinge', pos: [0, 0, 0], axis: [0, 0, 1], range: [-30, 30] }),
      capsule(`aux_${index}_geom`, step * sx, step * sy),
      body(
        { name: `foot_${index}`, pos: [step * sx, step * sy, 0] },
        joint({ name: `ankle_${index}`, type: 'hinge', pos: [0, 0, 0], axis: [ankleAxis[0], ankleAxis[1], 0], range: ankleRange }),
        capsule(`foot_${index}_geom`, 2 * step * sx, 2 * step * sy),
      ),
    ),
  );
}

/** The ant's body tree: a free torso sphere with four two-segment legs. */
export function antBody(): MjcfElement {
  return body(
    { name: 'torso', pos: [0, 0, 0.75] },
    joint({ name: 'root', type: 'free', limited: false, armature: 0, damping: 0 }),
    geom({ name: 'torso_geom', type: 'sphere', pos: [0, 0, 0], size: [0.25] }),
    ...LEGS.map(leg),
  );
}

/** The eight torque motors in action order. */
export function antActuators(): MjcfElement {
  return el('actuator', {}, ...ANT_ACTUATOR_JOINTS.map((name) => motor({ name, joint: name, gear: ANT_GEAR })));
}
