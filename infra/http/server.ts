// The HTTP API and the dashboard (interfaces.md "HTTP API"), on fastify 5: the app is the
// shell every request passes through (app-shell.ts) with its route groups registered on it.
// Every API route is authenticated by a bearer token and checked against the token's roles
// before the store is touched (access.ts); every write is done as the token's actor.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { accessTokenVerifier } from '../auth/access-token-verifier.js';
import { loadLedgerConfig } from '../config.js';
import { accessFor } from './access.js';
import type { AppOptions } from './app-options.js';
import { appShell, reconcileBodyLimitOf } from './app-shell.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerBankRoutes } from './bank-routes.js';
import { registerDeskRoutes } from './desk-routes.js';
import { registerDocumentRoutes } from './document-routes.js';
import { registerGrantRoutes } from './grant-routes.js';
import { registerMeRoute } from './me-route.js';
import { registerOpenRoutes } from './open-routes.js';
import { registerPortfolioRoutes } from './portfolio-routes.js';
import { registerSignInRoute } from './sign-in-route.js';
import type { RouteKit } from './route-kit.js';
import { loadWebFiles } from './web-files.js';
import { registerWriteRoutes } from './write-routes.js';

export {
  DEFAULT_BODY_LIMIT,
  DEFAULT_RECONCILE_BODY_LIMIT,
  type AppOptions,
} from './app-options.js';

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

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { ledger } = options;
  const { oidc } = options;
  const verifier = oidc
    ? accessTokenVerifier(oidc, {
        ...(options.jwksCooldownMs !== undefined ? { jwksCooldownMs: options.jwksCooldownMs } : {}),
      })
    : undefined;
  const kit: RouteKit = { ledger, ...accessFor(options.tokens, ledger, verifier) };
  const web = await loadWebFiles();
  const config = options.config ?? loadLedgerConfig();
  const app = appShell(options);
  registerOpenRoutes(app, ledger, web);
  registerSignInRoute(app, oidc);
  registerMeRoute(app, kit);
  registerWriteRoutes(app, kit, reconcileBodyLimitOf(options), config.statementCsv);
  registerBankRoutes(app, kit, config);
  registerGrantRoutes(app, kit);
  registerPortfolioRoutes(app, kit);
  registerDeskRoutes(app, kit);
  registerDocumentRoutes(app, kit, config);
  registerAuditRoutes(app, kit, options.sealKey);
  return app;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = await buildApp(options);
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, app, close: () => app.close() };
}
