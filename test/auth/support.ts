// What the sign-in tests share: the ledger's sign-in settings for a test provider, and the
// server's log lines caught as JSON to read the reason of a refusal.
import { PassThrough } from 'node:stream';
import { oidcSettingsFrom, type OidcSettings } from '../../infra/auth/settings.js';
import { AUDIENCE, CLI_CLIENT, DESK_CLIENT, LEDGER_SCOPE, ROLE_MAP } from './provider.js';

/** The environment an installation would set for this provider. */
export function signInEnvironment(issuer: string): Record<string, string> {
  return {
    LEDGER_OIDC_ISSUER: issuer,
    LEDGER_OIDC_AUDIENCE: AUDIENCE,
    LEDGER_OIDC_CLIENT_ID: DESK_CLIENT,
    LEDGER_OIDC_CLI_CLIENT_ID: CLI_CLIENT,
  };
}

/** ledger.config.json's oidc section: the provider's role names mapped to the ledger's. */
export const OIDC_CONFIG = {
  roles: { ...ROLE_MAP },
  scope: `openid email profile offline_access ${LEDGER_SCOPE}`,
};

export function signInSettings(issuer: string): OidcSettings {
  return oidcSettingsFrom(signInEnvironment(issuer), OIDC_CONFIG)!;
}

export interface CaughtLog {
  stream: PassThrough;
  lines(): Record<string, unknown>[];
}

export function catchLog(): CaughtLog {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return {
    stream,
    lines: () =>
      text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
