// Bank reconciliation (interfaces.md): a bank statement (CSV `bookedOn,amount,reference`,
// reference = paymentId) against the attested payments of the journal. Matches with the
// same amount are recorded as PaymentSettled through the command path; everything else is
// reported. The whole file is validated first: one malformed row and nothing is recorded.
import { isCalendarDate } from '../domain/dates.js';
import { Decimal, formatMoney } from '../domain/money.js';
import type { JournalEntry } from '../projections/journal.js';
import type { Ledger } from './ledger.js';

/** One row of the statement, as read (amount normalised to "142779.00"). */
export interface BankRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  bookedOn: string;
  amount: string;
  reference: string;
}

export interface MatchedRow extends BankRow {
  grantId: string;
  paymentId: string;
  /** Settled by an earlier import: nothing was recorded this time. */
  alreadySettled: boolean;
}

export interface MismatchedRow extends BankRow {
  grantId: string;
  paymentId: string;
  /** What the attested payment says. */
  expectedAmount: string;
}

export interface UnknownRow extends BankRow {
  /** Why the row matches no attested payment. */
  reason: string;
}

export type ReconcileResult =
  | {
      ok: true;
      matched: MatchedRow[];
      amountMismatch: MismatchedRow[];
      /** Attested, unsettled payments that the statement does not mention. */
      missingInBank: JournalEntry[];
      unknownInBank: UnknownRow[];
      /** PaymentSettled events recorded by this import. */
      recorded: number;
    }
  | { ok: false; errors: { line: number; message: string }[] };

const REQUIRED_COLUMNS = ['bookedOn', 'amount', 'reference'] as const;
/** Digits, optionally a decimal point or comma and 1–2 decimals; an optional leading minus. */
const BANK_AMOUNT = /^-?\d+([.,]\d{1,2})?$/;

/** Splits CSV text into records of fields (RFC 4180 quoting), remembering each record's line. */
export function parseCsv(text: string, delimiter: string): { line: number; fields: string[] }[] | { line: number; message: string } {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      i += 1;
      continue;
    } else if (ch === '\n') {
      endRecord();
      line += 1;
      recordLine = line;
    } else field += ch;
    i += 1;
  }
  if (quoted) return { line: recordLine, message: 'a quoted field is not closed' };
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Reads and validates the whole statement; every problem is reported with its line. */
export function parseBankCsv(csvText: string): { ok: true; rows: BankRow[] } | { ok: false; errors: { line: number; message: string }[] } {
  const text = csvText.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // Swedish banks often export with semicolons; the header decides.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const parsed = parseCsv(text, delimiter);
  if (!Array.isArray(parsed)) return { ok: false, errors: [parsed] };
  const records = parsed.filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
  const header = records.shift();
  if (!header) return { ok: false, errors: [{ line: 1, message: 'the file is empty; expected a header row bookedOn,amount,reference' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const index: Record<string, number> = {};
  const missing: string[] = [];
  for (const column of REQUIRED_COLUMNS) {
    const at = names.indexOf(column.toLowerCase());
    if (at < 0) missing.push(column);
    index[column] = at;
  }
  if (missing.length > 0) {
    return { ok: false, errors: [{ line: header.line, message: `the header row lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected bookedOn,amount,reference` }] };
  }
  const errors: { line: number; message: string }[] = [];
  const rows: BankRow[] = [];
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      errors.push({ line: record.line, message: `expected ${header.fields.length} fields, found ${record.fields.length} (quote an amount with a decimal comma: "142779,00")` });
      continue;
    }
    const bookedOn = record.fields[index.bookedOn!]!.trim();
    const amountText = record.fields[index.amount!]!.trim();
    const reference = record.fields[index.reference!]!.trim();
    const problems: string[] = [];
    if (!isCalendarDate(bookedOn)) problems.push(`bookedOn "${bookedOn}" is not a calendar date YYYY-MM-DD`);
    if (!BANK_AMOUNT.test(amountText)) problems.push(`amount "${amountText}" is not an amount with at most 2 decimals`);
    if (reference === '') problems.push('reference is empty; it must be the paymentId');
    if (problems.length > 0) {
      errors.push({ line: record.line, message: problems.join('; ') });
      continue;
    }
    // An outgoing payment may appear with a minus sign on the statement: its size is what counts.
    const amount = formatMoney(new Decimal(amountText.replace(',', '.')).abs());
    if (new Decimal(amount).isZero()) {
      errors.push({ line: record.line, message: 'amount is zero' });
      continue;
    }
    rows.push({ line: record.line, bookedOn, amount, reference });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

export async function reconcile(ledger: Ledger, csvText: string, options: { actor: string }): Promise<ReconcileResult> {
  const parsed = parseBankCsv(csvText);
  if (!parsed.ok) return parsed;

  const journal = await ledger.payments();
  const byId = new Map<string, JournalEntry[]>();
  for (const entry of journal) byId.set(entry.paymentId, [...(byId.get(entry.paymentId) ?? []), entry]);

  const matched: MatchedRow[] = [];
  const amountMismatch: MismatchedRow[] = [];
  const unknownInBank: UnknownRow[] = [];
  const seen = new Set<string>();
  let recorded = 0;

  // First decide every row, then record: a rejection while recording is a fault, not input.
  const toSettle: { row: BankRow; entry: JournalEntry }[] = [];
  for (const row of parsed.rows) {
    const candidates = byId.get(row.reference) ?? [];
    const attested = candidates.filter((e) => e.status === 'attested');
    if (attested.length === 0) {
      const reason =
        candidates.length === 0
          ? 'no payment has this reference'
          : `payment ${row.reference} is ${candidates[0]!.status}, not attested`;
      unknownInBank.push({ ...row, reason });
      continue;
    }
    if (attested.length > 1) {
      unknownInBank.push({ ...row, reason: `payment id ${row.reference} is used by several grants (${attested.map((e) => e.grantId).join(', ')})` });
      continue;
    }
    const entry = attested[0]!;
    if (seen.has(entry.paymentId)) {
      unknownInBank.push({ ...row, reason: `payment ${row.reference} already appears on an earlier line of this statement` });
      continue;
    }
    seen.add(entry.paymentId);
    if (entry.amount !== row.amount) {
      amountMismatch.push({ ...row, grantId: entry.grantId, paymentId: entry.paymentId, expectedAmount: entry.amount });
      continue;
    }
    if (entry.settled) matched.push({ ...row, grantId: entry.grantId, paymentId: entry.paymentId, alreadySettled: true });
    else toSettle.push({ row, entry });
  }

  for (const { row, entry } of toSettle) {
    const result = await ledger.execute(
      {
        type: 'SettlePayment',
        grantId: entry.grantId,
        paymentId: entry.paymentId,
        bankReference: row.reference,
        bookedOn: row.bookedOn,
        amount: row.amount,
        // Stable per payment and booking: importing the same statement twice records once,
        // even when two imports race.
        meta: { commandId: `reconcile:${entry.grantId}:${entry.paymentId}:${row.bookedOn}:${row.amount}` },
      },
      { actor: options.actor },
    );
    if (result.ok) {
      if (!result.duplicate) recorded += result.events.length;
      matched.push({ ...row, grantId: entry.grantId, paymentId: entry.paymentId, alreadySettled: result.duplicate });
    } else if (result.error.code === 'INVALID_STATE' && /already settled/.test(result.error.message)) {
      // Settled by someone else between reading the journal and now.
      matched.push({ ...row, grantId: entry.grantId, paymentId: entry.paymentId, alreadySettled: true });
    } else {
      throw new Error(`recording the settlement of ${entry.paymentId} (line ${row.line}) was rejected: ${result.error.code} ${result.error.message}`);
    }
  }
  matched.sort((a, b) => a.line - b.line);

  const missingInBank = journal.filter((e) => e.status === 'attested' && !e.settled && !seen.has(e.paymentId));
  return { ok: true, matched, amountMismatch, missingInBank, unknownInBank, recorded };
}
