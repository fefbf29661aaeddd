// MJCF of the manipulation scene (docs/environments.md#manipulation-scene, docs/environments.md#ur5e-arm,
// docs/environments.md#robotiq-gripper): arena with invisible walls, the UR5e arm and the Robotiq 2F-85 gripper
// built from primitive shapes, plus the objects of a task family (cubes or buttons) given by the caller.
import { ATTACHMENT_POS, ATTACHMENT_QUAT, UR5E_BASE_QUAT, UR5E_JOINTS, UR5E_LINKS } from './ur5e-chain.js';

const v = (xs: readonly number[]): string => xs.map((x) => +x.toFixed(10)).join(' ');

/** Servo gains after OGBench's post-compilation override, and the file's damping gains. */
export const ARM_KP = [4500, 4500, 4500, 2000, 2000, 500] as const;
export const ARM_KV = [400, 400, 400, 100, 100, 100] as const;
const ARM_FORCE = [150, 150, 150, 28, 28, 28] as const;
const ARM_RANGE = [2 * Math.PI, 2 * Math.PI, Math.PI, 2 * Math.PI, 2 * Math.PI, 2 * Math.PI] as const;

interface LinkInertia { mass: number; com: [number, number, number]; diag: [number, number, number] }
const ARM_INERTIA: readonly LinkInertia[] = [
  { mass: 3.7, com: [0, 0, 0], diag: [0.01027, 0.01027, 0.00666] },
  { mass: 8.393, com: [0, 0, 0.2125], diag: [0.13389, 0.13389, 0.01511] },
  { mass: 2.275, com: [0, 0, 0.196], diag: [0.03118, 0.03118, 0.004095] },
  { mass: 1.219, com: [0, 0.127, 0], diag: [0.00256, 0.00256, 0.00219] },
  { mass: 1.219, com: [0, 0, 0.1], diag: [0.00256, 0.00256, 0.00219] },
  { mass: 0.1889, com: [0, 0.0772, 0], diag: [1.32e-4, 9.91e-5, 9.91e-5] },
];

/** Collision capsules/cylinders per arm link: [type, radius, half-length, pos, rotated 90° about x]. */
type Prim = ['capsule' | 'cylinder', number, number, [number, number, number], boolean];
const ARM_COLLISION: readonly Prim[][] = [
  [['capsule', 0.06, 0.06, [0, 0, -0.04], false]],
  [['capsule', 0.06, 0.06, [0, -0.04, 0], true], ['capsule', 0.05, 0.2, [0, 0, 0.2], false]],
  [['capsule', 0.055, 0.06, [0, 0.08, 0], true], ['capsule', 0.038, 0.19, [0, 0, 0.2], false]],
  [['capsule', 0.04, 0.07, [0, 0.05, 0], true]],
  [['capsule', 0.04, 0.06, [0, 0, 0.04], false], ['capsule', 0.04, 0.04, [0, 0.02, 0.1], true]],
  [['cylinder', 0.04, 0.02, [0, 0.08, 0], true]],
];

function armLinkXml(i: number, inner: string): string {
  const link = UR5E_LINKS[i]!, inertia = ARM_INERTIA[i]!;
  const geoms = ARM_COLLISION[i]!.map(([type, r, hl, pos, rotated]) =>
    `<geom class="arm_collision" type="${type}" size="${r} ${hl}" pos="${v(pos)}"${rotated ? ' quat="1 1 0 0"' : ''}/>`).join('');
  return `<body name="ur5e/${link.name}" pos="${v(link.pos)}" quat="${v(link.quat)}">` +
    `<inertial mass="${inertia.mass}" pos="${v(inertia.com)}" diaginertia="${v(inertia.diag)}"/>` +
    `<joint name="ur5e/${UR5E_JOINTS[i]}" class="arm" axis="${v(link.axis)}" range="${-ARM_RANGE[i]!} ${ARM_RANGE[i]!}"/>` +
    geoms + inner + '</body>';
}

/** A small box inertial; mass in kg, half-extents in m. */
function boxInertial(mass: number, pos: readonly number[], half: readonly number[]): string {
  const [a, b, c] = half as [number, number, number];
  const diag = [mass / 3 * (b * b + c * c), mass / 3 * (a * a + c * c), mass / 3 * (a * a + b * b)];
  return `<inertial mass="${mass}" pos="${v(pos)}" diaginertia="${v(diag)}"/>`;
}

function linkBox(pos: readonly number[], half: readonly number[]): string {
  return `<geom class="gripper_collision" type="box" pos="${v(pos)}" size="${v(half)}"/>`;
}

/**
 * One finger of the 2F-85: driver → coupler, and spring link → follower → pad. `side` is 'right' or 'left';
 * the left finger is the right one turned 180° about z. Link masses are approximate; collision boxes have the
 * stated half-extents, centred between each link's pivot and the next one
 * (the follower's box is kept 6 mm behind its pad, so that objects are held by the pads).
 */
function fingerXml(side: 'right' | 'left'): string {
  const s = side === 'right' ? 1 : -1;
  const turn = side === 'right' ? '' : ' quat="0 0 0 1"';
  const p = `ur5e/robotiq/${side}`;
  const driver =
    `<body name="${p}_driver" pos="0 ${0.0306 * s} 0.0549"${turn}>${boxInertial(0.009, [0, 0.0158, -0.002], [0.012, 0.012, 0.023])}` +
    `<joint name="${p}_driver_joint" class="driver"/>${linkBox([0, 0.0158, -0.002], [0.012, 0.012, 0.023])}` +
    `<body name="${p}_coupler" pos="0 0.0315 -0.0041">${boxInertial(0.014, [0, 0.003, 0.024], [0.006, 0.0135, 0.03])}` +
    `<joint name="${p}_coupler_joint" class="coupler"/>${linkBox([0, 0.003, 0.024], [0.006, 0.0135, 0.03])}</body></body>`;
  const pad = `<body name="${p}_pad" pos="0 -0.0189 0.01352"><inertial mass="0.0035" pos="0 -0.0026 0.01875" diaginertia="4.7e-7 3.6e-7 1.2e-7"/>` +
    `<geom name="${p}_pad1" class="pad" pos="0 -0.0026 0.028125" friction="0.7"/>` +
    `<geom name="${p}_pad2" class="pad" pos="0 -0.0026 0.009375" friction="0.6"/></body>`;
  const follower =
    `<body name="${p}_follower" pos="0 0.055 0.0375">${boxInertial(0.0125, [0, 0.002, 0.024], [0.0075, 0.0134, 0.027])}` +
    `<joint name="${p}_follower_joint" class="follower"/>${linkBox([0, 0.002, 0.024], [0.0075, 0.0134, 0.027])}${pad}</body>`;
  const spring =
    `<body name="${p}_spring_link" pos="0 ${0.0132 * s} 0.0609"${turn}>${boxInertial(0.022, [0, 0.0185, 0.022], [0.006, 0.0195, 0.035])}` +
    `<joint name="${p}_spring_link_joint" class="spring_link"/>${linkBox([0, 0.0185, 0.022], [0.006, 0.0195, 0.035])}${follower}</body>`;
  return driver + spring;
}

function gripperXml(): string {
  return `<body name="ur5e/robotiq/base_mount" pos="0 0 0.007">` +
    `<inertial mass="0.15" pos="0 0 0" diaginertia="6e-5 6e-5 1e-4"/>` +
    `<geom class="gripper_collision" type="cylinder" size="0.038 0.004"/>` +
    `<body name="ur5e/robotiq/base" pos="0 0 0.0038" quat="1 0 0 -1">` +
    `<inertial mass="0.7774" pos="0 0 0.035" diaginertia="2.6e-4 2.25e-4 1.53e-4"/>` +
    linkBox([0, 0, 0.047], [0.0375, 0.0424, 0.047]) +
    `<site name="ur5e/robotiq/pinch" pos="0 0 0.145"/>` +
    fingerXml('right') + fingerXml('left') + '</body></body>';
}

function armXml(): string {
  const frame = `pos="${v(ATTACHMENT_POS)}" quat="${v(ATTACHMENT_QUAT)}"`;
  let inner = `<site name="ur5e/attachment_site" ${frame}/><frame ${frame}>${gripperXml()}</frame>`;
  for (let i = 5; i >= 0; i--) inner = armLinkXml(i, inner);
  return `<body name="ur5e/base" quat="${v(UR5E_BASE_QUAT)}"><inertial mass="4" pos="0 0 0" diaginertia="0.00443 0.00443 0.0072"/>${inner}</body>`;
}

const ROBOT_DEFAULTS = `
<default class="arm"><joint armature="0.1" damping="0"/></default>
<default class="arm_collision"><geom group="3" contype="1" conaffinity="1"/></default>
<default class="gripper_collision"><geom group="3" contype="0" conaffinity="1" mass="0"/></default>
<default class="pad"><geom type="box" size="0.011 0.004 0.009375" group="3" contype="1" conaffinity="1" priority="1" solimp="0.95 0.99 0.001" solref="0.004 1" mass="0"/></default>
<default class="driver"><joint axis="1 0 0" range="0 0.8" armature="0.005" damping="0.1" solimplimit="0.95 0.99 0.001" solreflimit="0.005 1"/></default>
<default class="coupler"><joint axis="1 0 0" range="-1.57 0" armature="0.001" solimplimit="0.95 0.99 0.001" solreflimit="0.005 1"/></default>
<default class="spring_link"><joint axis="1 0 0" range="-0.2967 0.8" armature="0.001" stiffness="0.05" springref="2.62" damping="0.00125"/></default>
<default class="follower"><joint axis="1 0 0" range="-0.8727 0.8727" pos="0 -0.018 0.0065" armature="0.001" solimplimit="0.95 0.99 0.001" solreflimit="0.005 1"/></default>`;

function arenaXml(): string {
  const wall = (pos: number[], size: number[]) =>
    `<geom type="box" pos="${v(pos)}" size="${v(size)}" contype="0" conaffinity="2" rgba="0 0 0 0"/>`;
  return `<geom name="floor" type="plane" size="1 1 0.05"/>` +
    wall([0.22, 0, 0.1], [0.003, 0.38, 0.2]) + wall([0.63, 0, 0.1], [0.003, 0.38, 0.2]) +
    wall([0.425, 0.38, 0.1], [0.205, 0.003, 0.2]) + wall([0.425, -0.38, 0.1], [0.205, 0.003, 0.2]);
}

function actuatorsXml(): string {
  const arm = UR5E_JOINTS.map((j, i) =>
    `<general name="ur5e/${j}" joint="ur5e/${j}" gaintype="fixed" biastype="affine" gainprm="${ARM_KP[i]}" ` +
    `biasprm="0 ${-ARM_KP[i]!} ${-ARM_KV[i]!}" ctrlrange="${-ARM_RANGE[i]!} ${ARM_RANGE[i]!}" forcerange="${-ARM_FORCE[i]!} ${ARM_FORCE[i]!}"/>`).join('');
  return `<actuator>${arm}<general name="ur5e/robotiq/fingers_actuator" tendon="ur5e/robotiq/split" ctrlrange="0 255" ` +
    `forcerange="-5 5" gaintype="fixed" biastype="affine" gainprm="0.3137255" biasprm="0 -100 -10"/></actuator>`;
}

function gripperConstraintsXml(): string {
  const g = 'ur5e/robotiq/';
  const eq = 'solref="0.005 1" solimp="0.95 0.99 0.001"';
  const exclusions = [['base', 'left_driver'], ['base', 'right_driver'], ['base', 'left_spring_link'],
    ['base', 'right_spring_link'], ['right_coupler', 'right_follower'], ['left_coupler', 'left_follower']];
  return `<tendon><fixed name="${g}split"><joint joint="${g}right_driver_joint" coef="0.5"/><joint joint="${g}left_driver_joint" coef="0.5"/></fixed></tendon>` +
    `<equality><connect anchor="0 0 0" body1="${g}right_follower" body2="${g}right_coupler" ${eq}/>` +
    `<connect anchor="0 0 0" body1="${g}left_follower" body2="${g}left_coupler" ${eq}/>` +
    `<joint joint1="${g}right_driver_joint" joint2="${g}left_driver_joint" ${eq}/></equality>` +
    `<contact>${exclusions.map(([a, b]) => `<exclude body1="${g}${a}" body2="${g}${b}"/>`).join('')}</contact>`;
}

export interface SceneObjects {
  /** Bodies added to the worldbody after the robot (cubes, targets, buttons). */
  worldbody: string;
  /** Extra default classes used by the objects. */
  defaults?: string;
  /** Extra top-level elements (e.g. more contact exclusions), placed after the robot's. */
  extra?: string;
}

/** The whole manipulation scene as an MJCF string. */
export function manipulationSceneXml(name: string, objects: SceneObjects): string {
  return `<mujoco model="${name}"><compiler angle="radian" autolimits="true"/>` +
    `<option timestep="0.002" integrator="implicitfast" cone="elliptic" impratio="10"/>` +
    `<default>${ROBOT_DEFAULTS}${objects.defaults ?? ''}</default><worldbody>${arenaXml()}${armXml()}${objects.worldbody}</worldbody>` +
    gripperConstraintsXml() + actuatorsXml() + (objects.extra ?? '') + '</mujoco>';
}
