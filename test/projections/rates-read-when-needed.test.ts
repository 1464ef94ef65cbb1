// The reference rates are read for a balance only when the grant has recoveries: interest
// accrues on nothing else. A present balance of a grant without recoveries is then one read
// of the read store, and one with recoveries still gets its interest at the rates held.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import * as b from '../../commands/builders/grant-commands.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import { Decimal } from '../../domain/money.js';
import type { ReferenceRate } from '../../domain/interest.js';
import { balanceOf } from '../../projections/balance.js';
import { foldGrant } from '../../projections/grant-fold.js';
import type { ReadModels } from '../../projections/read-models.js';
import { FoldReadModels } from '../../infra/readstore/fold-read-models.js';
import {
  describePostgres,
  postgresBackend,
  sqliteBackend,
  type Backend,
  type ReadStoreFixture,
} from './fixtures.js';

const TODAY = '2024-09-30';
const RATES: readonly ReferenceRate[] = [
  { validFrom: '2023-01-01', rate: new Decimal('2.50') },
  { validFrom: '2024-01-01', rate: new Decimal('4.00') },
];
const WITH_RECOVERY = b.GRANT;
const WITHOUT = 'grant-without-recoveries';

/** A rates source that counts how often it was read. */
function countingRates() {
  const source = Object.assign(
    async () => {
      source.reads += 1;
      return RATES;
    },
    { reads: 0 },
  );
  return source;
}

const GIVEN = [
  ...RATES.map((r) => ({
    type: 'SetReferenceRate',
    validFrom: r.validFrom,
    rate: r.rate.toFixed(2),
    source: 'Riksbanken',
    meta: { actor: 'finance@test' },
  })),
  b.apply(),
  b.approve(),
  b.payAdvance(),
  b.attest('adv-1'),
  // revoked: the settlement is final, the advance overpaid and recoverable
  b.revokeGrant(),
  b.claimRecovery({
    amount: '5000',
    decidedOn: '2024-03-01',
    dueOn: '2024-03-31',
    interest: { from: '2023-06-01' },
  }),
  b.apply({ grantId: WITHOUT }),
];

function readsRatesWhenNeeded(backend: Backend, of: (f: ReadStoreFixture) => ReadModels): void {
  let fixture: ReadStoreFixture;
  let readModels: ReadModels;
  beforeEach(async () => {
    fixture = await backend.open();
    const handler = new CommandHandler({
      store: fixture.store,
      clock: steppingClock('2024-06-10T09:00:00.000Z'),
    });
    for (const command of GIVEN) {
      const result = await handler.handle(command);
      if (!result.ok) throw new Error(`${String(command.type)}: ${result.error.message}`);
    }
    await fixture.readModels.catchUp();
    readModels = of(fixture);
  });
  afterEach(async () => fixture.cleanup());

  const projected = async (grantId: string) =>
    balanceOf(
      grantId,
      foldGrant(await fixture.store.readStream(streamIdOf(grantId))),
      TODAY,
      RATES,
    );

  it('given a grant without recoveries, when its balance is read, then no rates are read', async () => {
    const rates = countingRates();
    const balance = await readModels.balance(WITHOUT, TODAY, rates);
    expect(rates.reads).toBe(0);
    expect(balance).toEqual(await projected(WITHOUT));
  });

  it('given a grant with a recovery, when its balance is read, then the rates are read once and interest accrues', async () => {
    const rates = countingRates();
    const balance = await readModels.balance(WITH_RECOVERY, TODAY, rates);
    expect(rates.reads).toBe(1);
    expect(balance).toEqual(await projected(WITH_RECOVERY));
    expect(balance?.interestAccrued).not.toBe('0.00');
  });

  it('when every grant is listed, then the rates are read once for all of them', async () => {
    const rates = countingRates();
    const listed = await readModels.grants(TODAY, undefined, rates);
    expect(listed.map((g) => g.grantId).sort()).toEqual([WITH_RECOVERY, WITHOUT].sort());
    expect(rates.reads).toBe(1);
    for (const g of listed) expect(g).toEqual(await projected(g.grantId));
  });

  it('given only grants without recoveries, when they are listed, then no rates are read', async () => {
    const rates = countingRates();
    const approved = await readModels.grants(TODAY, 'applied', rates);
    expect(approved.map((g) => g.grantId)).toEqual([WITHOUT]);
    expect(rates.reads).toBe(0);
  });
}

describe('rates read when needed, SQLite read models', () =>
  readsRatesWhenNeeded(sqliteBackend, (f) => f.readModels));
describe('rates read when needed, folded on demand', () =>
  readsRatesWhenNeeded(sqliteBackend, (f) => new FoldReadModels(f.store)));
describePostgres('rates read when needed, PostgreSQL read models', () =>
  readsRatesWhenNeeded(postgresBackend, (f) => f.readModels),
);
