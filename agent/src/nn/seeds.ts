// Deterministic seeds for tfjs random ops, derived like JAX key splitting: every random draw is named by the
// agent seed, the update index and a stream label, so a run can be resumed from (weights, moments, step) alone.
// tfjs's random ops (randomNormal, randomUniform) generate on the JS side from a seedrandom seed, so the same
// seed gives the same numbers on every backend.

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/** 64-bit FNV-1a of a string, folded to a non-negative integer below 2^52 (exact as a JS number). */
export function hashSeed(text: string): number {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * FNV_PRIME) & MASK_64;
  }
  return Number((h ^ (h >> 52n)) & ((1n << 52n) - 1n));
}

/** Seed of random stream `stream` at update `step` of an agent seeded with `seed`. */
export function seedFor(seed: number, step: number, stream: string): number {
  return hashSeed(`${seed}/${step}/${stream}`);
}
