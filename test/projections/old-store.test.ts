// A store written before recovery interest and advance offsetting existed replays unchanged.
//
// test/fixtures/before-interest.db is a real SQLite store written by the ledger's code of
// the day before (commit bdc02e9): the builders of test/support/commands.ts — apply,
// approve, fulfil, advance 20 000 paid, final claim of 20 000 approved (entitlement
// 12 000), final report, recovery rec-1 of 5 000 with the old `interest {annualRate 0.08,
// from}`, 2 000 repaid, recovery rec-2 of 3 000 without interest, repaid in full — with
// RecoveryClaimed and RepaymentReceived at version 1, and read models of the old schema.
// before-interest.balance.json is the balance that code showed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openLedger } from '../../infra/open-ledger.js';
import type { Ledger } from '../../infra/ledger.js';
import { GRANT } from '../../commands/builders/grant-commands.js';

const FIXTURE = new URL('../fixtures/before-interest.db', import.meta.url);
const OLD_BALANCE = JSON.parse(
  fs.readFileSync(new URL('../fixtures/before-interest.balance.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

type Row = {
  stream_id: string;
  revision: number;
  type: string;
  version: number;
  data: string;
  metadata: string;
};
const storedRows = (file: string): Row[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT stream_id, revision, type, version, data, metadata FROM events ORDER BY position',
      )
      .all() as Row[];
  } finally {
    db.close();
  }
};

describe('a store written before interest by law and offsetting plans', () => {
  let dir: string;
  let file: string;
  let before: Row[];
  let ledger: Ledger;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'old-store-'));
    file = path.join(dir, 'ledger.db');
    fs.copyFileSync(FIXTURE, file);
    before = storedRows(file);
    ledger = await openLedger({
      storeUrl: `sqlite:${file}`,
      clock: () => new Date('2026-01-01T12:00:00Z'),
    });
  });

  afterAll(async () => {
    await ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('given the old store, then it holds version 1 recovery events (the fixture is what it claims to be)', () => {
    expect(
      before
        .filter((r) => r.type === 'RecoveryClaimed' || r.type === 'RepaymentReceived')
        .map((r) => [r.type, r.version]),
    ).toEqual([
      ['RecoveryClaimed', 1],
      ['RepaymentReceived', 1],
      ['RecoveryClaimed', 1],
      ['RepaymentReceived', 1],
    ]);
    expect(JSON.parse(before.find((r) => r.type === 'RecoveryClaimed')!.data)).toMatchObject({
      interest: { annualRate: '0.08', from: '2023-01-06' },
    });
  });

  it("when opened by today's code, then every hash chain verifies and no stored event changed", async () => {
    expect((await ledger.verify()).ok).toBe(true);
    expect(storedRows(file)).toEqual(before);
  });

  it('when its balance is asked (read models rebuilt), then every figure the old code showed is the same, and the new ones follow from it', async () => {
    const balance = (await ledger.balance(GRANT))!;
    // every field the old code showed, with what v3 adds beside it
    expect(balance).toMatchObject(OLD_BALANCE);
    expect(balance).toMatchObject({
      advanceOffset: '20000.00', // no plan in the stored decision: immediate
      advanceOutstanding: '0.00',
      interestAccrued: '0.00', // no dueOn in a version 1 recovery: no interest by law
      interestPaid: '0.00',
      interestDue: '0.00',
    });
    expect(balance.recoveries).toEqual([
      {
        recoveryId: 'rec-1',
        amount: '5000.00',
        dueOn: null,
        interestFrom: null,
        principalOutstanding: '3000.00',
        interestAccrued: '0.00',
        interestPaid: '0.00',
        interestDue: '0.00',
        waived: '0.00',
        status: 'open',
        repayments: [
          {
            receivedOn: '2024-02-20',
            amount: '2000.00',
            interestPaid: '0.00',
            principalPaid: '2000.00',
            bankReference: null,
          },
        ],
        referenceRateMissingFrom: null,
      },
      {
        recoveryId: 'rec-2',
        amount: '3000.00',
        dueOn: null,
        interestFrom: null,
        principalOutstanding: '0.00',
        interestAccrued: '0.00',
        interestPaid: '0.00',
        interestDue: '0.00',
        waived: '0.00',
        status: 'paid',
        repayments: [expect.objectContaining({ amount: '3000.00', principalPaid: '3000.00' })],
        referenceRateMissingFrom: null,
      },
    ]);
  });

  it('when replayed as of a past day and as recorded at a past moment, then the same figures as a fresh fold', async () => {
    const asOf = (await ledger.balance(GRANT, { asOf: '2024-02-20' }))!;
    expect(asOf).toMatchObject({ repaid: '2000.00', netPaid: '18000.00', interestAccrued: '0.00' });
    // rec-2 was decided on 2024-02-01 and repaid on 2024-02-21: outstanding that day
    expect(asOf.recoveries.map((r) => [r.recoveryId, r.principalOutstanding])).toEqual([
      ['rec-1', '3000.00'],
      ['rec-2', '3000.00'],
    ]);
    const recorded = (await ledger.balance(GRANT, { asOfRecorded: '2099-01-01T00:00:00Z' }))!;
    expect(recorded).toEqual({
      ...(await ledger.balance(GRANT))!,
      finalReport: recorded.finalReport,
    });
  });

  it('when a repayment is registered on it today, then it is a version 3 receipt that pays principal only (no interest accrues)', async () => {
    const result = await ledger.execute({
      type: 'RegisterRepayment',
      grantId: GRANT,
      recoveryId: 'rec-1',
      amount: '3000',
      receivedOn: '2024-03-01',
      meta: { actor: 'finance@test' },
    });
    expect(result.ok && result.events.map((e) => [e.type, e.version, e.data])).toEqual([
      [
        'RepaymentReceived',
        3,
        { recoveryId: 'rec-1', amount: '3000.00', receivedOn: '2024-03-01' },
      ],
    ]);
    expect((await ledger.balance(GRANT))!).toMatchObject({
      repaid: '8000.00',
      overpaid: '0.00',
      repaymentDue: '0.00',
    });
    expect((await ledger.verify()).ok).toBe(true);
  });
});
