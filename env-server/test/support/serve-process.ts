// `qflow serve` as a child process: waits for its "listening on" (and "viewer at") lines; stop() sends SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const QFLOW = fileURLToPath(new URL('../../../../bin/qflow.js', import.meta.url));

export interface ServeProcess {
  address: string;
  viewerUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startServeProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServeProcess> {
  const child = spawn(process.execPath, [QFLOW, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let [stdout, stderr] = ['', ''];
  child.stderr.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit');
  const wantsViewer = args.includes('--viewer-port');
  const [address, viewerUrl] = await new Promise<[string, string | undefined]>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const listening = /listening on (\S+)/.exec(stdout);
      const viewer = /viewer at (\S+)/.exec(stdout);
      if (listening && (viewer || !wantsViewer)) resolve([listening[1]!, viewer?.[1]]);
    });
    child.once('exit', (code) => reject(new Error(`qflow serve exited early (${code}): ${stderr}`)));
  });
  return {
    address,
    viewerUrl,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
