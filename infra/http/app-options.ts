// What the HTTP app is built from: the ledger, the token table and the limits of a request.
import type { KeyObject } from 'node:crypto';
import type { OidcSettings } from '../auth/settings.js';
import type { LedgerConfig } from '../config.js';
import type { Ledger } from '../ledger.js';
import type { TokenTable } from './tokens.js';

export const DEFAULT_BODY_LIMIT = 256 * 1024;
/**
 * A little above the largest statement taken (20 MiB, xml-guard.ts), so that a file just
 * over it is refused by the guard, naming its size, rather than by the body limit.
 */
export const DEFAULT_RECONCILE_BODY_LIMIT = 21 * 1024 * 1024;

export interface AppOptions {
  ledger: Ledger;
  tokens: TokenTable;
  /** Largest request body in bytes (413 above it). Default 256 KiB. */
  bodyLimit?: number;
  /** Largest bank statement body POST /reconcile reads. Default 21 MiB. */
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
  /**
   * ledger.config.json (debtor of bank files, account plan); default: read from LEDGER_CONFIG
   * or ./.
   */
  config?: LedgerConfig;
  /**
   * The identity provider whose access tokens the API accepts beside the tokens file
   * (LEDGER_OIDC_ISSUER …, infra/auth/settings.ts); without it, the tokens file alone.
   */
  oidc?: OidcSettings;
  /** How long an unknown signing key waits before the JWKS is fetched again. Default 30 s. */
  jwksCooldownMs?: number;
}
