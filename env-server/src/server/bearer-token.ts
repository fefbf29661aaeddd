// Optional bearer-token authentication: every call except health checks must carry the metadata
// `authorization: Bearer <token>`, otherwise it ends with UNAUTHENTICATED before reaching a handler.
import { timingSafeEqual } from 'node:crypto';
import { ServerInterceptingCall, status, type Metadata, type ServerInterceptor } from '@grpc/grpc-js';

/** Health checks stay open so that load balancers and orchestrators can probe without the token. */
const OPEN_PATH_PREFIX = '/grpc.health.v1.Health/';

/** The auth scheme is case-insensitive (RFC 6750 via RFC 7235: "bearer", "BEARER" ...); the token is not. */
const BEARER = /^bearer +/i;

function carriesToken(metadata: Metadata, expected: Buffer): boolean {
  return metadata.get('authorization').some((value) => {
    const text = String(value);
    if (!BEARER.test(text)) return false;
    const given = Buffer.from(text.replace(BEARER, ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function bearerTokenInterceptor(token: string): ServerInterceptor {
  if (!token) throw new Error('bearer token must not be empty');
  const expected = Buffer.from(token);
  return (method, call) => new ServerInterceptingCall(call, {
    start: (next) => next({
      onReceiveMetadata: (metadata, forward) => {
        if (method.path.startsWith(OPEN_PATH_PREFIX) || carriesToken(metadata, expected)) {
          forward(metadata);
        } else {
          call.sendStatus({ code: status.UNAUTHENTICATED, details: 'missing or wrong bearer token: send metadata "authorization: Bearer <token>"' });
        }
      },
    }),
  });
}
