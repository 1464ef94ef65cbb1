// SIE 4I from a real ledger on SQLite, read back with the tests' own SIE reader: every
// record of interfaces.md, CP437 bytes, one #VER per money event of the period with its
// business date and a text a person understands, each summing to 0.00.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { accountPlanOf, DEFAULT_ACCOUNTS } from '../../infra/books/accounts.js';
import { sieOptionsOf } from '../../infra/books/request.js';
import { sieFile } from '../../infra/books/sie.js';
import { isRejection } from '../../domain/errors.js';
import { Decimal } from '../../domain/money.js';
import { readSie } from '../support/sie-reader.js';
import { FINANCE, grantWithAdvance, testLedger, type TestLedger } from '../bank/support.js';

let t: TestLedger;
beforeEach(async () => {
  t = await testLedger();
});
afterEach(async () => {
  await t.dispose();
});

const options = (from: string, to: string, accounts: unknown = undefined) => {
  const o = sieOptionsOf(
    { from, to },
    {
      debtor: { name: 'Region Jämtland Härjedalen', bankgiro: '50501055' },
      orgNumber: '232100-0214',
      ...(accounts ? { accounts: accounts as Record<string, unknown> } : {}),
    },
  );
  if (isRejection(o)) throw new Error(o.message);
  return o;
};

describe('sie: the period as SIE 4I', () => {
  it('given an advance, a reviewed claim and a claim payment, when the year is exported, then the reader finds every record and balanced verifications', async () => {
    // given
    await grantWithAdvance(t, 'RUN/573/2022', { advance: '142779' });
    const grantId = 'RUN/573/2022';
    await t.run(
      {
        type: 'ReportCosts',
        grantId,
        claimId: 'ans-1',
        period: { from: '2023-01-01', to: '2023-03-31' },
        costs: [{ category: 'Personal', amount: '400000' }],
        submittedOn: '2023-04-05',
      },
      FINANCE,
    );
    await t.run(
      {
        type: 'ReviewCosts',
        grantId,
        claimId: 'ans-1',
        reviewedOn: '2023-04-20',
        approvedAmount: '400000',
      },
      FINANCE,
    );
    await t.run(
      {
        type: 'PayClaim',
        grantId,
        paymentId: 'pay-1',
        claimId: 'ans-1',
        amount: '57221',
        orderedOn: '2023-04-21',
      },
      FINANCE,
    );
    await t.run(
      { type: 'AttestPayment', grantId, paymentId: 'pay-1', attestedOn: '2023-04-24' },
      'attest@region.se',
    );

    // when
    const file = await sieFile(t.ledger, options('2023-01-01', '2023-12-31'));
    const sie = readSie(file.bytes);

    // then
    expect(sie).toMatchObject({
      flagga: '0',
      format: 'PC8',
      sietyp: '4',
      gen: '20230510',
      fnamn: 'Region Jämtland Härjedalen',
      orgnr: '232100-0214',
      program: ['grant-ledger', expect.any(String)],
    });
    expect(sie.rar.get('0')).toEqual(['20230101', '20231231']);
    expect(sie.dim.get('6')).toBe('Projekt');
    expect(sie.objekt.get('6 RUN/573/2022')).toBe('Projekt RUN/573/2022');
    // only the accounts used
    expect([...sie.konto.keys()]).toEqual(['4590', '1720', '2970', '1930']);
    expect(sie.konto.get('1930')).toBe('Bank');
    expect(sie.ver.map((v) => [v.date, v.text])).toEqual([
      ['20230111', 'Förskott RUN/573/2022'],
      ['20230420', 'Granskad ansökan ans-1 RUN/573/2022'],
      ['20230424', 'Utbetalning RUN/573/2022 ansökan ans-1'],
    ]);
    for (const v of sie.ver) {
      expect(v.trans.reduce((s, tr) => s.plus(tr.amount), new Decimal(0)).toFixed(2)).toBe('0.00');
      expect(
        v.trans.every((tr) => tr.objects[0]?.[0] === '6' && tr.objects[0]?.[1] === grantId),
      ).toBe(true);
    }
    // Entitlement 200 000 (0.50 × 400 000): the advance is set off, 57 221 paid on the claim.
    expect(sie.ver[1]!.trans.map((tr) => [tr.account, tr.amount])).toEqual([
      ['4590', '200000.00'],
      ['1720', '-142779.00'],
      ['2970', '-57221.00'],
    ]);
    expect(sie.ver[2]!.trans.map((tr) => [tr.account, tr.amount])).toEqual([
      ['2970', '57221.00'],
      ['1930', '-57221.00'],
    ]);
    // Swedish letters are CP437 bytes (ö = 0x94, ä = 0x84), not UTF-8.
    expect(file.bytes.includes(Buffer.from([0x94]))).toBe(true);
    expect(file.bytes.includes(Buffer.from('ö', 'utf8'))).toBe(false);
  });

  it('given a period after the advance, then only the verifications dated in it are written', async () => {
    await grantWithAdvance(t, 'T/1/2023');
    const before = readSie((await sieFile(t.ledger, options('2023-02-01', '2023-12-31'))).bytes);
    expect(before.ver).toEqual([]);
    const january = readSie((await sieFile(t.ledger, options('2023-01-01', '2023-01-31'))).bytes);
    expect(january.ver).toHaveLength(1);
  });

  it('given an accounts file with other numbers, then the verifications use them', async () => {
    await grantWithAdvance(t, 'T/1/2023');
    const sie = readSie(
      (
        await sieFile(
          t.ledger,
          options('2023-01-01', '2023-12-31', {
            bank: '1931',
            advanceReceivable: { number: '1790', name: 'Förskott projektstöd' },
          }),
        )
      ).bytes,
    );
    expect(sie.ver[0]!.trans.map((tr) => tr.account)).toEqual(['1790', '1931']);
    expect(sie.konto.get('1790')).toBe('Förskott projektstöd');
    expect(() => accountPlanOf({ bank: '19' }, 'accounts.json')).toThrow(
      'accounts.json: bank: an account number has 4 to 6 digits',
    );
    expect(accountPlanOf(undefined, 'x')).toEqual(DEFAULT_ACCOUNTS);
  });

  it('given a title with an en dash, Polish letters, a backslash and quotes, then they are CP437 text the reader reads back, never ?', async () => {
    await grantWithAdvance(t, 'T/10/2023', {
      payee: 'Łódź – Jämtland',
      title: 'Ström – "Łódź\\Östersund" 2023',
    });
    const file = await sieFile(t.ledger, options('2023-01-01', '2023-12-31'));
    expect(file.text).not.toContain('?');
    const sie = readSie(file.bytes);
    expect(sie.objekt.get('6 T/10/2023')).toBe('Ström - "Lódz/Östersund" 2023');
  });

  it('given a period over two fiscal years, then INVALID_INPUT: one file per year', () => {
    const two = sieOptionsOf({ from: '2023-06-01', to: '2024-05-31' }, {});
    expect(isRejection(two) && [two.code, two.path]).toEqual(['INVALID_INPUT', 'to']);
    expect(isRejection(two) && two.message).toContain('one fiscal year');
  });

  it('given a period that ends before it starts or a bad date, then INVALID_INPUT', () => {
    const bad = sieOptionsOf({ from: '2023-12-31', to: '2023-01-01' }, {});
    expect(isRejection(bad) && [bad.code, bad.path]).toEqual(['INVALID_INPUT', 'to']);
    const date = sieOptionsOf({ from: '2023-02-30', to: '2023-03-01' }, {});
    expect(isRejection(date) && date.path).toBe('from');
  });
});
