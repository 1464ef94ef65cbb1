// The sign-in settings (interfaces.md "Sign-in (OpenID Connect)"): the issuer, audience and
// client ids come from the environment (they differ per installation and per secret store),
// the claim names and the role mapping from ledger.config.json's `oidc` section (they are the
// region's policy, kept with its other configuration).
import { z } from 'zod';
import { ROLES, type Role } from '../http/tokens.js';

/** ledger.config.json `oidc`: which claims name the person and the roles, and role mapping. */
export const oidcConfigSchema = z.strictObject({
  /** The claim that names the actor; default `email`, then `preferred_username`. */
  actorClaim: z.string().trim().min(1).max(100).optional(),
  /** The claim that holds the roles (a string or a list); default `roles`. */
  rolesClaim: z.string().trim().min(1).max(100).optional(),
  /** The provider's role or group values that mean one of the ledger's roles. */
  roles: z.record(z.string().min(1).max(200), z.enum(ROLES)).optional(),
  /** Scopes the desk and the CLI ask for; default `openid email profile offline_access`. */
  scope: z.string().trim().min(1).max(500).optional(),
});

export type OidcConfig = z.output<typeof oidcConfigSchema>;

export interface OidcSettings {
  issuer: URL;
  audience: string;
  /** The desk's client (Authorization Code with PKCE); without it the desk keeps its tokens. */
  clientId?: string;
  /** The CLI's client (device authorization grant); default the desk's. */
  cliClientId?: string;
  actorClaims: string[];
  rolesClaim: string;
  roleMap: ReadonlyMap<string, Role>;
  scope: string;
}

export const DEFAULT_SCOPE = 'openid email profile offline_access';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An issuer is https, or http on this machine only (tests, local trials): tokens cross it. */
export function issuerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`LEDGER_OIDC_ISSUER is not a URL: "${text}"`);
  }
  if (url.search || url.hash)
    throw new Error('LEDGER_OIDC_ISSUER must have no query string or fragment');
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw new Error(
      `LEDGER_OIDC_ISSUER must be https:// (http:// only on 127.0.0.1 or localhost), not ${url.protocol}//${url.host}`,
    );
  return url;
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The settings, or undefined when no issuer is configured (the tokens file alone). */
export function oidcSettingsFrom(
  env: NodeJS.ProcessEnv,
  config: OidcConfig | undefined,
): OidcSettings | undefined {
  const issuer = optional(env.LEDGER_OIDC_ISSUER);
  if (issuer === undefined) return undefined;
  const audience = optional(env.LEDGER_OIDC_AUDIENCE);
  if (audience === undefined)
    throw new Error(
      'LEDGER_OIDC_AUDIENCE must name the audience of the API (the aud of its access tokens)',
    );
  const clientId = optional(env.LEDGER_OIDC_CLIENT_ID);
  const cliClientId = optional(env.LEDGER_OIDC_CLI_CLIENT_ID) ?? clientId;
  return {
    issuer: issuerUrl(issuer),
    audience,
    ...(clientId ? { clientId } : {}),
    ...(cliClientId ? { cliClientId } : {}),
    actorClaims: config?.actorClaim ? [config.actorClaim] : ['email', 'preferred_username'],
    rolesClaim: config?.rolesClaim ?? 'roles',
    roleMap: new Map(Object.entries(config?.roles ?? {})),
    scope: config?.scope ?? DEFAULT_SCOPE,
  };
}
