// A server interceptor that reports the status code of every call that ends other than OK (bad arguments,
// capacity, missing or wrong token, shutdown ...), for the rejected-requests metric. Placed innermost, it also
// sees the statuses that other interceptors send (the bearer token check answers before any handler runs).
import { ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';

export function rejectedCallsInterceptor(onRejected: (code: string) => void): ServerInterceptor {
  return (_method, call) => new ServerInterceptingCall(call, {
    sendStatus: (sent, next) => {
      if (sent.code !== status.OK) onRejected(status[sent.code] ?? String(sent.code));
      next(sent);
    },
  });
}
