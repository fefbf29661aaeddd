// Test helper: runs `node bin/qflow.js serve --port 0` as a child process and reads the bound address from its
// "listening on HOST:PORT" line (the agent never imports the env-server package).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const QFLOW_BIN = join(REPO_ROOT, 'bin', 'qflow.js');

export interface ServerProcess {
  address: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

export interface ServerLaunch {
  /** TCP port (default 0: any free one). */
  port?: number;
  /** Turns the server's command line into the one to run (e.g. inside a network namespace). */
  wrap?: (argv: string[]) => [string, string[]];
}

export async function startServerProcess(extraArgs: string[] = [], launch: ServerLaunch = {}): Promise<ServerProcess> {
  const argv = [process.execPath, QFLOW_BIN, 'serve', '--port', String(launch.port ?? 0), '--workers', '1', ...extraArgs];
  const [command, args] = launch.wrap ? launch.wrap(argv) : [argv[0]!, argv.slice(1)];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`env server did not start in 60 s: ${err}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`env server exited with ${code}: ${err}`));
    });
  });
  return {
    address,
    child,
    stderr: () => err,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}
