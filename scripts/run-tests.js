#!/usr/bin/env node
// Runs every package's compiled tests with Node's built-in test runner.
// Usage: node scripts/run-tests.js [package ...]   (default: all packages)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = ['proto', 'datasets', 'env-server', 'agent'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : PACKAGES;
const unknown = chosen.filter((p) => !PACKAGES.includes(p));
if (unknown.length) {
  console.error(`run-tests: unknown package(s) ${unknown.join(', ')}; valid: ${PACKAGES.join(', ')}`);
  process.exit(2);
}
const dirs = chosen.map((p) => `${p}/dist/test/`).filter((d) => existsSync(d));
if (!dirs.length) {
  console.error('run-tests: no compiled tests found; run `npm run build` first');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...dirs], { stdio: 'inherit' });
process.exit(result.status ?? 1);
