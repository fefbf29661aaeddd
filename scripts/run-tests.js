#!/usr/bin/env node
// Runs every package's compiled tests (`<pkg>/dist/test/**/*.test.js`) with Node's built-in test runner.
// Usage: node scripts/run-tests.js [package ...]   (default: all packages)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGES = ['proto', 'datasets', 'env-server', 'agent'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : PACKAGES;
const unknown = chosen.filter((p) => !PACKAGES.includes(p));
if (unknown.length) {
  console.error(`run-tests: unknown package(s) ${unknown.join(', ')}; valid: ${PACKAGES.join(', ')}`);
  process.exit(2);
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

const files = chosen.flatMap((p) => testFiles(`${p}/dist/test`));
if (!files.length) {
  console.error('run-tests: no compiled tests found; run `npm run build` first');
  process.exit(1);
}
const reporters = [
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  `--test-reporter=${new URL('./summary-reporter.js', import.meta.url).href}`, '--test-reporter-destination=stdout',
];
const result = spawnSync(process.execPath, ['--test', ...reporters, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
