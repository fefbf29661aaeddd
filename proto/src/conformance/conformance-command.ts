// `qflow conformance HOST:PORT`: runs the conformance suite against a server and exits non-zero on any failure.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runConformance, CONFORMANCE_CHECKS, type ConformanceOptions } from './run-conformance.js';
import { TABLE_HEADER, formatResult, summarize } from './conformance-table.js';

const HELP = `usage: qflow conformance HOST:PORT [options]

Check a qflow.v1 server (any implementation) against the protocol's promises: discovery, status codes with
"a rejected request changes nothing", StepStream ordering and per-request errors, re-attach, auto-reset,
seed determinism, leases, and bounds (name lengths, message size, lease limits, instance ids).

options:
  --env-id ID        env id the session checks play (default: the listed env with the shortest episodes)
  --token-env VAR    send the bearer token held in environment variable VAR
  --tls              connect over TLS, trusting the system's root certificates
  --tls-ca FILE      connect over TLS, trusting the PEM root certificate(s) in FILE
  --destructive      also run the checks that fill the server's sessions and memory
                     (they deny other clients service while they run: not on a shared server)
  --only TEXT        run only the checks whose name contains TEXT (e.g. "bounds/", "step/")
  --json             print the results as JSON instead of a table
  -h, --help         show this help

The drain check needs to stop the server and is skipped here (the library takes a shutdownServer hook).
Exit status: 0 when no check failed, 1 when one did, 2 for bad usage.

checks: ${CONFORMANCE_CHECKS.map((c) => c.name).join(', ')}`;

export const CONFORMANCE_OPTIONS = {
  'env-id': { type: 'string' },
  'token-env': { type: 'string' },
  tls: { type: 'boolean', default: false },
  'tls-ca': { type: 'string' },
  destructive: { type: 'boolean', default: false },
  only: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parse(argv: string[]) {
  return parseArgs({ args: argv, strict: true, allowPositionals: true, options: CONFORMANCE_OPTIONS });
}

function optionsFrom(values: ReturnType<typeof parse>['values'], positionals: string[]): ConformanceOptions {
  if (positionals.length !== 1) throw new Error(`expected one HOST:PORT, got ${positionals.length ? positionals.map((p) => `'${p}'`).join(' ') : 'none'}`);
  const address = positionals[0]!;
  if (!/^(\[[^\]]+\]|[^:\s]+):\d+$/.test(address)) throw new Error(`'${address}' is not HOST:PORT (e.g. 127.0.0.1:50051)`);
  let token: string | undefined;
  if (values['token-env'] !== undefined) {
    token = process.env[values['token-env']];
    if (!token) throw new Error(`--token-env ${values['token-env']}: environment variable ${values['token-env']} is unset or empty`);
  }
  let tls: ConformanceOptions['tls'] = values.tls;
  if (values['tls-ca'] !== undefined) {
    try {
      tls = { rootCerts: readFileSync(values['tls-ca']) };
    } catch (error) {
      throw new Error(`--tls-ca ${values['tls-ca']}: ${(error as Error).message}`);
    }
  }
  const only = values.only;
  if (only !== undefined && !CONFORMANCE_CHECKS.some((c) => c.name.includes(only))) {
    throw new Error(`--only '${only}' matches no check; checks: ${CONFORMANCE_CHECKS.map((c) => c.name).join(', ')}`);
  }
  return {
    address, token, tls, envId: values['env-id'], destructive: values.destructive,
    only: only === undefined ? undefined : (name) => name.includes(only),
  };
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  let options;
  try {
    parsed = parse(argv);
    if (parsed.values.help) {
      console.log(HELP);
      return 0;
    }
    options = optionsFrom(parsed.values, parsed.positionals);
  } catch (error) {
    console.error(`qflow conformance: ${(error as Error).message}\n\nRun 'qflow conformance --help' for usage.`);
    return 2;
  }
  const json = parsed.values.json;
  const results = await runConformance({
    ...options,
    onStart: json ? undefined : (info, spec) => {
      console.log(`qflow conformance: ${options.address} (${info.serverVersion || 'unknown version'}, instance '${info.instanceId}'), env '${spec.id}'\n${TABLE_HEADER}`);
    },
    onResult: json ? undefined : (r) => console.log(formatResult(r)),
  });
  if (json) console.log(JSON.stringify(results, null, 2));
  else console.log(summarize(results));
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}
