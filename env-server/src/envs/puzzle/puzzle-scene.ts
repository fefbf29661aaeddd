// MJCF of a puzzle scene (docs/environments.md#puzzle-buttons): a grid of spring-loaded push buttons, each a fixed
// housing of four boxes around a plunger that slides down by up to 2.4 cm.
import { manipulationSceneXml } from '../manipulation/scene-xml.js';
import type { Grid } from './lights-out.js';

export const buttonJointName = (k: number): string => `buttonbox_joint_${k}`;
export const buttonTopSiteName = (k: number): string => `button_top_${k}`;
/** World z of a button's top at rest. */
export const BUTTON_TOP_Z = 0.1254;

/** World x-y of button k = r·cols + c (10 cm pitch, rows along +x, columns along +y). */
export function buttonXy(grid: Grid, k: number): [number, number] {
  const r = Math.floor(k / grid.cols), c = k % grid.cols;
  return [0.425 - 0.05 * (grid.rows - 1) + 0.1 * r, -0.05 * (grid.cols - 1) + 0.1 * c];
}

function buttonXml(grid: Grid, k: number): string {
  const [x, y] = buttonXy(grid, k);
  const box = (px: number, py: number, hx: number, hy: number) =>
    `<geom class="button" type="box" pos="${px} ${py} 0.0432" size="${hx} ${hy} 0.0408"/>`;
  const cylinder = (z: number, r: number, hh: number) =>
    `<geom class="button" type="cylinder" pos="0 0 ${z}" size="${r} ${hh}"/>`;
  return `<body name="button_housing_${k}" pos="${x} ${y} 0">` +
    box(0, 0.0288, 0.048, 0.0192) + box(0, -0.0288, 0.048, 0.0192) +
    box(0.0292, 0, 0.0188, 0.0096) + box(-0.0292, 0, 0.0188, 0.0096) +
    `<body name="button_${k}"><inertial mass="0.01" pos="0 0 0.11" diaginertia="0.001 0.001 0.001"/>` +
    `<joint name="${buttonJointName(k)}" type="slide" axis="0 0 1" range="-0.024 0" stiffness="0.5" springref="0.5" damping="1" armature="0.001"/>` +
    cylinder(0.099, 0.0084, 0.0156) + cylinder(0.1144, 0.0172, 0.0032) + cylinder(0.1212, 0.0172, 0.0044) +
    `<site name="${buttonTopSiteName(k)}" pos="0 0 ${BUTTON_TOP_Z}"/></body></body>`;
}

export function puzzleSceneXml(grid: Grid): string {
  let bodies = '';
  for (let k = 0; k < grid.rows * grid.cols; k++) bodies += buttonXml(grid, k);
  const defaults = '<default class="button"><geom group="4" contype="1" conaffinity="1" solimp="0.99 0.99 0.01" ' +
    'solref="0.01 1" condim="3" mass="0"/></default>';
  return manipulationSceneXml(`puzzle-${grid.rows}x${grid.cols}`, { worldbody: bodies, defaults });
}
