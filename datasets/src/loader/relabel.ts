// Single-task relabelling of a loaded dataset (OGBench's relabel_dataset): rewards and masks from each kept
// row's own pre-action state. rewards = #successes − #subtasks, masks = 1 − (all subtasks succeeded).
import { NdArray, rowSize } from '../npy/ndarray.js';
import { SingleTaskGoal } from '../tasks/single-task-goal.js';

export interface Relabelled {
  rewards: Float32Array;
  masks: Float32Array;
}

function requireArray(array: NdArray | undefined, key: string, goal: SingleTaskGoal): NdArray {
  if (!array) throw new Error(`single-task relabelling for ${goal.env} needs the '${key}' array, which the file lacks`);
  return array;
}

/** Per row: number of satisfied subtasks and how many there are. */
function countSuccesses(goal: SingleTaskGoal, qpos: NdArray | undefined, buttons: NdArray | undefined): { hits: Int32Array; total: number } {
  if (goal.kind === 'buttons') {
    const b = requireArray(buttons, 'button_states', goal);
    const n = rowSize(b);
    if (n !== goal.goal.length) throw new Error(`button_states has ${n} columns, ${goal.env} has ${goal.goal.length} buttons`);
    const rows = b.shape[0]!;
    const hits = new Int32Array(rows);
    // Compare int64 values through their 32-bit halves (little-endian): goal bits are small and non-negative.
    if (b.dtype === 'int64') {
      const words = new Int32Array(b.data.buffer, b.data.byteOffset, 2 * rows * n);
      for (let r = 0; r < rows; r++) {
        let h = 0;
        for (let k = 0; k < n; k++) {
          const at = 2 * (r * n + k);
          if (words[at] === goal.goal[k] && words[at + 1] === 0) h++;
        }
        hits[r] = h;
      }
    } else {
      for (let r = 0; r < rows; r++) {
        let h = 0;
        for (let k = 0; k < n; k++) if (Number(b.data[r * n + k]) === goal.goal[k]) h++;
        hits[r] = h;
      }
    }
    return { hits, total: n };
  }
  const q = requireArray(qpos, 'qpos', goal);
  const nq = rowSize(q);
  const rows = q.shape[0]!;
  const data = q.data as Float32Array | Float64Array;
  const hits = new Int32Array(rows);
  if (goal.kind === 'xy') {
    const [gx, gy] = goal.goal;
    for (let r = 0; r < rows; r++) {
      const dx = data[r * nq + goal.qposIndex]! - gx;
      const dy = data[r * nq + goal.qposIndex + 1]! - gy;
      hits[r] = Math.sqrt(dx * dx + dy * dy) <= goal.tolerance ? 1 : 0;
    }
    return { hits, total: 1 };
  }
  const cubes = goal.targets.length;
  if (nq < 14 + 7 * cubes) throw new Error(`qpos has ${nq} columns, too few for ${cubes} cubes (need ${14 + 7 * cubes})`);
  for (let r = 0; r < rows; r++) {
    let h = 0;
    for (let i = 0; i < cubes; i++) {
      const at = r * nq + 14 + 7 * i;
      const [tx, ty, tz] = goal.targets[i]!;
      const dx = data[at]! - tx, dy = data[at + 1]! - ty, dz = data[at + 2]! - tz;
      if (Math.sqrt(dx * dx + dy * dy + dz * dz) <= goal.tolerance) h++;
    }
    hits[r] = h;
  }
  return { hits, total: cubes };
}

export function relabel(goal: SingleTaskGoal, qpos: NdArray | undefined, buttonStates: NdArray | undefined): Relabelled {
  const { hits, total } = countSuccesses(goal, qpos, buttonStates);
  const rewards = new Float32Array(hits.length);
  const masks = new Float32Array(hits.length);
  for (let r = 0; r < hits.length; r++) {
    rewards[r] = hits[r]! - total;
    masks[r] = hits[r] === total ? 0 : 1;
  }
  return { rewards, masks };
}
