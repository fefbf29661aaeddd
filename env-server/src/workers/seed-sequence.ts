// Deterministic seed sequences: env `envIndex` of a session seeded `root` draws its k-th sequence seed from
// (root, envIndex, k) alone, so the sequence does not depend on batch composition, worker or process.

const MASK64 = (1n << 64n) - 1n;

/** The splitmix64 finaliser: a bijective 64-bit mix. */
function mix64(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** The k-th seed of env `envIndex` in a session whose root seed is `root`. */
export function sequenceSeed(root: bigint, envIndex: number, k: number): bigint {
  const golden = 0x9e3779b97f4a7c15n;
  const perEnv = mix64(root + golden * BigInt(envIndex + 1));
  return mix64(perEnv + golden * BigInt(k + 1));
}
