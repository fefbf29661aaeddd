// A generated dataset's sidecar names the expert files it was made with; checkGeneratedExperts tells a reuse
// whether those files have changed (a retrained expert) or vanished since.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGeneratedExperts, writeGeneratedSidecar } from '../src/store/generated-sidecar.js';
import { sha256File } from '../src/download/download-file.js';

test('checkGeneratedExperts: unchanged experts pass, a rewritten one is named as changed, a deleted one as missing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sidecar-'));
  try {
    const data = join(dir, 'antsoccer-arena-navigate-v0.npz');
    const walker = join(dir, 'ant-xy.json');
    const ball = join(dir, 'ant-ball.json');
    await writeFile(data, 'npz bytes');
    await writeFile(walker, '{"weights":[1]}');
    await writeFile(ball, '{"weights":[2]}');
    await writeGeneratedSidecar(data, {
      generator: 'antsoccer-navigate-expert/1', seed: 0,
      extra: { expert: walker, expertSha256: await sha256File(walker), ballExpert: ball, ballExpertSha256: await sha256File(ball) },
    });
    assert.deepEqual(await checkGeneratedExperts(data), { changed: [], missing: [] });

    await writeFile(walker, '{"weights":[3]}');
    const afterRetrain = await checkGeneratedExperts(data);
    assert.equal(afterRetrain.changed.length, 1);
    assert.match(afterRetrain.changed[0]!, /ant-xy\.json \(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now\)/);

    await rm(ball);
    assert.deepEqual((await checkGeneratedExperts(data)).missing, [ball]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('checkGeneratedExperts: a file without a sidecar, or made by the oracles, has nothing to check', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sidecar-'));
  try {
    const data = join(dir, 'cube-single-play-v0.npz');
    await writeFile(data, 'npz bytes');
    assert.deepEqual(await checkGeneratedExperts(data), { changed: [], missing: [] });
    await writeGeneratedSidecar(data, { generator: 'cube-oracle/1', seed: 0, extra: { episodes: '10' } });
    assert.deepEqual(await checkGeneratedExperts(data), { changed: [], missing: [] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
