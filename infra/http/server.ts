// The HTTP API and the dashboard (interfaces.md "HTTP API"), on fastify 5.
// Every API route is authenticated by a bearer token and checked against the token's roles
// before the store is touched; every write is done as the token's actor.
import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { rejectionFromZod } from '../../commands/parse.js';
import { LEDGER_COMMAND_TYPES as COMMAND_TYPES, type LedgerCommandType as CommandType } from '../../domain/ledger-commands.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import type { Ledger } from '../ledger.js';
import { reconcile } from '../reconcile.js';
import { loadLedgerConfig, type LedgerConfig } from '../config.js';
import { registerBankRoutes } from './bank-routes.js';
import { isStoreUnavailable } from '../store-unavailable.js';
import { boundedProblems } from '../bounded-problems.js';
import { timelineOf } from '../../projections/timeline.js';
import type { AsOf } from '../../projections/grant-fold.js';
import { exportJsonl, journalCsv } from '../export.js';
import { openApiDocument } from './openapi.js';
import { registerDeskRoutes } from './desk-routes.js';
import { loadWebFiles } from './web-files.js';
import { exportQuery, grantIdParam, grantsQuery, paymentsQuery, portfolioQuery, timeTravelQuery } from './queries.js';
import { COMMAND_ROLES, may, maySend, mayWrite, type Permission } from './roles.js';
import type { Role, TokenTable } from './tokens.js';

export const DEFAULT_BODY_LIMIT = 256 * 1024;
export const DEFAULT_RECONCILE_BODY_LIMIT = 5 * 1024 * 1024;

export interface AppOptions {
  ledger: Ledger;
  tokens: TokenTable;
  /** Largest request body in bytes (413 above it). Default 256 KiB. */
  bodyLimit?: number;
  /** Largest bank statement POST /reconcile accepts. Default 5 MiB. */
  reconcileBodyLimit?: number;
  /**
   * Logs: one JSON line per request and per server error (pino). true: to stderr; a stream:
   * to it (tests). Default: none.
   */
  logger?: boolean | { stream: NodeJS.WritableStream; level?: string };
  /** A request's headers must arrive within this many ms (408 otherwise). Default 10 s. */
  headersTimeoutMs?: number;
  /** A whole request, body included, must arrive within this many ms. Default 30 s. */
  requestTimeoutMs?: number;
  /** Signs the seals POST /seals makes (LEDGER_SEAL_KEY); unsigned without it. */
  sealKey?: KeyObject;
  /** ledger.config.json (debtor of bank files, account plan); default: read from LEDGER_CONFIG or ./. */
  config?: LedgerConfig;
}

export interface ServerOptions extends AppOptions {
  port: number;
  /** Default 127.0.0.1: only this machine. Pass 0.0.0.0 to serve a network. */
  host?: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  app: FastifyInstance;
}

interface Principal {
  actor: string;
  roles: Role[];
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Every error body names its request (as the x-request-id header does), to find it in the log. */
function fail(reply: FastifyReply, status: number, code: string, message: string, path = '', extra: Record<string, unknown> = {}) {
  const body = { error: { code, message, path, requestId: reply.request.id, ...extra } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
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
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: '[redacted]' },
    // Only what an operator needs of a request: never headers, query values or bodies.
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, route: request.routeOptions?.url ?? null }),
    },
  };
}

function statusOfRejection(code: string): number {
  if (code === 'INVALID_INPUT') return 400;
  if (code === 'CONCURRENCY_CONFLICT') return 409;
  return 422;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { ledger } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  // Tokens are looked up by their SHA-256, so a lookup neither leaks timing about the
  // token's characters nor finds inherited keys such as "__proto__".
  const principalsByKey = new Map<string, Principal>(
    Object.entries(options.tokens).map(([token, p]) => [tokenKey(token), { actor: p.actor, roles: [...p.roles] }]),
  );
  const principals = new WeakMap<FastifyRequest, Principal>();
  const web = await loadWebFiles();
  let openApi: string | undefined;

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
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { route: request.routeOptions.url ?? null, method: request.method, status: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
  });

  app.addContentTypeParser(['text/csv', 'application/csv', 'application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: options.reconcileBodyLimit ?? DEFAULT_RECONCILE_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fail(reply, 413, 'PAYLOAD_TOO_LARGE', `the body is larger than the limit of ${request.routeOptions.bodyLimit ?? bodyLimit} bytes`);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return fail(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the command as application/json (a bank statement as application/xml or text/csv)');
    }
    const status = error.statusCode ?? 500;
    if (status === 400) return fail(reply, 400, 'INVALID_INPUT', `the body is not valid JSON: ${error.message}`);
    if (status < 500) return fail(reply, status, 'BAD_REQUEST', error.message);
    if (isStoreUnavailable(error)) {
      request.log.error({ err: error }, 'the store is unavailable');
      return fail(reply, 503, 'STORE_UNAVAILABLE', 'the store cannot take or give data now (full, read-only or unreachable); nothing of this request was kept: send it again later');
    }
    request.log.error({ err: error }, 'request failed');
    return fail(reply, 500, 'INTERNAL', `the server failed; its log says why under request id ${request.id}`);
  });

  app.setNotFoundHandler((request, reply) =>
    fail(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}; a grant id goes URL-encoded in a path (/grants/RUN%2F573%2F2022)`),
  );

  /** onRequest: 401 without a known token, 403 when the roles do not allow the route at all. */
  const guard = (permission: Permission | 'write') => async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(request.headers.authorization ?? '');
    const principal = match ? principalsByKey.get(tokenKey(match[1]!)) : undefined;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="grant-ledger"');
      return fail(reply, 401, 'UNAUTHENTICATED', match ? 'the bearer token is not known' : 'send a token: Authorization: Bearer <token>');
    }
    const allowed = permission === 'write' ? mayWrite(principal.roles) : may(principal.roles, permission);
    if (!allowed) {
      return fail(reply, 403, 'FORBIDDEN', permission === 'write' ? `${principal.actor} (${principal.roles.join(', ')}) may not write` : `${principal.actor} (${principal.roles.join(', ')}) may not read this (${permission})`);
    }
    principals.set(request, principal);
    // Reads see what other processes appended too (the CLI's exec, other app instances).
    if (permission !== 'write' && permission !== 'reconcile') await ledger.catchUp();
  };

  function parse<S extends z.ZodType>(schema: S, raw: unknown, reply: FastifyReply): z.output<S> | undefined {
    const result = schema.safeParse(raw ?? {});
    if (result.success) return result.data;
    const rejection = rejectionFromZod(result.error, raw);
    void fail(reply, 400, 'INVALID_INPUT', rejection.message, rejection.path);
    return undefined;
  }

  const grantIdOf = (request: FastifyRequest, reply: FastifyReply) => parse(grantIdParam, request.params, reply)?.id;
  const timeTravelOf = (request: FastifyRequest, reply: FastifyReply): AsOf | undefined => {
    const q = parse(timeTravelQuery, request.query, reply);
    if (!q) return undefined;
    return { ...(q.asOf !== undefined ? { asOf: q.asOf } : {}), ...(q.asOfRecorded !== undefined ? { asOfRecorded: q.asOfRecorded } : {}) };
  };
  const unknownGrant = (reply: FastifyReply, grantId: string, at: AsOf = {}) =>
    fail(reply, 404, 'UNKNOWN_GRANT', `there is no grant ${grantId}${at.asOf || at.asOfRecorded ? ' as of the moment asked' : ''}`, 'id');

  async function streamOf(grantId: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for await (const e of ledger.events(grantId)) events.push(e);
    return events;
  }
  async function exists(grantId: string): Promise<boolean> {
    for await (const _ of ledger.events(grantId)) return true;
    return false;
  }

  // ---- the dashboard and the API description: no token needed ----
  for (const [route, file] of web) {
    app.get(route, async (_request, reply) => reply.code(file.status).type(file.type).send(file.body));
  }
  // For load balancers and monitoring: no token, says only whether the store answers.
  app.get('/health', async (request, reply) => {
    try {
      for await (const _ of ledger.store.readAll({ limit: 1 })) break;
      return reply.send({ status: 'ok', store: ledger.store.kind });
    } catch (error) {
      request.log.error({ err: error }, 'health: the store does not answer');
      return fail(reply, 503, 'STORE_UNAVAILABLE', 'the store does not answer');
    }
  });
  app.get('/openapi.json', async (_request, reply) => {
    openApi ??= JSON.stringify(openApiDocument());
    return reply.type('application/json; charset=utf-8').send(openApi);
  });

  /** Who the token is: the dashboard uses it to greet and to show only what the roles may read. */
  app.get('/me', { onRequest: guard('projections') }, async (request, reply) => {
    const principal = principals.get(request)!;
    const permissions = (['projections', 'history', 'verify', 'export', 'reconcile', 'payment-files', 'sie', 'seal'] as const).filter((p) => may(principal.roles, p));
    const commands = COMMAND_TYPES.filter((t) => maySend(principal.roles, t));
    return reply.send({ actor: principal.actor, roles: principal.roles, permissions, commands });
  });

  // ---- writes ----
  app.post('/commands', { onRequest: guard('write') }, async (request, reply) => {
    const principal = principals.get(request)!;
    const body = request.body;
    const type = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { type?: unknown }).type : undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(reply, 400, 'INVALID_INPUT', 'the body must be one command as a JSON object', '');
    if (typeof type !== 'string' || !(COMMAND_TYPES as string[]).includes(type)) {
      return fail(reply, 400, 'INVALID_INPUT', `type: unknown command type ${JSON.stringify(type)}; expected one of ${COMMAND_TYPES.join(', ')}`, 'type');
    }
    if (!maySend(principal.roles, type as CommandType)) {
      return fail(reply, 403, 'FORBIDDEN', `${principal.actor} (${principal.roles.join(', ')}) may not send ${type}; it needs the role ${COMMAND_ROLES[type as CommandType]}`, 'type');
    }
    const result = await ledger.execute(body, { actor: principal.actor });
    if (!result.ok) return fail(reply, statusOfRejection(result.error.code), result.error.code, result.error.message, result.error.path);
    return reply.send({
      commandId: result.commandId,
      grantId: result.grantId,
      duplicate: result.duplicate,
      events: result.events.map((e) => ({ type: e.type, position: e.position, revision: e.revision, streamId: e.streamId, recordedAt: e.metadata.recordedAt })),
    });
  });

  app.post('/reconcile', { onRequest: guard('reconcile'), bodyLimit: options.reconcileBodyLimit ?? DEFAULT_RECONCILE_BODY_LIMIT }, async (request, reply) => {
    const principal = principals.get(request)!;
    if (typeof request.body !== 'string') {
      return fail(reply, 400, 'INVALID_INPUT', 'send the bank statement as application/xml (camt.053, camt.054) or text/csv (bookedOn,amount,reference)', '');
    }
    const result = await reconcile(ledger, request.body, { actor: principal.actor });
    if (!result.ok) {
      const first = result.errors[0];
      return fail(reply, 400, 'INVALID_INPUT', first ? `${first.at}: ${first.message}` : 'the bank statement is invalid', first?.at ?? '', boundedProblems(result.errors));
    }
    return reply.send(result);
  });

  registerBankRoutes(app, {
    ledger,
    config: options.config ?? loadLedgerConfig(),
    guard,
    actorOf: (request) => principals.get(request)!.actor,
    fail,
  });

  // ---- reads ----
  app.get('/grants', { onRequest: guard('projections') }, async (request, reply) => {
    const q = parse(grantsQuery, request.query, reply);
    if (!q) return reply;
    return reply.send(await ledger.grants(q.status));
  });

  app.get('/grants/:id', { onRequest: guard('projections') }, async (request, reply) => {
    const grantId = grantIdOf(request, reply);
    const at = grantId === undefined ? undefined : timeTravelOf(request, reply);
    if (grantId === undefined || !at) return reply;
    const balance = await ledger.balance(grantId, at);
    return balance ? reply.send(balance) : unknownGrant(reply, grantId, at);
  });

  app.get('/grants/:id/indicators', { onRequest: guard('projections') }, async (request, reply) => {
    const grantId = grantIdOf(request, reply);
    const at = grantId === undefined ? undefined : timeTravelOf(request, reply);
    if (grantId === undefined || !at) return reply;
    const indicators = await ledger.indicators(grantId, at);
    return indicators ? reply.send(indicators) : unknownGrant(reply, grantId, at);
  });

  app.get('/grants/:id/timeline', { onRequest: guard('projections') }, async (request, reply) => {
    const grantId = grantIdOf(request, reply);
    const at = grantId === undefined ? undefined : timeTravelOf(request, reply);
    if (grantId === undefined || !at) return reply;
    const stream = await streamOf(grantId);
    if (stream.length === 0) return unknownGrant(reply, grantId);
    return reply.send(timelineOf(grantId, stream, at));
  });

  app.get('/grants/:id/history', { onRequest: guard('history') }, async (request, reply) => {
    const grantId = grantIdOf(request, reply);
    const at = grantId === undefined ? undefined : timeTravelOf(request, reply);
    if (grantId === undefined || !at) return reply;
    const history = await ledger.history(grantId, at);
    if (history.length === 0 && !(await exists(grantId))) return unknownGrant(reply, grantId);
    return reply.send(history);
  });

  app.get('/reference-rates', { onRequest: guard('projections') }, async (request, reply) => {
    const at = timeTravelOf(request, reply);
    if (!at) return reply;
    return reply.send(await ledger.referenceRateLines(at));
  });

  app.get('/portfolio', { onRequest: guard('projections') }, async (request, reply) => {
    const q = parse(portfolioQuery, request.query, reply);
    if (!q) return reply;
    return reply.send(await ledger.portfolio(q.appropriation));
  });

  app.get('/payments', { onRequest: guard('projections') }, async (request, reply) => {
    const q = parse(paymentsQuery, request.query, reply);
    if (!q) return reply;
    if (q.grantId !== undefined && !(await exists(q.grantId))) return unknownGrant(reply, q.grantId);
    const at: AsOf = { ...(q.asOf !== undefined ? { asOf: q.asOf } : {}), ...(q.asOfRecorded !== undefined ? { asOfRecorded: q.asOfRecorded } : {}) };
    return reply.send(await ledger.payments(q.grantId, at));
  });

  registerDeskRoutes(app, { ledger, guard, parse, fail, principalOf: (request) => principals.get(request)! });

  // Seals (domain.md "Seals"): made as the token's actor, recorded in the stream `seals`;
  // the answer is the seal to keep outside the ledger.
  app.post('/seals', { onRequest: guard('seal') }, async (request, reply) => {
    const seal = await ledger.seal(principals.get(request)!.actor, options.sealKey);
    return reply.code(201).send(seal);
  });
  app.get('/seals', { onRequest: guard('seal') }, async (_request, reply) => reply.send(await ledger.seals()));

  app.get('/verify', { onRequest: guard('verify') }, async (_request, reply) => reply.send(await ledger.verify()));

  app.get('/export', { onRequest: guard('export') }, async (request, reply) => {
    const q = parse(exportQuery, request.query, reply);
    if (!q) return reply;
    if (q.grantId !== undefined && !(await exists(q.grantId))) return unknownGrant(reply, q.grantId);
    const name = `ledger${q.grantId ? `-${q.grantId.replace(/[^A-Za-z0-9._-]+/g, '_')}` : ''}`;
    if (q.format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-payments.csv"`)
        .send(journalCsv(await ledger.payments(q.grantId)));
    }
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-events.jsonl"`)
      .send(Readable.from(exportJsonl(ledger.events(q.grantId))));
  });

  return app;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = await buildApp(options);
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, app, close: () => app.close() };
}
