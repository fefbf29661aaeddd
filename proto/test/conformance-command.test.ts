// `qflow conformance` usage and the suite's shape: bad usage exits 2 naming the bad value, an unreachable server
// is one failed result (exit 1), and the checks that fill or stop the server run after all others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { CONFORMANCE_CHECKS, runConformance } from '../src/index.js';
import { main } from '../src/conformance/conformance-command.js';

/** Runs `main` with console output captured. */
async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { log: console.log, error: console.error };
  let out = '';
  let err = '';
  console.log = (...args: unknown[]) => { out += `${args.join(' ')}\n`; };
  console.error = (...args: unknown[]) => { err += `${args.join(' ')}\n`; };
  try {
    return { code: await main(argv), out, err };
  } finally {
    Object.assign(console, saved);
  }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('bad usage exits 2 with a message naming the bad value', async () => {
  const cases: [string[], RegExp][] = [
    [[], /expected one HOST:PORT, got none/],
    [['localhost'], /'localhost' is not HOST:PORT/],
    [['127.0.0.1:1', '--only', 'nothing-like-this'], /--only 'nothing-like-this' matches no check; checks: discovery\/server-info/],
    [['127.0.0.1:1', '--token-env', 'QFLOW_CONFORMANCE_UNSET_VAR'], /QFLOW_CONFORMANCE_UNSET_VAR is unset or empty/],
    [['127.0.0.1:1', '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [argv, message] of cases) {
    const { code, err } = await capture(argv);
    assert.equal(code, 2, argv.join(' '));
    assert.match(err, message);
  }
  const help = await capture(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /usage: qflow conformance HOST:PORT/);
});

test('an unreachable server is one failed result and exit status 1', async () => {
  const address = `127.0.0.1:${await closedPort()}`;
  const results = await runConformance({ address });
  assert.deepEqual(results.map((r) => [r.name, r.status]), [['connect', 'failed']]);
  assert.match(results[0]!.message, /getServerInfo failed with UNAVAILABLE/);
  const { code, out } = await capture([address, '--json']);
  assert.equal(code, 1);
  assert.equal(JSON.parse(out)[0].status, 'failed');
});

test('check names are unique; destructive checks come after the others and the drain check last', () => {
  const names = CONFORMANCE_CHECKS.map((c) => c.name);
  assert.equal(new Set(names).size, names.length);
  const firstDestructive = CONFORMANCE_CHECKS.findIndex((c) => c.requires === 'destructive');
  assert.ok(firstDestructive > 0 && CONFORMANCE_CHECKS.slice(firstDestructive).every((c) => c.requires !== undefined));
  assert.equal(CONFORMANCE_CHECKS.at(-1)!.requires, 'shutdown');
});
