// Scores of a set of policy samples: the mean oracle reward, and the fraction of samples on the data's support
// (within `distance` of at least one training point).
import { oracleReward, type ToyDatasetName } from './toy-datasets.js';

export function meanOracleReward(name: ToyDatasetName, samples: Float32Array): number {
  const n = samples.length / 2;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += oracleReward(name, samples[2 * i]!, samples[2 * i + 1]!);
  return sum / n;
}

export function supportFraction(samples: Float32Array, data: Float32Array, distance: number): number {
  const n = samples.length / 2;
  const m = data.length / 2;
  const d2 = distance * distance;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const x = samples[2 * i]!;
    const y = samples[2 * i + 1]!;
    for (let j = 0; j < m; j++) {
      const dx = data[2 * j]! - x;
      const dy = data[2 * j + 1]! - y;
      if (dx * dx + dy * dy <= d2) { inside++; break; }
    }
  }
  return inside / n;
}
