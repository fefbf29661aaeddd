// Datasets benchmark (npm run bench:datasets): a 1M-transition file shaped like antmaze-large-navigate-v0,
// (a) our load time vs numpy's (np.load + touching every array, and the loader's regular layout), each in a
// child process, median of several alternating runs; (b) the same dataset streamed over loopback gRPC from the
// DatasetService into the agent's TransitionDataset (when env-server and agent are built); (c) peak RSS of each.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ndarray } from '../src/npy/ndarray.js';
import { writeNpz } from '../src/npz/npz-writer.js';

const EPISODES = Number(process.env.QFLOW_BENCH_EPISODES ?? 1000);
const LENGTH = 1001;
const RUNS = Number(process.env.QFLOW_BENCH_RUNS ?? 3);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..', '..');

interface Sample { seconds: number; maxRssKb: number; checksum: number }

/** Smooth random walks plus noise: compresses about as poorly as real locomotion data. */
function walk(rows: number, cols: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(rows * cols);
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296) - 0.5;
  const state = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    if (r % LENGTH === 0) state.fill(0);
    for (let c = 0; c < cols; c++) {
      state[c] = state[c]! * 0.99 + rand() * scale;
      out[r * cols + c] = state[c]!;
    }
  }
  return out;
}

async function makeFile(path: string): Promise<number> {
  const rows = EPISODES * LENGTH;
  const terminals = new Uint8Array(rows);
  for (let e = 1; e <= EPISODES; e++) terminals[e * LENGTH - 1] = 1;
  const start = performance.now();
  await writeNpz(path, {
    observations: ndarray('float32', [rows, 29], walk(rows, 29, 1, 0.3)),
    actions: ndarray('float32', [rows, 8], walk(rows, 8, 2, 1)),
    terminals: ndarray('bool', [rows], terminals),
    qpos: ndarray('float32', [rows, 15], walk(rows, 15, 3, 0.3)),
    qvel: ndarray('float32', [rows, 14], walk(rows, 14, 4, 1)),
  });
  return (performance.now() - start) / 1000;
}

function runChild(command: string, args: string[], env: Record<string, string> = {}): Sample {
  const out = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, ...env } });
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Sample;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const STREAM_NAME = 'antmaze-large-navigate-v0';
const STREAM_TASK = '1';

/** (b): starts the DatasetService child, runs the agent client child RUNS times; undefined if not built. */
async function streamSamples(dir: string): Promise<{ samples: Sample[]; serverLoadSeconds: number; serverRssKb: number } | undefined> {
  const built = ['env-server/dist/src/server/dataset-service.js', 'agent/dist/src/data/remote-dataset.js'].every((p) => existsSync(join(root, p)));
  if (!built) return undefined;
  const server = spawn(process.execPath, [join(here, 'stream-server-child.js'), dir, STREAM_NAME, STREAM_TASK], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const ready = await new Promise<{ port: number; loadSeconds: number }>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
      });
      server.on('exit', (code) => reject(new Error(`stream server exited with ${code}`)));
    });
    const samples: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
      samples.push(runChild(process.execPath, [join(here, 'stream-client-child.js'), `127.0.0.1:${ready.port}`, STREAM_NAME, STREAM_TASK]));
    }
    const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    return { samples, serverLoadSeconds: ready.loadSeconds, serverRssKb: hwm ? Number(hwm[1]) : NaN };
  } finally {
    server.stdin.end();
    server.kill();
  }
}

async function main(): Promise<void> {
  const numpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
  const dir = await mkdtemp(join(tmpdir(), 'qflow-datasets-bench-'));
  try {
    const file = join(dir, 'antmaze-large-navigate-v0.npz');
    const writeSeconds = await makeFile(file);
    const bytes = (await stat(file)).size;
    console.log(`generated ${EPISODES} episodes x ${LENGTH} rows (${(bytes / 2 ** 20).toFixed(1)} MiB deflated) in ${writeSeconds.toFixed(2)} s`);
    const samples: Record<string, Sample[]> = {};
    const add = (key: string, s: Sample) => { (samples[key] ??= []).push(s); };
    for (let run = 0; run < RUNS; run++) {
      for (const mode of ['raw', 'loader']) {
        add(`ours-${mode}`, runChild(process.execPath, [join(here, 'load-child.js'), mode, file]));
        // Members inflate in parallel on libuv's thread pool; one thread shows the single-core speed numpy has.
        add(`ours-${mode}-1thread`, runChild(process.execPath, [join(here, 'load-child.js'), mode, file], { UV_THREADPOOL_SIZE: '1' }));
        if (numpy) add(`numpy-${mode}`, runChild('python3', [join(here, '..', '..', 'bench', 'numpy-load.py'), mode, file]));
      }
    }
    const streamed = await streamSamples(dir);
    if (streamed) samples['stream-grpc'] = streamed.samples;
    const rows = Object.entries(samples).map(([key, s]) => ({
      key, seconds: median(s.map((x) => x.seconds)), maxRssMiB: median(s.map((x) => x.maxRssKb)) / 1024, checksum: s[0]!.checksum,
    }));
    const ratio = (mode: string, variant = '') => {
      const ours = rows.find((r) => r.key === `ours-${mode}${variant}`)!;
      const theirs = rows.find((r) => r.key === `numpy-${mode}`);
      return theirs ? ours.seconds / theirs.seconds : undefined;
    };
    console.log('\nmeasure               median s   peak RSS MiB');
    for (const r of rows) console.log(`${r.key.padEnd(20)} ${r.seconds.toFixed(3).padStart(9)} ${r.maxRssMiB.toFixed(0).padStart(14)}`);
    for (const mode of ['raw', 'loader']) {
      const x = ratio(mode);
      const single = ratio(mode, '-1thread');
      console.log(`${mode}: ours / numpy = ${x === undefined ? 'n/a (python3 with numpy not installed)' : `${x.toFixed(2)}x (target <= 1.0x); one thread: ${single!.toFixed(2)}x`}`);
    }
    const local = rows.find((r) => r.key === 'ours-loader')!;
    const stream = rows.find((r) => r.key === 'stream-grpc');
    const streamRatio = stream ? stream.seconds / local.seconds : undefined;
    console.log(stream
      ? `stream: gRPC into the agent's dataset / local load = ${streamRatio!.toFixed(2)}x (target <= 2.0x); ` +
        `server load ${streamed!.serverLoadSeconds.toFixed(2)} s (not in the stream time), server peak RSS ${(streamed!.serverRssKb / 1024).toFixed(0)} MiB`
      : 'stream: n/a (build env-server and agent first: npx tsc -b)');
    const results = {
      benchmark: 'datasets', date: new Date().toISOString(), episodes: EPISODES, storedLength: LENGTH, runs: RUNS,
      fileBytes: bytes, writeSeconds, rows, ratios: {
        raw: ratio('raw'), loader: ratio('loader'), raw1thread: ratio('raw', '-1thread'), loader1thread: ratio('loader', '-1thread'),
        streamVsLocal: streamRatio,
      },
      streamServer: streamed ? { loadSeconds: streamed.serverLoadSeconds, peakRssMiB: streamed.serverRssKb / 1024 } : undefined,
    };
    const outDir = join(root, 'bench', 'results');
    await mkdir(outDir, { recursive: true });
    const outFile = join(outDir, `datasets-${results.date.replace(/[:.]/g, '-')}.json`);
    await writeFile(outFile, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${outFile}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
