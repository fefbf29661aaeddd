// Assembles the MJCF of an ant in a maze: the ant, the floor and walls (added after the robot so they take
// the ant's default geom class), goal and teleporter markers.
import { el, type MjcfElement } from '../../physics/mjcf.js';
import { floorGeom, markerSite, wallGeoms } from '../maze/maze-geometry.js';
import type { MazeMap } from '../maze/maze-maps.js';
import { teleporterMarkers, type Teleporters } from '../maze/teleporters.js';
import { antActuators, antBody, antHeader } from './ant-model.js';

export interface AntSceneOptions {
  map: MazeMap;
  /** Adds the (visual) teleporter discs of the teleport maze. */
  teleporters?: Teleporters;
  /** Extra world bodies after the walls (e.g. antsoccer's ball). */
  extraBodies?: MjcfElement[];
}

export function antMazeScene({ map, teleporters, extraBodies = [] }: AntSceneOptions): MjcfElement {
  const markers = [markerSite('target', [0, 0], 0.5, [1, 0, 0, 0.5]), ...teleporterMarkers(teleporters)];
  return el(
    'mujoco',
    { model: 'antmaze' },
    ...antHeader(),
    el('worldbody', {}, floorGeom(map), antBody(), ...wallGeoms(map), ...markers, ...extraBodies),
    antActuators(),
  );
}
