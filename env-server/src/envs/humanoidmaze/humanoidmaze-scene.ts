// The MJCF of the humanoid in a maze: floor first, then the humanoid, then the walls and the goal marker
// (the walls come after the robot as in spec §1.1, and take MuJoCo's main default class).
import { floorGeom, markerSite, wallGeoms } from '../maze/maze-geometry.js';
import type { MazeMap } from '../maze/maze-maps.js';
import { humanoidMjcf } from '../humanoid/humanoid-model.js';

export function humanoidMazeScene(map: MazeMap): string {
  const after = [...wallGeoms(map), markerSite('target', [0, 0], 0.5, [1, 0, 0, 0.5])];
  return humanoidMjcf(
    { before: floorGeom(map).toXml(), after: after.map((e) => e.toXml()).join('\n') },
    'humanoidmaze',
  );
}
