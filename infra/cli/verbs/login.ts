// `login` and `logout`: signing in at the region's identity provider with the device
// authorization grant (interfaces.md "Sign-in"), and forgetting that sign-in. The sign-in is
// kept in a file readable by its owner only (infra/auth/token-file.ts); `exec` then acts as
// that person.
import type { Command } from 'commander';
import { accessTokenVerifier } from '../../auth/access-token-verifier.js';
import { deviceLogin, type DevicePrompt } from '../../auth/device-login.js';
import { forgetSignIn, saveSignIn, tokenFilePath } from '../../auth/token-file.js';
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

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description(
      "sign in at the region's identity provider (device code); later commands act as you",
    )
    .action(login);
  program
    .command('logout')
    .description('forget the sign-in that login kept')
    .action(async () => {
      const file = tokenFilePath();
      const forgotten = forgetSignIn(file);
      await writeOut(forgotten ? `Signed out: ${file} removed.\n` : 'There was no sign-in.\n');
    });
}
