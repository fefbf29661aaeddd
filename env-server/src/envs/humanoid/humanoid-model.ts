// The humanoid of humanoidmaze (docs/environments.md#humanoid-model), a DeepMind-Control-style walker, written as
// data and rendered to MJCF. Lengths in metres, angles in degrees (MuJoCo's default compiler setting), masses follow
// from density 1000.
import { body, el, geom, joint, motor, option, type MjcfElement } from '../../physics/mjcf.js';

type Vec3 = readonly [number, number, number];

/** Joint classes of the model: `body` is the default for every hinge, the other two stiffen the core joints. */
type JointClass = 'body' | 'big_joint' | 'big_stiff_joint';

interface HingeSpec {
  name: string;
  axis: Vec3;
  range: readonly [number, number];
  pos?: Vec3;
  cls?: JointClass;
  /** Overrides the class stiffness (ankles, elbows). */
  stiffness?: number;
}

type GeomSpec =
  | { name: string; type: 'capsule'; from: Vec3; to: Vec3; radius: number }
  | { name: string; type: 'sphere'; radius: number; pos?: Vec3 };

interface BodySpec {
  name: string;
  pos: Vec3;
  quat?: readonly [number, number, number, number];
  joints?: HingeSpec[];
  geoms: GeomSpec[];
  children?: BodySpec[];
}

/** Control step = FRAME_SKIP physics steps of TIMESTEP seconds (Euler integration). */
export const HUMANOID_TIMESTEP = 0.005;
export const HUMANOID_FRAME_SKIP = 5;
/** Initial torso height (root qpos z); x-y are set by the maze. */
export const HUMANOID_TORSO_HEIGHT = 1.5;

/** Actuated joints in action order with their motor gears. */
export const HUMANOID_ACTUATORS: ReadonlyArray<readonly [joint: string, gear: number]> = [
  ['abdomen_y', 40], ['abdomen_z', 40], ['abdomen_x', 40],
  ['right_hip_x', 40], ['right_hip_z', 40], ['right_hip_y', 120], ['right_knee', 80],
  ['right_ankle_x', 20], ['right_ankle_y', 20],
  ['left_hip_x', 40], ['left_hip_z', 40], ['left_hip_y', 120], ['left_knee', 80],
  ['left_ankle_x', 20], ['left_ankle_y', 20],
  ['right_shoulder1', 20], ['right_shoulder2', 20], ['right_elbow', 40],
  ['left_shoulder1', 20], ['left_shoulder2', 20], ['left_elbow', 40],
];

function leg(side: 'right' | 'left'): BodySpec {
  const s = side === 'right' ? -1 : 1; // lateral sign: the right leg sits at −y
  const hipYRange: readonly [number, number] = side === 'right' ? [-110, 20] : [-120, 20];
  // The left leg mirrors the right: its hip x and z axes point the other way so that ranges read the same.
  const hipXAxis: Vec3 = side === 'right' ? [1, 0, 0] : [-1, 0, 0];
  const hipZAxis: Vec3 = side === 'right' ? [0, 0, 1] : [0, 0, -1];
  return {
    name: `${side}_thigh`,
    pos: [0, 0.1 * s, -0.04],
    joints: [
      { name: `${side}_hip_x`, axis: hipXAxis, range: [-25, 5], cls: 'big_joint' },
      { name: `${side}_hip_z`, axis: hipZAxis, range: [-60, 35], cls: 'big_joint' },
      { name: `${side}_hip_y`, axis: [0, 1, 0], range: hipYRange, cls: 'big_stiff_joint' },
    ],
    geoms: [{ name: `${side}_thigh`, type: 'capsule', from: [0, 0, 0], to: [0, -0.01 * s, -0.34], radius: 0.06 }],
    children: [{
      name: `${side}_shin`,
      pos: [0, -0.01 * s, -0.403],
      joints: [{ name: `${side}_knee`, axis: [0, -1, 0], range: [-160, 2], pos: [0, 0, 0.02] }],
      geoms: [{ name: `${side}_shin`, type: 'capsule', from: [0, 0, 0], to: [0, 0, -0.3], radius: 0.049 }],
      children: [{
        name: `${side}_foot`,
        pos: [0, 0, -0.39],
        joints: [
          { name: `${side}_ankle_y`, axis: [0, 1, 0], range: [-50, 50], pos: [0, 0, 0.08], stiffness: 6 },
          { name: `${side}_ankle_x`, axis: [1, 0, 0.5], range: [-50, 50], pos: [0, 0, 0.04], stiffness: 3 },
        ],
        geoms: [
          { name: `${side}_foot_outer`, type: 'capsule', from: [-0.07, 0.02 * s, 0], to: [0.14, 0.04 * s, 0], radius: 0.027 },
          { name: `${side}_foot_inner`, type: 'capsule', from: [-0.07, 0, 0], to: [0.14, -0.02 * s, 0], radius: 0.027 },
        ],
      }],
    }],
  };
}

function arm(side: 'right' | 'left'): BodySpec {
  const s = side === 'right' ? -1 : 1;
  const range: readonly [number, number] = side === 'right' ? [-85, 60] : [-60, 85];
  return {
    name: `${side}_upper_arm`,
    pos: [0, 0.17 * s, 0.06],
    joints: [
      { name: `${side}_shoulder1`, axis: [2, -s, 1], range },
      { name: `${side}_shoulder2`, axis: [0, s, 1], range },
    ],
    geoms: [{ name: `${side}_upper_arm`, type: 'capsule', from: [0, 0, 0], to: [0.16, 0.16 * s, -0.16], radius: 0.04 }],
    children: [{
      name: `${side}_lower_arm`,
      pos: [0.18, 0.18 * s, -0.18],
      joints: [{ name: `${side}_elbow`, axis: [0, -1, -s], range: [-90, 50], stiffness: 0 }],
      geoms: [{
        name: `${side}_lower_arm`, type: 'capsule', from: [0.01, -0.01 * s, 0.01], to: [0.17, -0.17 * s, 0.17], radius: 0.031,
      }],
      children: [{
        name: `${side}_hand`,
        pos: [0.18, -0.18 * s, 0.18],
        geoms: [{ name: `${side}_hand`, type: 'sphere', radius: 0.04 }],
      }],
    }],
  };
}

/** The body tree; children are listed in the order that gives the body indices of docs/environments.md#humanoid-model. */
const TORSO: BodySpec = {
  name: 'torso',
  pos: [0, 0, HUMANOID_TORSO_HEIGHT],
  geoms: [
    { name: 'torso', type: 'capsule', from: [0, -0.07, 0], to: [0, 0.07, 0], radius: 0.07 },
    { name: 'upper_waist', type: 'capsule', from: [-0.01, -0.06, -0.12], to: [-0.01, 0.06, -0.12], radius: 0.06 },
  ],
  children: [
    { name: 'head', pos: [0, 0, 0.19], geoms: [{ name: 'head', type: 'sphere', radius: 0.09 }] },
    {
      name: 'lower_waist',
      pos: [-0.01, 0, -0.26],
      quat: [1, 0, -0.002, 0],
      joints: [
        { name: 'abdomen_z', axis: [0, 0, 1], range: [-45, 45], pos: [0, 0, 0.065], cls: 'big_stiff_joint' },
        { name: 'abdomen_y', axis: [0, 1, 0], range: [-75, 30], pos: [0, 0, 0.065], cls: 'big_joint' },
      ],
      geoms: [{ name: 'lower_waist', type: 'capsule', from: [0, -0.06, 0], to: [0, 0.06, 0], radius: 0.06 }],
      children: [{
        name: 'pelvis',
        pos: [0, 0, -0.165],
        quat: [1, 0, -0.002, 0],
        joints: [{ name: 'abdomen_x', axis: [1, 0, 0], range: [-35, 35], pos: [0, 0, 0.1], cls: 'big_joint' }],
        geoms: [{ name: 'butt', type: 'capsule', from: [-0.02, -0.07, 0], to: [-0.02, 0.07, 0], radius: 0.09 }],
        children: [leg('right'), leg('left')],
      }],
    },
    arm('right'),
    arm('left'),
  ],
};

function hinge(j: HingeSpec): MjcfElement {
  return joint({ name: j.name, axis: j.axis, range: j.range, pos: j.pos, class: j.cls, stiffness: j.stiffness });
}

function bodyGeom(g: GeomSpec): MjcfElement {
  if (g.type === 'sphere') return geom({ name: g.name, type: 'sphere', size: [g.radius], pos: g.pos });
  return geom({ name: g.name, type: 'capsule', fromto: [...g.from, ...g.to], size: [g.radius] });
}

function bodyElement(b: BodySpec, isRoot: boolean): MjcfElement {
  return body(
    { name: b.name, pos: b.pos, quat: b.quat, childclass: isRoot ? 'body' : undefined },
    ...(isRoot ? [el('freejoint', { name: 'root' })] : []),
    ...(b.joints ?? []).map(hinge),
    ...b.geoms.map(bodyGeom),
    ...(b.children ?? []).map((c) => bodyElement(c, false)),
  );
}

/**
 * MjData arena (contacts, constraints, stack) per env. MuJoCo's default reserves about 14 MB; the humanoid used
 * under 50 kB of it (maxuse_arena) over 3000 random steps in a maze, so 2 MB leaves ample room while letting a
 * 2 GiB WebAssembly heap hold hundreds of envs.
 */
export const HUMANOID_ARENA = '2M';

/** `<option>`, `<size>` and `<default>`. Geoms outside the humanoid (floor, walls) keep MuJoCo's main defaults. */
export function humanoidHeader(): MjcfElement[] {
  return [
    option({ timestep: HUMANOID_TIMESTEP, integrator: 'Euler' }),
    el('size', { memory: HUMANOID_ARENA }),
    el(
      'default',
      {},
      el('motor', { ctrlrange: [-1, 1], ctrllimited: true }),
      el(
        'default',
        { class: 'body' },
        el('geom', {
          type: 'capsule', condim: 1, friction: [0.7], solimp: [0.9, 0.99, 0.003], solref: [0.015, 1], contype: 1, conaffinity: 1,
        }),
        el('joint', {
          type: 'hinge', damping: 0.2, stiffness: 1, armature: 0.01, limited: true, solimplimit: [0, 0.99, 0.01], springref: 0,
        }),
        el(
          'default',
          { class: 'big_joint' },
          el('joint', { damping: 5, stiffness: 10 }),
          el('default', { class: 'big_stiff_joint' }, el('joint', { stiffness: 20 })),
        ),
      ),
    ),
  ];
}

/** The humanoid's body tree (free root at (0, 0, 1.5)), to be placed in `<worldbody>`. */
export function humanoidBody(): MjcfElement {
  return bodyElement(TORSO, true);
}

/** 21 motors in action order. */
export function humanoidActuators(): MjcfElement {
  return el('actuator', {}, ...HUMANOID_ACTUATORS.map(([name, gear]) => motor({ name, joint: name, gear })));
}

/** The torso subtree linear velocity, sensordata[0:3] (the DMC humanoid's other sensors are unused). */
export function humanoidSensors(): MjcfElement {
  return el('sensor', {}, el('subtreelinvel', { name: 'torso_subtreelinvel', body: 'torso' }));
}
