// The four 2D toy datasets of the Q-Flow study (docs/algorithm.md#toy-datasets), written from their definitions: every point is a 2D
// "action" of a bandit problem with a scalar reward; all points are clipped to the domain [−4, 4]².
// Each dataset also has an oracle reward defined on the whole plane (for landscapes and for scoring samples).
import { AgentRng } from '../random/agent-rng.js';

export const TOY_DATASETS = ['moons', 'two_spirals', 'swissroll', 'eight_gaussians'] as const;
export type ToyDatasetName = (typeof TOY_DATASETS)[number];
export const TOY_DOMAIN = 4;

export interface ToyDataset {
  name: ToyDatasetName;
  points: Float32Array;   // [n, 2]
  rewards: Float32Array;  // [n]
  size: number;
}

export function isToyDatasetName(name: string): name is ToyDatasetName {
  return (TOY_DATASETS as readonly string[]).includes(name);
}

export function generateToyDataset(name: ToyDatasetName, n: number, seed: number): ToyDataset {
  if (!Number.isInteger(n) || n < 2) throw new Error(`toy dataset: n must be an integer >= 2, got ${n}`);
  const rng = new AgentRng(seed);
  const points = new Float32Array(2 * n);
  const rewards = new Float32Array(n);
  const put = (i: number, x: number, y: number, r: number) => {
    points[2 * i] = clipDomain(x);
    points[2 * i + 1] = clipDomain(y);
    rewards[i] = r;
  };
  GENERATORS[name](n, rng, put);
  return { name, points, rewards, size: n };
}

type Put = (i: number, x: number, y: number, reward: number) => void;

const GENERATORS: Record<ToyDatasetName, (n: number, rng: AgentRng, put: Put) => void> = {
  // sklearn make_moons(noise=0.1): the upper half circle (class 0) and the lower, shifted one (class 1) at evenly
  // spaced angles, Gaussian noise, shuffled; then ×2 and shifted by (−1, −0.2). Reward 1 on the lower moon.
  moons(n, rng, put) {
    const nOuter = Math.floor(n / 2);
    const nInner = n - nOuter;
    const order = permutation(n, rng);
    for (let k = 0; k < n; k++) {
      const inner = k >= nOuter;
      const j = inner ? k - nOuter : k;
      const angle = Math.PI * (j / Math.max(1, (inner ? nInner : nOuter) - 1));
      const x = inner ? 1 - Math.cos(angle) : Math.cos(angle);
      const y = inner ? 1 - Math.sin(angle) - 0.5 : Math.sin(angle);
      put(order[k]!, 2 * (x + 0.1 * rng.normal()) - 1, 2 * (y + 0.1 * rng.normal()) - 0.2, inner ? 1 : 0);
    }
  },
  // Latent s = √U·3π; arm 1 = (−cos s·s, sin s·s) + 0.1·N(0, I) for n/2 points, arm 2 = −arm 1 for the rest;
  // divided by 3.
  // Reward clip(1 − s/10, 0, 1): higher near the centre.
  two_spirals(n, rng, put) {
    const order = permutation(n, rng); // rows in random order, so that any prefix holds both arms
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const s = Math.sqrt(rng.uniform()) * 3 * Math.PI;
      const sign = k < n / 2 ? 1 : -1;
      const x = sign * (-Math.cos(s) * s + 0.1 * rng.normal());
      const y = sign * (Math.sin(s) * s + 0.1 * rng.normal());
      put(i, x / 3, y / 3, clamp01(1 - s / 10));
    }
  },
  // sklearn make_swiss_roll(noise=1.0): t = 1.5π(1 + 2U); (t cos t, 21U, t sin t) + N(0, I); keep coordinates
  // 0 and 2; divide by 5. Reward ‖x‖²/9.
  swissroll(n, rng, put) {
    for (let i = 0; i < n; i++) {
      const t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
      const x = (t * Math.cos(t) + rng.normal()) / 5;
      rng.uniform(); // the height coordinate (dropped) and its noise keep the draw order of the 3D roll
      rng.normal();
      const y = (t * Math.sin(t) + rng.normal()) / 5;
      const cx = clipDomain(x);
      const cy = clipDomain(y);
      put(i, cx, cy, (cx * cx + cy * cy) / 9);
    }
  },
  // Centres at radius 4 on the 8 compass directions starting at (0, 1) and turning counter-clockwise; noise std
  // 0.5; everything divided by √2. Reward = centre index / 7.
  eight_gaussians(n, rng, put) {
    for (let i = 0; i < n; i++) {
      const k = rng.int(8);
      const [cx, cy] = EIGHT_CENTRES[k]!;
      put(i, (4 * cx + 0.5 * rng.normal()) / Math.SQRT2, (4 * cy + 0.5 * rng.normal()) / Math.SQRT2, k / 7);
    }
  },
};

const R = Math.SQRT1_2;
/** (0,1), (−1/√2,1/√2), (−1,0), (−1/√2,−1/√2), (0,−1), (1/√2,−1/√2), (1,0), (1/√2,1/√2). */
export const EIGHT_CENTRES: readonly [number, number][] = [
  [0, 1], [-R, R], [-1, 0], [-R, -R], [0, -1], [R, -R], [1, 0], [R, R],
];

/**
 * The oracle reward at any point of the plane, of the same form as the dataset's labels:
 * moons: 1 when the point is nearer the lower moon's arc than the upper one's; two_spirals: clip(1 − 3‖x‖/10, 0, 1)
 * (on an arm, ‖x‖ = s/3); swissroll: ‖x‖²/9; eight_gaussians: index of the nearest centre / 7.
 */
export function oracleReward(name: ToyDatasetName, x: number, y: number): number {
  switch (name) {
    case 'moons': {
      // Undo the ×2 and shift, then compare distances to the two unit half circles.
      const u = (x + 1) / 2;
      const v = (y + 0.2) / 2;
      return arcDistance(u - 1, -(v - 0.5)) < arcDistance(u, v) ? 1 : 0;
    }
    case 'two_spirals':
      return clamp01(1 - (3 * Math.hypot(x, y)) / 10);
    case 'swissroll':
      return (x * x + y * y) / 9;
    case 'eight_gaussians': {
      let best = 0;
      let bestD = Infinity;
      EIGHT_CENTRES.forEach(([cx, cy], k) => {
        const d = Math.hypot(x - (4 * cx) / Math.SQRT2, y - (4 * cy) / Math.SQRT2);
        if (d < bestD) { bestD = d; best = k; }
      });
      return best / 7;
    }
  }
}

/** Distance from (x, y) to the upper unit half circle {(cos a, sin a): a ∈ [0, π]}. */
function arcDistance(x: number, y: number): number {
  if (y >= 0) return Math.abs(Math.hypot(x, y) - 1);
  return Math.min(Math.hypot(x - 1, y), Math.hypot(x + 1, y));
}

function permutation(n: number, rng: AgentRng): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!; p[i] = p[j]!; p[j] = t;
  }
  return p;
}

function clipDomain(v: number): number {
  return Math.min(TOY_DOMAIN, Math.max(-TOY_DOMAIN, v));
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
