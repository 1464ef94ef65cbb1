// The books agree with the ledger, for any history (fast-check): random grant histories,
// decided for real (a rejected step is left out, as the ledger would), then
//   every verification balances to 0.00, and
//   the accounts summed over all verifications equal the balance figures they are
//   defined from (interfaces.md "Book-keeping").
import { currentPrincipal, principalRepaid } from '../../domain/grant/recovery-account.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isRejection } from '../../domain/errors.js';
import type { GrantEvent } from '../../domain/grant/events.js';
import { fold } from '../../domain/grant/evolve.js';
import { initialState } from '../../domain/grant/state.js';
import { figuresOf } from '../../domain/grant/figures.js';
import { Decimal } from '../../domain/money.js';
import { verificationsOf } from '../../infra/books/verifications.js';
import * as c from '../../commands/builders/grant-commands.js';
import { given, type RawCommand } from '../support/decider-spec.js';

const ORDERER = { actor: 'orderer@test' };
const ATTESTER = { actor: 'attester@test' };

type Step =
  | { kind: 'advance'; share: number }
  | { kind: 'attest' }
  | { kind: 'cancel' }
  | { kind: 'claim'; amount: number; approvedShare: number; final: boolean }
  | { kind: 'payClaim'; share: number }
  | { kind: 'recover'; share: number }
  | { kind: 'repay'; share: number }
  | { kind: 'amend'; capShare: number };

const share = fc.integer({ min: 1, max: 100 }).map((n) => n / 100);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), share }),
  fc.constant({ kind: 'attest' as const }),
  fc.constant({ kind: 'cancel' as const }),
  fc.record({
    kind: fc.constant('claim' as const),
    amount: fc.integer({ min: 1, max: 150_000_00 }),
    approvedShare: share,
    final: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('payClaim' as const), share }),
  fc.record({ kind: fc.constant('recover' as const), share }),
  fc.record({ kind: fc.constant('repay' as const), share }),
  fc.record({
    kind: fc.constant('amend' as const),
    capShare: fc.integer({ min: 50, max: 100 }).map((n) => n / 100),
  }),
);

const ore = (n: number) => (n / 100).toFixed(2);
/** A share of an amount, rounded down to öre, at least 0.01. */
const part = (amount: Decimal, s: number) =>
  Decimal.max(new Decimal('0.01'), amount.times(s).toDecimalPlaces(2, Decimal.ROUND_DOWN)).toFixed(
    2,
  );

/** Day n of the history: every step later than the one before (money steps in date order). */
const day = (n: number) =>
  new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

function history(steps: Step[]): GrantEvent[] {
  // A random step may be refused (a rule says no): the history goes on without it.
  let grant = given([]);
  const take = (raw: RawCommand) => {
    const decided = grant.when(raw);
    if (!isRejection(decided.result)) grant = decided.thenAccepted();
  };
  take(
    c.apply({
      requestedAmount: '300000',
      requestedAdvance: '100000',
      projectPeriod: { start: '2023-01-01', end: '2024-12-31' },
    }),
  );
  take(
    c.approve(
      {},
      {
        cap: '300000',
        advance: '100000',
        rate: '0.60',
        conditions: [],
        finalReportDue: '2025-01-31',
      },
    ),
  );
  let n = 1;
  let payments = 0;
  let claims = 0;
  let recoveries = 0;
  for (const s of steps) {
    n += 1;
    const on = day(n);
    const { state } = grant;
    const f = figuresOf(state);
    const ordered = [...state.payments.values()]
      .filter((p) => p.status === 'ordered')
      .map((p) => p.paymentId);
    switch (s.kind) {
      case 'advance':
        take(
          c.payAdvance({
            paymentId: `p-${++payments}`,
            amount: part(f.advanceGranted.minus(f.advanceOrdered), s.share),
            orderedOn: on,
            meta: ORDERER,
          }),
        );
        break;
      case 'attest':
        if (ordered[0]) take(c.attest(ordered[0], { attestedOn: on, meta: ATTESTER }));
        break;
      case 'cancel':
        if (ordered[0]) take(c.cancel(ordered[0], { cancelledOn: on, meta: ORDERER }));
        break;
      case 'claim': {
        const claimId = `claim-${++claims}`;
        const approved = Math.floor(s.amount * s.approvedShare);
        take(
          c.reportCosts({
            claimId,
            period: { from: on, to: on },
            costs: [{ category: 'Kostnader', amount: ore(s.amount) }],
            submittedOn: on,
            final: s.final,
          }),
        );
        take(
          c.review({
            claimId,
            reviewedOn: on,
            approvedAmount: ore(approved),
            disallowed:
              approved === s.amount
                ? []
                : [{ amount: ore(s.amount - approved), reason: 'Ej stödberättigande' }],
          }),
        );
        break;
      }
      case 'payClaim': {
        const reviewed = [...state.claims.values()]
          .filter((cl) => cl.review && cl.review.approved.greaterThan(0))
          .at(-1);
        if (reviewed && f.payable.greaterThan(0)) {
          take(
            c.payClaim({
              paymentId: `p-${++payments}`,
              claimId: reviewed.claimId,
              amount: part(f.payable, s.share),
              orderedOn: on,
              meta: ORDERER,
            }),
          );
        }
        break;
      }
      case 'recover': {
        const recoverable = f.overpaid.minus(f.recoveriesOutstanding);
        if (recoverable.greaterThan(0)) {
          take(
            c.claimRecovery({
              recoveryId: `r-${++recoveries}`,
              amount: part(recoverable, s.share),
              decidedOn: on,
              reason: 'Återkrav',
              meta: ORDERER,
            }),
          );
        }
        break;
      }
      case 'repay': {
        const open = [...state.recoveries.values()].find((r) =>
          currentPrincipal(r).greaterThan(principalRepaid(r, [])),
        );
        if (open)
          take(
            c.repay({
              recoveryId: open.recoveryId,
              amount: part(currentPrincipal(open).minus(principalRepaid(open, [])), s.share),
              receivedOn: on,
              meta: ORDERER,
            }),
          );
        break;
      }
      case 'amend':
        // A new rate changes the entitlement of approved costs; a lower cap may cut it.
        take(
          c.amend(
            s.capShare > 0.75
              ? { rate: s.capShare > 0.9 ? '0.70' : '0.50' }
              : { cap: part(new Decimal('300000'), s.capShare) },
            { decidedOn: on },
          ),
        );
        break;
    }
  }
  return grant.events;
}

describe('SIE verifications are the changes of the balance figures', () => {
  it('for random histories, every #VER balances to 0.00 and the summed accounts equal the figures', () => {
    const kinds = new Set<string>();
    let rich = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 8, maxLength: 40, size: 'max' }), (steps) => {
        // given
        const events = history(steps);
        // when
        const verifications = verificationsOf(
          c.GRANT,
          events.map((event, position) => ({ event, position })),
        );
        if (verifications.length >= 3) rich += 1;
        for (const v of verifications) kinds.add(v.text.split(' ')[0]!);
        // then
        const totals = new Map<string, Decimal>();
        for (const v of verifications) {
          expect(v.rows.length).toBeGreaterThan(0);
          expect(v.rows.reduce((s, r) => s.plus(r.amount), new Decimal(0)).toFixed(2)).toBe('0.00');
          for (const r of v.rows)
            totals.set(r.role, (totals.get(r.role) ?? new Decimal(0)).plus(r.amount));
        }
        const state = fold(events, initialState());
        const f = figuresOf(state);
        const total = (role: string) => (totals.get(role) ?? new Decimal(0)).toFixed(2);
        const beyond = Decimal.max(0, f.netPaid.minus(f.entitlement));
        expect(total('grantExpense')).toBe(f.entitlement.toFixed(2));
        expect(total('advanceReceivable')).toBe(f.advanceUnsettled.toFixed(2));
        expect(total('recoveryReceivable')).toBe(beyond.minus(f.advanceUnsettled).toFixed(2));
        expect(total('payeeLiability')).toBe(
          Decimal.max(0, f.entitlement.minus(f.netPaid)).negated().toFixed(2),
        );
        expect(total('bank')).toBe(f.netPaid.negated().toFixed(2));
        // a money event that changes nothing has no verification; one per event at most
        expect(new Set(verifications.map((v) => v.position)).size).toBe(verifications.length);
      }),
      { numRuns: 200 },
    );
    // The histories were not vacuous: many had several verifications, of every kind.
    expect(rich).toBeGreaterThan(50);
    expect([...kinds].sort()).toEqual(
      ['Granskad', 'Återbetalning', 'Förskott', 'Utbetalning', 'Ändrat'].sort(),
    );
  });

  it('given an attested advance, then its verification is "Förskott" on the attest date: advance receivable against bank', () => {
    const events = history([{ kind: 'advance', share: 0.5 }, { kind: 'attest' }]);
    const [v] = verificationsOf(
      c.GRANT,
      events.map((event, position) => ({ event, position })),
    );
    expect(v).toMatchObject({ text: `Förskott ${c.GRANT}`, date: day(3) });
    expect(v!.rows.map((r) => [r.role, r.amount.toFixed(2)])).toEqual([
      ['advanceReceivable', '50000.00'],
      ['bank', '-50000.00'],
    ]);
  });
});
