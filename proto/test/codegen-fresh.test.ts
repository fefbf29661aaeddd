// The committed generated code (src/gen) must equal what `npm run proto` produces from the .proto files now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROTO_DIR = fileURLToPath(new URL('../../', import.meta.url));
const BUF = join(PROTO_DIR, '..', 'node_modules', '.bin', 'buf');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

test('committed src/gen matches a fresh buf generate', { timeout: 60_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'qflow-proto-'));
  try {
    execFileSync(BUF, ['generate', '--output', out], { cwd: PROTO_DIR, stdio: 'pipe' });
    const committedDir = join(PROTO_DIR, 'src', 'gen');
    const freshDir = join(out, 'src', 'gen');
    const committed = listFiles(committedDir).map((f) => relative(committedDir, f)).sort();
    const fresh = listFiles(freshDir).map((f) => relative(freshDir, f)).sort();
    assert.deepEqual(committed, fresh, 'generated file list differs: run `npm run proto` and commit');
    for (const file of fresh) {
      const a = readFileSync(join(committedDir, file), 'utf8');
      const b = readFileSync(join(freshDir, file), 'utf8');
      assert.ok(a === b, `${file} is stale: run \`npm run proto\` and commit src/gen`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the .proto files pass buf lint', { timeout: 60_000 }, () => {
  execFileSync(BUF, ['lint'], { cwd: PROTO_DIR, stdio: 'pipe' });
});
