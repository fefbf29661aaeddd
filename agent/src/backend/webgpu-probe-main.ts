// Child-process entry of probeWebgpuQuietly: prints the WebGPU adapter probe's result as one line of JSON.
import { probeWebgpu } from './webgpu-backend.js';

const result = await probeWebgpu();
// Exit once the pipe has the line: Dawn's threads would otherwise keep the process up.
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
