// `grant-ledger reconcile BANK.csv`: bank rows matched to attested payments by paymentId;
// equal amounts are settled (once, however often the file is imported); everything else is
// reported; a malformed file records nothing.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { parseBankCsv } from '../../infra/reconcile.js';
import { CLI_TIMEOUT, grantWithAdvance, toJsonl, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT);

interface Report {
  ok: true;
  matched: { line: number; paymentId: string; grantId: string; alreadySettled: boolean }[];
  amountMismatch: { line: number; paymentId: string; amount: string; expectedAmount: string }[];
  missingInBank: { paymentId: string }[];
  unknownInBank: { line: number; reference: string; reason: string }[];
  recorded: number;
}

const FOUNDING_PAYMENT = 'RUN/573/2022-advance-1';

describe('grant-ledger reconcile', () => {
  let ws: Workspace;
  const journal = async () =>
    (await ws.run(['export', '--format', 'csv'])).stdout
      .split(/\r?\n/)
      .filter((r) => r !== '')
      .slice(1);

  beforeAll(async () => {
    ws = workspace();
    // Given: the founding advance (142 779), T/1's advance (20 000) and T/2's advance (30 000), all
    // attested, and T/3's advance (10 000) ordered but not attested.
    expect((await ws.run(['demo'])).code).toBe(0);
    const commands = [
      ...grantWithAdvance('T/1/2023', '20000'),
      ...grantWithAdvance('T/2/2023', '30000'),
      ...grantWithAdvance('T/3/2023', '10000', { attest: false }),
    ];
    expect((await ws.run(['exec', ws.write('setup.jsonl', toJsonl(commands))])).code).toBe(0);
  });
  afterAll(() => ws.dispose());

  test('given a malformed row, when the statement is imported, then the line is reported, the exit code is 1 and nothing is recorded', async () => {
    const file = ws.write(
      'bad.csv',
      [
        'bookedOn,amount,reference',
        `2023-05-04,142779.00,${FOUNDING_PAYMENT}`,
        '2023-13-01,20000.00,T/1/2023-advance',
        '2023-05-05,12.345,T/2/2023-advance',
      ].join('\n'),
    );

    const { code, stderr } = await ws.run(['reconcile', file]);

    expect(code).toBe(1);
    expect(stderr).toContain('bad.csv:3: bookedOn "2023-13-01" is not a calendar date');
    expect(stderr).toContain('bad.csv:4: amount "12.345"');
    expect(stderr).toMatch(/nothing was recorded\. \[INVALID_INPUT\]\n$/);
    expect((await journal()).every((row) => row.includes(',false,'))).toBe(true);
  });

  test('given a statement with a match, a wrong amount and an unknown reference, when it is imported, then each lands in its bucket and only the match is settled', async () => {
    const file = ws.write(
      'bank.csv',
      [
        'bookedOn,amount,reference',
        `2023-05-04,"142779,00",${FOUNDING_PAYMENT}`, // decimal comma, quoted
        '2023-01-05,19999.00,T/1/2023-advance',
        '2023-01-06,500.00,NOT-A-PAYMENT',
        '2023-01-06,10000.00,T/3/2023-advance', // ordered, not attested
        '',
      ].join('\r\n'),
    );

    const { code, stdout, stderr } = await ws.run(['reconcile', file, '--json']);

    expect({ code, stderr }).toEqual({ code: 1, stderr: '' }); // 1: rows that need a person
    const report = JSON.parse(stdout) as Report;
    expect(report.recorded).toBe(1);
    expect(report.matched).toEqual([
      expect.objectContaining({
        line: 2,
        paymentId: FOUNDING_PAYMENT,
        grantId: 'RUN/573/2022',
        alreadySettled: false,
        amount: '142779.00',
      }),
    ]);
    expect(report.amountMismatch).toEqual([
      expect.objectContaining({
        line: 3,
        paymentId: 'T/1/2023-advance',
        amount: '19999.00',
        expectedAmount: '20000.00',
      }),
    ]);
    expect(report.missingInBank.map((p) => p.paymentId)).toEqual(['T/2/2023-advance']);
    expect(report.unknownInBank).toEqual([
      expect.objectContaining({
        line: 4,
        reference: 'NOT-A-PAYMENT',
        reason: 'no payment has this reference',
      }),
      expect.objectContaining({
        line: 5,
        reference: 'T/3/2023-advance',
        reason: expect.stringContaining('not attested'),
      }),
    ]);
    const settled = (await journal()).filter((row) => row.includes(',true,'));
    expect(settled).toEqual([
      `RUN/573/2022,${FOUNDING_PAYMENT},advance,,142779.00,attested,2023-05-02,ekonom.ordering@regionjh.se,2023-05-03,ekonom.attest@regionjh.se,,,,true,${FOUNDING_PAYMENT},2023-05-04,142779.00`,
    ]);

    // When the same statement is imported again, nothing new is recorded.
    const exportBefore = (await ws.run(['export'])).stdout;
    const again = await ws.run(['reconcile', file]);
    expect(again.stdout).toMatch(/Matched 1 \(0 newly settled, 1 already settled\)/);
    expect(again.stdout).toMatch(/Recorded 0 events\./);
    expect(again.stdout).toContain('142 779,00 kr');
    expect((await ws.run(['export'])).stdout).toBe(exportBefore);
  });

  test('given a statement that matches everything still open, when it is imported, then the exit code is 0', async () => {
    const file = ws.write(
      'rest.csv',
      [
        'reference;amount;bookedOn',
        'T/1/2023-advance;-20000;2023-01-05',
        'T/2/2023-advance;30000.00;2023-01-06',
      ].join('\n'),
    );

    const { code, stdout, stderr } = await ws.run(['reconcile', file, '--json']);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout) as Report;
    expect(report.recorded).toBe(2);
    expect(report.missingInBank).toEqual([]);
  });
});

describe('parseBankCsv', () => {
  test('given a statement without the required header, then line 1 is reported', () => {
    expect(parseBankCsv('date,sum,ref\n2023-01-01,1.00,X\n')).toEqual({
      ok: false,
      errors: [{ line: 1, message: expect.stringContaining('bookedOn, amount, reference') }],
    });
  });

  test('given an unquoted decimal comma, then the row has too many fields and its line is reported', () => {
    const result = parseBankCsv('bookedOn,amount,reference\n2023-01-01,142779,00,X\n');
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 2, message: expect.stringContaining('expected 3 fields, found 4') }],
    });
  });

  test('given quoted fields, a BOM and CRLF, then the rows are read and amounts normalised', () => {
    expect(
      parseBankCsv('\uFEFFbookedOn,amount,reference\r\n2023-01-01,"1,5","A ""quoted"" ref"\r\n'),
    ).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          bookedOn: '2023-01-01',
          amount: '1.50',
          reference: 'A "quoted" ref',
          outgoing: false,
        },
      ],
    });
  });

  test('given an empty reference or a zero amount, then they are errors', () => {
    const result = parseBankCsv('bookedOn,amount,reference\n2023-01-01,1.00,\n2023-01-02,0,X\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.line)).toEqual([2, 3]);
  });
});
