// Agent benchmark: ms per update of Q-Flow, FQL and BC at the `cpu` and `paper` presets on each backend present,
// the analytic FLOPs per update, achieved GFLOP/s, and the plain-matMul GFLOP/s of the same backend measured in
// the same run ([256,512]x[512,512]); plus our dense-layer gradient (both backward styles) vs tfjs's default.
// Prints a table and writes bench/results/agent-<timestamp>.json.
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { selectBackend, type BackendRequest } from '../src/backend/index.js';
import { createAgent, makeAgentConfig, updateFlops, type AgentKind, type Batch, type PresetName } from '../src/algorithms/index.js';
import { dense, denseAutodiff, denseBackwardStyle, setDenseBackwardStyle, type BackwardStyle } from '../src/nn/index.js';

const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
const HELP = `Usage: node agent/dist/bench/agent-bench.js [options]

  --backends LIST   comma-separated: wasm, cpu, tensorflow (default: wasm,cpu; tensorflow added when installed)
  --kinds LIST      comma-separated agent kinds: qflow, fql, bc, bptt (default qflow,fql,bc)
  --presets LIST    comma-separated: cpu, paper (default cpu,paper)
  --seconds S       time per measurement, split between the update and the interleaved matMul
                    baseline (default 10)
  --paper-on-cpu    also run the paper preset on the cpu backend (about 20 s per Q-Flow update)
  --help            show this help

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

/** Runs `fn` once to warm up, then repeatedly for about `seconds` (at least `min` times); returns ms per call. */
async function timeIt(fn: () => unknown, seconds: number, min = 2): Promise<{ ms: number; runs: number }> {
  await fn();
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
async function interleaved(update: () => Promise<unknown>, seconds: number, rounds = 4): Promise<{ ms: number; runs: number; matmulGflops: number }> {
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
    },
    strict: true,
  });
  if (values.help) { console.log(HELP); return 0; }
  const defaultBackends = (await tensorflowInstalled()) ? 'tensorflow,wasm,cpu' : 'wasm,cpu';
  const backends = list(values.backends ?? defaultBackends, ['tensorflow', 'wasm', 'cpu'] as const, '--backends');
  const kinds = list(values.kinds!, ['qflow', 'fql', 'bc', 'bptt'] as const, '--kinds') as AgentKind[];
  const presets = list(values.presets!, ['cpu', 'paper'] as const, '--presets') as PresetName[];
  const seconds = Number(values.seconds);
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got '${values.seconds}'`);

  const rows: Row[] = [];
  const loadStart = loadavg()[0]!;
  const denseComparison: Record<string, Record<string, number>> = {};
  const notes: string[] = [];
  const backendStyles: Record<string, string> = {};
  for (const requested of backends) {
    const selection = await selectBackend(requested as BackendRequest);
    if (selection.name !== requested) { notes.push(`${requested}: not available (${selection.message})`); continue; }
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

  const header = ['backend', 'kind', 'preset', 'batch', 'ms/update', 'GFLOP/update', 'GFLOP/s', 'matMul GFLOP/s', '% of matMul'];
  const table = rows.map((r) => [r.backend, r.kind, r.preset, String(r.batch), r.msPerUpdate.toFixed(1), r.gflopPerUpdate.toFixed(2), r.gflops.toFixed(2), r.matmulGflops.toFixed(2), (100 * r.fractionOfMatmul).toFixed(0) + '%']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const r of table) console.log(line(r));
  console.log('\ndense layer [256,512]x[512,512], forward + backward:');
  for (const [backend, d] of Object.entries(denseComparison)) {
    const cells = Object.entries(d).map(([k, ms]) => `${k} ${ms.toFixed(2)} ms`).join(', ');
    console.log(`  ${backend}: ${cells}; the agent uses ${backendStyles[backend]}`);
  }
  const machine = { cpus: cpus().length, loadAverage1m: { start: loadStart, end: loadavg()[0]! } };
  console.log(`machine: ${machine.cpus} cores, 1-minute load ${loadStart.toFixed(1)} at start, ${machine.loadAverage1m.end.toFixed(1)} at end (ratios use a baseline interleaved with each measurement)`);
  for (const n of notes) console.log(`note: ${n}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}agent-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ obsDim: OBS_DIM, actDim: ACT_DIM, machine, rows, denseGradient: denseComparison, denseBackwardStyle: backendStyles, notes }, null, 2));
  console.log(`wrote ${file}`);
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
  console.error(`agent-bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
