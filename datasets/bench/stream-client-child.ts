// Child process of the datasets benchmark: the agent's remote dataset client filling its TransitionDataset over
// loopback gRPC. Prints {seconds, maxRssKb, checksum}. Usage: node stream-client-child.js <address> <name> <taskId>
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [address, name, taskId] = process.argv.slice(2);
if (!address || !name || !taskId) {
  console.error('usage: stream-client-child <address> <name> <taskId>');
  process.exit(2);
}
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const { fetchRemoteDataset } = await import(pathToFileURL(join(root, 'agent/dist/src/data/remote-dataset.js')).href);
const start = process.hrtime.bigint();
const result = await fetchRemoteDataset(address, name, { taskId: Number(taskId) });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, checksum: result.dataset.size, resumes: result.resumes }));
