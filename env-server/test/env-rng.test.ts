// The envs' seeded generator (xoshiro128** seeded through splitmix64).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EnvRng } from '../src/envs/env-rng.js';

describe('EnvRng', () => {
  test('splitmix64 seeding and xoshiro128** output match values computed independently with BigInt', () => {
    // Reference: a straightforward BigInt transcription of both algorithms, written separately from EnvRng.
    const M64 = (1n << 64n) - 1n;
    const M32 = (1n << 32n) - 1n;
    let sm = 12345n;
    const words: bigint[] = [];
    for (let k = 0; k < 2; k++) {
      sm = (sm + 0x9e3779b97f4a7c15n) & M64;
      let z = sm;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
      z ^= z >> 31n;
      words.push(z & M32, z >> 32n);
    }
    const s = [...words];
    const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M32;
    const expected: number[] = [];
    for (let k = 0; k < 8; k++) {
      expected.push(Number((rotl((s[1]! * 5n) & M32, 7n) * 9n) & M32));
      const t = (s[1]! << 9n) & M32;
      s[2]! ^= s[0]!;
      s[3]! ^= s[1]!;
      s[1]! ^= s[2]!;
      s[0]! ^= s[3]!;
      s[2]! ^= t;
      s[3] = rotl(s[3]!, 11n);
    }
    const rng = new EnvRng(12345n);
    assert.deepEqual(Array.from({ length: 8 }, () => rng.nextUint32()), expected);
  });

  test('same seed ⇒ same stream; reseed restarts it; different seeds differ', () => {
    const a = new EnvRng(7n);
    const first = Array.from({ length: 5 }, () => [a.nextDouble(), a.normal()]);
    a.reseed(7n);
    assert.deepEqual(Array.from({ length: 5 }, () => [a.nextDouble(), a.normal()]), first);
    assert.notDeepEqual(new EnvRng(8n).nextDouble(), new EnvRng(7n).nextDouble());
    assert.deepEqual(new EnvRng(-1n).nextUint32(), new EnvRng((1n << 64n) - 1n).nextUint32(), 'seeds are taken modulo 2^64');
  });

  test('uniform draws stay in range with mean ≈ centre; normal draws have mean 0 and variance 1', () => {
    const rng = new EnvRng(99n);
    const n = 100_000;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const u = rng.uniform(-1, 1);
      assert.ok(u >= -1 && u < 1);
      sum += u;
    }
    assert.ok(Math.abs(sum / n) < 0.01);
    let m1 = 0;
    let m2 = 0;
    for (let k = 0; k < n; k++) {
      const z = rng.normal();
      m1 += z;
      m2 += z * z;
    }
    assert.ok(Math.abs(m1 / n) < 0.02, `normal mean ${m1 / n}`);
    assert.ok(Math.abs(m2 / n - 1) < 0.02, `normal variance ${m2 / n}`);
    const counts = [0, 0, 0];
    for (let k = 0; k < 30_000; k++) counts[rng.integer(3)]!++;
    assert.ok(counts.every((c) => Math.abs(c - 10_000) < 500), `integer(3) counts ${counts}`);
  });
});
