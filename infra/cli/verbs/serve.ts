// `serve [--port 3000] [--demo]`: the HTTP API and the dashboard. Tokens come from the file
// named by LEDGER_TOKENS; without it, random local demo tokens are made and printed.
import type { Command } from 'commander';
import { oidcSettingsFrom, type OidcSettings } from '../../auth/settings.js';
import { loadLedgerConfig } from '../../config.js';
import { FOUNDING_GRANT_ID } from '../../demo/founding-case.js';
import { loadFoundingCase, loadReferenceRates } from '../../demo/load-demo.js';
import type { RunningServer } from '../../http/server.js';
import type { TokenTable } from '../../http/tokens.js';
import { openFromOptions, type GlobalOptions } from '../context.js';
import { CliError, EXIT_USAGE, usageError, writeOut } from '../output.js';
import { parseSealEvery, scheduleSeals } from '../../seal-schedule.js';
import { sealKeyFromEnvironment } from './seal.js';

export function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw usageError(`--port needs a port number 0–65535, not "${text}"`);
  return Number(text);
}

export function tokenBanner(url: string, tokens: TokenTable): string {
  const entries = Object.entries(tokens);
  const lines: string[] = [];
  // The ready link carries the token in the fragment (#token=…), which browsers never send
  // to a server; the desk moves it into the tab's sessionStorage and off the address bar.
  const officer = entries.find(([, t]) => t.roles.includes('officer'));
  if (officer)
    lines.push(
      `Ready: open ${url}/#token=${officer[0]} to sign in as ${officer[1].actor} (officer).`,
      '',
    );
  lines.push(
    'Local demo tokens (set LEDGER_TOKENS to a tokens file to use your own); paste one on the sign-in page:',
  );
  for (const [token, { actor, roles }] of entries)
    lines.push(`  ${token}  ${actor}  [${roles.join(', ')}]`);
  const example =
    entries.find(([, t]) => t.roles.includes('viewer') || t.roles.includes('auditor')) ??
    entries[0];
  if (example) {
    lines.push(
      '',
      'Try:',
      `  curl -H 'Authorization: Bearer ${example[0]}' ${url}/grants/${encodeURIComponent(FOUNDING_GRANT_ID)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** LEDGER_OIDC_* and ledger.config.json's oidc section; a mistake there is a usage error. */
function signInSettings(): OidcSettings | undefined {
  try {
    return oidcSettingsFrom(process.env, loadLedgerConfig().oidc);
  } catch (error) {
    throw new CliError(`sign-in: ${(error as Error).message}`, 'USAGE', EXIT_USAGE);
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API and the dashboard')
    .option('--port <PORT>', 'port to listen on', '3000')
    .option('--host <HOST>', 'interface to listen on')
    .option('--demo', 'load the founding case first (idempotent)')
    .option(
      '--seal-every <PERIOD>',
      'seal the ledger every PERIOD (24h, 30m, 1d; off); default 24h when LEDGER_SEAL_KEY is set, else off',
    )
    .action(
      async (
        options: { port: string; host?: string; demo?: boolean; sealEvery?: string },
        command: Command,
      ) => {
        const port = parsePort(options.port);
        const sealKey = sealKeyFromEnvironment();
        let sealEveryMs: number | undefined;
        try {
          sealEveryMs = parseSealEvery(options.sealEvery ?? (sealKey ? '24h' : 'off'));
        } catch (error) {
          throw usageError((error as Error).message);
        }
        // Loaded here, not at start-up: the other verbs need no web server.
        const { startServer } = await import('../../http/server.js');
        const { demoTokens, loadTokens } = await import('../../http/tokens.js');
        let tokens: TokenTable;
        const tokensFile = process.env.LEDGER_TOKENS;
        if (tokensFile) {
          try {
            tokens = await loadTokens(tokensFile);
          } catch (error) {
            throw new CliError(
              `cannot load the tokens file ${tokensFile} (LEDGER_TOKENS): ${(error as Error).message}`,
              'USAGE',
              EXIT_USAGE,
            );
          }
        } else tokens = demoTokens();

        const oidc = signInSettings();
        const ledger = await openFromOptions(command.optsWithGlobals<GlobalOptions>());
        let server: RunningServer;
        try {
          if (options.demo) {
            await loadReferenceRates(ledger);
            const { appended } = await loadFoundingCase(ledger);
            await writeOut(
              `Founding case ${FOUNDING_GRANT_ID}: ${appended > 0 ? `${appended} events appended` : 'already loaded'}.\n`,
            );
          }
          server = await startServer({
            ledger,
            port,
            tokens,
            ...(oidc ? { oidc } : {}),
            logger: true,
            ...(sealKey ? { sealKey } : {}),
            ...(options.host !== undefined ? { host: options.host } : {}),
          });
        } catch (error) {
          await ledger.close();
          throw error;
        }
        await writeOut(`Serving the grant ledger on ${server.url} (dashboard: ${server.url}/)\n`);
        if (oidc)
          await writeOut(`Sign-in through ${oidc.issuer.href} (audience ${oidc.audience})\n`);
        if (!tokensFile) await writeOut(tokenBanner(server.url, tokens));
        const log = server.app.log;
        const seals =
          sealEveryMs === undefined
            ? undefined
            : scheduleSeals(ledger, {
                everyMs: sealEveryMs,
                ...(sealKey ? { key: sealKey } : {}),
                onSeal: (seal) =>
                  log.info(
                    {
                      seal: {
                        sealedAt: seal.sealedAt,
                        position: seal.position,
                        root: seal.root,
                        signed: seal.signature !== undefined,
                      },
                    },
                    'sealed the ledger',
                  ),
                onError: (error) => log.error({ err: error }, 'sealing failed'),
              });

        // Runs until interrupted; then stops taking requests and closes the store cleanly.
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        seals?.stop();
        await server.close();
        await ledger.close();
      },
    );
}
