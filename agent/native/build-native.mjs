#!/usr/bin/env node
// Compiles qflow-native.c into build/qflow-native.node, the agent's optional native addon: the OpenBLAS matrix
// products of the `blas` backend and the host optimizer's loops. Optional like tfjs-node: when no C compiler,
// Node headers or OpenBLAS is found, it says why (also in build/status.json, which the agent reports) and exits 0,
// and the agent runs on plain wasm and JavaScript.
// Usage: node agent/native/build-native.mjs [--require]   (--require: fail instead of skipping)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, 'qflow-native.c');
const outDir = path.join(here, 'build');
const output = path.join(outDir, 'qflow-native.node');
const statusFile = path.join(outDir, 'status.json');

if (process.argv.includes('--help')) {
  console.log('usage: node agent/native/build-native.mjs [--require]\n' +
    'Builds the agent\'s optional native addon (backend `blas`, native optimizer loops). Needs a C compiler (cc), Node\'s headers\n' +
    'and OpenBLAS (Debian: libopenblas0). Without them it skips with a reason; --require makes that an error.');
  process.exit(0);
}

/** Node's C headers: next to the node binary (official builds) or the distribution's location. */
function nodeHeaders() {
  const candidates = [path.resolve(path.dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  return candidates.find((dir) => existsSync(path.join(dir, 'node_api.h')));
}

/** Link flags for OpenBLAS: the runtime library Debian's libopenblas0-* packages install, or a -dev symlink. */
const OPENBLAS_LINKS = [['-l:libopenblas.so.0'], ['-lopenblas']];

function compile(headers) {
  const errors = [];
  for (const link of OPENBLAS_LINKS) {
    try {
      // -ffp-contract=off: no fused multiply-adds, so the optimizer loops round exactly as JavaScript does;
      // -fno-math-errno, -fno-trapping-math: let loops with sqrt and comparisons vectorise (same values).
      execFileSync('cc', ['-O3', '-ffp-contract=off', '-fno-math-errno', '-fno-trapping-math', '-shared', '-fPIC', '-Wall', '-DNODE_GYP_MODULE_NAME=qflow_native', `-I${headers}`, source, '-o', output, ...link, '-lm'],
        { stdio: ['ignore', 'ignore', 'pipe'] });
      return undefined;
    } catch (err) {
      const stderr = String(err.stderr ?? err.message).trim().split('\n').pop();
      errors.push(`${link.join(' ')}: ${stderr}`);
    }
  }
  return `OpenBLAS not found (install libopenblas0): ${errors.join('; ')}`;
}

function upToDate() {
  return existsSync(output) && statSync(output).mtimeMs >= statSync(source).mtimeMs;
}

function build() {
  if (upToDate()) return undefined;
  const headers = nodeHeaders();
  if (!headers) return `Node's C headers (node_api.h) not found next to ${process.execPath} or in /usr/include/node`;
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'no C compiler (cc) on PATH';
  }
  return compile(headers);
}

mkdirSync(outDir, { recursive: true });
const reason = build();
writeFileSync(statusFile, JSON.stringify(reason ? { built: false, reason } : { built: true }) + '\n');
if (reason) {
  console.error(`agent: the optional native addon (blas backend, native optimizer) was not built: ${reason}`);
  if (process.argv.includes('--require')) process.exit(1);
}
