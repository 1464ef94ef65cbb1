// Who runs the CLI, when the region's identity provider is configured: the person of
// LEDGER_TOKEN, else of the sign-in `grant-ledger login` stored. Their token is checked as
// the API checks it (infra/auth), and its actor and roles then stand for every command, as
// over HTTP. Without an issuer configured, or without a sign-in, the CLI acts as before.
import { accessTokenVerifier } from '../auth/access-token-verifier.js';
import { renewSignIn } from '../auth/device-login.js';
import type { Principal } from '../auth/principal.js';
import { oidcSettingsFrom, type OidcSettings } from '../auth/settings.js';
import { loadSignIn, saveSignIn, tokenFilePath } from '../auth/token-file.js';
import { loadLedgerConfig } from '../config.js';
import { CliError, EXIT_USAGE } from './output.js';

/** A stored access token this close to its expiry is renewed first. */
const RENEW_BEFORE_MS = 60_000;

export function cliSignInSettings(env: NodeJS.ProcessEnv = process.env): OidcSettings | undefined {
  // Without an issuer the configuration file is not even read: the CLI acts as it always did.
  if (!env.LEDGER_OIDC_ISSUER?.trim()) return undefined;
  try {
    return oidcSettingsFrom(env, loadLedgerConfig().oidc);
  } catch (error) {
    throw new CliError(`sign-in: ${(error as Error).message}`, 'USAGE', EXIT_USAGE);
  }
}

async function storedAccessToken(settings: OidcSettings): Promise<string | undefined> {
  const file = tokenFilePath();
  let signIn = loadSignIn(file);
  if (!signIn) return undefined;
  if (Date.parse(signIn.expiresAt) - Date.now() < RENEW_BEFORE_MS) {
    signIn = await renewSignIn(settings, signIn);
    saveSignIn(file, signIn);
  }
  return signIn.accessToken;
}

/** The signed-in person, or undefined when the CLI runs without a sign-in. */
export async function signedInPrincipal(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Principal | undefined> {
  const settings = cliSignInSettings(env);
  if (!settings) return undefined;
  let token: string | undefined;
  try {
    token = env.LEDGER_TOKEN?.trim() || (await storedAccessToken(settings));
  } catch (error) {
    throw new CliError((error as Error).message, 'UNAUTHENTICATED');
  }
  if (!token) return undefined;
  const verified = await accessTokenVerifier(settings)(token);
  if (!verified.ok) {
    const where = env.LEDGER_TOKEN ? 'LEDGER_TOKEN' : 'the stored sign-in';
    throw new CliError(
      `${where} is not accepted (${verified.reason}); run grant-ledger login`,
      verified.status === 403 ? 'FORBIDDEN' : 'UNAUTHENTICATED',
    );
  }
  return verified.principal;
}
