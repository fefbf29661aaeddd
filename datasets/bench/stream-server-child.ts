// Child process of the datasets benchmark: an env server's DatasetService alone (no env workers) on a loopback
// port, serving the store `dir`. Loads the dataset once (timed), then prints {port, loadSeconds} and serves
// until stdin closes. Usage: node stream-server-child.js <dir> <name> <taskId>
// The server and agent packages are loaded at run time by path: the datasets package does not depend on them.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [dir, name, taskId] = process.argv.slice(2);
if (!dir || !name || !taskId) {
  console.error('usage: stream-server-child <dir> <name> <taskId>');
  process.exit(2);
}
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const load = (path: string) => import(pathToFileURL(join(root, path)).href);
const { createDatasetService } = await load('env-server/dist/src/server/dataset-service.js');
const grpc = await import('@grpc/grpc-js' as string);
const proto = await import('@qflow/proto' as string);
const service = createDatasetService({ datasetDir: dir });
const start = performance.now();
await new Promise<void>((resolve, reject) => service.getDatasetInfo({ request: { name, taskId: Number(taskId) } },
  (err: Error | null) => (err ? reject(err) : resolve())));
const loadSeconds = (performance.now() - start) / 1000;
const server = new grpc.Server({ 'grpc.max_send_message_length': 64 << 20 });
server.addService(proto.DatasetServiceService, service);
const port = await new Promise<number>((resolve, reject) =>
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? reject(e) : resolve(p))));
console.log(JSON.stringify({ port, loadSeconds }));
process.stdin.resume();
process.stdin.on('end', () => { server.forceShutdown(); process.exit(0); });
