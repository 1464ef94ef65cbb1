// A grant with recoveries read through the ledger: its repayments are split with the rates of
// now (a corrected rate re-splits them), except once the grant is closed — a closed grant
// keeps the figures it had when it closed (domain.md "Interest on recoveries").
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { steppingClock } from '../../commands/clock.js';
import * as b from '../../commands/builders/grant-commands.js';
import { openLedger } from '../../infra/open-ledger.js';
import type { Ledger } from '../../infra/ledger.js';

const rate = (validFrom: string, value: string) => ({
  type: 'SetReferenceRate',
  validFrom,
  rate: value,
  source: 'Riksbanken',
  meta: { actor: 'ekonom@test' },
});

async function run(ledger: Ledger, commands: Record<string, unknown>[]): Promise<void> {
  for (const command of commands) {
    const result = await ledger.execute(command);
    if (!result.ok)
      throw new Error(`${String(command.type)}: ${result.error.code} ${result.error.message}`);
  }
}

/** Advance 20 000 paid, the final claim of 3 000 approved: 18 200 overpaid. */
const OVERPAID = [
  b.apply(),
  b.approve(),
  b.payAdvance({ orderedOn: '2023-01-05' }),
  b.attest('adv-1', { attestedOn: '2023-01-06' }),
  b.reportCosts({
    final: true,
    period: { from: '2023-01-01', to: '2023-03-31' },
    costs: [{ category: 'personal', amount: '3000' }],
    submittedOn: '2023-04-20',
  }),
  b.review({ approvedAmount: '3000', disallowed: [], reviewedOn: '2023-04-25' }),
  b.submitFinalReport({ submittedOn: '2023-04-30' }),
];

describe('recovery figures read through the ledger (SQLite file)', () => {
  let dir: string;
  let ledger: Ledger;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recovery-figures-'));
    ledger = await openLedger({
      storeUrl: `sqlite:${path.join(dir, 'ledger.db')}`,
      clock: steppingClock('2024-06-01T09:00:00.000Z'),
    });
    await run(ledger, [rate('2023-01-01', '2.50'), rate('2023-07-01', '3.50'), ...OVERPAID]);
  });

  afterAll(async () => {
    await ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('given the worked example repaid in full, when the rate is corrected, then the open grant re-splits; once closed, a later correction changes nothing', async () => {
    // given: 10 000 with interest, repaid 10 308.49 on 2023-09-30 (domain.md's worked example)
    await run(ledger, [
      b.claimRecovery({
        amount: '10000',
        decidedOn: '2023-05-10',
        dueOn: '2023-07-31',
        interest: { from: '2023-05-03' },
      }),
      b.repay({ amount: '10308.49', receivedOn: '2023-09-30' }),
    ]);
    const before = (await ledger.balance(b.GRANT))!;
    expect(before.recoveries[0]).toMatchObject({ interestPaid: '308.49', status: 'paid' });
    expect(before.repaid).toBe('10000.00');
    // when: the 2023-07-01 rate corrected upwards (a typing mistake), the receipt is re-split
    await run(ledger, [rate('2023-07-01', '4.00')]);
    const corrected = (await ledger.balance(b.GRANT))!;
    expect(corrected.recoveries[0]!.repayments[0]!.interestPaid).not.toBe('308.49');
    expect(corrected.recoveries[0]!.status).toBe('open');
    const listed = (await ledger.grants()).find((g) => g.grantId === b.GRANT)!;
    expect(listed).toEqual(corrected);
    // the rest is settled and the grant closed; a later correction then changes nothing
    // (what is owed the day it comes: as of the day before, that day included)
    const rest = (await ledger.balance(b.GRANT, { asOf: '2023-10-01' }))!.recoveries[0]!;
    const owed = (Number(rest.principalOutstanding) + Number(rest.interestDue)).toFixed(2);
    await run(ledger, [
      b.repay({ amount: owed, receivedOn: '2023-10-02' }),
      b.claimRecovery({ recoveryId: 'rec-2', amount: '8200', decidedOn: '2023-10-03' }),
      b.repay({ recoveryId: 'rec-2', amount: '8200', receivedOn: '2023-10-05' }),
      b.closeGrant({ closedOn: '2023-10-31' }),
    ]);
    const closed = (await ledger.balance(b.GRANT))!;
    expect(closed.status).toBe('closed');
    await run(ledger, [rate('2023-07-01', '5.00')]);
    expect(await ledger.balance(b.GRANT)).toEqual(closed);
  });
});
