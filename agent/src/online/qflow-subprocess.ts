// The one place where the agent starts the other half of the system: `qflow serve` (a local env server),
// `qflow datasets generate` (the scripted oracles need the physics) and `qflow render-video` (episode videos, drawn
// by the env server package's scene renderer), all as child processes of bin/qflow.js.
// The agent never imports the env-server package.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** bin/qflow.js, from agent/dist/src/online/. */
export const QFLOW_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'bin', 'qflow.js');

export interface LocalEnvServer {
  address: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `qflow serve --port 0` and resolves with the address it printed. */
export async function startLocalEnvServer(args: string[] = [], log: (line: string) => void = () => {}): Promise<LocalEnvServer> {
  const child = spawn(process.execPath, [QFLOW_BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`qflow serve did not start within 60 s: ${stderr}`)); }, 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`qflow serve exited with code ${code}: ${stderr.trim()}`)); });
  });
  log(`env server: started 'qflow serve' (pid ${child.pid}) on ${address}`);
  // The server must not outlive us: kill it when we exit, and on SIGTERM/SIGINT before dying of the signal.
  const killChild = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  const onSignal = (signal: NodeJS.Signals) => { killChild(); process.kill(process.pid, signal); };
  process.once('exit', killChild);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return {
    address, child,
    stop: () => new Promise<void>((resolve) => {
      process.off('exit', killChild);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

/** Runs `qflow datasets generate NAME ...` into `outDir`, passing its progress output through to stderr. */
export function generateDatasetProcess(name: string, opts: { episodes: number; seed: number; episodeLength?: number; task?: number; outDir: string; quiet?: boolean }): Promise<void> {
  const args = [QFLOW_BIN, 'datasets', 'generate', name, '--episodes', String(opts.episodes), '--seed', String(opts.seed), '--out', opts.outDir];
  if (opts.episodeLength) args.push('--episode-length', String(opts.episodeLength));
  if (opts.task !== undefined) args.push('--task', String(opts.task));
  const child = spawn(process.execPath, args, { stdio: ['ignore', opts.quiet ? 'ignore' : 'inherit', opts.quiet ? 'pipe' : 'inherit'] });
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`qflow datasets generate ${name} failed (exit ${code}) ${stderr.trim()}`))));
  });
}

/** Runs `qflow render-video FILES --out DIR` (after an evaluation: rendering never shares its process). */
export function renderVideoProcess(files: string[], outDir: string): Promise<string> {
  return qflowChild(['render-video', ...files, '--out', outDir], 'qflow render-video');
}

/** Rejects, with the reason (naming the installer), when `qflow render-video` could not render for lack of tools. */
export async function checkVideoTools(): Promise<void> {
  await qflowChild(['render-video', '--check'], 'episode videos');
}

/** Resolves with the child's stderr. */
function qflowChild(args: string[], what: string): Promise<string> {
  const child = spawn(process.execPath, [QFLOW_BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stderr.trim())
      : reject(new Error(`${what}: ${stderr.trim().replace(/^qflow render-video: /, '') || `exit ${code}`}`))));
  });
}
