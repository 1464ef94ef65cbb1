// The fastify instance every route group is registered on, with what holds for every request:
// its id (x-request-id), one JSON log line, the security headers, the body parsers and limits,
// and the error and not-found replies in the API's one error shape.
import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { redactSecrets } from '../redact.js';
import { isStoreUnavailable } from '../store-unavailable.js';
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_RECONCILE_BODY_LIMIT,
  type AppOptions,
} from './app-options.js';
import { clientError, frameworkError } from './framework-errors.js';
import { fail } from './problem.js';

/** The desk talks to this server, and with sign-in configured to the provider's token endpoint. */
function contentSecurityPolicy(options: AppOptions): string {
  const connect = options.oidc ? `'self' ${options.oidc.issuer.origin}` : "'self'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A caller's own request id is kept when it is a plain token; otherwise one is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** pino's options: JSON lines, no authorization header or cookie ever written. */
function loggerOptions(logger: AppOptions['logger']) {
  if (!logger) return false;
  const { stream, level } = logger === true ? { stream: process.stderr, level: 'info' } : logger;
  return {
    level: level ?? 'info',
    stream,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
    // Only what an operator needs of a request: never headers, query values or bodies.
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        route: request.routeOptions?.url ?? null,
      }),
      // A driver's error may quote a connection string: never its password in a log line.
      err: redactedError,
    },
  };
}

/** An error as a log line holds it: type, code, message and stack, secrets removed. */
function redactedError(error: Error & { code?: unknown }) {
  return {
    type: String(error?.name ?? 'Error'),
    message: redactSecrets(String(error?.message ?? error)),
    stack: redactSecrets(String(error?.stack ?? '')),
    ...(error?.code !== undefined ? { code: error.code } : {}),
  };
}

/** The bank statement POST /reconcile takes, as the text it is; its own, larger, limit. */
export function reconcileBodyLimitOf(options: AppOptions): number {
  return options.reconcileBodyLimit ?? DEFAULT_RECONCILE_BODY_LIMIT;
}

export function appShell(options: AppOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit,
    forceCloseConnections: true,
    return503OnClosing: true,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    // Slow clients are cut off: headers within headersTimeoutMs, the whole request within
    // requestTimeoutMs (408), checked every second (Node's default is every 30 s).
    http: { headersTimeout: options.headersTimeoutMs ?? 10_000, connectionsCheckingInterval: 1000 },
    requestIdHeader: false,
    genReqId: (request) => requestIdOf(request.headers['x-request-id']),
    // One line per request is written in onResponse below, not fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // fastify's and Node's own refusals (a bad percent-encoding, a malformed header) in the
    // API's problem shape with a request id, like every other error.
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
  });
  addRequestLog(app);
  app.addContentTypeParser(
    ['text/csv', 'application/csv', 'application/xml', 'text/xml'],
    // Bytes: a bank's CSV export may be Windows-1252; the statement reader decides.
    { parseAs: 'buffer', bodyLimit: reconcileBodyLimitOf(options) },
    (_request, body, done) => {
      done(null, body);
    },
  );
  addSecurityHeaders(app, contentSecurityPolicy(options));
  app.setErrorHandler((error: FastifyError, request, reply) =>
    errorReply(error, request, reply, bodyLimit),
  );
  app.setNotFoundHandler((request, reply) => {
    const route = `${request.method} ${request.url.split('?')[0]}`;
    const hint = 'a grant id goes URL-encoded in a path (/grants/RUN%2F573%2F2022)';
    return fail(reply, 404, 'NOT_FOUND', `no route ${route}; ${hint}`);
  });
  return app;
}

/** The request id on every answer, and one log line per request when it is answered. */
function addRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    const route = request.routeOptions.url ?? null;
    const { method } = request;
    request.log.info({ route, method, status: reply.statusCode, durationMs }, 'request');
  });
}

function addSecurityHeaders(app: FastifyInstance, policy: string): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header('content-security-policy', policy);
    }
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/** Errors no route answered: fastify's own (body, media type) and every thrown one. */
function errorReply(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  bodyLimit: number,
) {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = request.routeOptions.bodyLimit ?? bodyLimit;
    const message = `the body is larger than the limit of ${limit} bytes`;
    return fail(reply, 413, 'PAYLOAD_TOO_LARGE', message);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const hint =
      'send the command as application/json (a bank statement as application/xml or text/csv)';
    return fail(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', hint);
  }
  const status = error.statusCode ?? 500;
  if (status === 400) {
    return fail(reply, 400, 'INVALID_INPUT', `the body is not valid JSON: ${error.message}`);
  }
  if (status < 500) return fail(reply, status, 'BAD_REQUEST', error.message);
  if (isStoreUnavailable(error)) {
    request.log.error({ err: error }, 'the store is unavailable');
    const message =
      'the store cannot take or give data now (full, read-only or unreachable); ' +
      'nothing of this request was kept: send it again later';
    return fail(reply, 503, 'STORE_UNAVAILABLE', message);
  }
  request.log.error({ err: error }, 'request failed');
  const message = `the server failed; its log says why under request id ${request.id}`;
  return fail(reply, 500, 'INTERNAL', message);
}
