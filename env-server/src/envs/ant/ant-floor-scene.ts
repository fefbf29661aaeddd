// The MJCF of an ant on an open floor (the online training envs, docs/environments.md#direction-following-envs):
// the ant, a floor plane (after the robot, so it takes the ant's default geom class) and optional extra bodies.
import { el, type MjcfElement } from '../../physics/mjcf.js';
import { floorPlane } from '../maze/maze-geometry.js';
import { antActuators, antBody, antHeader } from './ant-model.js';

/** Half-size of the drawn floor. */
export const OPEN_FLOOR_HALF_SIZE = 100;

export function antFloorScene(extraBodies: MjcfElement[] = []): string {
  const floor = floorPlane([0, 0, 0], [OPEN_FLOOR_HALF_SIZE, OPEN_FLOOR_HALF_SIZE, 0.2]);
  return el('mujoco', { model: 'ant-floor' }, ...antHeader(), el('worldbody', {}, floor, antBody(), ...extraBodies), antActuators()).toXml();
}
