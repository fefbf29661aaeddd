// MJCF of a cube scene (docs/environments.md#cube-objects): n free 4 cm cubes and one non-colliding mocap target per
// cube.
import { manipulationSceneXml } from '../manipulation/scene-xml.js';

const COLORS = ['0.96 0.26 0.33', '0.26 0.4 0.96', '0.96 0.6 0.2', '0.3 0.8 0.3'];

export const cubeBodyName = (i: number): string => `object_${i}`;
export const cubeJointName = (i: number): string => `object_joint_${i}`;
export const cubeTargetName = (i: number): string => `object_target_${i}`;

export function cubeSceneXml(count: number): string {
  let bodies = '';
  for (let i = 0; i < count; i++) {
    const y = -0.05 * (count - 1) + 0.1 * i;
    const rgb = COLORS[i % COLORS.length]!;
    bodies += `<body name="${cubeBodyName(i)}" pos="0.3 ${y} 0.02"><freejoint name="${cubeJointName(i)}"/>` +
      `<geom type="box" size="0.02 0.02 0.02" density="1240" solref="0.004 1" contype="3" conaffinity="1" condim="3" rgba="${rgb} 1"/></body>`;
    bodies += `<body name="${cubeTargetName(i)}" mocap="true" pos="0.45 ${y} 0.02">` +
      `<geom type="box" size="0.02 0.02 0.02" contype="0" conaffinity="0" rgba="${rgb} 0.2"/></body>`;
  }
  return manipulationSceneXml(`cube-${count}`, { worldbody: bodies });
}
