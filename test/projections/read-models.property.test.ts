// Property: for random command sequences, run through the real CommandHandler against a
// real store, the persisted read models (balance, indicators, payments, portfolio,
// history — read back from the SQL tables) equal the pure folds over the same events
// (FoldReadModels: balanceOf/indicatorsOf/journalOf over foldGrant). Batch sizes, inline
// vs deferred catch-up and a rebuild are varied, so batch boundaries fall anywhere.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import * as c from '../../commands/builders/grant-commands.js';
import {
  describePostgres,
  foldOf,
  postgresBackend,
  snapshot,
  sqliteBackend,
  type Backend,
} from './fixtures.js';

const GRANTS = ['P/1/2023', 'P/2/2023', 'P/3/2023'] as const;
const TODAYS = ['2023-06-01', '2024-02-15', '2025-01-01'];

type Raw = Record<string, unknown>;

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const grantArb = fc.constantFrom(...GRANTS);
const paymentIdArb = fc.constantFrom('adv-1', 'adv-2', 'pay-1', 'pay-2');
const claimIdArb = fc.constantFrom('claim-1', 'claim-2');

/**
 * One raw command for a grant: valid shapes, any order, so many are rejected by the rules (and
 * append nothing).
 */
const commandArb: fc.Arbitrary<Raw[]> = fc
  .tuple(
    grantArb,
    fc.oneof(
      w(
        1,
        fc
          .constantFrom('100000', '50000.50')
          .map((requestedAmount) => c.apply({ requestedAmount })),
      ),
      w(
        1,
        fc
          .record({
            appropriation: fc.constantFrom('1:1 Regionala tillväxtåtgärder', '1:2 Kultur'),
            cap: fc.constantFrom('50000', '40000.25'),
            rate: fc.constantFrom('0.60', '0.333'),
          })
          .map((t) => c.approve({}, { ...t, advance: '20000' })),
      ),
      // rejection and withdrawal end a grant's story: rarer, so the rest gets exercised
      w(1, fc.constantFrom(c.rejectApplication(), c.withdraw())),
      w(2, fc.constant(c.fulfil())),
      w(
        3,
        fc
          .record({
            id: fc.constantFrom('adv-1', 'adv-2'),
            amount: fc.constantFrom('10000', '5000.55'),
          })
          .map(({ id, amount }) => c.payAdvance({ paymentId: id, amount })),
      ),
      w(
        5,
        fc
          .record({ id: paymentIdArb, same: fc.boolean() })
          .map(({ id, same }) => c.attest(id, same ? { meta: { actor: 'orderer@test' } } : {})),
      ),
      w(
        1,
        paymentIdArb.map((id) => c.cancel(id)),
      ),
      w(
        3,
        fc
          .record({ id: claimIdArb, final: fc.boolean() })
          .map(({ id, final }) => c.reportCosts({ claimId: id, final })),
      ),
      w(
        3,
        fc
          .record({ id: claimIdArb, full: fc.boolean() })
          .map(({ id, full }) =>
            c.review(
              full ? { claimId: id, approvedAmount: '50000', disallowed: [] } : { claimId: id },
            ),
          ),
      ),
      w(
        3,
        fc
          .record({
            id: fc.constantFrom('pay-1', 'pay-2'),
            claim: claimIdArb,
            amount: fc.constantFrom('7000', '1000.10'),
          })
          .map(({ id, claim, amount }) => c.payClaim({ paymentId: id, claimId: claim, amount })),
      ),
      w(
        2,
        fc.constantFrom('report', 'sub-report').map((kind) => c.reportIndicator({ kind })),
      ),
      w(
        1,
        fc
          .constantFrom('2024-01-15', '2024-03-01')
          .map((submittedOn) => c.submitFinalReport({ submittedOn })),
      ),
      w(1, fc.constant(c.claimRecovery())),
      w(1, fc.constant(c.repay())),
      w(1, fc.constant(c.closeGrant())),
      w(
        1,
        fc.oneof(
          fc.constant(c.amend({ cap: '45000' })),
          fc.constant(c.amend({ finalReportDue: '2024-06-30' })),
        ),
      ),
      // the common happy paths, as pairs
      w(
        2,
        fc
          .record({ id: claimIdArb, final: fc.boolean() })
          .map(({ id, final }) => [
            c.reportCosts({ claimId: id, final }),
            c.review({ claimId: id }),
          ]),
      ),
      w(
        2,
        fc
          .constantFrom('adv-1', 'adv-2')
          .map((id) => [c.payAdvance({ paymentId: id, amount: '5000' }), c.attest(id)]),
      ),
    ),
  )
  .map(([grantId, command]) =>
    (Array.isArray(command) ? command : [command]).map((one: Raw) => ({ ...one, grantId })),
  );

/** Mostly start each grant with apply + approve, so later commands have something to act on. */
const scenarioArb = fc.record({
  prelude: fc.subarray([...GRANTS], { minLength: 1 }),
  commands: fc.array(commandArb, { minLength: 1, maxLength: 50 }).map((groups) => groups.flat()),
  inline: fc.boolean(),
  /**
   * Two read-model instances taking turns: as two processes would (each one's cache of states is
   * then invalid).
   */
  twoInstances: fc.boolean(),
  batchSize: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(2000)),
});

/**
 * The generator must reach the interesting parts of the lifecycle, or the property proves little.
 */
const MUST_SEE = [
  'PaymentOrdered',
  'PaymentAttested',
  'CostsReported',
  'CostsReviewed',
  'IndicatorProgressReported',
];

function propertyFor(backend: Backend, numRuns: number) {
  return async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        scenarioArb,
        async ({ prelude, commands, inline, twoInstances, batchSize }) => {
          // given a real store and its SQL read models
          const fixture = await backend.open({ batchSize });
          try {
            const { store, readModels } = fixture;
            const other = twoInstances ? await fixture.another({ batchSize }) : readModels;
            let turn = 0;
            const handler = new CommandHandler({
              store,
              clock: steppingClock('2024-01-01T08:00:00.000Z'),
              ...(inline
                ? { afterAppend: () => (turn++ % 3 === 0 ? other : readModels).catchUp() }
                : {}),
            });
            // when the commands run through the real command path
            for (const grantId of prelude) {
              await handler.handle({ ...c.apply(), grantId });
              await handler.handle({ ...c.approve(), grantId });
            }
            for (const command of commands) {
              const result = await handler.handle(command);
              if (result.ok) for (const e of result.events) seen.add(e.type);
            }
            await readModels.catchUp();
            // then the tables show exactly what folding the log shows
            const fold = foldOf(store);
            for (const today of TODAYS) {
              expect(await snapshot(readModels, GRANTS, today)).toEqual(
                await snapshot(fold, GRANTS, today),
              );
            }
            // and a rebuild from the log lands on the same
            await readModels.rebuild();
            expect(await snapshot(readModels, GRANTS, TODAYS[1]!)).toEqual(
              await snapshot(fold, GRANTS, TODAYS[1]!),
            );
          } finally {
            await fixture.cleanup();
          }
        },
      ),
      // A fixed seed: CI must not depend on whether a short random run happens to reach
      // payments (the coverage check below); change the seed to explore other histories.
      { numRuns, seed: 20261127 },
    );
    expect([...seen]).toEqual(expect.arrayContaining(MUST_SEE));
  };
}

describe('persisted read models equal the pure folds (SQLite file)', () => {
  it(
    'for random command sequences through the real command handler',
    propertyFor(sqliteBackend, 30),
    240_000,
  );
});

describePostgres('persisted read models equal the pure folds (PostgreSQL)', () => {
  it(
    'for random command sequences through the real command handler',
    propertyFor(postgresBackend, 30),
    240_000,
  );
});
