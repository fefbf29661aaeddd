// The MJCF of the humanoid on an open floor (online-humanoid-xy-v0, docs/environments.md#direction-following-envs):
// the floor first, then the humanoid, as in the humanoid maze scene without walls.
import { el } from '../../physics/mjcf.js';
import { OPEN_FLOOR_HALF_SIZE } from '../ant/ant-floor-scene.js';
import { floorPlane } from '../maze/maze-geometry.js';
import { humanoidActuators, humanoidBody, humanoidHeader, humanoidSensors } from './humanoid-model.js';

export function humanoidFloorScene(): string {
  const floor = floorPlane([0, 0, 0], [OPEN_FLOOR_HALF_SIZE, OPEN_FLOOR_HALF_SIZE, 0.2]);
  return el('mujoco', { model: 'humanoid-floor' }, ...humanoidHeader(), el('worldbody', {}, floor, humanoidBody()), humanoidActuators(), humanoidSensors()).toXml();
}
