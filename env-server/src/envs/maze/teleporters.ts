// Teleporters of the teleport maze (docs/environments.md#teleporters): entering within 1.5 m of an "in" cell's center moves the
// agent's x-y to the center of a uniformly chosen "out" cell, keeping its velocity.
import { cellToXy, type Cell, type Xy } from '@qflow/datasets';
import type { EnvRng } from '../env-rng.js';
import type { MjcfElement } from '../../physics/mjcf.js';
import { markerSite } from './maze-geometry.js';

export const TELEPORT_IN_CELLS: readonly Cell[] = [[4, 6], [5, 1]];
export const TELEPORT_OUT_CELLS: readonly Cell[] = [[1, 7], [6, 1], [6, 10]];
export const TELEPORT_TRIGGER_RADIUS = 1.5;
/** Radius of the (visual only) teleporter discs. */
export const TELEPORT_MARKER_RADIUS = 1;

export class Teleporters {
  readonly inCenters: readonly Xy[] = TELEPORT_IN_CELLS.map(cellToXy);
  readonly outCenters: readonly Xy[] = TELEPORT_OUT_CELLS.map(cellToXy);

  /** Destination x-y when (x, y) triggers a teleporter, drawn from `rng`; undefined otherwise. */
  destination(x: number, y: number, rng: EnvRng): Xy | undefined {
    const triggered = this.inCenters.some(([cx, cy]) => Math.hypot(x - cx, y - cy) <= TELEPORT_TRIGGER_RADIUS);
    if (!triggered) return undefined;
    return this.outCenters[rng.integer(this.outCenters.length)];
  }
}

/** The (visual only) discs of the teleporters' entrances and exits; none without teleporters. */
export function teleporterMarkers(teleporters: Teleporters | undefined): MjcfElement[] {
  if (!teleporters) return [];
  return [
    ...teleporters.inCenters.map((xy, k) => markerSite(`teleport_in_${k}`, xy, TELEPORT_MARKER_RADIUS, [0.2, 0.2, 1, 0.5])),
    ...teleporters.outCenters.map((xy, k) => markerSite(`teleport_out_${k}`, xy, TELEPORT_MARKER_RADIUS, [0.2, 1, 0.2, 0.5])),
  ];
}
