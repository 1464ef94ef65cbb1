// `reconcile FILE [--json]`: settles attested payments and records repayments from a bank
// statement (camt.053, camt.054 or CSV; the format is detected).
import fs from 'node:fs';
import type { Command } from 'commander';
import { boundedProblems } from '../../bounded-problems.js';
import { reconcile, type StatementLine } from '../../reconcile.js';
import { withLedger } from '../context.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, printError, printJson, sek, table, writeOut } from '../output.js';

export const DEFAULT_RECONCILE_ACTOR = 'bank-reconciliation';

/** A CSV line number, or the entry's element path in a camt file. */
const where = (r: StatementLine) => (r.line !== undefined ? String(r.line) : r.at);

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('match a bank statement (camt.053/camt.054 XML or CSV) to attested payments and recoveries; record settlements and repayments')
    .argument('<FILE>', 'the statement: camt.053/054, or CSV bookedOn,amount,reference (or Bokföringsdag;Belopp;Referens)')
    .option('--actor <NAME>', 'who records the settlements (the finance actor)', DEFAULT_RECONCILE_ACTOR)
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { actor: string; json?: boolean }, command: Command) => {
      let text: string;
      try {
        text = await fs.promises.readFile(file, 'utf8');
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
        throw new CliError(`cannot read ${file}: ${reason}`, 'USAGE', EXIT_USAGE);
      }
      const result = await withLedger(command, (ledger) => reconcile(ledger, text, { actor: options.actor }));
      if (!result.ok) {
        const { errors, problemCount } = boundedProblems(result.errors);
        if (options.json) await printJson({ ...result, errors, problemCount });
        for (const e of errors) process.stderr.write(e.line !== undefined ? `${file}:${e.line}: ${e.message}\n` : `${file}: ${e.at}: ${e.message}\n`);
        if (problemCount > errors.length) process.stderr.write(`${file}: … and ${problemCount - errors.length} more\n`);
        const first = result.errors[0];
        const where = first?.line !== undefined ? `on line ${first.line}` : `at ${first?.at}`;
        printError(`the bank statement has ${result.errors.length} malformed entr${result.errors.length === 1 ? 'y' : 'ies'} (first ${where}); nothing was recorded`, 'INVALID_INPUT');
        process.exitCode = EXIT_FAILED;
        return;
      }
      if (options.json) await printJson(result);
      else {
        const newly = result.matched.filter((m) => !m.alreadySettled).length;
        let out = `Matched ${result.matched.length} (${newly} newly settled, ${result.matched.length - newly} already settled); ` +
          `${result.amountMismatch.length} amount mismatch${result.amountMismatch.length === 1 ? '' : 'es'}; ` +
          `${result.missingInBank.length} missing in bank; ${result.unknownInBank.length} unknown in bank; ` +
          `${result.repayments.length} repayment${result.repayments.length === 1 ? '' : 's'}` +
          `${result.ignored > 0 ? `; ${result.ignored} not booked yet (ignored)` : ''}. ` +
          `Recorded ${result.recorded} ${result.recorded === 1 ? 'event' : 'events'}.\n`;
        if (result.matched.length > 0) {
          out += `\nMatched:\n${table(result.matched, [
            { header: 'Where', value: where },
            { header: 'Booked', value: (r) => r.bookedOn },
            { header: 'Payment', value: (r) => r.paymentId },
            { header: 'Grant', value: (r) => r.grantId },
            { header: 'Amount', value: (r) => sek(r.amount), right: true },
            { header: 'Note', value: (r) => (r.alreadySettled ? 'already settled' : 'settled now') },
          ])}`;
        }
        if (result.repayments.length > 0) {
          out += `\nRepayments (by OCR reference):\n${table(result.repayments, [
            { header: 'Where', value: where },
            { header: 'Booked', value: (r) => r.bookedOn },
            { header: 'Recovery', value: (r) => r.recoveryId },
            { header: 'Grant', value: (r) => r.grantId },
            { header: 'Amount', value: (r) => sek(r.amount), right: true },
            { header: 'Note', value: (r) => (r.alreadyRecorded ? 'already recorded' : 'recorded now') },
          ])}`;
        }
        if (result.amountMismatch.length > 0) {
          out += `\nAmount mismatch (nothing recorded):\n${table(result.amountMismatch, [
            { header: 'Where', value: where },
            { header: 'Booked', value: (r) => r.bookedOn },
            { header: 'Payment', value: (r) => r.paymentId },
            { header: 'Grant', value: (r) => r.grantId },
            { header: 'Bank', value: (r) => sek(r.amount), right: true },
            { header: 'Ledger', value: (r) => sek(r.expectedAmount), right: true },
          ])}`;
        }
        if (result.missingInBank.length > 0) {
          out += `\nAttested but missing in bank:\n${table(result.missingInBank, [
            { header: 'Payment', value: (e) => e.paymentId },
            { header: 'Grant', value: (e) => e.grantId },
            { header: 'Attested', value: (e) => e.attestedOn ?? '' },
            { header: 'Amount', value: (e) => sek(e.amount), right: true },
          ])}`;
        }
        if (result.unknownInBank.length > 0) {
          out += `\nUnknown in bank (nothing recorded):\n${table(result.unknownInBank, [
            { header: 'Where', value: where },
            { header: 'Booked', value: (r) => r.bookedOn },
            { header: 'Reference', value: (r) => r.reference },
            { header: 'Amount', value: (r) => sek(r.amount), right: true },
            { header: 'Why', value: (r) => r.reason },
          ])}`;
        }
        await writeOut(out);
      }
      // Rows that need a person (wrong amount, unknown reference) fail the run; payments
      // not yet on the statement are normal (still in transit) and do not.
      process.exitCode = result.amountMismatch.length > 0 || result.unknownInBank.length > 0 ? EXIT_FAILED : EXIT_OK;
    });
}
