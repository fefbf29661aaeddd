// Download against a local node:http server on loopback: full download, Range resume of a partial file,
// a connection dropped half-way then resumed, and a checksum mismatch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadDataset } from '../src/download/download-dataset.js';
import { downloadFile } from '../src/download/download-file.js';
import { progressBar } from '../src/download/progress-bar.js';

const NAME = 'antmaze-large-navigate-v0';
const TRAIN = randomBytes(300_000);
const VAL = randomBytes(30_000);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

interface Served { url: string; requests: { path: string; range?: string }[]; close(): Promise<void> }

/** Serves the two files with Range support; `dropFirst` cuts the first response of each file half-way. */
async function serve(options: { dropFirst?: boolean; ignoreRange?: boolean } = {}): Promise<Served> {
  const files: Record<string, Buffer> = { [`/${NAME}.npz`]: TRAIN, [`/${NAME}-val.npz`]: VAL };
  const requests: Served['requests'] = [];
  const dropped = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '';
    requests.push({ path, range: req.headers.range });
    const body = files[path];
    if (!body) { res.writeHead(404); res.end(); return; }
    const range = options.ignoreRange ? undefined : /bytes=(\d+)-/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= body.length) { res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }); res.end(); return; }
    res.writeHead(range ? 206 : 200, {
      'Content-Length': body.length - start,
      ...(range ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (options.dropFirst && !dropped.has(path)) {
      dropped.add(path);
      const half = start + Math.floor((body.length - start) / 2);
      res.write(body.subarray(start, half), () => res.socket?.destroy());
      return;
    }
    res.end(body.subarray(start));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qflow-dl-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('downloads the training and validation files with sidecar records', async () => {
  const server = await serve();
  try {
    await withDir(async (dir) => {
      const records = await downloadDataset(NAME, { baseUrl: server.url, dir, progress: false });
      assert.deepEqual(await readFile(join(dir, `${NAME}.npz`)), TRAIN);
      assert.deepEqual(await readFile(join(dir, `${NAME}-val.npz`)), VAL);
      assert.equal(records[0]!.sha256, sha(TRAIN));
      const sidecar = JSON.parse(await readFile(join(dir, `${NAME}.npz.json`), 'utf8'));
      assert.deepEqual([sidecar.size, sidecar.sha256, sidecar.url], [TRAIN.length, sha(TRAIN), `${server.url}/${NAME}.npz`]);
      assert.deepEqual((await readdir(dir)).sort(), [`${NAME}-val.npz`, `${NAME}-val.npz.json`, `${NAME}.npz`, `${NAME}.npz.json`]);
      const before = server.requests.length;
      await downloadDataset(NAME, { baseUrl: server.url, dir, progress: false });
      assert.equal(server.requests.length, before, 'files already in the store are not fetched again');
    });
  } finally {
    await server.close();
  }
});

test('resumes a partial .tmp file with a Range request', async () => {
  const server = await serve();
  try {
    await withDir(async (dir) => {
      await writeFile(join(dir, `${NAME}.npz.tmp`), TRAIN.subarray(0, 123_456));
      await downloadDataset(NAME, { baseUrl: server.url, dir, progress: false, splits: ['train'] });
      assert.deepEqual(await readFile(join(dir, `${NAME}.npz`)), TRAIN);
      assert.deepEqual(server.requests, [{ path: `/${NAME}.npz`, range: 'bytes=123456-' }]);
    });
  } finally {
    await server.close();
  }
});

test('a connection dropped half-way is retried from where it stopped', async () => {
  const server = await serve({ dropFirst: true });
  try {
    await withDir(async (dir) => {
      const record = await downloadFile(`${server.url}/${NAME}.npz`, join(dir, 'x.npz'), { retryDelayMs: 5 });
      assert.deepEqual(await readFile(join(dir, 'x.npz')), TRAIN);
      assert.equal(record.sha256, sha(TRAIN));
      assert.equal(server.requests.length, 2);
      assert.equal(server.requests[0]!.range, undefined);
      assert.match(server.requests[1]!.range ?? '', /^bytes=\d+-$/);
      assert.ok(Number(/\d+/.exec(server.requests[1]!.range!)![0]) > 0, 'the retry asks for the missing tail only');
    });
  } finally {
    await server.close();
  }
});

test('a server that ignores Range restarts the file instead of appending', async () => {
  const server = await serve({ ignoreRange: true });
  try {
    await withDir(async (dir) => {
      await writeFile(join(dir, 'x.npz.tmp'), Buffer.from('stale partial data'));
      await downloadFile(`${server.url}/${NAME}.npz`, join(dir, 'x.npz'), { retryDelayMs: 5 });
      assert.deepEqual(await readFile(join(dir, 'x.npz')), TRAIN);
    });
  } finally {
    await server.close();
  }
});

test('a checksum mismatch is a clear error and leaves no file in place', async () => {
  const server = await serve();
  try {
    await withDir(async (dir) => {
      await assert.rejects(
        downloadFile(`${server.url}/${NAME}.npz`, join(dir, 'x.npz'), { expectedSha256: '0'.repeat(64) }),
        /sha256 mismatch: got [0-9a-f]{64}, expected 0{64}; the download was discarded/,
      );
      assert.deepEqual(await readdir(dir), []);
    });
  } finally {
    await server.close();
  }
});

test('an unknown file on the server and an unknown dataset name are clear errors', async () => {
  const server = await serve();
  try {
    await withDir(async (dir) => {
      await assert.rejects(downloadFile(`${server.url}/nope.npz`, join(dir, 'n.npz'), { retryDelayMs: 5 }), /nope\.npz: HTTP 404/);
      await assert.rejects(downloadDataset('antmaze-larg-navigate-v0', { baseUrl: server.url, dir }),
        /unknown dataset 'antmaze-larg-navigate-v0'; closest valid names: antmaze-large-navigate-v0/);
      assert.equal(server.requests.length, 1, 'a 404 is not retried');
    });
  } finally {
    await server.close();
  }
});

test('the progress bar prints a line per 10% when stderr is not a terminal', () => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => { lines.push(s); return true; } } as unknown as NodeJS.WriteStream;
  const bar = progressBar('x', stream);
  for (let done = 0; done <= 1000; done += 50) bar.update(done, 1000);
  bar.finish();
  assert.equal(lines.length, 11, 'one line at 0%, 10%, ..., 100%');
  assert.match(lines[10]!, /^x \[#{30}\] 100\.0% 0\.0\/0\.0 MB/);
  assert.match(lines[5]!, /^x \[#{15}\.{15}\]  50\.0%/);
});
