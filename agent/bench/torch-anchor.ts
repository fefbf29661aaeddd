// The PyTorch anchor: agent/bench/torch/qflow_update.py, a float32 PyTorch port of our Q-Flow update, run with
// Debian's python3-torch (.ci/install-torch.sh). It times the same update beside ours (pinned thread counts,
// idle OpenMP workers asleep) and, for the test, runs given updates on given weights, batches and random draws.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { makeAgentConfig, type AgentConfig, type PresetName } from '../src/algorithms/index.js';

/** Debian's interpreter: python3-torch is installed for it, not for any other python on the PATH. */
export const PYTHON = '/usr/bin/python3';
export const TORCH_SCRIPT = fileURLToPath(new URL('../../bench/torch/qflow_update.py', import.meta.url));

export type TorchStatus = { ok: true; version: string } | { ok: false; reason: string };
let status: TorchStatus | undefined;

/** Whether /usr/bin/python3 can import torch (checked once per process). */
export function torchStatus(): TorchStatus {
  if (status) return status;
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.error) status = { ok: false, reason: `${PYTHON} cannot run (${probe.error.message})` };
  else if (probe.status !== 0) status = { ok: false, reason: `${PYTHON} cannot import torch (install it with .ci/install-torch.sh)` };
  else status = { ok: true, version: probe.stdout.trim() };
  return status;
}

export function torchAvailable(): boolean {
  return torchStatus().ok;
}

export interface TorchTiming {
  msPerUpdate: number;
  updates: number;
}

interface TimerOptions {
  /** The agent config to port (our preset, so both sides run the same dims, batch, ensemble and flow steps). */
  config: AgentConfig;
  threads: number;
  warmup?: number;
}

function timerArgs(mode: '--time' | '--serve', o: TimerOptions): string[] {
  return [TORCH_SCRIPT, mode, '--config', JSON.stringify(o.config), '--threads', String(o.threads), '--warmup', String(o.warmup ?? 3)];
}

function checkThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`PyTorch threads must be an integer >= 1, got ${threads}`);
}

/**
 * A warm PyTorch process that times slices of updates on request, so its slices can alternate with ours and
 * both see the same machine load. Between slices it blocks on stdin (its OpenMP workers sleep).
 */
export class TorchTimer {
  private readonly waiting: ((line: string | Error) => void)[] = [];
  private stderr = '';
  private exited = false;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    child.stderr.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-2000); });
    const fail = (err: Error) => {
      this.exited = true;
      for (const waiter of this.waiting.splice(0)) waiter(err);
    };
    child.on('error', (err) => fail(new Error(`PyTorch timer could not run ${PYTHON}: ${err.message}`)));
    child.on('close', (code) => fail(new Error(`PyTorch timer exited (code ${code}): ${this.stderr.trim() || 'no error output'}`)));
  }

  static async start(options: TimerOptions): Promise<TorchTimer> {
    checkThreads(options.threads);
    const timer = new TorchTimer(spawn(PYTHON, timerArgs('--serve', options), { stdio: 'pipe' }));
    await timer.nextLine(); // {"ready": true, ...} after the warm-up
    return timer;
  }

  /** Times updates for about `seconds` (at least one). */
  async measure(seconds: number): Promise<TorchTiming> {
    if (this.exited) throw new Error(`PyTorch timer has exited: ${this.stderr.trim()}`);
    const reply = this.nextLine();
    this.child.stdin.write(JSON.stringify({ seconds }) + '\n');
    const r = JSON.parse(await reply) as { ms_per_update: number; updates: number };
    return { msPerUpdate: r.ms_per_update, updates: r.updates };
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const closed = new Promise((resolve) => this.child.once('close', resolve));
    this.child.stdin.end();
    await closed;
  }

  private nextLine(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => (line instanceof Error ? reject(line) : resolve(line)));
    });
  }
}

/** One standalone measurement: a PyTorch process at `threads` threads times the preset's update for `seconds`. */
export async function measureTorch(o: { preset: PresetName; threads: number; seconds: number }): Promise<TorchTiming> {
  checkThreads(o.threads);
  if (!(o.seconds > 0)) throw new Error(`seconds must be a positive number, got ${o.seconds}`);
  const args = [...timerArgs('--time', { config: makeAgentConfig('qflow', { preset: o.preset }), threads: o.threads }), '--seconds', String(o.seconds)];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`PyTorch timing failed (code ${code}): ${stderr.trim()}`))));
  });
  const r = JSON.parse(out) as { ms_per_update: number; updates: number };
  return { msPerUpdate: r.ms_per_update, updates: r.updates };
}

export interface TensorJson {
  shape: number[];
  data: number[];
}

/** What `--check` reads: our config, initial state tensors (AgentState.tensors names) and per-step inputs. */
export interface TorchCheckInput {
  config: AgentConfig;
  obsDim: number;
  actDim: number;
  tensors: Record<string, TensorJson>;
  steps: {
    batch: { size: number; observations: number[]; actions: number[]; rewards: number[]; masks: number[]; nextObservations: number[] };
    /** Random draws by stream name ('critic/next_noise', 'inner/noise', 'inner/time', 'actor/noise', 'actor/time'). */
    draws: Record<string, number[]>;
  }[];
}

export interface TorchCheckOutput {
  /** Each step's metrics, named as our update names them. */
  steps: Record<string, number>[];
  /** Parameters and Adam moments after the last step, named as in AgentState.tensors. */
  tensors: Record<string, TensorJson>;
}

/** Runs the given updates in PyTorch (one thread) and returns their metrics and the final tensors. */
export function runTorchCheck(input: TorchCheckInput): TorchCheckOutput {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-torch-check-'));
  try {
    const [inPath, outPath] = [join(dir, 'in.json'), join(dir, 'out.json')];
    writeFileSync(inPath, JSON.stringify(input));
    const run = spawnSync(PYTHON, [TORCH_SCRIPT, '--check', inPath, '--out', outPath, '--threads', '1'], { encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0) throw new Error(`PyTorch check failed (${run.error?.message ?? `code ${run.status}`}): ${run.stderr.trim()}`);
    return JSON.parse(readFileSync(outPath, 'utf8')) as TorchCheckOutput;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The script's built-in preset (used when it runs standalone), to check it against ours. */
export function torchPresetConfig(preset: PresetName): Record<string, unknown> {
  const run = spawnSync(PYTHON, [TORCH_SCRIPT, '--show-config', preset], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`qflow_update.py --show-config failed: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}
