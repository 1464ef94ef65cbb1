// `login` and `logout`: signing in at the region's identity provider with the device
// authorization grant (interfaces.md "Sign-in"), and forgetting that sign-in. The sign-in is
// kept in a file readable by its owner only (infra/auth/token-file.ts); `exec` then acts as
// that person.
import type { Command } from 'commander';
import { accessTokenVerifier } from '../../auth/access-token-verifier.js';
import { deviceLogin, revokeSignIn, type DevicePrompt } from '../../auth/device-login.js';
import {
  forgetSignIn,
  loadSignIn,
  saveSignIn,
  tokenFilePath,
  type StoredSignIn,
} from '../../auth/token-file.js';
import { CliError, EXIT_USAGE, writeOut } from '../output.js';
import { cliSignInSettings } from '../signed-in.js';

function promptText(prompt: DevicePrompt): string {
  const minutes = Math.max(1, Math.round(prompt.expiresInSeconds / 60));
  const lines = [
    `To sign in, open ${prompt.verificationUri} and enter the code ${prompt.userCode}`,
    ...(prompt.verificationUriComplete
      ? [`(or open ${prompt.verificationUriComplete} directly)`]
      : []),
    `The code is valid for ${minutes} minute${minutes === 1 ? '' : 's'}. Waiting…`,
  ];
  return `${lines.join('\n')}\n`;
}

async function login(): Promise<void> {
  const settings = cliSignInSettings();
  if (!settings)
    throw new CliError(
      'no identity provider is configured: set LEDGER_OIDC_ISSUER and LEDGER_OIDC_AUDIENCE',
      'USAGE',
      EXIT_USAGE,
    );
  let signIn;
  try {
    signIn = await deviceLogin(settings, (prompt) => writeOut(promptText(prompt)));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`sign-in failed: ${(error as Error).message}`, 'UNAUTHENTICATED');
  }
  // The token is checked as the API will check it before it is kept: a sign-in without a
  // role of the ledger is said at once, not at the first command.
  const verified = await accessTokenVerifier(settings)(signIn.accessToken);
  if (!verified.ok)
    throw new CliError(
      `the provider's token is not accepted: ${verified.reason}`,
      verified.status === 403 ? 'FORBIDDEN' : 'UNAUTHENTICATED',
    );
  const file = tokenFilePath();
  saveSignIn(file, signIn);
  const { actor, roles } = verified.principal;
  await writeOut(`Signed in as ${actor} (${roles.join(', ')}); the sign-in is kept in ${file}.\n`);
}

/** Revokes the refresh token at the provider when it can, and removes the file always. */
async function logout(): Promise<void> {
  const file = tokenFilePath();
  let signIn: StoredSignIn | undefined;
  try {
    signIn = loadSignIn(file);
  } catch {
    signIn = undefined; // an unreadable or unsafe file is removed all the same
  }
  const settings = cliSignInSettings();
  let revoked = '';
  if (settings && signIn) {
    try {
      if (await revokeSignIn(settings, signIn))
        revoked = ' and its renewal revoked at the provider';
    } catch (error) {
      revoked = ` (the provider could not be told: ${(error as Error).message})`;
    }
  }
  const forgotten = forgetSignIn(file);
  await writeOut(
    forgotten ? `Signed out: ${file} removed${revoked}.\n` : 'There was no sign-in.\n',
  );
}

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description(
      "sign in at the region's identity provider (device code); later commands act as you",
    )
    .action(login);
  program.command('logout').description('forget the sign-in that login kept').action(logout);
}
