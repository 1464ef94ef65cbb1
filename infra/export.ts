// What an auditor takes away (domain.md "Integrity"), one format for the CLI's `export`
// and the API's `GET /export`:
// jsonl — one event a line with exactly the hashed fields plus `hash`, so the chain can be
// recomputed from the export alone; csv — the payments journal.
import type { JournalEntry } from '../projections/journal.js';
import type { StoredEvent } from '../commands/event-store-port.js';
import { spreadsheetCell } from './spreadsheet-cell.js';

export type ExportFormat = 'jsonl' | 'csv';

/** {streamId, revision, type, version, data, metadata (without hash), hash} as one JSON line. */
export function exportLine(e: StoredEvent): string {
  const { hash, ...metadata } = e.metadata;
  return `${JSON.stringify({ streamId: e.streamId, revision: e.revision, type: e.type, version: e.version, data: e.data, metadata, hash })}\n`;
}

export async function* exportJsonl(events: AsyncIterable<StoredEvent>): AsyncGenerator<string> {
  for await (const e of events) yield exportLine(e);
}

export const JOURNAL_COLUMNS = [
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
] as const satisfies readonly (keyof JournalEntry)[];

/**
 * RFC 4180: quoted when it holds a comma, a quote or a line break. A value a spreadsheet
 * would run as a formula is neutralised first (spreadsheetCell); no other value is altered.
 */
export function csvField(value: unknown): string {
  const text = spreadsheetCell(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function journalCsv(entries: readonly JournalEntry[]): string {
  const lines = [JOURNAL_COLUMNS.join(',')];
  for (const entry of entries) lines.push(JOURNAL_COLUMNS.map((c) => csvField(entry[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
