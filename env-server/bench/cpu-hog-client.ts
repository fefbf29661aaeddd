// Child process of the load benchmark's control run: after "go" on stdin it keeps one CPU busy for T seconds and
// sends no request. On a machine with few cores, what this costs the well-behaved clients is what any extra busy
// thread costs them, which tells the machine's CPU contention apart from unfairness of the server.
// Prints one JSON line: { rounds, cpuSeconds, outcomes: {} }. Usage: node cpu-hog-client.js SECONDS
import { once } from 'node:events';

/** Length of one busy stretch; between stretches the event loop runs. */
const STRETCH_MS = 50;

async function main(argv: string[]): Promise<number> {
  const seconds = Number(argv[0]);
  if (!(seconds > 0)) {
    console.error('usage: cpu-hog-client.js SECONDS');
    return 2;
  }
  console.log('ready');
  let input = '';
  process.stdin.setEncoding('utf8');
  while (!input.includes('go')) input += (await once(process.stdin, 'data'))[0];
  process.stdin.pause();
  const cpuBefore = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  let rounds = 0;
  while (performance.now() < end) {
    const stretchEnd = performance.now() + STRETCH_MS;
    while (performance.now() < stretchEnd);
    rounds++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { user, system } = process.cpuUsage(cpuBefore);
  console.log(JSON.stringify({ rounds, cpuSeconds: (user + system) / 1e6, outcomes: {} }));
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error) => {
  console.error(error);
  process.exitCode = 1;
});
