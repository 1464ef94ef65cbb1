// A bank statement as CSV, the way people and Swedish banks write it: `bookedOn,amount,
// reference` with `,`, or `;` (or a tab) with a decimal comma and a space between thousands
// (`-142 779,00`), a BOM, lines before the header (an internet bank writes the account and
// period first), and the Swedish headers banks use (`Bokföringsdag`/`Bokföringsdatum`/
// `Datum`, `Belopp`, `Referens`/`Meddelande`/`Text`/`Beskrivning`). Any other layout is
// named once in ledger.config.json (`statementCsv`). The whole file is validated first;
// every problem is reported with its line.
import { isCalendarDate } from '../../domain/dates.js';
import { Decimal, formatMoney } from '../../domain/money.js';
import type { StatementEncoding } from './statement-text.js';

/** ledger.config.json's `statementCsv`: a bank's own layout. */
export interface CsvLayout {
  /** The header names of the three columns, as the bank writes them. */
  columns?: { bookedOn?: string; amount?: string; reference?: string };
  encoding?: StatementEncoding;
  delimiter?: string;
  /** The decimal sign; a point or a comma is read either way, so this documents the layout. */
  decimal?: '.' | ',';
}

/** One row of the statement, as read (amount normalised to "142779.00", its size). */
export interface BankRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  bookedOn: string;
  amount: string;
  reference: string;
  /** Written with a minus sign: money that left the account. */
  outgoing: boolean;
}

export interface LineProblem {
  line: number;
  message: string;
}

/** Each column and the header names it goes by, preferred first (compared in lower case). */
const COLUMNS = {
  bookedOn: ['bookedon', 'bokföringsdag', 'bokforingsdag', 'bokföringsdatum', 'datum'],
  amount: ['amount', 'belopp', 'belopp sek', 'belopp (sek)'],
  reference: ['reference', 'referens', 'meddelande', 'text', 'beskrivning'],
} as const;
type Column = keyof typeof COLUMNS;
type Names = Record<Column, readonly string[]>;

/** The header names to look for: the configured ones, else the known ones. */
function namesOf(layout: CsvLayout | undefined): Names {
  const configured = layout?.columns ?? {};
  const pick = (column: Column) => {
    const name = configured[column];
    return name !== undefined ? [name.trim().toLowerCase()] : COLUMNS[column];
  };
  return { bookedOn: pick('bookedOn'), amount: pick('amount'), reference: pick('reference') };
}

/** Where each column is in a header row, or undefined when it lacks one. */
function columnIndexes(fields: string[], names: Names): Record<Column, number> | undefined {
  const header = fields.map((f) => f.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const found = names[column].map((n) => header.indexOf(n)).find((i) => i >= 0);
    if (found === undefined) return undefined;
    index[column] = found;
  }
  return index;
}

/** How many lines a bank may write before its header (account, period, balance). */
const MAX_PREAMBLE = 20;

/** The header line (skipping a preamble) and the delimiter it uses. */
function findHeader(
  lines: string[],
  names: Names,
  layout: CsvLayout | undefined,
): { at: number; delimiter: string } | undefined {
  for (let at = 0; at < Math.min(lines.length, MAX_PREAMBLE + 1); at++) {
    const line = lines[at]!;
    const delimiter =
      layout?.delimiter ?? (line.includes(';') ? ';' : line.includes('\t') ? '\t' : ',');
    const fields = line.split(delimiter).map((f) => f.replace(/^"|"$/g, ''));
    if (columnIndexes(fields, names)) return { at, delimiter };
  }
  return undefined;
}

/**
 * An optional minus, digits (in groups of three after a space, a no-break space or a thin
 * space, as Swedish banks write them), and 1–2 decimals after a point or a comma.
 */
const BANK_AMOUNT = /^[-−]?(\d+|\d{1,3}([ \u00a0\u202f]\d{3})+)([.,]\d{1,2})?$/;

/** Splits CSV text into records of fields (RFC 4180 quoting), remembering each record's line. */
export function parseCsv(
  text: string,
  delimiter: string,
): { line: number; fields: string[] }[] | LineProblem {
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
export function parseBankCsv(
  csvText: string,
  layout?: CsvLayout,
): { ok: true; rows: BankRow[] } | { ok: false; errors: LineProblem[] } {
  const text = csvText.replace(/^\uFEFF/, '');
  const names = namesOf(layout);
  const lines = text.split(/\r?\n/);
  const found = findHeader(lines, names, layout);
  if (!found) {
    const message =
      text.trim() === ''
        ? 'the file is empty; expected a header row bookedOn,amount,reference'
        : `no header row with the columns bookedOn, amount, reference (or Bokföringsdag;Belopp;Referens, or the columns of ledger.config.json's statementCsv) in the first ${MAX_PREAMBLE + 1} lines`;
    return { ok: false, errors: [{ line: 1, message }] };
  }
  // The preamble is left out; line numbers still count from the top of the file.
  const parsed = parseCsv(lines.slice(found.at).join('\n'), found.delimiter);
  if (!Array.isArray(parsed)) {
    return { ok: false, errors: [{ ...parsed, line: parsed.line + found.at }] };
  }
  const records = parsed
    .map((r) => ({ ...r, line: r.line + found.at }))
    .filter((r) => !r.fields.every((f) => f.trim() === ''));
  const header = records.shift()!;
  const index = columnIndexes(header.fields, names)!;
  const errors: LineProblem[] = [];
  const rows: BankRow[] = [];
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      errors.push({
        line: record.line,
        message: `expected ${header.fields.length} fields, found ${record.fields.length} (quote an amount with a decimal comma: "142779,00")`,
      });
      continue;
    }
    const bookedOn = record.fields[index.bookedOn]!.trim();
    const amountText = record.fields[index.amount]!.trim();
    const reference = record.fields[index.reference]!.trim();
    const problems: string[] = [];
    if (!isCalendarDate(bookedOn))
      problems.push(`bookedOn "${bookedOn}" is not a calendar date YYYY-MM-DD`);
    if (!BANK_AMOUNT.test(amountText))
      problems.push(`amount "${amountText}" is not an amount with at most 2 decimals`);
    if (reference === '') problems.push('reference is empty; it must be the paymentId');
    if (problems.length > 0) {
      errors.push({ line: record.line, message: problems.join('; ') });
      continue;
    }
    const outgoing = /^[-−]/.test(amountText);
    const digits = amountText
      .replace(/^[-−]/, '')
      .replace(/[ \u00a0\u202f]/g, '')
      .replace(',', '.');
    const amount = formatMoney(new Decimal(digits));
    if (new Decimal(amount).isZero()) {
      errors.push({ line: record.line, message: 'amount is zero' });
      continue;
    }
    rows.push({ line: record.line, bookedOn, amount, reference, outgoing });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}
