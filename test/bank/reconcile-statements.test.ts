// camt.053 / camt.054 and Swedish CSV in (interfaces.md "Bank files", `reconcile`): statements
// written by hand the way banks write them — several entries, a batch booking, a reversal,
// a fee, a pending entry, an OCR repayment — against a real ledger on SQLite.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { makePaymentFile } from '../../infra/bank/payment-files.js';
import { reconcile, type ReconcileResult } from '../../infra/reconcile.js';
import {
  DEBTOR,
  FINANCE,
  grantWithAdvance,
  grantWithRecovery,
  testLedger,
  type TestLedger,
} from './support.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/bank');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const RECONCILER = 'avstamning@region.se';

let t: TestLedger;
beforeEach(async () => {
  t = await testLedger();
});
afterEach(async () => {
  await t.dispose();
});

async function theBanksDay(): Promise<void> {
  const bg = { bankgiro: '991-2346' };
  await grantWithAdvance(t, 'RUN/573/2022', { account: bg, advance: '142779' });
  await grantWithAdvance(t, 'T/2/2023', { account: bg, advance: '30000' });
  await grantWithAdvance(t, 'T/3/2023', { account: bg, advance: '10000' });
  await grantWithAdvance(t, 'T/4/2023', { account: bg, advance: '5000' });
  await grantWithAdvance(t, 'T/5/2023', { account: bg, advance: '7000' });
  await grantWithAdvance(t, 'T/6/2023', { account: bg, advance: '7000' });
  await grantWithRecovery(t, 'T/7/2023');
  await makePaymentFile(t.ledger, {
    executionDate: '2023-05-03',
    debtor: { name: DEBTOR.name, bankgiro: '50501055' },
    actor: FINANCE,
  });
}

const ok = (r: ReconcileResult) => {
  if (!r.ok) throw new Error(`expected a report, got errors ${JSON.stringify(r.errors)}`);
  return r;
};

describe('reconcile camt.053: a day of the bank', () => {
  it('given the statement, then payouts and a batch are settled, the OCR credit is a repayment, the returned payout is returned, and the fee and the wrong amount are reported', async () => {
    // given
    await theBanksDay();
    // when
    const report = ok(
      await reconcile(t.ledger, fixture('camt053-statement.xml'), { actor: RECONCILER }),
    );
    // then
    expect(report.format).toBe('camt.053');
    expect(
      report.matched.map((m) => [m.paymentId, m.grantId, m.bankReference, m.alreadySettled]),
    ).toEqual([
      ['adv-1', 'RUN/573/2022', '20230503-000012345', false],
      ['adv-1', 'T/2/2023', '20230503-000012346-1', false],
      ['adv-1', 'T/3/2023', '20230503-000012346-2', false],
    ]);
    expect(report.matched[1]!.at).toBe(
      'Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/NtryDtls[1]/TxDtls[1]',
    );
    expect(report.repayments).toEqual([
      expect.objectContaining({
        grantId: 'T/7/2023',
        recoveryId: 'rec-1',
        amount: '40000.00',
        bookedOn: '2023-05-05',
        alreadyRecorded: false,
      }),
    ]);
    expect(report.amountMismatch).toEqual([
      expect.objectContaining({
        grantId: 'T/6/2023',
        amount: '7000.50',
        expectedAmount: '7000.00',
      }),
    ]);
    // T/4's payout was booked and came back the next day: returned, never settled.
    expect(report.returned).toEqual([
      expect.objectContaining({
        grantId: 'T/4/2023',
        paymentId: 'adv-1',
        bookedOn: '2023-05-04',
        reason: 'RRTN Retur: mottagarkontot avslutat',
        debitAt: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/NtryDtls[1]/TxDtls[1]',
        alreadyRecorded: false,
      }),
    ]);
    expect(report.unknownInBank.map((u) => u.reason)).toEqual([
      expect.stringContaining('no EndToEndId'),
    ]);
    expect(report.unknownInBank[0]).toMatchObject({
      amount: '25.00',
      direction: 'debit',
      bookedOn: '2023-05-05',
    });
    expect(report.ignored).toBe(1);
    // T/5 is still pending at the bank; T/7's advance was paid before this statement.
    expect(report.missingInBank.map((p) => p.grantId)).toEqual(['T/5/2023', 'T/7/2023']);
    expect(report.recorded).toBe(5);
    const journal = await t.ledger.payments('RUN/573/2022');
    expect(journal[0]).toMatchObject({
      settled: true,
      bookedOn: '2023-05-03',
      bankReference: '20230503-000012345',
      bookedAmount: '142779.00',
    });
    expect((await t.ledger.payments('T/4/2023'))[0]).toMatchObject({
      settled: false,
      status: 'returned',
    });
    expect(await t.ledger.balance('T/4/2023')).toMatchObject({
      advancePaid: '0.00',
      netPaid: '0.00',
    });
    const recovered = await t.ledger.balance('T/7/2023');
    expect(recovered!.repaid).toBe('40000.00');
    const history = await t.ledger.history('T/7/2023');
    expect(history.at(-1)).toMatchObject({ type: 'RepaymentReceived', actor: RECONCILER });
  });

  it('given the statement was imported, when it is imported again, then nothing new is recorded', async () => {
    await theBanksDay();
    ok(await reconcile(t.ledger, fixture('camt053-statement.xml'), { actor: RECONCILER }));
    const before = await eventsOf(t);
    // when
    const again = ok(
      await reconcile(t.ledger, fixture('camt053-statement.xml'), { actor: RECONCILER }),
    );
    // then
    expect(again.recorded).toBe(0);
    expect(again.matched.every((m) => m.alreadySettled)).toBe(true);
    expect(again.repayments.every((r) => r.alreadyRecorded)).toBe(true);
    expect(await eventsOf(t)).toEqual(before);
  });

  it('given a malformed entry (a booking date 2023-05-32, an amount with a comma), then each is reported by element path and nothing is recorded', async () => {
    await theBanksDay();
    const before = await eventsOf(t);
    const broken = fixture('camt053-statement.xml')
      .replace(
        '<BookgDt><Dt>2023-05-04</Dt></BookgDt>\n        <ValDt><Dt>2023-05-04</Dt></ValDt>\n        <AcctSvcrRef>20230504-000012348',
        '<BookgDt><Dt>2023-05-32</Dt></BookgDt>\n        <ValDt><Dt>2023-05-04</Dt></ValDt>\n        <AcctSvcrRef>20230504-000012348',
      )
      .replace('<Amt Ccy="SEK">25.00</Amt>', '<Amt Ccy="SEK">25,00</Amt>');
    // when
    const result = await reconcile(t.ledger, broken, { actor: RECONCILER });
    // then
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          at: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[5]/BookgDt/Dt',
          message: expect.stringContaining('"2023-05-32"'),
        },
        {
          at: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[6]/Amt',
          message: expect.stringContaining('"25,00"'),
        },
      ],
    });
    expect(await eventsOf(t)).toEqual(before);
  });

  it('given a batch whose transactions do not add up to the entry, or XML that is not well-formed, then nothing is recorded', async () => {
    await theBanksDay();
    const before = await eventsOf(t);
    const batch = fixture('camt053-statement.xml').replace(
      '<Amt Ccy="SEK">10000.00</Amt></TxAmt>',
      '<Amt Ccy="SEK">9000.00</Amt></TxAmt>',
    );
    const wrongSum = await reconcile(t.ledger, batch, { actor: RECONCILER });
    expect(wrongSum).toEqual({
      ok: false,
      errors: [
        {
          at: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt',
          message: 'the entry says 40000.00 but its transactions make 39000.00',
        },
      ],
    });
    const cut = await reconcile(t.ledger, fixture('camt053-statement.xml').slice(0, 2000), {
      actor: RECONCILER,
    });
    expect(cut.ok).toBe(false);
    expect(await eventsOf(t)).toEqual(before);
  });
});

describe('reconcile camt.054 and Swedish CSV', () => {
  it("given a debit notification, then the payout is settled with the bank's reference", async () => {
    await grantWithAdvance(t, 'RUN/573/2022', {
      account: { bankgiro: '991-2346' },
      advance: '142779',
    });
    const report = ok(
      await reconcile(t.ledger, fixture('camt054-notification.xml'), { actor: RECONCILER }),
    );
    expect(report.format).toBe('camt.054');
    expect(report.matched).toEqual([
      expect.objectContaining({
        grantId: 'RUN/573/2022',
        paymentId: 'adv-1',
        bankReference: 'NDEA20230503X9912',
        at: 'Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]',
      }),
    ]);
    expect(report.recorded).toBe(1);
  });

  it('given a CSV with a BOM, semicolons, Swedish headers, decimal commas and spaces between thousands, then it reconciles like the XML', async () => {
    await theBanksDay();
    const report = ok(
      await reconcile(t.ledger, fixture('bank-statement-sv.csv'), { actor: RECONCILER }),
    );
    expect(report.format).toBe('csv');
    expect(report.matched.map((m) => [m.line, m.grantId, m.amount])).toEqual([
      [2, 'RUN/573/2022', '142779.00'],
      [3, 'T/2/2023', '30000.00'],
    ]);
    expect(report.repayments).toEqual([
      expect.objectContaining({
        line: 4,
        grantId: 'T/7/2023',
        recoveryId: 'rec-1',
        amount: '40000.00',
      }),
    ]);
    expect(report.unknownInBank).toEqual([
      expect.objectContaining({
        line: 5,
        reference: 'Avgift',
        amount: '25.00',
        reason: 'no payment has this reference',
      }),
    ]);
    expect(report.recorded).toBe(3);
  });
});

async function eventsOf(tl: TestLedger): Promise<string[]> {
  const out: string[] = [];
  for await (const e of tl.ledger.events()) out.push(`${e.streamId}#${e.revision} ${e.type}`);
  return out;
}
