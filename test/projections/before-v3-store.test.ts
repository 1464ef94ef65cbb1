// A store written by the ledger before domain v3 replays unchanged, and shows the same figures.
//
// test/fixtures/before-v3.db is a real SQLite store written by the code of the day before the
// v3 rules (commit c65f17b, by test/fixtures/before-v3.make.mts.txt run from that tree's
// .scratch/): the builders' grant — advance 20 000 paid, the final claim of 3 000 approved
// (entitlement 1 800), final report, a recovery of 10 000 with interest by law from
// 2023-05-03 (due 2023-07-31),
// repaid 5 000 on 2023-07-31 and 2 000 on 2023-09-30 — its RepaymentReceived events at
// version 2, carrying the split as it was computed then. before-v3.balance.json is the
// balance that code showed. Registered in date order, the split derived today is the one
// recorded then, so every figure stays.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLedger } from '../../infra/open-ledger.js';
import type { Ledger } from '../../infra/ledger.js';
import { GRANT } from '../../commands/builders/grant-commands.js';

const FIXTURE = new URL('../fixtures/before-v3.db', import.meta.url);
const OLD_BALANCE = JSON.parse(
  fs.readFileSync(new URL('../fixtures/before-v3.balance.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

type Row = { stream_id: string; revision: number; type: string; version: number; data: string };
const storedRows = (file: string): Row[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT stream_id, revision, type, version, data FROM events ORDER BY position')
      .all() as Row[];
  } finally {
    db.close();
  }
};

describe('a store written before domain v3 (repayments with their split recorded)', () => {
  let dir: string;
  let file: string;
  let before: Row[];
  let ledger: Ledger;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'before-v3-'));
    file = path.join(dir, 'ledger.db');
    fs.copyFileSync(FIXTURE, file);
    before = storedRows(file);
    ledger = await openLedger({
      storeUrl: `sqlite:${file}`,
      clock: () => new Date('2024-06-01T12:00:00Z'),
    });
  });

  afterAll(async () => {
    await ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('given the old store, then its repayments are version 2 events with the split recorded', () => {
    const repayments = before.filter((r) => r.type === 'RepaymentReceived');
    expect(repayments.map((r) => r.version)).toEqual([2, 2]);
    expect(JSON.parse(repayments[0]!.data)).toMatchObject({
      amount: '5000.00',
      interestPaid: '117.95',
      principalPaid: '4882.05',
    });
  });

  it("when opened by today's code, then every hash chain verifies and no stored event changed", async () => {
    expect((await ledger.verify()).ok).toBe(true);
    expect(storedRows(file)).toEqual(before);
  });

  it('when its balance is asked, then every figure the old code showed is the same, with the v3 fields beside them', async () => {
    const balance = (await ledger.balance(GRANT))!;
    expect(balance).toMatchObject(OLD_BALANCE);
    expect(balance).toMatchObject({ settlementFinal: true, waived: '0.00' });
    expect(balance.recoveries[0]).toMatchObject({
      status: 'open',
      repayments: [
        { receivedOn: '2023-07-31', interestPaid: '117.95', principalPaid: '4882.05' },
        { receivedOn: '2023-09-30', amount: '2000.00' },
      ],
    });
  });

  it('when a repayment is registered now, then it is recorded as version 3, and the old ones still count', async () => {
    const result = await ledger.execute(
      {
        type: 'RegisterRepayment',
        grantId: GRANT,
        recoveryId: 'rec-1',
        amount: '100',
        receivedOn: '2023-10-31',
      },
      { actor: 'ekonom@test' },
    );
    expect(result.ok).toBe(true);
    const rows = storedRows(file).filter((r) => r.type === 'RepaymentReceived');
    expect(rows.map((r) => r.version)).toEqual([2, 2, 3]);
    const balance = (await ledger.balance(GRANT))!;
    expect(balance.recoveries[0]!.repayments).toHaveLength(3);
    expect((await ledger.verify()).ok).toBe(true);
  });
});
