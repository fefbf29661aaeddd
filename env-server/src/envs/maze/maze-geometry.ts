// Cell ↔ world x-y mapping and the static geometry (walls, floor) of a maze (docs/environments.md#maze-geometry).
import { cellToXy, MAZE_OFFSET, MAZE_UNIT, type Cell, type Xy } from '@qflow/datasets';
import { el, geom, type MjcfElement } from '../../physics/mjcf.js';
import type { MazeMap } from './maze-maps.js';

/** Walls are 2 m tall: half-height maze_height (0.5) × unit / 2. */
export const WALL_HALF_HEIGHT = (0.5 / 2) * MAZE_UNIT;
/** The cell containing world point (x, y). */
export function xyToCell([x, y]: Xy): Cell {
  const half = MAZE_UNIT / 2;
  return [Math.floor((y + MAZE_OFFSET + half) / MAZE_UNIT), Math.floor((x + MAZE_OFFSET + half) / MAZE_UNIT)];
}

export function isFreeCell(map: MazeMap, [i, j]: Cell): boolean {
  return i >= 0 && i < map.length && j >= 0 && j < map[0]!.length && map[i]![j] === 0;
}

/** One colliding box per wall cell (contype/conaffinity 1; other geom values come from the default class). */
export function wallGeoms(map: MazeMap): MjcfElement[] {
  const walls: MjcfElement[] = [];
  map.forEach((row, i) =>
    row.forEach((cell, j) => {
      if (cell !== 1) return;
      const [x, y] = cellToXy([i, j]);
      walls.push(
        geom({
          name: `block_${i}_${j}`,
          type: 'box',
          pos: [x, y, WALL_HALF_HEIGHT],
          size: [MAZE_UNIT / 2, MAZE_UNIT / 2, WALL_HALF_HEIGHT],
          contype: 1,
          conaffinity: 1,
          rgba: [0.7, 0.5, 0.3, 1],
        }),
      );
    }),
  );
  return walls;
}

/** Center and half-sizes of the floor plane that covers the maze. */
export function floorPlacement(map: MazeMap): { pos: [number, number, number]; size: [number, number, number] } {
  const rows = map.length;
  const cols = map[0]!.length;
  return { pos: [2 * (cols - 3), 2 * (rows - 3), 0], size: [2 * cols, 2 * rows, 0.2] };
}

/** The floor plane geom of a maze (colliding: conaffinity 1, condim 3). */
export function floorGeom(map: MazeMap): MjcfElement {
  const { pos, size } = floorPlacement(map);
  return floorPlane(pos, size);
}

/** A colliding floor plane (conaffinity 1, condim 3); `size` only matters for rendering, a plane is unbounded. */
export function floorPlane(pos: [number, number, number], size: [number, number, number]): MjcfElement {
  return geom({ name: 'floor', type: 'plane', pos, size, contype: 1, conaffinity: 1, condim: 3, rgba: [0.8, 0.9, 0.8, 1] });
}

/** A non-colliding marker cylinder (goal target, teleporters); it has no effect on the physics. */
export function markerSite(name: string, [x, y]: Xy, radius: number, rgba: [number, number, number, number]): MjcfElement {
  return el('site', { name, type: 'cylinder', pos: [x, y, 0.05], size: [radius, 0.05], rgba });
}
