// The MJCF of the humanoid in a maze: floor first, then the humanoid, then the walls and the goal marker
// (the walls come after the robot as in docs/environments.md#maze-geometry, and take MuJoCo's main default class).
import { el, type MjcfElement } from '../../physics/mjcf.js';
import { floorGeom, markerSite, wallGeoms } from '../maze/maze-geometry.js';
import type { MazeMap } from '../maze/maze-maps.js';
import { teleporterMarkers, type Teleporters } from '../maze/teleporters.js';
import { humanoidActuators, humanoidBody, humanoidHeader, humanoidSensors } from '../humanoid/humanoid-model.js';

export function humanoidMazeScene(map: MazeMap, teleporters?: Teleporters): MjcfElement {
  return el(
    'mujoco',
    { model: 'humanoidmaze' },
    ...humanoidHeader(),
    el('worldbody', {}, floorGeom(map), humanoidBody(), ...wallGeoms(map), markerSite('target', [0, 0], 0.5, [1, 0, 0, 0.5]), ...teleporterMarkers(teleporters)),
    humanoidActuators(),
    humanoidSensors(),
  );
}
