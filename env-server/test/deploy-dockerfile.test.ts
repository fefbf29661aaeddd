// The Dockerfile's structure (no Docker engine or registry here, so this is its lint step): a build stage and slim
// runtime stages, the env server as the default (last) target running `qflow serve --host 0.0.0.0` as a non-root
// user with a grpc-health HEALTHCHECK on the port it serves, an agent target, and every file the build COPYs from
// the context present in the repository and not excluded by .dockerignore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Instruction { keyword: string; args: string }
interface Stage { base: string; name: string; instructions: Instruction[] }

/** Instructions of a Dockerfile (continuation lines joined, comments dropped), grouped into stages. */
function stages(text: string): Stage[] {
  const joined = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').replace(/\\\n/g, ' ');
  const out: Stage[] = [];
  for (const line of joined.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword!.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args!)!;
      out.push({ base: m[1]!, name: m[2] ?? '', instructions: [] });
    } else if (out.length) {
      out.at(-1)!.instructions.push({ keyword: keyword!.toUpperCase(), args: args! });
    }
  }
  return out;
}

/** The JSON (exec) form of ENTRYPOINT/CMD/HEALTHCHECK CMD; fails on the shell form (it would run under /bin/sh). */
function execForm(text: string): string[] {
  const parsed = JSON.parse(text) as unknown;
  assert.ok(Array.isArray(parsed) && parsed.every((s) => typeof s === 'string'), `not the exec form: ${text}`);
  return parsed as string[];
}

function last(stage: Stage, keyword: string): string | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
}

/** .dockerignore patterns as regular expressions (`**` any depth, `*` one path segment). */
function ignored(path: string): boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return patterns.some((p) => {
    const re = p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*');
    return new RegExp(`^${re}(/.*)?$`).test(path);
  });
}

const dockerfile = stages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const byName = new Map(dockerfile.map((s) => [s.name, s]));

test('stages: build, agent, and the env server as the last (default) target', () => {
  assert.deepEqual(dockerfile.map((s) => s.name), ['build', 'agent', 'env-server']);
  const build = byName.get('build')!;
  assert.ok(build.instructions.some((i) => i.keyword === 'RUN' && /npm ci/.test(i.args)));
  assert.ok(build.instructions.some((i) => i.keyword === 'RUN' && /npm run build/.test(i.args) && /npm prune --omit=dev/.test(i.args)));
  assert.ok(build.instructions.some((i) => i.keyword === 'RUN' && /libopenblas/.test(i.args) && /gcc/.test(i.args)), 'compiler and OpenBLAS for the native addon');
  for (const runtime of ['agent', 'env-server']) {
    const stage = byName.get(runtime)!;
    assert.match(stage.base, /RUNTIME_IMAGE|AGENT_BASE/, `${runtime} starts from a slim runtime base`);
    assert.ok(stage.instructions.some((i) => i.keyword === 'COPY' && i.args.includes('--from=build')), `${runtime} copies the build`);
  }
  assert.match(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'), /ARG RUNTIME_IMAGE=node:20-bookworm-slim/);
});

test('runtime stages run as a non-root user', () => {
  for (const name of ['agent', 'env-server']) {
    const user = last(byName.get(name)!, 'USER');
    assert.ok(user, `${name} sets USER`);
    assert.doesNotMatch(user!, /^(root|0)(:|$)/, `${name} runs as root`);
  }
});

test('the env server: entrypoint `qflow serve --host 0.0.0.0`, HEALTHCHECK through `qflow health` on the served port', () => {
  const stage = byName.get('env-server')!;
  assert.deepEqual(execForm(last(stage, 'ENTRYPOINT')!), ['node', '/app/bin/qflow.js', 'serve', '--host', '0.0.0.0']);
  const cmd = execForm(last(stage, 'CMD')!);
  const port = cmd[cmd.indexOf('--port') + 1];
  const metricsPort = cmd[cmd.indexOf('--metrics-port') + 1];
  const health = /^(--\S+\s+)*CMD\s+(\[.*\])$/.exec(last(stage, 'HEALTHCHECK')!);
  assert.ok(health, 'HEALTHCHECK ... CMD [...]');
  assert.deepEqual(execForm(health![2]!).slice(0, 4), ['node', '/app/bin/qflow.js', 'health', `127.0.0.1:${port}`]);
  assert.deepEqual(last(stage, 'EXPOSE')!.split(/\s+/).sort(), [port, metricsPort].sort());
  assert.ok(existsSync(join(ROOT, 'env-server/src/cli/health-command.ts')));
});

test('the agent target runs qflow; GPU backends only with GPU=1', () => {
  const stage = byName.get('agent')!;
  assert.deepEqual(execForm(last(stage, 'ENTRYPOINT')!), ['node', '/app/bin/qflow.js']);
  const install = byName.get('build')!.instructions.find((i) => i.keyword === 'RUN' && /npm ci/.test(i.args))!;
  assert.match(install.args, /--omit=optional/, 'optional (GPU) backends are left out by default');
  assert.match(install.args, /"\$GPU" = "1"/);
});

test('every COPY source from the build context exists and is not excluded by .dockerignore', () => {
  const sources = dockerfile.flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
    .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
  assert.ok(sources.length >= 10);
  for (const source of sources) {
    assert.ok(existsSync(join(ROOT, source)), `COPY ${source}: not in the repository`);
    assert.equal(ignored(source), false, `COPY ${source}: excluded by .dockerignore`);
  }
  assert.equal(ignored('env-server/node_modules'), true);
  assert.equal(ignored('agent/dist/src/index.js'), true);
});
