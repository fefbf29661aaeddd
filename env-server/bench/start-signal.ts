// Load-bench client processes start together: each waits for "go" on stdin from the bench.
import { once } from 'node:events';

export async function waitForGo(): Promise<void> {
  let input = '';
  process.stdin.setEncoding('utf8');
  while (!input.includes('go')) input += (await once(process.stdin, 'data'))[0];
  process.stdin.pause();
}
