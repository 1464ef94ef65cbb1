// `export [GRANT_ID] --format jsonl|csv`: the events (jsonl, exactly the hashed fields plus
// `hash`, so an auditor can recompute every chain from the file alone) or the payments
// journal (csv, one payment a row, with a header).
import { Option, type Command } from 'commander';
import type { StoredEvent } from '../../eventstore/port.js';
import type { JournalEntry } from '../../../projections/journal.js';
import { unknownGrant, withLedger } from '../context.js';
import { writeOut } from '../output.js';

/** One export line: what the hash covers (metadata without `hash`), then the hash. */
export function exportLineOf(e: StoredEvent): string {
  const { hash, ...metadata } = e.metadata;
  return JSON.stringify({ streamId: e.streamId, revision: e.revision, type: e.type, version: e.version, data: e.data, metadata, hash });
}

export const JOURNAL_COLUMNS: (keyof JournalEntry)[] = [
  'grantId',
  'paymentId',
  'kind',
  'claimId',
  'amount',
  'status',
  'orderedOn',
  'orderedBy',
  'attestedOn',
  'attestedBy',
  'cancelledOn',
  'cancelledBy',
  'cancelReason',
  'settled',
  'bankReference',
  'bookedOn',
  'bookedAmount',
];

/** RFC 4180: quote a field holding a comma, a quote or a line break; double inner quotes. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function journalCsv(entries: readonly JournalEntry[]): string {
  const rows = [JOURNAL_COLUMNS.join(','), ...entries.map((e) => JOURNAL_COLUMNS.map((c) => csvField(e[c])).join(','))];
  return `${rows.join('\r\n')}\r\n`;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the events (jsonl, hash-chain verifiable) or the payments journal (csv)')
    .argument('[GRANT_ID]', 'only this grant (default: everything)')
    .addOption(new Option('--format <FORMAT>', 'jsonl: the events; csv: the payments journal').choices(['jsonl', 'csv']).default('jsonl'))
    .action(async (grantId: string | undefined, options: { format: 'jsonl' | 'csv' }, command: Command) => {
      await withLedger(command, async (ledger) => {
        if (options.format === 'csv') {
          if (grantId !== undefined && !(await ledger.balance(grantId))) throw unknownGrant(grantId);
          await writeOut(journalCsv(await ledger.payments(grantId)));
          return;
        }
        let count = 0;
        for await (const e of ledger.events(grantId)) {
          await writeOut(`${exportLineOf(e)}\n`);
          count += 1;
        }
        if (grantId !== undefined && count === 0) throw unknownGrant(grantId);
      });
    });
}
