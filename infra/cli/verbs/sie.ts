// `sie --from DATE --to DATE [--accounts FILE] [--out FILE]`: SIE 4I verifications of the
// money events in the period (interfaces.md "Book-keeping"), in CP437, to --out or stdout
// (never over an existing file or through a symbolic link without --force).
import type { Command } from 'commander';
import { isRejection } from '../../../domain/errors.js';
import { readAccountsFile, type AccountPlan } from '../../books/accounts.js';
import { sieOptionsOf } from '../../books/request.js';
import { sieFile } from '../../books/sie.js';
import { loadLedgerConfig } from '../../config.js';
import { withLedger } from '../context.js';
import { CliError, EXIT_USAGE } from '../output.js';
import { checkOutputPath, writeOutputFile } from '../output-file.js';

export function registerSie(program: Command): void {
  program
    .command('sie')
    .description('SIE 4I verifications of the money events in a period, for the accounting system')
    .requiredOption('--from <DATE>', 'first business date, YYYY-MM-DD')
    .requiredOption('--to <DATE>', 'last business date, YYYY-MM-DD')
    .option(
      '--accounts <FILE>',
      'account numbers by role (JSON; default: ledger.config.json accounts, else the defaults)',
    )
    .option('--out <FILE>', 'write the file here (default: stdout); never over an existing file')
    .option('--force', 'let --out replace an existing file')
    .action(
      async (
        options: { from: string; to: string; accounts?: string; out?: string; force?: boolean },
        command: Command,
      ) => {
        let plan: AccountPlan | undefined;
        let options_;
        try {
          if (options.accounts !== undefined) plan = readAccountsFile(options.accounts);
          options_ = sieOptionsOf({ from: options.from, to: options.to }, loadLedgerConfig(), plan);
        } catch (error) {
          throw new CliError((error as Error).message, 'USAGE', EXIT_USAGE);
        }
        if (isRejection(options_)) throw new CliError(options_.message, options_.code, EXIT_USAGE);
        const sieOptions = options_;
        const force = options.force === true;
        if (options.out !== undefined) await checkOutputPath(options.out, { force });
        const file = await withLedger(command, (ledger) => sieFile(ledger, sieOptions));
        if (options.out !== undefined) await writeOutputFile(options.out, file.bytes, { force });
        else
          await new Promise<void>((resolve, reject) =>
            process.stdout.write(file.bytes, (e) => (e ? reject(e) : resolve())),
          );
        process.stderr.write(
          `SIE 4I ${sieOptions.from}..${sieOptions.to}: ${file.verifications.length} verification${file.verifications.length === 1 ? '' : 's'}${options.out ? `, written to ${options.out}` : ''}.\n`,
        );
      },
    );
}
