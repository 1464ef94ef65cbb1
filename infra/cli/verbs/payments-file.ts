// `payments-file --execution-date DATE [--debtor-name NAME --debtor-bankgiro BG] [--file-id ID]
// [--out FILE [--force]] [--json]`: a pain.001.001.03 file of every attested payment not yet
// in a file (interfaces.md "Bank files"). The XML goes to --out or stdout; what was written
// and what was held back (no confirmed account) is told on stderr, or as JSON with --json.
// With --out the file is written (atomically, never over an existing one without --force)
// before the exports are recorded, and removed again if recording fails: no payment is
// ever marked as sent in a file that does not exist.
import type { Command } from 'commander';
import { isRejection } from '../../../domain/errors.js';
import { formatMoney, money, sum } from '../../../domain/money.js';
import {
  ExecutionDateRefused,
  makePaymentFile,
  paymentFileRequestOf,
  stockholmDay,
  planPaymentFile,
  recordPaymentFile,
  type PaymentFileRequest,
  type PaymentFileResult,
} from '../../bank/payment-files.js';
import type { Ledger } from '../../ledger.js';
import { loadLedgerConfig } from '../../config.js';
import { withLedger } from '../context.js';
import { checkOutputPath, removeOutputFile, writeOutputFile } from '../output-file.js';
import { CliError, EXIT_FAILED, EXIT_USAGE, printJson, sek, table, writeOut } from '../output.js';

export const DEFAULT_PAYMENT_FILE_ACTOR = 'payment-file';

interface Options {
  executionDate: string;
  debtorName?: string;
  debtorBankgiro?: string;
  fileId?: string;
  out?: string;
  force?: boolean;
  actor: string;
  json?: boolean;
}

export function registerPaymentsFile(program: Command): void {
  program
    .command('payments-file')
    .description('a pain.001.001.03 bank file of every attested payment not yet in a file')
    .requiredOption(
      '--execution-date <DATE>',
      'the day the bank shall pay (ReqdExctnDt), YYYY-MM-DD',
    )
    .option('--debtor-name <NAME>', "the region's name (default: ledger.config.json debtor.name)")
    .option(
      '--debtor-bankgiro <BG>',
      "the region's bankgiro (default: ledger.config.json debtor.bankgiro)",
    )
    .option(
      '--file-id <ID>',
      'the file id (MsgId); an existing one gives that file again, unchanged',
    )
    .option('--out <FILE>', 'write the XML here (default: stdout); never over an existing file')
    .option('--force', 'let --out replace an existing file')
    .option(
      '--actor <NAME>',
      'who records the export (the finance actor)',
      DEFAULT_PAYMENT_FILE_ACTOR,
    )
    .option('--json', 'print {fileId, xml, payments, notWritten, repeated} as JSON')
    .action(async (options: Options, command: Command) => {
      if ((options.debtorName === undefined) !== (options.debtorBankgiro === undefined)) {
        throw new CliError(
          'give both --debtor-name and --debtor-bankgiro, or neither (then ledger.config.json debtor)',
          'USAGE',
          EXIT_USAGE,
        );
      }
      let configured;
      try {
        configured = loadLedgerConfig().debtor;
      } catch (error) {
        throw new CliError((error as Error).message, 'USAGE', EXIT_USAGE);
      }
      const raw = {
        executionDate: options.executionDate,
        ...(options.debtorName !== undefined
          ? { debtor: { name: options.debtorName, bankgiro: options.debtorBankgiro } }
          : {}),
        ...(options.fileId !== undefined ? { fileId: options.fileId } : {}),
      };
      const today = stockholmDay(new Date());
      const request = paymentFileRequestOf(raw, configured, options.actor, today);
      if (isRejection(request)) throw new CliError(request.message, request.code, EXIT_USAGE);
      const out = options.out;
      const force = options.force === true;
      if (out !== undefined) await checkOutputPath(out, { force });
      const result = await withLedger(command, (ledger) =>
        (out === undefined
          ? makePaymentFile(ledger, request)
          : writeThenRecord(ledger, request, out, force)
        ).catch((error: unknown) => {
          if (!(error instanceof ExecutionDateRefused)) throw error;
          throw new CliError(error.message, error.rejection.code, EXIT_FAILED);
        }),
      );
      if (result.xml !== null && out === undefined && !options.json) await writeOut(result.xml);
      if (options.json) {
        await printJson(result);
        return;
      }
      const total = formatMoney(sum(result.payments.map((p) => money(p.amount))));
      const summary =
        result.xml === null
          ? 'No payment file: no attested payment is waiting for one.'
          : `Payment file ${result.fileId}${result.repeated ? ' (given again, unchanged)' : ''}: ` +
            `${result.payments.length} payment${result.payments.length === 1 ? '' : 's'}, ${sek(total)}` +
            `${options.out !== undefined ? `, written to ${options.out}` : ''}.`;
      let note = `${summary}\n`;
      if (result.notWritten.length > 0) {
        note += `\nNot written (held back):\n${table(result.notWritten, [
          { header: 'Grant', value: (h) => h.grantId },
          { header: 'Payment', value: (h) => h.paymentId },
          { header: 'Amount', value: (h) => sek(h.amount), right: true },
          { header: 'Why', value: (h) => h.reason },
        ])}`;
      }
      process.stderr.write(note);
    });
}

/**
 * The file first, then the record: written under its name before any PaymentExported, and
 * removed if recording fails. When another file took a payment in between, the file is
 * written again as recorded (what `--file-id` would give), so it always matches the ledger.
 */
async function writeThenRecord(
  ledger: Ledger,
  request: PaymentFileRequest,
  out: string,
  force: boolean,
): Promise<PaymentFileResult> {
  const plan = await planPaymentFile(ledger, request);
  if (plan.xml === null) return recordPaymentFile(ledger, plan, request.actor);
  await writeOutputFile(out, plan.xml, { force });
  let recorded: PaymentFileResult;
  try {
    recorded = await recordPaymentFile(ledger, plan, request.actor);
  } catch (error) {
    await removeOutputFile(out);
    throw error;
  }
  if (recorded.xml === null) await removeOutputFile(out);
  else if (recorded.xml !== plan.xml) await writeOutputFile(out, recorded.xml, { force: true });
  return recorded;
}
