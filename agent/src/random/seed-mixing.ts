// Seed mixing on the agent side: one integer seed per (root seed, index) pair, for seed sequences (an env slot's
// episodes, evaluation waves, policy noise per step). Distinct from nn/seeds.ts, which names tfjs random streams.

/** A 31-bit seed mixed from two integers (so every wave and step gets distinct policy noise). */
export function mixSeeds(a: number, b: number): number {
  let h = Math.imul((a >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((b >>> 0) + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) & 0x7fffffff;
}
