// Downloads one URL to a file: into `<file>.tmp`, resumed with HTTP Range requests after a dropped connection
// or an earlier interrupted run, checked (size, optional sha256), renamed into place, recorded in a sidecar JSON.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IncomingMessage, get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { sidecarPath } from '../store/data-dir.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import { ProgressSink, silentProgress } from './progress-bar.js';

export interface DownloadFileOptions {
  /** Hex sha256 the finished file must have; on mismatch the download is discarded. */
  expectedSha256?: string;
  /** Attempts after the first one when a connection drops or a server errors (default 5). */
  retries?: number;
  /** Delay before retry k is k × retryDelayMs (default 1000). */
  retryDelayMs?: number;
  progress?: ProgressSink;
}

export interface DownloadRecord {
  url: string;
  file: string;
  size: number;
  sha256: string;
  downloadedAt: string;
}

export class DownloadError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'DownloadError';
  }
}

async function fileSize(path: string): Promise<number> {
  try { return (await stat(path)).size; } catch { return 0; }
}

function request(url: string, headers: Record<string, string>, redirects = 5): Promise<IncomingMessage> {
  return new Promise((resolvePromise, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { headers }, (res) => {
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.resume();
        if (redirects === 0) return reject(new DownloadError(`${url}: too many redirects`, false));
        return resolvePromise(request(new URL(location, url).toString(), headers, redirects - 1));
      }
      resolvePromise(res);
    });
    req.on('error', (err) => reject(new DownloadError(`${url}: ${err.message}`, true)));
  });
}

/** One attempt: appends what the server sends to `temp`; returns the expected total size if known. */
async function attempt(url: string, temp: string, progress: ProgressSink): Promise<number | undefined> {
  const have = await fileSize(temp);
  const res = await request(url, have > 0 ? { Range: `bytes=${have}-` } : {});
  const status = res.statusCode ?? 0;
  if (status === 416) {
    res.resume();
    const total = Number(/\/(\d+)/.exec(res.headers['content-range'] ?? '')?.[1]);
    if (total === have) return total;
    await unlink(temp).catch(() => undefined);
    throw new DownloadError(`${url}: the partial download does not match the server's file; restarting`, true);
  }
  if (status !== 200 && status !== 206) {
    res.resume();
    throw new DownloadError(`${url}: HTTP ${status} ${res.statusMessage ?? ''}`.trim(), status >= 500 || status === 429);
  }
  let start = 0;
  let total: number | undefined;
  if (status === 206) {
    const range = /bytes (\d+)-\d+\/(\d+|\*)/.exec(res.headers['content-range'] ?? '');
    start = Number(range?.[1]);
    total = range && range[2] !== '*' ? Number(range[2]) : undefined;
    if (start !== have) {
      res.resume();
      await unlink(temp).catch(() => undefined);
      throw new DownloadError(`${url}: server resumed at byte ${start}, expected ${have}; restarting`, true);
    }
  } else {
    const length = Number(res.headers['content-length']);
    total = Number.isFinite(length) ? length : undefined;
  }
  let done = start;
  progress.update(done, total);
  // Every received byte is written (awaited) before an error propagates, so the next attempt resumes exactly.
  const out = await open(temp, status === 206 ? 'a' : 'w');
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      await out.write(chunk);
      done += chunk.length;
      progress.update(done, total);
    }
  } catch (err) {
    throw new DownloadError(`${url}: connection dropped at byte ${done} (${(err as Error).message})`, true);
  } finally {
    await out.close();
  }
  if (total !== undefined && done < total) {
    throw new DownloadError(`${url}: connection closed at byte ${done} of ${total}`, true);
  }
  return total;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 22 }), hash);
  return hash.digest('hex');
}

export async function downloadFile(url: string, file: string, options: DownloadFileOptions = {}): Promise<DownloadRecord> {
  const retries = options.retries ?? 5;
  const delay = options.retryDelayMs ?? 1000;
  const progress = options.progress ?? silentProgress;
  const temp = `${file}.tmp`;
  await mkdir(dirname(file), { recursive: true });
  let total: number | undefined;
  for (let k = 0; ; k++) {
    try {
      total = await attempt(url, temp, progress);
      break;
    } catch (err) {
      if (!(err instanceof DownloadError) || !err.retryable || k >= retries) {
        progress.finish();
        throw err instanceof DownloadError && err.retryable ? new DownloadError(`${err.message}; gave up after ${k + 1} attempts (the partial file ${temp} is kept for a later resume)`, false) : err;
      }
      await new Promise((r) => setTimeout(r, delay * (k + 1)));
    }
  }
  progress.finish();
  const size = await fileSize(temp);
  if (total !== undefined && size !== total) {
    await unlink(temp).catch(() => undefined);
    throw new DownloadError(`${url}: downloaded ${size} bytes, the server announced ${total}; the partial file was removed`, false);
  }
  const sha256 = await sha256File(temp);
  if (options.expectedSha256 && sha256 !== options.expectedSha256.toLowerCase()) {
    await unlink(temp).catch(() => undefined);
    throw new DownloadError(`${url}: sha256 mismatch: got ${sha256}, expected ${options.expectedSha256}; the download was discarded`, false);
  }
  await rename(temp, file);
  const record: DownloadRecord = { url, file, size, sha256, downloadedAt: new Date().toISOString() };
  await writeFileAtomic(sidecarPath(file), async (h) => { await h.writeFile(`${JSON.stringify(record, null, 2)}\n`); });
  return record;
}

