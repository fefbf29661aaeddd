import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOY_DATASETS, EIGHT_CENTRES, generateToyDataset, oracleReward } from '../src/toy/toy-datasets.js';
import { meanOracleReward, supportFraction } from '../src/toy/toy-metrics.js';

test('toy datasets: shapes, finite values inside [-4,4]^2, determinism per seed', () => {
  for (const name of TOY_DATASETS) {
    const d = generateToyDataset(name, 2001, 0);
    assert.equal(d.size, 2001);
    assert.equal(d.points.length, 4002);
    assert.equal(d.rewards.length, 2001);
    assert.ok(d.points.every((v) => Number.isFinite(v) && v >= -4 && v <= 4), name);
    const top = name === 'swissroll' ? 32 / 9 : 1; // swissroll: ‖x‖²/9 on the domain
    assert.ok(d.rewards.every((r) => r >= 0 && r <= top), `${name} rewards in [0, ${top}]`);
    assert.deepEqual(generateToyDataset(name, 50, 3).points, generateToyDataset(name, 50, 3).points);
    assert.notDeepEqual(generateToyDataset(name, 50, 3).points, generateToyDataset(name, 50, 4).points);
  }
  assert.throws(() => generateToyDataset('moons', 1, 0), /n must be/);
});

test('toy datasets: oracle rewards on known points', () => {
  assert.equal(oracleReward('swissroll', 3, 0), 1);
  assert.equal(oracleReward('swissroll', 0, 1.5), 0.25);
  assert.equal(oracleReward('two_spirals', 0, 0), 1);
  assert.ok(Math.abs(oracleReward('two_spirals', 1, 0) - 0.7) < 1e-12);  // s = 3 on an arm of radius 1
  assert.equal(oracleReward('two_spirals', 0, 3.5), 0);
  EIGHT_CENTRES.forEach(([cx, cy], k) => {
    assert.equal(oracleReward('eight_gaussians', (4 * cx) / Math.SQRT2 + 0.1, (4 * cy) / Math.SQRT2), k / 7);
  });
  // Moons after ×2 and shift (−1, −0.2): the upper moon's top is (−1, 1.8), the lower moon's bottom is (1, −1.2).
  assert.equal(oracleReward('moons', -1, 1.8), 0);
  assert.equal(oracleReward('moons', 1, -1.2), 1);
  assert.equal(oracleReward('moons', -3, -0.2), 0);  // left tip of the upper moon
  assert.equal(oracleReward('moons', 3, -0.2), 1);   // right tip of the lower moon
});

test('toy datasets: labels follow each definition', () => {
  const swiss = generateToyDataset('swissroll', 3000, 1);
  for (let i = 0; i < swiss.size; i++) {
    const x = swiss.points[2 * i]!, y = swiss.points[2 * i + 1]!;
    assert.ok(Math.abs(swiss.rewards[i]! - (x * x + y * y) / 9) < 1e-5);
  }
  // Radius of the roll: t/5 with t in [1.5π, 4.5π], plus noise of std 1/5 per coordinate.
  const radii = Array.from({ length: swiss.size }, (_, i) => Math.hypot(swiss.points[2 * i]!, swiss.points[2 * i + 1]!));
  assert.ok(Math.min(...radii) > 0.3 && Math.max(...radii) < 3.9);

  const eight = generateToyDataset('eight_gaussians', 4000, 2);
  const counts = new Array(8).fill(0);
  let agree = 0;
  for (let i = 0; i < eight.size; i++) {
    counts[Math.round(eight.rewards[i]! * 7)]++;
    if (Math.fround(oracleReward('eight_gaussians', eight.points[2 * i]!, eight.points[2 * i + 1]!)) === eight.rewards[i]) agree++;
  }
  for (const c of counts) assert.ok(c > 400 && c < 600, `centre counts ${counts}`);
  assert.ok(agree / eight.size > 0.99, `eight gaussians: nearest-centre rule agrees on ${agree}/${eight.size}`);

  const moons = generateToyDataset('moons', 2000, 3);
  const ones = moons.rewards.reduce((a, b) => a + b, 0);
  assert.equal(ones, 1000);
  let moonAgree = 0;
  for (let i = 0; i < moons.size; i++) {
    if (oracleReward('moons', moons.points[2 * i]!, moons.points[2 * i + 1]!) === moons.rewards[i]) moonAgree++;
  }
  assert.ok(moonAgree / moons.size > 0.97, `moons: nearer-arc rule agrees on ${moonAgree}/${moons.size}`);

  const spirals = generateToyDataset('two_spirals', 2000, 4);
  let err = 0;
  for (let i = 0; i < spirals.size; i++) {
    err += Math.abs(oracleReward('two_spirals', spirals.points[2 * i]!, spirals.points[2 * i + 1]!) - spirals.rewards[i]!);
  }
  assert.ok(err / spirals.size < 0.02, `two spirals: mean |oracle − label| ${err / spirals.size}`);
  // The two arms are point reflections of each other: the mean is near the origin.
  let mx = 0, my = 0;
  for (let i = 0; i < spirals.size; i++) { mx += spirals.points[2 * i]!; my += spirals.points[2 * i + 1]!; }
  assert.ok(Math.abs(mx / spirals.size) < 0.1 && Math.abs(my / spirals.size) < 0.1);
});

test('toy metrics: mean reward and on-support fraction on hand-made points', () => {
  const data = new Float32Array([0, 0, 1, 1]);
  const samples = new Float32Array([0.05, 0, 1, 1.2, 3, 0, 0.99, 1.0]);
  assert.equal(supportFraction(samples, data, 0.1), 0.5);
  assert.equal(supportFraction(samples, data, 0.25), 0.75);
  assert.ok(Math.abs(meanOracleReward('swissroll', new Float32Array([3, 0, 0, 0])) - 0.5) < 1e-12);
});
