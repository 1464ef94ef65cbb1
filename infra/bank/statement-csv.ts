// A bank statement as CSV, the way people and Swedish banks write it: `bookedOn,amount,
// reference` with `,`, or `;` with a decimal comma and a space between thousands
// (`-142 779,00`), a BOM, and the Swedish headers `Bokföringsdag;Belopp;Referens`. The whole
// file is validated first; every problem is reported with its line.
import { isCalendarDate } from '../../domain/dates.js';
import { Decimal, formatMoney } from '../../domain/money.js';

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

/** Each column and the header names it goes by (compared in lower case). */
const COLUMNS = {
  bookedOn: ['bookedon', 'bokföringsdag', 'bokforingsdag', 'bokföringsdatum'],
  amount: ['amount', 'belopp'],
  reference: ['reference', 'referens'],
} as const;
type Column = keyof typeof COLUMNS;

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
): { ok: true; rows: BankRow[] } | { ok: false; errors: LineProblem[] } {
  const text = csvText.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // Swedish banks export with semicolons (the comma is their decimal sign); the header decides.
  const delimiter = firstLine.includes(';') ? ';' : ',';
  const parsed = parseCsv(text, delimiter);
  if (!Array.isArray(parsed)) return { ok: false, errors: [parsed] };
  const records = parsed.filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
  const header = records.shift();
  if (!header)
    return {
      ok: false,
      errors: [
        { line: 1, message: 'the file is empty; expected a header row bookedOn,amount,reference' },
      ],
    };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const at = names.findIndex((n) => (COLUMNS[column] as readonly string[]).includes(n));
    if (at < 0) missing.push(column);
    index[column] = at;
  }
  if (missing.length > 0) {
    return {
      ok: false,
      errors: [
        {
          line: header.line,
          message: `the header row lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected bookedOn,amount,reference (or Bokföringsdag;Belopp;Referens)`,
        },
      ],
    };
  }
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
