// Statements as banks send them (interfaces.md "Statements as banks send them"): the
// published test data of an open-source camt reader, one file per version, and the Swedish
// cases written for these tests (a batch booked as one sum, a return, Bankgirot OCR, amounts
// where later versions put them), each run through `reconcile` against a real ledger on
// SQLite. See test/fixtures/bank/README.md for where each file comes from.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { makePaymentFile } from '../../infra/bank/payment-files.js';
import { grantsNeedingState, worklistsOf } from '../../projections/worklists.js';
import type { GrantState } from '../../domain/grant/state.js';
import { reconcile, type ReconcileResult } from '../../infra/reconcile.js';
import {
  ATTESTER,
  DEBTOR,
  FINANCE,
  grantWithAdvance,
  grantWithRecovery,
  testLedger,
  type TestLedger,
} from './support.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/bank');
const read = (dir: string, name: string) => fs.readFileSync(path.join(FIXTURES, dir, name));
const RECONCILER = 'avstamning@region.se';
/** After every booking of the files: no business date of theirs lies ahead. */
const NOW = new Date('2023-06-30T10:00:00.000Z');

let t: TestLedger;
beforeEach(async () => {
  t = await testLedger(NOW);
});
afterEach(async () => {
  await t.dispose();
});

const ok = (r: ReconcileResult) => {
  if (!r.ok) throw new Error(`expected a report, got errors ${JSON.stringify(r.errors)}`);
  return r;
};

async function eventCount(): Promise<number> {
  let n = 0;
  for await (const _ of t.ledger.events()) n += 1;
  return n;
}

/**
 * SE/1 (100 000, bankgiro) and SE/2 (20 000, PlusGiro) in file PF-A; SE/3 (30 000) and
 * SE/4 (45 000) in file PF-B; all paid on 3 May 2023.
 */
async function twoFiles(): Promise<void> {
  const bg = { bankgiro: '991-2346' };
  await grantWithAdvance(t, 'SE/1/2023', { account: bg, advance: '100000' });
  await grantWithAdvance(t, 'SE/2/2023', { account: { plusgiro: '41 23 45-1' }, advance: '20000' });
  const debtor = { name: DEBTOR.name, bankgiro: '50501055' };
  const file = { executionDate: '2023-05-03', debtor, actor: FINANCE };
  await makePaymentFile(t.ledger, { ...file, fileId: 'PF-A' });
  await grantWithAdvance(t, 'SE/3/2023', { account: bg, advance: '30000' });
  await grantWithAdvance(t, 'SE/4/2023', { account: bg, advance: '45000' });
  await makePaymentFile(t.ledger, { ...file, fileId: 'PF-B' });
}

describe('published camt files, every version', () => {
  const files = fs.readdirSync(path.join(FIXTURES, 'public')).filter((f) => f.endsWith('.xml'));

  it.each(files)(
    'given %s, then it is read and reported, and nothing unknown is recorded',
    async (name) => {
      // given a ledger whose payments none of these foreign files names
      await twoFiles();
      const before = await eventCount();
      // when
      const report = ok(await reconcile(t.ledger, read('public', name), { actor: RECONCILER }));
      // then every booked entry is reported as unknown to the ledger, and nothing is recorded
      expect(report.format).toBe(name.includes('camt054') ? 'camt.054' : 'camt.053');
      expect(report.unknownInBank.length + report.ignored).toBeGreaterThan(0);
      expect(report.matched).toEqual([]);
      expect(report.recorded).toBe(0);
      expect(await eventCount()).toBe(before);
    },
  );

  it('given the camt.053.001.08 file, then its Sts/Cd and DtTm booking date are read', async () => {
    const report = ok(
      await reconcile(t.ledger, read('public', 'genkgo-camt053.v8.xml'), { actor: RECONCILER }),
    );
    expect(report.unknownInBank[0]).toMatchObject({
      bookedOn: '2014-12-31',
      amount: '8.85',
      currency: 'EUR',
      direction: 'credit',
    });
  });
});

/** The finance desk's list of payments the bank returned. */
async function returnedList() {
  const today = t.ledger.today();
  const [balances, payments] = await Promise.all([t.ledger.grants(), t.ledger.payments()]);
  const states = new Map<string, GrantState>();
  for (const grantId of grantsNeedingState(balances, payments, today)) {
    states.set(grantId, await t.ledger.grantState(grantId));
  }
  const roles = ['finance'];
  const lists = worklistsOf({ today, actor: FINANCE, roles, balances, payments, states });
  return lists.find((l) => l.id === 'returned')!.items;
}

describe('Swedish statements', () => {
  it('given the PF-A batch booked as one debit in a BAH envelope (camt.054.001.08), then both payments of the batch are settled', async () => {
    await twoFiles();
    const report = ok(
      await reconcile(t.ledger, read('swedish', 'se-camt054-v08-bah-batch.xml'), {
        actor: RECONCILER,
      }),
    );
    expect(report.format).toBe('camt.054');
    expect(report.matched.map((m) => [m.grantId, m.alreadySettled])).toEqual([
      ['SE/1/2023', false],
      ['SE/2/2023', false],
    ]);
    expect(report.missingInBank.map((p) => p.grantId)).toEqual(['SE/3/2023', 'SE/4/2023']);
    expect(report.recorded).toBe(2);
    expect((await t.ledger.payments('SE/2/2023'))[0]).toMatchObject({
      settled: true,
      bookedOn: '2023-05-03',
      bankReference: '20230503-BATCH-0042',
      bookedAmount: '20000.00',
    });
  });

  it('given the batch booked with a sum its payments do not make, then it is reported and nothing is settled', async () => {
    await twoFiles();
    const before = await eventCount();
    const wrong = read('swedish', 'se-camt054-v08-bah-batch.xml')
      .toString()
      .replace('<Amt Ccy="SEK">120000.00</Amt>', '<Amt Ccy="SEK">119000.00</Amt>');
    const report = ok(await reconcile(t.ledger, wrong, { actor: RECONCILER }));
    expect(report.matched).toEqual([]);
    expect(report.unknownInBank[0]!.reason).toMatch(/PF-A-20230503.*119000\.00.*120000\.00/);
    expect(await eventCount()).toBe(before);
  });

  it('given a batch whose TxDtls carry no amounts (camt.053.001.04), then it is matched as a whole', async () => {
    await twoFiles();
    const report = ok(
      await reconcile(t.ledger, read('swedish', 'se-camt053-v04-batch-without-amounts.xml'), {
        actor: RECONCILER,
      }),
    );
    expect(report.matched.map((m) => m.grantId)).toEqual(['SE/1/2023', 'SE/2/2023']);
    expect(report.recorded).toBe(2);
  });

  it('given a payout and its return in the same statement (camt.053.001.05), then it is returned, never settled, on the worklist, and can be ordered again', async () => {
    await twoFiles();
    const report = ok(
      await reconcile(t.ledger, read('swedish', 'se-camt053-v05-return.xml'), {
        actor: RECONCILER,
      }),
    );
    expect(report.matched).toEqual([]);
    expect(report.unknownInBank).toEqual([]);
    expect(report.returned).toEqual([
      expect.objectContaining({
        grantId: 'SE/3/2023',
        paymentId: 'adv-1',
        bookedOn: '2023-05-05',
        reason: 'AC04 Mottagarens konto avslutat',
        debitAt: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]',
      }),
    ]);
    expect((await t.ledger.payments('SE/3/2023'))[0]).toMatchObject({
      status: 'returned',
      settled: false,
    });
    const balance = await t.ledger.balance('SE/3/2023');
    expect(balance).toMatchObject({ advancePaid: '0.00', netPaid: '0.00' });
    expect(await returnedList()).toEqual([
      expect.objectContaining({
        grantId: 'SE/3/2023',
        ref: 'adv-1',
        date: '2023-05-05',
        detail: 'AC04 Mottagarens konto avslutat',
        action: 'PayAdvance',
      }),
    ]);
    // the payment's amount can be ordered again (after the account is corrected)
    await t.run(
      {
        type: 'PayAdvance',
        grantId: 'SE/3/2023',
        paymentId: 'adv-2',
        amount: '30000',
        orderedOn: '2023-05-08',
      },
      FINANCE,
    );
    await t.run(
      { type: 'AttestPayment', grantId: 'SE/3/2023', paymentId: 'adv-2', attestedOn: '2023-05-08' },
      ATTESTER,
    );
    expect(await t.ledger.balance('SE/3/2023')).toMatchObject({ advancePaid: '30000.00' });
    expect(await returnedList()).toEqual([]);
    // imported again: nothing new
    const again = ok(
      await reconcile(t.ledger, read('swedish', 'se-camt053-v05-return.xml'), {
        actor: RECONCILER,
      }),
    );
    expect(again.recorded).toBe(0);
    expect(again.returned[0]!.alreadyRecorded).toBe(true);
  });

  it('given TxDtls/Amt with three decimals and only a value date (camt.053.001.06), then the payout is settled', async () => {
    await twoFiles();
    const report = ok(
      await reconcile(t.ledger, read('swedish', 'se-camt053-v06-amounts.xml'), {
        actor: RECONCILER,
      }),
    );
    expect(report.matched).toEqual([
      expect.objectContaining({ grantId: 'SE/4/2023', amount: '45000.00', bookedOn: '2023-05-04' }),
    ]);
    expect(report.unknownInBank.map((u) => u.amount)).toEqual(['25.00']);
  });

  it('given a payment abroad with only the instructed amount in EUR (camt.054.001.03), then the booked SEK amount settles it', async () => {
    await twoFiles();
    const report = ok(
      await reconcile(t.ledger, read('swedish', 'se-camt054-v03-foreign.xml'), {
        actor: RECONCILER,
      }),
    );
    expect(report.matched).toEqual([
      expect.objectContaining({ grantId: 'SE/4/2023', amount: '45000.00', currency: 'SEK' }),
    ]);
  });

  it('given an amount with a non-zero third decimal or an unknown namespace, then the file is refused by element and nothing is recorded', async () => {
    await twoFiles();
    const before = await eventCount();
    const file = read('swedish', 'se-camt053-v06-amounts.xml').toString();
    const third = await reconcile(t.ledger, file.replaceAll('45000.000', '45000.005'), {
      actor: RECONCILER,
    });
    expect(third).toEqual({
      ok: false,
      errors: [expect.objectContaining({ at: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt' })],
    });
    const future = await reconcile(
      t.ledger,
      file.replace('xsd:camt.053.001.06', 'xsd:camt.053.001.13'),
      {
        actor: RECONCILER,
      },
    );
    expect(future.ok === false && future.errors[0]!.message).toContain(
      'unknown namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.13',
    );
    expect(await eventCount()).toBe(before);
  });
});

describe('Bankgirot OCR credits', () => {
  const recovery = () => grantWithRecovery(t, 'SE/7/2023');

  it('given an incoming payment with the recovery OCR (camt.054.001.07), then it is a repayment', async () => {
    await recovery();
    const report = ok(
      await reconcile(t.ledger, read('swedish', 'se-camt054-v07-ocr.xml'), { actor: RECONCILER }),
    );
    expect(report.repayments).toEqual([
      expect.objectContaining({ grantId: 'SE/7/2023', recoveryId: 'rec-1', amount: '40000.00' }),
    ]);
    expect((await t.ledger.balance('SE/7/2023'))!.repaid).toBe('40000.00');
  });

  it('given the repayment was already keyed by hand, then the credit is reported as already registered and never recorded', async () => {
    await recovery();
    await t.run(
      {
        type: 'RegisterRepayment',
        grantId: 'SE/7/2023',
        recoveryId: 'rec-1',
        amount: '40000',
        receivedOn: '2023-05-12',
      },
      FINANCE,
    );
    const before = await eventCount();
    const report = ok(
      await reconcile(t.ledger, read('swedish', 'se-camt054-v07-ocr.xml'), { actor: RECONCILER }),
    );
    expect(report.repayments).toEqual([]);
    expect(report.alreadyRegistered).toEqual([
      expect.objectContaining({ grantId: 'SE/7/2023', recoveryId: 'rec-1', amount: '40000.00' }),
    ]);
    expect(await eventCount()).toBe(before);
  });
});

describe('all or nothing for a refusal by a rule', () => {
  it('given a statement whose return the ledger refuses (dated before the payment was attested), then nothing of it is recorded and the answer names the line', async () => {
    await twoFiles();
    const before = await eventCount();
    const statement = read('swedish', 'se-camt053-v05-return.xml')
      .toString()
      .replace('<BookgDt><Dt>2023-05-05</Dt></BookgDt>', '<BookgDt><Dt>2023-01-05</Dt></BookgDt>');
    // and a payout of another grant that alone would settle
    const withPayout = statement.replace(
      '    </Stmt>',
      `      <Ntry>
        <Amt Ccy="SEK">45000.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2023-05-03</Dt></BookgDt>
        <NtryDtls><TxDtls><Refs><EndToEndId>SE/4/2023+adv-1</EndToEndId></Refs></TxDtls></NtryDtls>
      </Ntry>
    </Stmt>`,
    );
    const result = await reconcile(t.ledger, withPayout, { actor: RECONCILER });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          at: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/NtryDtls[1]/TxDtls[1]',
          message: expect.stringMatching(
            /ReturnPayment adv-1 \(DATE_ORDER\).*nothing of the statement was recorded/,
          ),
        },
      ],
    });
    expect(await eventCount()).toBe(before);
  });
});
