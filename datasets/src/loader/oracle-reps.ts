// Oracle representations (`-oraclerep` datasets, docs/datasets.md#oracle-representations): only the task-relevant
// part of each state.
import { NdArray, rowSize } from '../npy/ndarray.js';

const CUBE_CENTER = [0.425, 0, 0];

function columns(q: NdArray, pick: (row: number, out: Float32Array, at: number) => void, width: number): NdArray<'float32'> {
  const rows = q.shape[0]!;
  const data = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) pick(r, data, r * width);
  return { dtype: 'float32', shape: [rows, width], data };
}

export function oracleReps(env: string, qpos: NdArray | undefined, buttonStates: NdArray | undefined): NdArray<'float32'> {
  const base = env.replace(/^visual-/, '');
  const family = base.split('-')[0];
  if (family === 'puzzle') {
    if (!buttonStates) throw new Error(`oracle representations for ${env} need 'button_states', which the file lacks`);
    const n = rowSize(buttonStates);
    return columns(buttonStates, (r, out, at) => { for (let k = 0; k < n; k++) out[at + k] = Number(buttonStates.data[r * n + k]); }, n);
  }
  if (!qpos) throw new Error(`oracle representations for ${env} need 'qpos', which the file lacks`);
  const nq = rowSize(qpos);
  const q = qpos.data as Float32Array;
  if (family === 'antmaze' || family === 'humanoidmaze' || family === 'antsoccer') {
    const from = family === 'antsoccer' ? 15 : 0;
    return columns(qpos, (r, out, at) => { out[at] = q[r * nq + from]!; out[at + 1] = q[r * nq + from + 1]!; }, 2);
  }
  if (family === 'cube') {
    const cubes = Math.floor((nq - 14) / 7);
    return columns(qpos, (r, out, at) => {
      for (let i = 0; i < cubes; i++) {
        for (let c = 0; c < 3; c++) out[at + 3 * i + c] = (q[r * nq + 14 + 7 * i + c]! - CUBE_CENTER[c]!) * 10;
      }
    }, 3 * cubes);
  }
  throw new Error(`no oracle representation for environment '${env}'`);
}
