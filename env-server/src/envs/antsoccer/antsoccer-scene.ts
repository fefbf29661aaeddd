// The MJCF of antsoccer: the ant maze scene (ant, floor, walls, goal marker) plus the ball of
// docs/environments.md#antsoccer-model.
import { body, el, geom, type MjcfElement } from '../../physics/mjcf.js';
import type { MazeMap } from '../maze/maze-maps.js';
import { antMazeScene } from '../ant/ant-maze-scene.js';

export const BALL_RADIUS = 0.25;

/**
 * A free sphere added after the walls. Density (5), margin, solref and solimp come from the ant's default
 * class; condim 6 with priority 1 makes the ball's rolling and torsional friction (0.5) govern its contacts.
 */
export function soccerBall(): MjcfElement {
  return body(
    { name: 'ball', pos: [0, 0, 0.5] },
    el('freejoint', { name: 'ball_root' }),
    geom({
      name: 'ball',
      type: 'sphere',
      size: [BALL_RADIUS],
      condim: 6,
      priority: 1,
      contype: 1,
      conaffinity: 1,
      friction: [1, 0.5, 0.5],
      rgba: [0.9, 0.9, 0.9, 1],
    }),
  );
}

export function antSoccerScene(map: MazeMap): string {
  return antMazeScene({ map, extraBodies: [soccerBall()] }).toXml();
}
