#!/usr/bin/env node
// A minimal agent that plugs into an env server with nothing but @grpc/grpc-js and @grpc/proto-loader, reading the
// .proto files at run time (no generated code): spec → session → seeded reset → pipelined steps on StepStream
// with uniform random actions → close. Any language with gRPC can do the same.
//
//   node bin/qflow.js serve --port 50051 &
//   node examples/random-agent-client.mjs 127.0.0.1:50051 cube-single-play-singletask-task1-v0 4 300
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const [address = '127.0.0.1:50051', envId = 'cube-single-play-singletask-task1-v0', numEnvsText = '4', stepsText = '300'] = process.argv.slice(2);
const numEnvs = Number(numEnvsText);
const steps = Number(stepsText);

const protoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'proto');
const definition = protoLoader.loadSync('qflow/v1/environment.proto', {
  includeDirs: [protoRoot], longs: String, enums: String, defaults: true,
});
const { EnvironmentService } = grpc.loadPackageDefinition(definition).qflow.v1;
const client = new EnvironmentService(address, grpc.credentials.createInsecure());

const call = (method, request) => new Promise((resolve, reject) =>
  client[method](request, (err, response) => (err ? reject(new Error(`${method}: ${err.details}`)) : resolve(response))));

/** Tensor → Float64Array (observations come as float64 or float32, little-endian). */
function decode(tensor) {
  const bytes = Buffer.from(tensor.data);
  const size = tensor.dtype === 'DTYPE_FLOAT64' ? 8 : 4;
  const out = new Float64Array(bytes.length / size);
  for (let i = 0; i < out.length; i++) out[i] = size === 8 ? bytes.readDoubleLE(i * 8) : bytes.readFloatLE(i * 4);
  return out;
}

/** Float32 actions [k, actDim] → Tensor. */
function encode(values, shape) {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return { dtype: 'DTYPE_FLOAT32', shape, data: bytes };
}

const { spec } = await call('getEnvSpec', { envId });
const actDim = spec.action.shape.reduce((a, b) => a * b, 1);
console.log(`${spec.id}: obs [${spec.observation.shape}], act [${spec.action.shape}], episodes of ${spec.maxEpisodeSteps} steps`);

const session = await call('createSession', { envId, numEnvs, seed: '1' });
await call('reset', { sessionId: session.sessionId, seeds: Array.from({ length: numEnvs }, (_, i) => String(i)) });

// Pipelined steps: keep up to `depth` requests in flight; responses come back in order with their sequence.
const stream = client.stepStream();
const depth = 4;
let sent = 0;
let received = 0;
const returns = new Float64Array(numEnvs);
const finished = [];
const send = () => {
  const actions = Array.from({ length: numEnvs * actDim }, () => Math.random() * 2 - 1);
  stream.write({ sessionId: session.sessionId, actions: encode(actions, [numEnvs, actDim]), sequence: String(++sent) });
};
await new Promise((resolve, reject) => {
  stream.on('data', (r) => {
    if (r.error) return reject(new Error(`step ${r.sequence}: ${r.error.message}`));
    received++;
    r.rewards.forEach((rew, i) => {
      returns[i] += rew;
      if (r.terminated[i] || r.truncated[i]) { // auto-reset: final_observations holds the last state
        finished.push({ env: i, return: returns[i], success: r.success[i] });
        returns[i] = 0;
      }
    });
    if (received === steps) { stream.end(); resolve(); } else if (sent < steps) send();
  });
  stream.on('error', reject);
  for (let k = 0; k < Math.min(depth, steps); k++) send();
});
const lastObs = decode((await call('reset', { sessionId: session.sessionId, seeds: ['0'], envIds: [0] })).observations);
console.log(`${steps} batched steps of ${numEnvs} envs; ${finished.length} episodes finished` +
  (finished.length ? ` (mean return ${(finished.reduce((a, e) => a + e.return, 0) / finished.length).toFixed(1)})` : '') +
  `; a fresh reset's observation has ${lastObs.length} values`);
await call('closeSession', { sessionId: session.sessionId });
client.close();
