// The logical state of the puzzle ("Lights Out", docs/environments.md#puzzle-logic): pressing a button flips it and
// its 4-neighbours.

export interface Grid {
  rows: number;
  cols: number;
}

/** Flips button k = r·cols + c and its up/down/left/right neighbours (no wrap-around), in place. */
export function pressButton(states: Uint8Array, grid: Grid, k: number): void {
  const r = Math.floor(k / grid.cols), c = k % grid.cols;
  states[k] = states[k]! ^ 1;
  if (r > 0) states[k - grid.cols] = states[k - grid.cols]! ^ 1;
  if (r < grid.rows - 1) states[k + grid.cols] = states[k + grid.cols]! ^ 1;
  if (c > 0) states[k - 1] = states[k - 1]! ^ 1;
  if (c < grid.cols - 1) states[k + 1] = states[k + 1]! ^ 1;
}

/** A button counts as pressed when its joint crosses this height (m) going down within one control step. */
export const PRESS_THRESHOLD = -0.02;

/**
 * Applies every press of one control step: each button whose joint went from above PRESS_THRESHOLD (`before`)
 * to at or below it (`after`) is pressed, in index order. Returns the number of presses.
 */
export function applyCrossings(states: Uint8Array, grid: Grid, before: ArrayLike<number>, after: ArrayLike<number>): number {
  let presses = 0;
  for (let k = 0; k < states.length; k++) {
    if (before[k]! > PRESS_THRESHOLD && after[k]! <= PRESS_THRESHOLD) {
      pressButton(states, grid, k);
      presses++;
    }
  }
  return presses;
}
