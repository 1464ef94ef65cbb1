// Excel for people: the workbook has the journal, the grants and the portfolio with amounts
// as numbers formatted as SEK and dates as dates (read back with exceljs); the CSV for
// Swedish Excel has a BOM, `;` and decimal commas.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { journalCsvForExcel, workbookOf } from '../../infra/export-excel.js';
import { grantWithAdvance, testLedger, type TestLedger } from './support.js';

let t: TestLedger;
beforeEach(async () => {
  t = await testLedger();
});
afterEach(async () => {
  await t.dispose();
});

describe('export --format xlsx and --excel', () => {
  it('given a grant with an attested advance of 142 779.50, then the workbook holds it as a number in SEK and its dates as dates', async () => {
    // given
    await grantWithAdvance(t, 'RUN/573/2022', {
      payee: 'Coompanion Jämtland; "ek. för."',
      advance: '142779.50',
    });
    // when
    const bytes = await workbookOf({
      journal: await t.ledger.payments(),
      grants: await t.ledger.grants(),
      portfolio: await t.ledger.portfolio(),
    });
    // then
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(bytes).buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Utbetalningar', 'Ärenden', 'Portfölj']);
    const journal = book.getWorksheet('Utbetalningar')!;
    const header = journal.getRow(1).values as unknown[];
    const col = (name: string) => header.indexOf(name);
    const amount = journal.getRow(2).getCell(col('amount'));
    expect(amount.value).toBe(142779.5);
    expect(amount.numFmt).toBe('#,##0.00 "kr"');
    const ordered = journal.getRow(2).getCell(col('orderedOn'));
    expect(ordered.value).toEqual(new Date('2023-01-10T00:00:00Z'));
    expect(ordered.numFmt).toBe('yyyy-mm-dd');
    expect(journal.getRow(2).getCell(col('grantId')).value).toBe('RUN/573/2022');
    const grants = book.getWorksheet('Ärenden')!;
    const gHeader = grants.getRow(1).values as unknown[];
    expect(grants.getRow(2).getCell(gHeader.indexOf('cap')).value).toBe(400000);
    expect(grants.getRow(2).getCell(gHeader.indexOf('applicant')).value).toBe(
      'Coompanion Jämtland; "ek. för."',
    );
    const portfolio = book.getWorksheet('Portfölj')!;
    expect(portfolio.getRow(2).values).toEqual([
      undefined,
      '1:1 Regionala tillväxtåtgärder',
      400000,
      142779.5,
      257220.5,
      1,
      1,
      0,
    ]);
  });

  it('given the journal, then the Excel CSV has a BOM, semicolons, decimal commas and CRLF', async () => {
    await grantWithAdvance(t, 'RUN/573/2022', { advance: '142779.50' });
    const csv = journalCsvForExcel(await t.ledger.payments());
    expect(csv.startsWith('\uFEFFgrantId;paymentId;kind;')).toBe(true);
    const row = csv.split('\r\n')[1]!.split(';');
    expect(row.slice(0, 6)).toEqual([
      'RUN/573/2022',
      'adv-1',
      'advance',
      '',
      '142779,50',
      'attested',
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('given a payee named like a formula, then the workbook and the Excel CSV hold it as text a spreadsheet will not run', async () => {
    // given
    await grantWithAdvance(t, 'RUN/1/2023', {
      payee: '=HYPERLINK("https://example.invalid","klicka")',
      advance: '1000',
    });
    // when
    const bytes = await workbookOf({
      journal: await t.ledger.payments(),
      grants: await t.ledger.grants(),
      portfolio: await t.ledger.portfolio(),
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(bytes).buffer);
    // then
    const grants = book.getWorksheet('Ärenden')!;
    const header = grants.getRow(1).values as unknown[];
    const cell = grants.getRow(2).getCell(header.indexOf('applicant'));
    expect(cell.value).toBe('\'=HYPERLINK("https://example.invalid","klicka")');
    expect(cell.formula).toBeUndefined();
    // amounts stay numbers
    expect(grants.getRow(2).getCell(header.indexOf('cap')).value).toBe(400000);
  });
});
