// The grant-ledger command line: global options, one verb per file under verbs/, and the
// one place where errors become a sentence, a code and an exit code (0 ok, 1 failed or
// rejected, 2 usage).
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../version.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, errorLine } from './output.js';
import { registerBackup } from './verbs/backup.js';
import { registerBalance } from './verbs/balance.js';
import { registerDecisionLetter } from './verbs/decision-letter.js';
import { registerDelegationReport } from './verbs/delegation-report.js';
import { registerDemo } from './verbs/demo.js';
import { registerExec } from './verbs/exec.js';
import { registerExport } from './verbs/export.js';
import { registerGrants } from './verbs/grants.js';
import { registerHistory } from './verbs/history.js';
import { registerIndicators } from './verbs/indicators.js';
import { registerLogin } from './verbs/login.js';
import { registerPaymentsFile } from './verbs/payments-file.js';
import { registerPortfolio } from './verbs/portfolio.js';
import { registerRebuild } from './verbs/rebuild.js';
import { registerReconcile } from './verbs/reconcile.js';
import { registerSeal } from './verbs/seal.js';
import { registerServe } from './verbs/serve.js';
import { registerSie } from './verbs/sie.js';
import { registerVerify } from './verbs/verify.js';
import { redactSecrets } from '../redact.js';
import { isStoreUnavailable } from '../store-unavailable.js';

export function buildProgram(): Command {
  const program = new Command('grant-ledger')
    .description('Event-sourced ledger for public grant co-financing and its disbursements')
    .version(packageVersion(), '-V, --version')
    .option(
      '--store <URL>',
      'event store: sqlite:PATH, postgres://…, esdb://…, memory: (default: $LEDGER_STORE or sqlite:./data/ledger.db)',
    )
    .option(
      '--read-store <URL>',
      'where the read models live when events are in EventStoreDB (sqlite:PATH or postgres://…)',
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's own errors (unknown verb, missing argument, bad choice): one line, code USAGE.
      outputError: (message, write) =>
        write(`${errorLine(message.trim().split('\n')[0] ?? message, 'USAGE')}\n`),
    });
  for (const register of [
    registerExec,
    registerBalance,
    registerIndicators,
    registerPortfolio,
    registerGrants,
    registerHistory,
    registerVerify,
    registerSeal,
    registerBackup,
    registerReconcile,
    registerPaymentsFile,
    registerSie,
    registerExport,
    registerDelegationReport,
    registerDecisionLetter,
    registerRebuild,
    registerDemo,
    registerServe,
    registerLogin,
  ]) {
    register(program);
  }
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Runs the CLI and returns the exit code (never throws). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; every other commander error is usage.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${errorLine(error.message, error.code)}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    // A full disk, a read-only store, a server gone: as over HTTP, not a bug of ours.
    const code = isStoreUnavailable(error) ? 'STORE_UNAVAILABLE' : 'INTERNAL_ERROR';
    process.stderr.write(`${errorLine(message, code)}\n`);
    if (process.env.LEDGER_DEBUG)
      process.stderr.write(`${redactSecrets((error as Error).stack ?? '')}\n`);
    return EXIT_FAILED;
  }
}
