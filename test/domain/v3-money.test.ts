// The money rules of domain.md v3 that ordinary mistakes meet: a grant revoked, a recovery
// decided too high (reduced, waived, withdrawn), a receipt keyed twice, a year mistyped, a
// fact keyed late that would make an earlier order unlawful, dates that cannot be.
import { describe, expect, it } from '@jest/globals';
import { Decimal } from '../../domain/money.js';
import { balanceOf } from '../../projections/balance.js';
import { given } from '../support/decider-spec.js';
import {
  amend,
  apply,
  approve,
  attest,
  claimRecovery,
  closeGrant,
  fulfil,
  GRANT,
  payAdvance,
  payClaim,
  reduceRecovery,
  repay,
  reportCosts,
  reportIndicator,
  review,
  revokeGrant,
  terms,
  withdrawRecovery,
} from '../../commands/builders/grant-commands.js';

const balance = (h: { state: Parameters<typeof balanceOf>[1] }, day = '2024-12-31') =>
  balanceOf(GRANT, h.state, day)!;

/** Advance 20 000 paid, then revoked on 2024-01-15: all of it overpaid. */
const revoked = () => given(apply(), approve(), payAdvance(), attest('adv-1'), revokeGrant());

describe('RevokeGrant (återkallelse)', () => {
  it('given an advance paid, when the grant is revoked, then status revoked, the settlement final and the advance overpaid', () => {
    const after = given(apply(), approve(), payAdvance(), attest('adv-1'))
      .when(revokeGrant())
      .then([
        {
          type: 'GrantRevoked',
          data: {
            decidedOn: '2024-01-15',
            ground: 'final-report-missing',
            entitlementLimit: '0.00',
          },
        },
      ]);
    expect(after).toHaveLength(1);
    expect(balance(revoked())).toMatchObject({
      status: 'revoked',
      settlementFinal: true,
      entitlement: '0.00',
      advanceOutstanding: '0.00',
      overpaid: '20000.00',
      repaymentDue: '20000.00',
    });
  });

  it.each([
    [
      'a new claim',
      reportCosts({ submittedOn: '2024-01-20', period: { from: '2023-01-01', to: '2023-12-31' } }),
    ],
    ['an advance', payAdvance({ paymentId: 'adv-2', amount: '1', orderedOn: '2024-01-20' })],
    ['an amendment', amend({ cap: '90000' }, { decidedOn: '2024-01-20' })],
    ['a second revocation', revokeGrant({ decidedOn: '2024-01-20' })],
  ])('given a revoked grant, when %s is sent, then INVALID_STATE and nothing changes', (_, raw) => {
    revoked().when(raw).thenRejected('INVALID_STATE');
  });

  it('given a claim reported before the revocation, when it is reviewed and paid after it, then that goes on up to what is payable', () => {
    const history = given(
      apply(),
      approve(),
      fulfil(),
      reportCosts(),
      revokeGrant({ decidedOn: '2023-07-15', entitlementLimit: '27000' }),
    );
    const reviewed = history.when(review()).thenAccepted();
    expect(balance(reviewed)).toMatchObject({ entitlement: '27000.00', payable: '27000.00' });
    reviewed.when(payClaim({ amount: '27000.01' })).thenRejected('EXCEEDS_PAYABLE', 'amount');
    reviewed.when(payClaim({ amount: '27000' })).thenAccepted();
  });

  it('given a revoked grant whose advance is recovered and repaid, when closed without a final report or final claim, then GrantClosed', () => {
    const repaid = revoked().and(claimRecovery({ amount: '20000' }), repay({ amount: '20000' }));
    repaid.when(closeGrant()).then([{ type: 'GrantClosed' }]);
  });

  it('given a grant only applied for, when it is revoked, then INVALID_STATE', () => {
    given(apply()).when(revokeGrant()).thenRejected('INVALID_STATE');
  });
});

describe('ReduceRecovery and WithdrawRecovery', () => {
  const recovered = () => revoked().and(claimRecovery({ amount: '20000' }));

  it('given a recovery of 20 000, when it is reduced to 15 000 with waive, then 5 000 is shown waived and the grant closes once 15 000 is repaid', () => {
    const reduced = recovered()
      .when(reduceRecovery({ amount: '15000', waive: true }))
      .then([
        {
          type: 'RecoveryReduced',
          data: { recoveryId: 'rec-1', amount: '15000.00', waived: '5000.00' },
        },
      ]);
    expect(reduced).toHaveLength(1);
    const after = recovered().and(reduceRecovery({ amount: '15000', waive: true }));
    expect(balance(after)).toMatchObject({ waived: '5000.00', overpaid: '20000.00' });
    expect(balance(after).recoveries[0]).toMatchObject({
      amount: '15000.00',
      waived: '5000.00',
      status: 'open',
      principalOutstanding: '15000.00',
    });
    const paid = after.and(repay({ amount: '15000' }));
    expect(balance(paid).recoveries[0]!.status).toBe('paid');
    paid.when(closeGrant()).then([{ type: 'GrantClosed' }]);
  });

  it('given a recovery reduced without waive, when the grant is closed, then NOT_SETTLED: what is still overpaid must be recovered or waived', () => {
    const reduced = recovered().and(
      reduceRecovery({ amount: '15000' }),
      repay({ amount: '15000' }),
    );
    const refused = reduced.when(closeGrant()).thenRejected('NOT_SETTLED');
    expect(refused.message).toMatch(
      /5000\.00 is paid beyond the entitlement and neither repaid nor waived/,
    );
  });

  it('given 8 000 repaid, when the recovery is reduced below 8 000, then INVALID_STATE; to 8 000 it is accepted', () => {
    const part = recovered().and(repay({ amount: '8000' }));
    part.when(reduceRecovery({ amount: '7999.99' })).thenRejected('INVALID_STATE', 'amount');
    part.when(reduceRecovery({ amount: '8000' })).thenAccepted();
  });

  it('given a recovery, when the "reduction" does not lower it, then INVALID_STATE', () => {
    recovered()
      .when(reduceRecovery({ amount: '20000' }))
      .thenRejected('INVALID_STATE', 'amount');
  });

  it('given a recovery with nothing repaid, when it is withdrawn, then it claims nothing and another can be decided', () => {
    const withdrawn = recovered().when(withdrawRecovery()).thenAccepted();
    expect(balance(withdrawn).recoveries[0]).toMatchObject({
      status: 'withdrawn',
      amount: '0.00',
      principalOutstanding: '0.00',
      interestAccrued: '0.00',
    });
    withdrawn
      .when(claimRecovery({ recoveryId: 'rec-2', amount: '20000', decidedOn: '2024-02-11' }))
      .thenAccepted();
    withdrawn.when(repay()).thenRejected('INVALID_STATE', 'recoveryId');
  });

  it('given a repayment, when the recovery is withdrawn, then INVALID_STATE (reduce it instead)', () => {
    recovered().and(repay()).when(withdrawRecovery()).thenRejected('INVALID_STATE');
  });

  it('given an open recovery, when the grant is closed, then NOT_SETTLED names it', () => {
    const refused = recovered().when(closeGrant()).thenRejected('NOT_SETTLED');
    expect(refused.message).toMatch(/recovery rec-1 is open \(principal 20000\.00/);
  });
});

describe('NOT_OVERPAID', () => {
  it('given 20 000 overpaid and a recovery of 15 000 of it, when another of 5 000.01 is decided, then NOT_OVERPAID; 5 000 is accepted', () => {
    const history = revoked().and(claimRecovery({ amount: '15000' }));
    history
      .when(claimRecovery({ recoveryId: 'rec-2', amount: '5000.01' }))
      .thenRejected('NOT_OVERPAID', 'amount');
    history.when(claimRecovery({ recoveryId: 'rec-2', amount: '5000' })).thenAccepted();
  });

  it('given a reused recoveryId and an amount above what is overpaid, then ALREADY_EXISTS comes first', () => {
    revoked()
      .and(claimRecovery({ amount: '20000' }))
      .when(claimRecovery({ amount: '999999' }))
      .thenRejected('ALREADY_EXISTS', 'recoveryId');
  });
});

describe('POSSIBLE_DUPLICATE', () => {
  const once = () =>
    revoked().and(
      claimRecovery({ amount: '20000' }),
      repay({ amount: '5000', bankReference: 'BG-77' }),
    );

  it('given a repayment of 5 000 on 2024-02-20, when the same amount and day is registered again, then POSSIBLE_DUPLICATE', () => {
    once()
      .when(repay({ amount: '5000' }))
      .thenRejected('POSSIBLE_DUPLICATE', 'amount');
  });

  it('given a repayment with bank reference BG-77, when another with that reference comes, then POSSIBLE_DUPLICATE', () => {
    once()
      .when(repay({ amount: '1', receivedOn: '2024-02-21', bankReference: 'BG-77' }))
      .thenRejected('POSSIBLE_DUPLICATE', 'bankReference');
  });

  it('given notDuplicate: true, when the same amount and day is registered, then it is a second receipt', () => {
    const twice = once()
      .when(repay({ amount: '5000', notDuplicate: true }))
      .thenAccepted();
    expect(balance(twice).repaid).toBe('10000.00');
  });
});

describe('FUTURE_DATE (now: 2026-06-01)', () => {
  it('given an advance ordered, when it is attested with a mistyped year 2036, then FUTURE_DATE and later steps are not frozen', () => {
    const ordered = given(apply(), approve(), payAdvance());
    ordered
      .when(attest('adv-1', { attestedOn: '2036-01-06' }))
      .thenRejected('FUTURE_DATE', 'attestedOn');
    ordered.when(attest('adv-1')).thenAccepted();
  });

  it('given a date in the future and one before what it depends on, then FUTURE_DATE comes before DATE_ORDER', () => {
    given(apply(), approve())
      .when(payAdvance({ orderedOn: '2027-01-01' }))
      .thenRejected('FUTURE_DATE', 'orderedOn');
  });

  it('given dates that look ahead (dueOn, finalReportDue, projectEnd), then they may be in the future', () => {
    const history = revoked();
    history.when(claimRecovery({ amount: '1', dueOn: '2027-12-31' })).thenAccepted();
    given(apply(), approve())
      .when(amend({ projectEnd: '2027-06-30', finalReportDue: '2027-12-31' }))
      .thenAccepted();
  });

  it('given a day that is tomorrow in Stockholm but still today in UTC, then it is not in the future', () => {
    given(apply(), approve())
      .when(payAdvance({ orderedOn: '2026-06-02' }), { now: '2026-06-01T22:30:00Z' })
      .thenAccepted();
    given(apply(), approve())
      .when(payAdvance({ orderedOn: '2026-06-02' }), { now: '2026-06-01T21:30:00Z' })
      .thenRejected('FUTURE_DATE');
  });
});

describe('late facts keep every later order lawful (DATE_ORDER, rule 4)', () => {
  it('given plan final-claim and a claim payment of the whole payable, when a final claim reviewed before that order is keyed late, then DATE_ORDER names the payment', () => {
    const history = given(
      apply(),
      approve({}, terms({ advanceOffsetting: 'final-claim' })),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts({ costs: [{ category: 'personal', amount: '60000' }] }),
      review({ approvedAmount: '60000', disallowed: [] }),
    );
    expect(balance(history, '2023-07-21').payable).toBe('36000.00');
    const ordered = history.and(payClaim({ amount: '36000' }));
    const finalClaim = reportCosts({
      claimId: 'claim-2',
      final: true,
      period: { from: '2023-07-01', to: '2023-07-15' },
      costs: [{ category: 'personal', amount: '0' }],
      submittedOn: '2023-07-16',
    });
    const withFinal = ordered.when(finalClaim).thenAccepted();
    const refused = withFinal
      .when(
        review({
          claimId: 'claim-2',
          approvedAmount: '0',
          disallowed: [],
          reviewedOn: '2023-07-21',
        }),
      )
      .thenRejected('DATE_ORDER', 'reviewedOn');
    expect(refused.message).toMatch(/payment pay-1, ordered on 2023-07-25/);
    // reviewed after the order's date, the same review is lawful
    withFinal
      .when(
        review({
          claimId: 'claim-2',
          approvedAmount: '0',
          disallowed: [],
          reviewedOn: '2023-07-30',
        }),
      )
      .thenAccepted();
  });

  it('given an advance ordered on 2023-08-01, when a final claim submitted 2023-07-15 is keyed late, then DATE_ORDER names the advance', () => {
    const history = given(apply(), approve(), payAdvance({ orderedOn: '2023-08-01' }));
    const refused = history
      .when(
        reportCosts({
          final: true,
          period: { from: '2023-01-01', to: '2023-06-30' },
          submittedOn: '2023-07-15',
        }),
      )
      .thenRejected('DATE_ORDER', 'submittedOn');
    expect(refused.message).toMatch(/adv-1/);
  });
});

describe('dates that cannot be (rule 6)', () => {
  it('given the first payment attested 2023-01-06, when interest runs from 2023-01-05, then DATE_ORDER at interest.from', () => {
    revoked()
      .when(claimRecovery({ dueOn: '2024-03-01', interest: { from: '2023-01-05' } }))
      .thenRejected('DATE_ORDER', 'interest.from');
  });

  it('given a recovery decided 2024-02-01, when interest runs from 2024-02-02, then DATE_ORDER at interest.from', () => {
    revoked()
      .when(claimRecovery({ dueOn: '2024-03-01', interest: { from: '2024-02-02' } }))
      .thenRejected('DATE_ORDER', 'interest.from');
  });

  it('given an indicator delivered 2023-10-01, when the project end is amended to 2023-09-30, then PERIOD_OUTSIDE_PROJECT', () => {
    given(apply(), approve(), reportIndicator({ deliveredOn: '2023-10-01' }))
      .when(amend({ projectEnd: '2023-09-30' }, { decidedOn: '2023-10-05' }))
      .thenRejected('PERIOD_OUTSIDE_PROJECT', 'changes.projectEnd');
  });
});

describe('identity: look-alike ids and actors are refused', () => {
  it.each([
    ['U+034F combining grapheme joiner', 'RUN/573/2022\u034f'],
    ['U+3164 Hangul filler', 'RUN\u3164573'],
    ['U+115F Hangul choseong filler', 'RUN/\u115f573'],
    ['a variation selector', 'RUN/573/2022\ufe0f'],
    ['a Cyrillic Р in a Latin id', '\u0420UN/573/2022'],
    ['U+2800 braille blank', 'RUN/573\u28002022'],
  ])('given a grant id with %s, then INVALID_INPUT at grantId', (_, grantId) => {
    given().when(apply({ grantId })).thenRejected('INVALID_INPUT', 'grantId');
  });

  it('given an id wholly in Cyrillic, then it is an id like any other', () => {
    given()
      .when(apply({ grantId: 'РУН/573/2022' }))
      .thenAccepted();
  });

  it.each([
    ['a Cyrillic а in a Latin name', '\u0430nna@region.se'],
    ['a stray combining accent', 'anna\u0301@region.se'.normalize('NFD').replace('a', '\u0301')],
    ['a braille blank', 'anna\u2800@region.se'],
    ['an emoji', 'anna😀@region.se'],
  ])('given an actor with %s, then INVALID_INPUT at meta.actor', (_, actor) => {
    given()
      .when(apply({ meta: { actor } }))
      .thenRejected('INVALID_INPUT', 'meta.actor');
  });

  it.each([
    'anna@region.se\u034f',
    'anna@region.se\ufe0f',
    'anna\u3164@region.se',
    ' Anna@Region.se ',
  ])('given the actor %j, then it is anna@region.se for FOUR_EYES', (typed) => {
    const ordered = given(apply(), approve(), payAdvance({ meta: { actor: 'anna@region.se' } }));
    ordered.when(attest('adv-1', { meta: { actor: typed } })).thenRejected('FOUR_EYES');
  });
});

describe('a raw "__proto__" key', () => {
  it('given an indicator target keyed "__proto__" as JSON.parse makes it (an own key), then INVALID_INPUT naming it, never dropped', () => {
    const raw = JSON.parse(
      JSON.stringify(approve()).replace('"targets":{', '"targets":{"__proto__":2,'),
    ) as Record<string, unknown>;
    given(apply()).when(raw).thenRejected('INVALID_INPUT', 'terms.indicators.0.targets.__proto__');
  });
});

describe('a reference rate missing for a half-year a recovery accrues in', () => {
  it('given rates up to 2023-07-01 and a recovery with interest open on 2024-02-01, then the balance flags 2024-01-01; with its rate set, no flag', () => {
    const rates = [
      { validFrom: '2023-01-01', rate: new Decimal('2.50') },
      { validFrom: '2023-07-01', rate: new Decimal('3.50') },
    ];
    const history = revoked().and(
      claimRecovery({ amount: '1000', dueOn: '2024-03-01', interest: { from: '2023-02-01' } }),
    );
    expect(
      balanceOf(GRANT, history.state, '2024-02-01', rates)!.recoveries[0]!.referenceRateMissingFrom,
    ).toBe('2024-01-01');
    expect(
      balanceOf(GRANT, history.state, '2023-12-31', rates)!.recoveries[0]!.referenceRateMissingFrom,
    ).toBeNull();
    const withRate = [...rates, { validFrom: '2024-01-01', rate: new Decimal('4.00') }];
    expect(
      balanceOf(GRANT, history.state, '2024-02-01', withRate)!.recoveries[0]!
        .referenceRateMissingFrom,
    ).toBeNull();
  });
});
