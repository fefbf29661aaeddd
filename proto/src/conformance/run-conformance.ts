// Runs the conformance checks against one server address and reports each as passed, failed (naming the broken
// promise) or skipped. Destructive checks run only on request; the drain check only with a shutdown hook, last.
import type { EnvSpec, GetEnvSpecResponse, GetServerInfoResponse, ListEnvsResponse } from '../gen/qflow/v1/environment.js';
import { ConformanceClient, type ConnectionOptions } from './conformance-client.js';
import { CheckContext } from './check-context.js';
import { boundsChecks } from './bounds-checks.js';
import { capacityChecks } from './capacity-checks.js';
import { SkipCheck, type ConformanceCheck, type ConformanceResult } from './conformance-check.js';
import { discoveryChecks } from './discovery-checks.js';
import { drainCheck } from './drain-check.js';
import { episodeChecks } from './episode-checks.js';
import { leaseChecks } from './lease-checks.js';
import { rejectionChecks } from './rejection-checks.js';
import { sceneChecks } from './scene-checks.js';
import { streamChecks } from './stream-checks.js';

export interface ConformanceOptions extends ConnectionOptions {
  /** Env id (or alias) the session checks use; default the listed env with the shortest episodes. */
  envId?: string;
  /** Also run the checks that fill the server's sessions and memory (don't, on a server others use). */
  destructive?: boolean;
  /** Stops the server under test; when given, the drain check runs (last). */
  shutdownServer?: () => Promise<void>;
  /** Runs only the checks whose name this accepts (the others are not reported). */
  only?: (name: string) => boolean;
  /** Called once connected, with the server's facts and the env under test. */
  onStart?: (info: GetServerInfoResponse, spec: EnvSpec) => void;
  /** Called with each result as soon as it is known (progress output). */
  onResult?: (result: ConformanceResult) => void;
}

/** Every check, in running order: the ones that fill the server, then the one that stops it, come last. */
export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [
  ...discoveryChecks, ...rejectionChecks, ...streamChecks, ...episodeChecks, ...sceneChecks, ...leaseChecks, ...boundsChecks,
  ...capacityChecks, drainCheck,
];

/** The env the checks play: the one asked for, or the listed env with the shortest episodes. */
async function envUnderTest(client: ConformanceClient, envId: string | undefined): Promise<EnvSpec> {
  if (envId !== undefined) return (await client.call<GetEnvSpecResponse>('getEnvSpec', { envId })).spec!;
  const { envs } = await client.call<ListEnvsResponse>('listEnvs', { family: '' });
  if (envs.length === 0) throw new Error('ListEnvs lists no env');
  return envs.reduce((best, spec) => (spec.maxEpisodeSteps < best.maxEpisodeSteps ? spec : best));
}

function skipReason(check: ConformanceCheck, options: ConformanceOptions): string | undefined {
  if (check.requires === 'destructive' && !options.destructive) return 'fills the server: runs only with destructive (--destructive)';
  if (check.requires === 'shutdown' && !options.shutdownServer) return 'stops the server: runs only with a shutdown hook';
  return undefined;
}

async function runCheck(check: ConformanceCheck, context: CheckContext, options: ConformanceOptions): Promise<ConformanceResult> {
  const base = { name: check.name, promise: check.promise };
  const reason = skipReason(check, options);
  if (reason) return { ...base, status: 'skipped', message: reason, durationMs: 0 };
  const started = Date.now();
  try {
    await check.run(context);
    return { ...base, status: 'passed', message: '', durationMs: Date.now() - started };
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof SkipCheck) return { ...base, status: 'skipped', message, durationMs: Date.now() - started };
    return { ...base, status: 'failed', message: `broken promise: ${check.promise}. ${message}`, durationMs: Date.now() - started };
  } finally {
    await context.closeSessions();
  }
}

/** Runs the suite; never throws for a misbehaving server (an unreachable one fails the first result). */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult[]> {
  const client = new ConformanceClient(options);
  // grpc-js does not keep the process alive for a call on a connection the server has wedged: without this
  // timer such a call would end the process silently instead of failing at its deadline.
  const keepAlive = setInterval(() => undefined, 1000);
  const results: ConformanceResult[] = [];
  const report = (result: ConformanceResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  try {
    let context: CheckContext;
    try {
      const info = await client.call<GetServerInfoResponse>('getServerInfo', {});
      context = new CheckContext(client, info, await envUnderTest(client, options.envId), { connection: options, shutdownServer: options.shutdownServer });
    } catch (error) {
      report({ name: 'connect', promise: 'the server answers GetServerInfo and lists the env under test', status: 'failed', message: (error as Error).message, durationMs: 0 });
      return results;
    }
    options.onStart?.(context.info, context.spec);
    for (const check of CONFORMANCE_CHECKS) {
      if (options.only && !options.only(check.name)) continue;
      report(await runCheck(check, context, options));
    }
    return results;
  } finally {
    clearInterval(keepAlive);
    client.close();
  }
}
