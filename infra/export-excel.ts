// What finance staff open in Excel: the payments journal, the grant list and the portfolio
// as an .xlsx workbook (exceljs), with amounts as real numbers formatted as SEK and dates
// as real dates; and the journal as CSV the way Swedish Excel reads it (`;`, decimal comma,
// a BOM so that å ä ö survive). Excel holds numbers as binary doubles: every amount of the
// ledger (at most 999 999 999 999.99, 14 digits) is exact to the öre in one.
import ExcelJS from 'exceljs';
import { spreadsheetCell } from './spreadsheet-cell.js';
import type { GrantBalance } from '../projections/balance.js';
import type { JournalEntry } from '../projections/journal.js';
import type { PortfolioLine } from '../projections/portfolio.js';
import { JOURNAL_COLUMNS } from './export.js';

const SEK_FORMAT = '#,##0.00 "kr"';
const DATE_FORMAT = 'yyyy-mm-dd';

type Kind = 'text' | 'money' | 'date' | 'count';
interface Column<T> {
  header: string;
  kind: Kind;
  value: (row: T) => string | number | boolean | null;
}

const JOURNAL_KINDS: Partial<Record<(typeof JOURNAL_COLUMNS)[number], Kind>> = {
  amount: 'money',
  bookedAmount: 'money',
  orderedOn: 'date',
  attestedOn: 'date',
  cancelledOn: 'date',
  bookedOn: 'date',
};

const journalColumns: Column<JournalEntry>[] = JOURNAL_COLUMNS.map((c) => ({
  header: c,
  kind: JOURNAL_KINDS[c] ?? 'text',
  value: (e) => e[c],
}));

const GRANT_MONEY = [
  'cap',
  'advanceGranted',
  'approvedCosts',
  'entitlement',
  'advancePaid',
  'claimsPaid',
  'pendingPayments',
  'repaid',
  'netPaid',
  'payable',
  'overpaid',
  'remainingCap',
  'undisbursed',
] as const;
const grantColumns: Column<GrantBalance>[] = [
  { header: 'grantId', kind: 'text', value: (b) => b.grantId },
  { header: 'title', kind: 'text', value: (b) => b.title },
  { header: 'applicant', kind: 'text', value: (b) => b.applicant },
  { header: 'status', kind: 'text', value: (b) => b.status },
  { header: 'appropriation', kind: 'text', value: (b) => b.appropriation },
  { header: 'rate', kind: 'text', value: (b) => b.rate },
  ...GRANT_MONEY.map((k): Column<GrantBalance> => ({
    header: k,
    kind: 'money',
    value: (b) => b[k],
  })),
  { header: 'finalReportDue', kind: 'date', value: (b) => b.finalReport.due },
  { header: 'finalReportState', kind: 'text', value: (b) => b.finalReport.state },
];

const portfolioColumns: Column<PortfolioLine>[] = [
  { header: 'appropriation', kind: 'text', value: (p) => p.appropriation },
  { header: 'committed', kind: 'money', value: (p) => p.committed },
  { header: 'paid', kind: 'money', value: (p) => p.paid },
  { header: 'remainingCommitment', kind: 'money', value: (p) => p.remainingCommitment },
  { header: 'grants', kind: 'count', value: (p) => p.grants.total },
  { header: 'approved', kind: 'count', value: (p) => p.grants.approved },
  { header: 'closed', kind: 'count', value: (p) => p.grants.closed },
];

/**
 * A cell value: a 2-decimal amount as a number, a YYYY-MM-DD date as a UTC date, text as text
 * (never a formula).
 */
function cellOf(kind: Kind, value: string | number | boolean | null): ExcelJS.CellValue {
  if (value === null) return null;
  if (kind === 'money') return Number(value);
  if (kind === 'date') return new Date(`${String(value)}T00:00:00Z`);
  // A text a spreadsheet would run as a formula is neutralised (spreadsheet-cell.ts).
  return typeof value === 'string' ? spreadsheetCell(value) : value;
}

function addSheet<T>(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column<T>[],
  rows: readonly T[],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.header,
    width: c.kind === 'text' ? 24 : 16,
    ...(c.kind === 'money'
      ? { style: { numFmt: SEK_FORMAT } }
      : c.kind === 'date'
        ? { style: { numFmt: DATE_FORMAT } }
        : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => cellOf(c.kind, c.value(row))));
}

export async function workbookOf(data: {
  journal: readonly JournalEntry[];
  grants: readonly GrantBalance[];
  portfolio: readonly PortfolioLine[];
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'grant-ledger';
  addSheet(workbook, 'Utbetalningar', journalColumns, data.journal);
  addSheet(workbook, 'Ärenden', grantColumns, data.grants);
  addSheet(workbook, 'Portfölj', portfolioColumns, data.portfolio);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** RFC 4180 quoting with `;` as the separator. */
function excelField(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The payments journal for Swedish Excel: `;`, decimal comma, BOM, CRLF. */
export function journalCsvForExcel(entries: readonly JournalEntry[]): string {
  const lines = [JOURNAL_COLUMNS.join(';')];
  for (const entry of entries) {
    lines.push(
      JOURNAL_COLUMNS.map((c) => {
        const value = entry[c];
        if (value === null) return '';
        const text = String(value);
        return excelField(
          JOURNAL_KINDS[c] === 'money' ? text.replace('.', ',') : spreadsheetCell(text),
        );
      }).join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
