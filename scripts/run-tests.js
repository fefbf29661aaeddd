#!/usr/bin/env node
// Runs every package's compiled tests (`<pkg>/dist/test/**/*.test.js`) with Node's built-in test runner.
// Then the Python client's suite (clients/python/tests, pytest on /usr/bin/python3) as its own step.
// Usage: node scripts/run-tests.js [package ...]   (default: all packages and python)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGES = ['proto', 'datasets', 'env-server', 'agent'];
const STEPS = [...PACKAGES, 'python'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : STEPS;
const unknown = chosen.filter((p) => !STEPS.includes(p));
if (unknown.length) {
  console.error(`run-tests: unknown package(s) ${unknown.join(', ')}; valid: ${STEPS.join(', ')}`);
  process.exit(2);
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

function runNodeTests(packages) {
  const files = packages.flatMap((p) => testFiles(`${p}/dist/test`));
  if (!files.length) {
    console.error('run-tests: no compiled tests found; run `npm run build` first');
    return 1;
  }
  const reporters = [
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${new URL('./summary-reporter.js', import.meta.url).href}`, '--test-reporter-destination=stdout',
  ];
  return spawnSync(process.execPath, ['--test', ...reporters, ...files], { stdio: 'inherit' }).status ?? 1;
}

// Missing Python packages fail the run (CI installs them with .ci/install-python-client.sh); never a silent skip.
function runPythonTests() {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import grpc, google.protobuf, numpy, grpc_tools.protoc, pytest'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(`run-tests: the Python client's tests need ${python} with grpcio, protobuf, numpy, grpc_tools and pytest ` +
      `(${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}); run .ci/install-python-client.sh as root`);
    return 1;
  }
  console.log('run-tests: python client (clients/python/tests)');
  const env = { ...process.env, QFLOW_NODE: process.execPath, PYTHONDONTWRITEBYTECODE: '1' };
  return spawnSync(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'clients/python/tests'], { stdio: 'inherit', env, cwd: fileURLToPath(new URL('..', import.meta.url)) }).status ?? 1;
}

const nodePackages = chosen.filter((p) => PACKAGES.includes(p));
const nodeStatus = nodePackages.length ? runNodeTests(nodePackages) : 0;
const pythonStatus = chosen.includes('python') ? runPythonTests() : 0;
process.exit(nodeStatus || pythonStatus);
