// grpc.health.v1.Health for the server and each of its services. Unlike grpc-health-check's implementation,
// open Watch streams can be ended (at shutdown, after telling the watchers NOT_SERVING), so that a watching
// client does not hold the server's exit until the drain timeout.
import { status, type Server, type ServerWritableStream } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { checkName, clip } from './client-strings.js';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

interface WatchRequest {
  service: string;
}

export class HealthService {
  private readonly statuses: Map<string, ServingStatus>;
  private readonly watches = new Set<{ service: string; call: ServerWritableStream<WatchRequest, { status: string }> }>();

  constructor(serviceNames: readonly string[], initial: ServingStatus) {
    this.statuses = new Map(serviceNames.map((name) => [name, initial]));
  }

  /** Sets every service's status and tells the watchers. */
  setAll(next: ServingStatus): void {
    for (const name of this.statuses.keys()) this.statuses.set(name, next);
    for (const watch of this.watches) watch.call.write({ status: next });
  }

  /** Ends every open Watch stream (status OK). */
  endWatches(): void {
    for (const watch of this.watches) watch.call.end();
    this.watches.clear();
  }

  addToServer(server: Server): void {
    server.addService(healthService, {
      check: (call: { request: WatchRequest }, callback: (error: object | null, response?: object) => void) => {
        const problem = this.problem(call.request.service);
        if (problem) callback(problem);
        else callback(null, { status: this.statuses.get(call.request.service) });
      },
      watch: (call: ServerWritableStream<WatchRequest, { status: string }>) => {
        const problem = this.problem(call.request.service);
        if (problem) {
          call.emit('error', Object.assign(new Error(problem.details), problem));
          return;
        }
        const watch = { service: call.request.service, call };
        this.watches.add(watch);
        call.on('cancelled', () => this.watches.delete(watch));
        call.write({ status: this.statuses.get(watch.service)! });
      },
      list: (_call: unknown, callback: (error: null, response: object) => void) => {
        callback(null, { statuses: Object.fromEntries([...this.statuses].map(([name, s]) => [name, { status: s }])) });
      },
    });
  }

  private problem(service: string): { code: status; details: string } | undefined {
    try {
      checkName('service name', service);
    } catch (error) {
      return { code: status.INVALID_ARGUMENT, details: (error as Error).message };
    }
    if (this.statuses.has(service)) return undefined;
    return { code: status.NOT_FOUND, details: `health status unknown for service '${clip(service)}'` };
  }
}
