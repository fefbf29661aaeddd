// Agent benchmark: ms per update of Q-Flow, FQL and BC at the `cpu` and `paper` presets on each backend present,
// the analytic FLOPs per update, achieved GFLOP/s, and the plain-matMul GFLOP/s of the same backend measured in
// the same run ([256,512]x[512,512]); plus our dense-layer gradient (both backward styles) vs tfjs's default;
// plus, when Debian's python3-torch is present, the PyTorch anchor: the same Q-Flow update in PyTorch at pinned
// thread counts, timed in slices alternating with ours, and the ratio ours/PyTorch.
// Prints tables and writes bench/results/agent-<timestamp>.json.
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { selectBackend, type BackendRequest } from '../src/backend/index.js';
import { blasAvailability } from '../src/backend/blas-backend.js';
import { createAgent, makeAgentConfig, updateFlops, type Agent, type AgentConfig, type AgentKind, type Batch, type PresetName } from '../src/algorithms/index.js';
import { dense, denseAutodiff, denseBackwardStyle, setDenseBackwardStyle, type BackwardStyle } from '../src/nn/index.js';
import { TorchTimer, torchStatus } from './torch-anchor.js';
import { printScaling, threadScaling, type ScalingRow } from './thread-scaling.js';

const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
const HELP = `Usage: node agent/dist/bench/agent-bench.js [options]

  --backends LIST   comma-separated: tensorflow, blas, wasm, cpu (default: blas,wasm,cpu; tensorflow added when
                    installed; blas when its addon was built)
  --kinds LIST      comma-separated agent kinds: qflow, fql, bc, bptt (default qflow,fql,bc)
  --presets LIST    comma-separated: cpu, paper (default cpu,paper)
  --seconds S       time per measurement, split between the update and the interleaved matMul
                    baseline (default 10)
  --paper-on-cpu    also run the paper preset on the cpu backend (about 20 s per Q-Flow update)
  --torch           require the PyTorch anchor (default: run it when /usr/bin/python3 can import torch)
  --no-torch        skip the PyTorch anchor
  --torch-threads LIST  comma-separated thread counts for the anchor (default 1,2)
  --scaling-threads N   threads for the scaling table (1 vs N threads per preset on the first backend;
                    default: the machine's cores; 1 skips it)
  --help            show this help

The PyTorch anchor (agent/bench/torch/qflow_update.py; install with .ci/install-torch.sh) runs our Q-Flow
update in PyTorch float32 for each preset and thread count, in slices alternating with ours on the first
available backend of --backends, and prints ms/update and ours/PyTorch.

Observation and action sizes are antmaze's (29 and 8).`;

const OBS_DIM = 29;
const ACT_DIM = 8;

interface Row {
  backend: string; kind: string; preset: string; batch: number; msPerUpdate: number; updates: number;
  gflopPerUpdate: number; gflops: number; matmulGflops: number; fractionOfMatmul: number;
}

function randomBatch(size: number): Batch {
  let s = 12345;
  const rnd = (n: number) => Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
  return { size, observations: rnd(size * OBS_DIM), actions: rnd(size * ACT_DIM), rewards: rnd(size), masks: new Float32Array(size).fill(1), nextObservations: rnd(size * OBS_DIM) };
}

/**
 * Runs `fn` once to warm up (unless `warmup` is false), then repeatedly for about `seconds` (at least `min`
 * times); returns ms per call. Awaits each call, so an update that returns a promise is timed to its end.
 */
async function timeIt(fn: () => unknown, seconds: number, min = 2, warmup = true): Promise<{ ms: number; runs: number }> {
  if (warmup) await fn();
  const start = performance.now();
  let runs = 0;
  while (runs < min || performance.now() - start < seconds * 1000) {
    await fn();
    runs++;
  }
  return { ms: (performance.now() - start) / runs, runs };
}

/** One [256,512]x[512,512] product, read back (the baseline rate of the backend). */
function matmulProbe(): { run: () => void; dispose: () => void; flops: number } {
  const a = tf.randomNormal([256, 512]);
  const b = tf.randomNormal([512, 512]);
  // Read back outside tf.tidy: tidy scans a returned typed array element by element.
  const run = () => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  };
  return { run, dispose: () => tf.dispose([a, b]), flops: 2 * 256 * 512 * 512 };
}

/**
 * Times `update` and the matMul baseline in alternating slices (`rounds` of each), so both see the same load on
 * a shared machine; returns ms per update and the baseline GFLOP/s.
 */
async function interleaved(update: () => unknown, seconds: number, rounds = 4): Promise<{ ms: number; runs: number; matmulGflops: number }> {
  const probe = matmulProbe();
  let [updateMs, updates, probeMs, probes] = [0, 0, 0, 0];
  for (let r = 0; r < rounds; r++) {
    const u = await timeIt(update, seconds / (2 * rounds), 1);
    updateMs += u.ms * u.runs;
    updates += u.runs;
    const p = await timeIt(probe.run, seconds / (2 * rounds), 3);
    probeMs += p.ms * p.runs;
    probes += p.runs;
  }
  probe.dispose();
  return { ms: updateMs / updates, runs: updates, matmulGflops: probe.flops / (probeMs / probes) / 1e6 };
}

/** Forward + backward of one [256,512]x[512,512] dense layer: our two backward styles vs tfjs's default gradient. */
async function denseGradientComparison(seconds: number): Promise<Record<string, number>> {
  const x = tf.randomNormal([256, 512]) as tf.Tensor2D;
  const w = tf.randomNormal([512, 512], 0, 0.05) as tf.Tensor2D;
  const b = tf.zeros([512]) as tf.Tensor1D;
  const run = (layer: typeof dense) => () => {
    const grads = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(layer(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D)))([x, w, b]);
    grads.forEach((g) => g.dataSync());
    tf.dispose(grads);
  };
  const out: Record<string, number> = {};
  for (const style of ['explicit-transpose', 'transpose-flags'] as BackwardStyle[]) {
    setDenseBackwardStyle(style);
    out[style] = (await timeIt(run(dense), seconds / 3)).ms;
  }
  setDenseBackwardStyle(undefined);
  out['tfjs-default'] = (await timeIt(run(denseAutodiff), seconds / 3)).ms;
  tf.dispose([x, w, b]);
  return out;
}

/** Our Q-Flow update with `threads` threads sharing each update (data-parallel) on the active backend. */
function oursAt(threads: number, config: AgentConfig): Agent {
  return createAgent('qflow', config, OBS_DIM, ACT_DIM, 0, { threads });
}

interface AnchorRow {
  preset: PresetName; threads: number; torchMs: number; torchUpdates: number;
  oursMs: number; oursUpdates: number; oursOverTorch: number;
}

/** ms/update accumulated over slices. */
class Tally {
  ms = 0;
  runs = 0;
  add(t: { ms: number; runs: number }): void {
    this.ms += t.ms * t.runs;
    this.runs += t.runs;
  }
  get mean(): number {
    return this.ms / this.runs;
  }
}

/**
 * The PyTorch anchor at one preset: for each thread count, our update and PyTorch's in alternating slices
 * (`rounds` of each, `seconds` in all per side), so both see the same load on a shared machine.
 */
async function torchAnchor(preset: PresetName, threadCounts: number[], seconds: number, rounds = 4): Promise<AnchorRow[]> {
  const config = makeAgentConfig('qflow', { preset });
  const batch = randomBatch(config.batchSize);
  const lanes = [];
  for (const threads of threadCounts) {
    const ours = oursAt(threads, config);
    await ours.update(batch); // warm-up (the PyTorch timer warms up as it starts)
    lanes.push({ threads, ours, torch: await TorchTimer.start({ config, threads }), oursTally: new Tally(), torchTally: new Tally() });
  }
  const slice = seconds / rounds;
  try {
    for (let r = 0; r < rounds; r++) {
      for (const lane of lanes) {
        lane.oursTally.add(await timeIt(() => lane.ours.update(batch), slice, 1, false));
        const t = await lane.torch.measure(slice);
        lane.torchTally.add({ ms: t.msPerUpdate, runs: t.updates });
      }
    }
  } finally {
    for (const lane of lanes) {
      lane.ours.dispose();
      await lane.torch.close();
    }
  }
  return lanes.map(({ threads, oursTally, torchTally }) => ({
    preset, threads, torchMs: torchTally.mean, torchUpdates: torchTally.runs,
    oursMs: oursTally.mean, oursUpdates: oursTally.runs, oursOverTorch: oursTally.mean / torchTally.mean,
  }));
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

function printAnchor(rows: AnchorRow[], backend: string, torchVersion: string): void {
  console.log(`\nPyTorch anchor: Q-Flow update, float32, same config and batch size; PyTorch ${torchVersion} (OMP_WAIT_POLICY=PASSIVE), ours on ${backend}; slices interleaved`);
  printTable(['preset', 'threads', 'ours ms/update', 'PyTorch ms/update', 'ours/PyTorch'],
    rows.map((r) => [r.preset, String(r.threads), r.oursMs.toFixed(1), r.torchMs.toFixed(1), r.oursOverTorch.toFixed(2)]));
  for (const preset of new Set(rows.map((r) => r.preset))) {
    const lanes = rows.filter((r) => r.preset === preset);
    const most = lanes.reduce((a, b) => (b.threads > a.threads ? b : a));
    const torchOne = lanes.find((r) => r.threads === 1);
    if (torchOne && most.threads > 1) {
      console.log(`  ${preset}: ours at ${most.threads} threads / PyTorch at 1 thread = ${(most.oursMs / torchOne.torchMs).toFixed(2)}`);
    }
  }
}

function threadList(value: string, flag = '--torch-threads'): number[] {
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = items.filter((v) => !/^[1-9][0-9]*$/.test(v));
  if (bad.length || !items.length) throw new Error(`${flag}: expected comma-separated positive integers, got '${value}'`);
  return items.map(Number);
}

/** Whether to run the anchor: --torch requires it, --no-torch skips it, by default it runs when torch imports. */
function anchorWanted(values: { torch?: boolean; 'no-torch'?: boolean }, notes: string[]): { version: string } | undefined {
  if (values.torch && values['no-torch']) throw new Error('--torch and --no-torch contradict each other; give one');
  if (values['no-torch']) return undefined;
  const status = torchStatus();
  if (status.ok) return { version: status.version };
  if (values.torch) throw new Error(`--torch: ${status.reason}`);
  notes.push(`PyTorch anchor skipped: ${status.reason}`);
  return undefined;
}

function list<T extends string>(value: string, valid: readonly T[], flag: string): T[] {
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = items.filter((v) => !valid.includes(v as T));
  if (bad.length) throw new Error(`${flag}: unknown value(s) ${bad.join(', ')}; valid: ${valid.join(', ')}`);
  return items as T[];
}

async function tensorflowInstalled(): Promise<boolean> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try { await import(pkg); return true; } catch { /* not installed */ }
  }
  return false;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      backends: { type: 'string' }, kinds: { type: 'string', default: 'qflow,fql,bc' }, presets: { type: 'string', default: 'cpu,paper' },
      seconds: { type: 'string', default: '10' }, 'paper-on-cpu': { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
      torch: { type: 'boolean' }, 'no-torch': { type: 'boolean' }, 'torch-threads': { type: 'string', default: '1,2' },
      'scaling-threads': { type: 'string', default: String(cpus().length) },
    },
    strict: true,
  });
  if (values.help) { console.log(HELP); return 0; }
  const defaultBackends = [(await tensorflowInstalled()) && 'tensorflow', blasAvailability().ok && 'blas', 'wasm', 'cpu'].filter(Boolean).join(',');
  const backends = list(values.backends ?? defaultBackends, ['tensorflow', 'blas', 'wasm', 'cpu'] as const, '--backends');
  const kinds = list(values.kinds!, ['qflow', 'fql', 'bc', 'bptt'] as const, '--kinds') as AgentKind[];
  const presets = list(values.presets!, ['cpu', 'paper'] as const, '--presets') as PresetName[];
  const seconds = Number(values.seconds);
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got '${values.seconds}'`);
  const torchThreads = threadList(values['torch-threads']!);
  const [scalingThreads] = threadList(values['scaling-threads']!, '--scaling-threads');
  const notes: string[] = [];
  const anchor = anchorWanted(values, notes);

  const rows: Row[] = [];
  const loadStart = loadavg()[0]!;
  const denseComparison: Record<string, Record<string, number>> = {};
  const backendStyles: Record<string, string> = {};
  const available: string[] = [];
  for (const requested of backends) {
    const selection = await selectBackend(requested as BackendRequest);
    if (selection.name !== requested) { notes.push(`${requested}: not available (${selection.message})`); continue; }
    available.push(requested);
    denseComparison[requested] = await denseGradientComparison(Math.min(6, seconds));
    backendStyles[requested] = denseBackwardStyle();
    for (const preset of presets) {
      if (preset === 'paper' && requested === 'cpu' && !values['paper-on-cpu']) {
        notes.push('cpu backend: paper preset skipped (≈1 GFLOP/s matmul: ~20 s per Q-Flow update); --paper-on-cpu runs it');
        continue;
      }
      for (const kind of kinds) {
        const config = makeAgentConfig(kind, { preset });
        const agent = createAgent(kind, config, OBS_DIM, ACT_DIM, 0);
        const batch = randomBatch(config.batchSize);
        const { ms, runs, matmulGflops: matmul } = await interleaved(() => agent.update(batch), seconds);
        agent.dispose();
        const flops = updateFlops(kind, config, OBS_DIM, ACT_DIM).total;
        const gflops = flops / ms / 1e6;
        rows.push({ backend: requested, kind, preset, batch: config.batchSize, msPerUpdate: ms, updates: runs, gflopPerUpdate: flops / 1e9, gflops, matmulGflops: matmul, fractionOfMatmul: gflops / matmul });
      }
    }
  }
  // Scaling and the anchor use our first available backend (the fastest, in the default order).
  const scalingRows: ScalingRow[] = [];
  if (available[0] && scalingThreads! > 1) {
    await selectBackend(available[0] as BackendRequest, () => {});
    for (const preset of presets) scalingRows.push(await threadScaling(preset, scalingThreads!, seconds, randomBatch, [OBS_DIM, ACT_DIM]));
  }
  const anchorRows: AnchorRow[] = [];
  const anchorBackend = available[0];
  if (anchor && anchorBackend) {
    await selectBackend(anchorBackend as BackendRequest, () => {}); // already logged above
    for (const preset of presets) anchorRows.push(...(await torchAnchor(preset, torchThreads, seconds)));
  }

  const header = ['backend', 'kind', 'preset', 'batch', 'ms/update', 'GFLOP/update', 'GFLOP/s', 'matMul GFLOP/s', '% of matMul'];
  printTable(header, rows.map((r) => [r.backend, r.kind, r.preset, String(r.batch), r.msPerUpdate.toFixed(1), r.gflopPerUpdate.toFixed(2), r.gflops.toFixed(2), r.matmulGflops.toFixed(2), (100 * r.fractionOfMatmul).toFixed(0) + '%']));
  console.log('\ndense layer [256,512]x[512,512], forward + backward:');
  for (const [backend, d] of Object.entries(denseComparison)) {
    const cells = Object.entries(d).map(([k, ms]) => `${k} ${ms.toFixed(2)} ms`).join(', ');
    console.log(`  ${backend}: ${cells}; the agent uses ${backendStyles[backend]}`);
  }
  printScaling(scalingRows);
  if (anchorRows.length) printAnchor(anchorRows, anchorBackend!, anchor!.version);
  const machine = { cpus: cpus().length, loadAverage1m: { start: loadStart, end: loadavg()[0]! } };
  console.log(`machine: ${machine.cpus} cores, 1-minute load ${loadStart.toFixed(1)} at start, ${machine.loadAverage1m.end.toFixed(1)} at end (ratios use a baseline interleaved with each measurement)`);
  for (const n of notes) console.log(`note: ${n}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}agent-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ obsDim: OBS_DIM, actDim: ACT_DIM, machine, rows, denseGradient: denseComparison, denseBackwardStyle: backendStyles,
    threadScaling: scalingRows, torchAnchor: anchor && anchorRows.length ? { torch: anchor.version, backend: anchorBackend, rows: anchorRows } : null, notes }, null, 2));
  console.log(`wrote ${file}`);
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
  console.error(`agent-bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
