// A balance read back from the grant_balance row (and its conditions) is the balance the
// pure projection computes, down to its JSON text: the same keys in the same order, the
// same figures, which is what HTTP and the CLI print. One grant with every kind of figure:
// conditions (one fulfilled), an advance, a claim reviewed and one not yet, a recovery with
// interest by law partly repaid, the final report submitted late, an appropriation, and a
// payout account with a change waiting for confirmation.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import * as b from '../../commands/builders/grant-commands.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import { Decimal } from '../../domain/money.js';
import type { ReferenceRate } from '../../domain/interest.js';
import { balanceOf } from '../../projections/balance.js';
import { foldGrant } from '../../projections/grant-fold.js';
import {
  describePostgres,
  postgresBackend,
  sqliteBackend,
  type Backend,
  type ReadStoreFixture,
} from './fixtures.js';

const TODAY = '2024-09-30';
const RATES_SET: readonly [validFrom: string, rate: string][] = [
  ['2023-01-01', '2.50'],
  ['2023-07-01', '3.50'],
  ['2024-01-01', '4.00'],
  ['2024-07-01', '3.75'],
];
const RATES: readonly ReferenceRate[] = RATES_SET.map(([validFrom, rate]) => ({
  validFrom,
  rate: new Decimal(rate),
}));
const setRate = ([validFrom, rate]: readonly [string, string]) => ({
  type: 'SetReferenceRate',
  validFrom,
  rate,
  source: 'Riksbanken',
  meta: { actor: 'finance@test' },
});

const EVERY_FIGURE = [
  ...RATES_SET.map(setRate),
  b.apply({ applicant: { name: 'Testföreningen ek. för.', orgNumber: '7696001234' } }),
  b.approve({}, { finalReportDue: '2024-01-31' }),
  b.fulfil(),
  b.payAdvance(),
  b.attest('adv-1'),
  b.reportCosts(),
  b.review({
    approvedAmount: '10000',
    disallowed: [{ amount: '40000', reason: 'Ej stödberättigande' }],
  }),
  b.reportCosts({
    claimId: 'claim-2',
    period: { from: '2023-07-01', to: '2023-12-31' },
    costs: [{ category: 'personal', amount: '30000' }],
    submittedOn: '2024-01-10',
    final: true,
  }),
  b.review({
    claimId: 'claim-2',
    reviewedOn: '2024-01-20',
    approvedAmount: '0',
    disallowed: [{ amount: '30000', reason: 'Ej stödberättigande' }],
  }),
  // submitted before the final claim, keyed after it, not yet reviewed
  b.reportCosts({
    claimId: 'claim-3',
    period: { from: '2023-07-01', to: '2023-09-30' },
    costs: [{ category: 'personal', amount: '1000' }],
    submittedOn: '2024-01-05',
  }),
  b.submitFinalReport({ submittedOn: '2024-02-15' }),
  b.claimRecovery({
    amount: '5000',
    decidedOn: '2024-03-01',
    dueOn: '2024-03-31',
    interest: { from: '2023-01-06' },
  }),
  b.repay({ amount: '2000', receivedOn: '2024-06-10' }),
  b.changePayoutAccount({ bankgiro: '5050-1055' }, { changedOn: '2024-04-01' }),
  b.confirmPayoutAccount({ account: { bankgiro: '5050-1055' }, confirmedOn: '2024-04-02' }),
  b.changePayoutAccount({ plusgiro: '4123451' }, { changedOn: '2024-05-01' }),
];

function readsBackAsProjected(backend: Backend): void {
  let fixture: ReadStoreFixture;
  beforeEach(async () => {
    fixture = await backend.open();
    const clock = steppingClock('2024-06-10T09:00:00.000Z');
    const handler = new CommandHandler({ store: fixture.store, clock });
    for (const command of EVERY_FIGURE) {
      const result = await handler.handle(command);
      if (!result.ok) throw new Error(`${String(command.type)}: ${result.error.message}`);
    }
    await fixture.readModels.catchUp();
  });
  afterEach(async () => fixture.cleanup());

  const projected = async (): Promise<string> => {
    const state = foldGrant(await fixture.store.readStream(streamIdOf(b.GRANT)));
    return JSON.stringify(balanceOf(b.GRANT, state, TODAY, RATES));
  };

  /**
   * The balance as a read store holds it: the recoveries and their interest with the rates,
   * the money figures as stored when projected, without the rates (how receipts divide into
   * interest and principal needs them, so the ledger reads a grant with recoveries by
   * replaying its stream; README "Domain choices").
   */
  const asStored = async (): Promise<string> => {
    const state = foldGrant(await fixture.store.readStream(streamIdOf(b.GRANT)));
    const withRates = balanceOf(b.GRANT, state, TODAY, RATES)!;
    const stored = balanceOf(b.GRANT, state, TODAY, [])!;
    const fields = ['repaid', 'netPaid', 'overpaid', 'advanceUnsettled', 'repaymentDue'] as const;
    const money = Object.fromEntries(
      [...fields, 'payable', 'undisbursed'].map((f) => [f, stored[f as keyof typeof stored]]),
    );
    return JSON.stringify({ ...withRates, ...money });
  };

  it('given a grant with every kind of figure, then every field is set', async () => {
    const balance = JSON.parse(await projected()) as Record<string, unknown>;
    expect(balance).toMatchObject({
      appropriation: '1:1 Regionala tillväxtåtgärder',
      finalReport: { due: '2024-01-31', submittedOn: '2024-02-15', state: 'late' },
      conditions: [{ id: 'other-financing', fulfilled: true, fulfilledOn: '2023-01-10' }],
      payoutAccount: {
        current: { text: 'Bankgiro 5050-1055' },
        pending: { changedOn: '2024-05-01' },
      },
    });
    const figures = ['advancePaid', 'disallowedCosts', 'unreviewedCosts', 'overpaid', 'repaid'];
    for (const figure of [...figures, 'interestAccrued', 'interestPaid', 'interestDue']) {
      expect(balance[figure]).not.toBe('0.00');
    }
  });

  it("when read back, then its JSON is the projection's, key order included", async () => {
    const read = await fixture.readModels.balance(b.GRANT, TODAY, RATES);
    expect(JSON.stringify(read)).toBe(await asStored());
  });

  it("when it is listed, then its JSON is the projection's, key order included", async () => {
    const [listed] = await fixture.readModels.grants(TODAY, undefined, RATES);
    expect(JSON.stringify(listed)).toBe(await asStored());
  });
}

describe('a balance read back from SQLite', () => readsBackAsProjected(sqliteBackend));
describePostgres('a balance read back from PostgreSQL', () =>
  readsBackAsProjected(postgresBackend),
);
