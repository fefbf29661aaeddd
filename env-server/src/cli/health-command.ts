// `qflow health HOST:PORT`: one grpc.health.v1 Check, for container HEALTHCHECKs and scripts. Exit status 0 when
// the server (or --service) is SERVING, 1 when it is not or cannot be reached in time, 2 for bad usage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { credentials, makeClientConstructor, type ChannelCredentials, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

const HELP = `usage: qflow health HOST:PORT [options]

Ask an env server's gRPC health service whether it is SERVING (a draining or worker-less server is not).

options:
  --service NAME   the service to ask about (default: '' = the whole server)
  --timeout S      give up after S seconds (default 5)
  --tls            connect over TLS, trusting the system's root certificates
  --tls-ca FILE    connect over TLS, trusting the PEM root certificate(s) in FILE
  -h, --help       show this help

Exit status: 0 when SERVING, 1 when not (or unreachable), 2 for bad usage.`;

export const HEALTH_OPTIONS = {
  service: { type: 'string', default: '' },
  timeout: { type: 'string', default: '5' },
  tls: { type: 'boolean', default: false },
  'tls-ca': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface Probe {
  address: string;
  service: string;
  timeoutMs: number;
  channel: ChannelCredentials;
}

function probeFrom(values: { service: string; timeout: string; tls: boolean; 'tls-ca'?: string }, positionals: string[]): Probe {
  if (positionals.length !== 1) throw new Error(`expected one HOST:PORT, got ${positionals.length ? positionals.map((p) => `'${p}'`).join(' ') : 'none'}`);
  const address = positionals[0]!;
  if (!/^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/.test(address)) throw new Error(`'${address}' is not HOST:PORT (e.g. 127.0.0.1:50051)`);
  const seconds = Number(values.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  let channel = values.tls ? credentials.createSsl() : credentials.createInsecure();
  if (values['tls-ca'] !== undefined) {
    try {
      channel = credentials.createSsl(readFileSync(values['tls-ca']));
    } catch (error) {
      throw new Error(`--tls-ca ${values['tls-ca']}: ${(error as Error).message}`);
    }
  }
  return { address, service: values.service, timeoutMs: seconds * 1000, channel };
}

function check(probe: Probe): Promise<string> {
  const Health = makeClientConstructor(healthService, 'Health');
  const client = new Health(probe.address, probe.channel) as Client & Record<string, Function>;
  return new Promise<string>((resolve, reject) => {
    client['check']!({ service: probe.service }, { deadline: Date.now() + probe.timeoutMs }, (error: ServiceError | null, response: { status: string }) => {
      client.close();
      if (error) reject(error);
      else resolve(response.status);
    });
  });
}

export async function main(argv: string[]): Promise<number> {
  let probe: Probe;
  try {
    const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: HEALTH_OPTIONS });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    probe = probeFrom(values, positionals);
  } catch (error) {
    console.error(`qflow health: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const what = probe.service ? `${probe.address} service '${probe.service}'` : probe.address;
  try {
    const status = await check(probe);
    console.log(`qflow health: ${what} is ${status}`);
    return status === 'SERVING' ? 0 : 1;
  } catch (error) {
    console.error(`qflow health: ${what}: ${(error as ServiceError).details || (error as Error).message}`);
    return 1;
  }
}
