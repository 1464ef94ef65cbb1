// `reconcile FILE [--json]`: settles attested payments and records repayments from a bank
// statement (camt.053, camt.054 or CSV; the format is detected).
import fs from 'node:fs';
import type { Command } from 'commander';
import { boundedProblems } from '../../bounded-problems.js';
import { loadLedgerConfig } from '../../config.js';
import { reconcile, type StatementLine } from '../../reconcile.js';
import { withLedger } from '../context.js';
import {
  CliError,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  printError,
  printJson,
  sek,
  table,
  writeOut,
  type Column,
} from '../output.js';

export const DEFAULT_RECONCILE_ACTOR = 'bank-reconciliation';

/** A CSV line number, or the entry's element path in a camt file. */
const where = (r: StatementLine) => (r.line !== undefined ? String(r.line) : r.at);

type Reconciled = Awaited<ReturnType<typeof reconcile>>;
type Report = Extract<Reconciled, { ok: true }>;

/** The file's bytes: the reader tells UTF-8 from Windows-1252 (bank CSV exports). */
async function readStatementFile(file: string): Promise<Uint8Array> {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const reason = missing ? 'no such file' : (error as Error).message;
    throw new CliError(`cannot read ${file}: ${reason}`, 'USAGE', EXIT_USAGE);
  }
}

/** A malformed statement: each problem on stderr (bounded), then the one error line. */
async function reportMalformed(
  file: string,
  result: Extract<Reconciled, { ok: false }>,
  json: boolean | undefined,
): Promise<void> {
  const { errors, problemCount } = boundedProblems(result.errors);
  if (json) await printJson({ ...result, errors, problemCount });
  for (const e of errors) {
    const place = e.line !== undefined ? `${file}:${e.line}` : `${file}: ${e.at}`;
    process.stderr.write(`${place}: ${e.message}\n`);
  }
  if (problemCount > errors.length) {
    process.stderr.write(`${file}: … and ${problemCount - errors.length} more\n`);
  }
  const first = result.errors[0];
  const at = first?.line !== undefined ? `on line ${first.line}` : `at ${first?.at}`;
  const count = result.errors.length;
  const entries = `${count} malformed ${plural(count, 'entry', 'entries')}`;
  const message = `the bank statement has ${entries} (first ${at}); nothing was recorded`;
  printError(message, 'INVALID_INPUT');
}

/** Rows of each kind a person reads on a terminal (the API's answer shows as many). */
const SHOWN_ROWS = 100;

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The report's one-line summary. */
function summaryOf(result: Report): string {
  const { matched, amountMismatch, missingInBank, unknownInBank, repayments } = result;
  const { ignored, recorded } = result;
  const newly = matched.filter((m) => !m.alreadySettled).length;
  const already = matched.length - newly;
  return (
    `Matched ${matched.length} (${newly} newly settled, ${already} already settled); ` +
    `${amountMismatch.length} amount ${plural(amountMismatch.length, 'mismatch', 'mismatches')}; ` +
    `${missingInBank.length} missing in bank; ${unknownInBank.length} unknown in bank; ` +
    `${repayments.length} ${plural(repayments.length, 'repayment', 'repayments')}; ` +
    `${result.alreadyRegistered.length} already registered; ` +
    `${result.returned.length} returned by the bank` +
    `${ignored > 0 ? `; ${ignored} not booked yet (ignored)` : ''}. ` +
    `Recorded ${recorded} ${plural(recorded, 'event', 'events')}.\n`
  );
}

/** The report as text: the summary, then a table for each kind of row there is. */
function reportText(result: Report): string {
  // At most SHOWN_ROWS rows a kind on a terminal; --json gives every row.
  const section = <R>(title: string, rows: R[], columns: Column<R>[]) => {
    if (rows.length === 0) return '';
    const more = rows.length - SHOWN_ROWS;
    const tail = more > 0 ? `… and ${more} more (--json lists every row)\n` : '';
    return `\n${title}:\n${table(rows.slice(0, SHOWN_ROWS), columns)}${tail}`;
  };
  return (
    summaryOf(result) +
    section('Matched', result.matched, [
      { header: 'Where', value: where },
      { header: 'Booked', value: (r) => r.bookedOn },
      { header: 'Payment', value: (r) => r.paymentId },
      { header: 'Grant', value: (r) => r.grantId },
      { header: 'Amount', value: (r) => sek(r.amount), right: true },
      { header: 'Note', value: (r) => (r.alreadySettled ? 'already settled' : 'settled now') },
    ]) +
    section('Repayments (by OCR reference)', result.repayments, [
      { header: 'Where', value: where },
      { header: 'Booked', value: (r) => r.bookedOn },
      { header: 'Recovery', value: (r) => r.recoveryId },
      { header: 'Grant', value: (r) => r.grantId },
      { header: 'Amount', value: (r) => sek(r.amount), right: true },
      { header: 'Note', value: (r) => (r.alreadyRecorded ? 'already recorded' : 'recorded now') },
    ]) +
    section('Already registered (nothing recorded)', result.alreadyRegistered, [
      { header: 'Where', value: where },
      { header: 'Booked', value: (r) => r.bookedOn },
      { header: 'Recovery', value: (r) => r.recoveryId },
      { header: 'Grant', value: (r) => r.grantId },
      { header: 'Amount', value: (r) => sek(r.amount), right: true },
    ]) +
    section('Returned by the bank (payment no longer paid)', result.returned, [
      { header: 'Where', value: where },
      { header: 'Booked', value: (r) => r.bookedOn },
      { header: 'Payment', value: (r) => r.paymentId },
      { header: 'Grant', value: (r) => r.grantId },
      { header: 'Amount', value: (r) => sek(r.amount), right: true },
      { header: 'Why', value: (r) => r.reason },
      { header: 'Note', value: (r) => (r.alreadyRecorded ? 'already recorded' : 'recorded now') },
    ]) +
    section('Amount mismatch (nothing recorded)', result.amountMismatch, [
      { header: 'Where', value: where },
      { header: 'Booked', value: (r) => r.bookedOn },
      { header: 'Payment', value: (r) => r.paymentId },
      { header: 'Grant', value: (r) => r.grantId },
      { header: 'Bank', value: (r) => sek(r.amount), right: true },
      { header: 'Ledger', value: (r) => sek(r.expectedAmount), right: true },
    ]) +
    section('Attested but missing in bank', result.missingInBank, [
      { header: 'Payment', value: (e) => e.paymentId },
      { header: 'Grant', value: (e) => e.grantId },
      { header: 'Attested', value: (e) => e.attestedOn ?? '' },
      { header: 'Amount', value: (e) => sek(e.amount), right: true },
    ]) +
    section('Unknown in bank (nothing recorded)', result.unknownInBank, [
      { header: 'Where', value: where },
      { header: 'Booked', value: (r) => r.bookedOn },
      { header: 'Reference', value: (r) => r.reference },
      { header: 'Amount', value: (r) => sek(r.amount), right: true },
      { header: 'Why', value: (r) => r.reason },
    ])
  );
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description(
      'match a bank statement (camt.053/camt.054 XML or CSV) to attested payments and recoveries; record settlements and repayments',
    )
    .argument(
      '<FILE>',
      'the statement: camt.053/054, or CSV bookedOn,amount,reference (or Bokföringsdag;Belopp;Referens)',
    )
    .option(
      '--actor <NAME>',
      'who records the settlements (the finance actor)',
      DEFAULT_RECONCILE_ACTOR,
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { actor: string; json?: boolean }, command: Command) => {
      const text = await readStatementFile(file);
      const csv = loadLedgerConfig().statementCsv;
      const result = await withLedger(command, (ledger) =>
        reconcile(ledger, text, { actor: options.actor, ...(csv ? { csv } : {}) }),
      );
      if (!result.ok) {
        await reportMalformed(file, result, options.json);
        process.exitCode = EXIT_FAILED;
        return;
      }
      if (options.json) await printJson(result);
      else await writeOut(reportText(result));
      // Rows that need a person (wrong amount, unknown reference) fail the run; payments
      // not yet on the statement are normal (still in transit) and do not.
      const needsPerson = result.amountMismatch.length > 0 || result.unknownInBank.length > 0;
      process.exitCode = needsPerson ? EXIT_FAILED : EXIT_OK;
    });
}
