// The MJCF of an ant on an open floor (the direction-following training envs, docs/environments.md#direction-following-envs):
// the ant, a floor plane (after the robot, so it takes the ant's default geom class) and optional extra bodies.
import { el, geom, type MjcfElement } from '../../physics/mjcf.js';
import { antActuators, antBody, antHeader } from './ant-model.js';

/** Half-size of the drawn floor; a plane collides everywhere, so this only affects rendering. */
const FLOOR_HALF_SIZE = 100;

export function antFloorScene(extraBodies: MjcfElement[] = []): string {
  const floor = geom({
    name: 'floor', type: 'plane', pos: [0, 0, 0], size: [FLOOR_HALF_SIZE, FLOOR_HALF_SIZE, 0.2],
    contype: 1, conaffinity: 1, condim: 3, rgba: [0.8, 0.9, 0.8, 1],
  });
  return el('mujoco', { model: 'ant-floor' }, ...antHeader(), el('worldbody', {}, floor, antBody(), ...extraBodies), antActuators()).toXml();
}
