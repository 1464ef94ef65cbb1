// The rules table of domain.md: every code, shown by a command that breaks its rule, and
// shown to change nothing (no event; the grant's projections are the same afterwards).
// Then the happy paths that the rules leave open: amendments, recovery and repayment,
// cancelling, closing when settled, withdrawing.
import { describe, expect, it } from '@jest/globals';
import { balanceOf } from '../../projections/balance.js';
import {
  amend,
  apply,
  approve,
  attest,
  cancel,
  claimRecovery,
  revokeGrant,
  closeGrant,
  fulfil,
  GRANT,
  payAdvance,
  payClaim,
  rejectApplication,
  repay,
  reportCosts,
  reportIndicator,
  review,
  submitFinalReport,
  withdraw,
} from '../../commands/builders/grant-commands.js';
import { given, type RawCommand } from '../support/decider-spec.js';
import { TODAY } from '../support/unchanged.js';

const ORDERER = { actor: 'orderer@test' };
const ATTESTER = { actor: 'attester@test' };
const balance = (h: { state: Parameters<typeof balanceOf>[1] }) =>
  balanceOf(GRANT, h.state, TODAY)!;

// Histories used throughout (builders' defaults: requested 100 000, requested advance
// 20 000, project 2023-01-01..2023-12-31, rate 0.60, cap 100 000, advance 20 000, one
// condition "other-financing", indicator "reports" {report: 1, sub-report: 2}).
const applied = () => given(apply());
const approved = () => given(apply(), approve());
/** Claim-1 reported 50 000, reviewed 45 000 approved / 5 000 disallowed: entitlement 27 000. */
const reviewed = () => given(apply(), approve(), fulfil(), reportCosts(), review());
/** As `reviewed`, and the advance of 20 000 paid (ordered and attested): payable 7 000. */
const reviewedWithAdvance = () =>
  given(apply(), approve(), fulfil(), payAdvance(), attest('adv-1'), reportCosts(), review());

describe('INVALID_INPUT', () => {
  it('given an approved grant, when an advance of 1.001 is ordered, then INVALID_INPUT at amount and nothing changes', () => {
    // given
    const history = approved();
    // when / then
    history.when(payAdvance({ amount: '1.001' })).thenRejected('INVALID_INPUT', 'amount');
  });

  it('given no grant, when a command of an unknown type arrives, then INVALID_INPUT at type', () => {
    // given
    const history = given([]);
    // when / then
    history
      .when({ type: 'ApproveEverything', grantId: GRANT })
      .thenRejected('INVALID_INPUT', 'type');
  });
});

describe('UNKNOWN_GRANT', () => {
  it.each<[string, RawCommand]>([
    ['a decision', approve()],
    ['an advance', payAdvance()],
    ['a cost report', reportCosts()],
    ['a withdrawal', withdraw()],
    ['a close', closeGrant()],
  ])('given no application, when %s arrives, then UNKNOWN_GRANT', (_, raw) => {
    // given
    const history = given([]);
    // when / then
    history.when(raw).thenRejected('UNKNOWN_GRANT', 'grantId');
  });
});

describe('ALREADY_EXISTS', () => {
  it('given an application, when a second application for the same grant arrives, then ALREADY_EXISTS', () => {
    applied()
      .when(apply({ title: 'Igen' }))
      .thenRejected('ALREADY_EXISTS', 'grantId');
  });

  it('given a rejected application, when it is applied for again, then ALREADY_EXISTS (a grant id is one case)', () => {
    given(apply(), rejectApplication()).when(apply()).thenRejected('ALREADY_EXISTS', 'grantId');
  });

  it('given a reported claim, when another claim reuses its claimId, then ALREADY_EXISTS', () => {
    // given
    const history = given(apply(), approve(), reportCosts());
    // when / then
    history
      .when(reportCosts({ period: { from: '2023-07-01', to: '2023-09-30' } }))
      .thenRejected('ALREADY_EXISTS', 'claimId');
  });

  it('given an ordered advance, when a claim payment reuses its paymentId, then ALREADY_EXISTS', () => {
    // given
    const history = given(
      apply(),
      approve(),
      fulfil(),
      payAdvance({ amount: '1000' }),
      reportCosts(),
      review(),
    );
    // when / then
    history.when(payClaim({ paymentId: 'adv-1' })).thenRejected('ALREADY_EXISTS', 'paymentId');
  });

  it('given a cancelled advance, when a new advance reuses its paymentId, then ALREADY_EXISTS', () => {
    const history = given(apply(), approve(), payAdvance({ amount: '1000' }), cancel('adv-1'));
    history.when(payAdvance({ amount: '1000' })).thenRejected('ALREADY_EXISTS', 'paymentId');
  });

  it('given a recovery, when another recovery reuses its recoveryId, then ALREADY_EXISTS', () => {
    // given
    const history = given(
      apply(),
      approve(),
      payAdvance(),
      attest('adv-1'),
      revokeGrant(),
      claimRecovery({ amount: '1000' }),
    );
    // when / then
    history.when(claimRecovery({ amount: '500' })).thenRejected('ALREADY_EXISTS', 'recoveryId');
  });
});

describe('INVALID_STATE', () => {
  it.each<[string, RawCommand]>([
    ['approved again', approve()],
    ['rejected after approval', rejectApplication()],
  ])(
    'given an approved grant, when the application is %s, then INVALID_STATE (decision twice)',
    (_, raw) => {
      approved().when(raw).thenRejected('INVALID_STATE');
    },
  );

  it('given a rejected grant, when it is decided again, then INVALID_STATE', () => {
    given(apply(), rejectApplication()).when(approve()).thenRejected('INVALID_STATE');
  });

  const writes: [string, RawCommand][] = [
    ['a decision', approve()],
    ['an amendment', amend({ cap: '90000' })],
    ['a fulfilled condition', fulfil()],
    ['an advance', payAdvance()],
    ['a cost report', reportCosts()],
    ['an indicator delivery', reportIndicator()],
    ['a final report', submitFinalReport()],
    ['a withdrawal', withdraw()],
    ['a close', closeGrant()],
  ];

  it.each(writes)('given a rejected grant, when %s arrives, then INVALID_STATE', (_, raw) => {
    given(apply(), rejectApplication()).when(raw).thenRejected('INVALID_STATE');
  });

  it.each(writes)(
    'given a withdrawn application, when %s arrives, then INVALID_STATE',
    (_, raw) => {
      given(apply(), withdraw()).when(raw).thenRejected('INVALID_STATE');
    },
  );

  /** A grant settled and closed: advance 20 000 + claim 7 000 = entitlement 27 000. */
  const closed = () =>
    given(
      apply(),
      approve(),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts({ final: true }),
      review(),
      payClaim(),
      attest('pay-1'),
      submitFinalReport(),
      closeGrant(),
    );

  it.each<[string, RawCommand]>([
    ...writes,
    ['a claim payment', payClaim({ paymentId: 'pay-2', amount: '1' })],
    ['a recovery', claimRecovery()],
    ['an attest', attest('pay-1')],
  ])('given a closed grant, when %s arrives, then INVALID_STATE', (_, raw) => {
    closed().when(raw).thenRejected('INVALID_STATE');
  });

  it.each<[string, RawCommand]>([
    ['an advance', payAdvance()],
    ['a cost report', reportCosts()],
    ['an amendment', amend({ cap: '90000' })],
    ['a recovery', claimRecovery()],
  ])(
    'given an application not yet decided, when %s arrives, then INVALID_STATE (payments before approval)',
    (_, raw) => {
      applied().when(raw).thenRejected('INVALID_STATE');
    },
  );

  it('given a final claim, when another claim submitted after it is reported, then INVALID_STATE', () => {
    // given
    const history = given(apply(), approve(), reportCosts({ final: true }));
    // when / then
    history
      .when(
        reportCosts({
          claimId: 'claim-2',
          period: { from: '2023-07-01', to: '2023-12-31' },
          submittedOn: '2024-01-10',
        }),
      )
      .thenRejected('INVALID_STATE');
  });

  it('given a final claim, when a claim submitted before it is keyed late, then it is accepted (keying order changes nothing)', () => {
    const history = given(apply(), approve(), reportCosts({ final: true }));
    history
      .when(
        reportCosts({
          claimId: 'claim-0',
          period: { from: '2023-01-01', to: '2023-03-31' },
          submittedOn: '2023-04-05',
        }),
      )
      .thenAccepted();
  });

  it('given an attested advance, when it is attested again, then INVALID_STATE', () => {
    const history = given(apply(), approve(), payAdvance(), attest('adv-1'));
    history
      .when(attest('adv-1', { meta: { actor: 'third@test' } }))
      .thenRejected('INVALID_STATE', 'paymentId');
  });
});

describe('CAP_EXCEEDS_REQUEST', () => {
  it('given an application for 100 000, when the decision caps at 100 000.01, then CAP_EXCEEDS_REQUEST', () => {
    applied()
      .when(approve({}, { cap: '100000.01' }))
      .thenRejected('CAP_EXCEEDS_REQUEST', 'terms.cap');
  });

  it('given an approved grant, when an amendment raises the cap above the request, then CAP_EXCEEDS_REQUEST', () => {
    approved()
      .when(amend({ cap: '100000.01' }))
      .thenRejected('CAP_EXCEEDS_REQUEST', 'changes.cap');
  });

  it('given an application for 100 000, when the decision caps at exactly 100 000, then it is approved', () => {
    applied()
      .when(approve({}, { cap: '100000.00' }))
      .then([{ type: 'GrantApproved' }]);
  });
});

describe('ADVANCE_LIMIT', () => {
  it('given a requested advance of 20 000, when the decision grants 20 000.01, then ADVANCE_LIMIT (above requested)', () => {
    applied()
      .when(approve({}, { advance: '20000.01' }))
      .thenRejected('ADVANCE_LIMIT', 'terms.advance');
  });

  it('given no requested advance, when the decision grants any advance, then ADVANCE_LIMIT', () => {
    const history = given(apply({ requestedAdvance: undefined }));
    history.when(approve({}, { advance: '0.01' })).thenRejected('ADVANCE_LIMIT', 'terms.advance');
    history.when(approve({}, { advance: '0' })).then([{ type: 'GrantApproved' }]);
  });

  it('given a requested advance of 60 000 and a cap of 100 000, when the decision grants 50 000.01, then ADVANCE_LIMIT (above half the cap)', () => {
    // given
    const history = given(apply({ requestedAdvance: '60000' }));
    // when / then
    history
      .when(approve({}, { advance: '50000.01' }))
      .thenRejected('ADVANCE_LIMIT', 'terms.advance');
    history.when(approve({}, { advance: '50000' })).then([{ type: 'GrantApproved' }]);
  });

  it('given a request of 1 000 000 with advance 500 000, when the decision grants 400 000.01, then ADVANCE_LIMIT (above 400 000.00)', () => {
    // given
    const history = given(apply({ requestedAmount: '1000000', requestedAdvance: '500000' }));
    // when / then
    history
      .when(approve({}, { cap: '1000000', advance: '400000.01' }))
      .thenRejected('ADVANCE_LIMIT', 'terms.advance');
    history
      .when(approve({}, { cap: '1000000', advance: '400000' }))
      .then([{ type: 'GrantApproved' }]);
  });

  it('given an advance of 20 000 decided and 15 000 ordered, when 5 000.01 more is ordered, then ADVANCE_LIMIT (in total above decided)', () => {
    // given
    const history = given(apply(), approve(), payAdvance({ amount: '15000' }), attest('adv-1'));
    // when / then
    const later = { paymentId: 'adv-2', orderedOn: '2023-01-07' };
    history
      .when(payAdvance({ ...later, amount: '5000.01' }))
      .thenRejected('ADVANCE_LIMIT', 'amount');
    history
      .when(payAdvance({ ...later, amount: '5000' }))
      .then([{ type: 'PaymentOrdered', data: { kind: 'advance', amount: '5000.00' } }]);
  });

  it('given a pending advance of 20 000, when another advance is ordered, then ADVANCE_LIMIT (pending orders count too)', () => {
    const history = given(apply(), approve(), payAdvance());
    history
      .when(payAdvance({ paymentId: 'adv-2', amount: '0.01' }))
      .thenRejected('ADVANCE_LIMIT', 'amount');
  });

  it('given a cancelled advance of 20 000, when a new advance of 20 000 is ordered, then it is accepted (cancelled orders do not count)', () => {
    const history = given(
      apply(),
      approve(),
      payAdvance(),
      cancel('adv-1', { cancelledOn: '2023-01-06' }),
    );
    history
      .when(payAdvance({ paymentId: 'adv-2', orderedOn: '2023-01-07' }))
      .then([{ type: 'PaymentOrdered' }]);
  });
});

describe('PERIOD_OUTSIDE_PROJECT', () => {
  it.each<[string, { from: string; to: string }]>([
    ['starting before the project', { from: '2022-12-31', to: '2023-06-30' }],
    ['ending after the project', { from: '2023-07-01', to: '2024-01-01' }],
    ['wholly after the project', { from: '2024-02-01', to: '2024-03-31' }],
  ])(
    'given a project 2023, when a claim period %s is reported, then PERIOD_OUTSIDE_PROJECT',
    (_, period) => {
      approved()
        .when(reportCosts({ period, submittedOn: '2024-04-10' }))
        .thenRejected('PERIOD_OUTSIDE_PROJECT', 'period');
    },
  );

  it.each(['2022-12-31', '2024-01-01'])(
    'given a project 2023, when an indicator is delivered on %s, then PERIOD_OUTSIDE_PROJECT',
    (deliveredOn) => {
      approved()
        .when(reportIndicator({ deliveredOn }))
        .thenRejected('PERIOD_OUTSIDE_PROJECT', 'deliveredOn');
    },
  );

  it('given the project end amended to 2023-06-30, when a claim for July arrives, then PERIOD_OUTSIDE_PROJECT', () => {
    // given
    const history = given(apply(), approve(), amend({ projectEnd: '2023-06-30' }));
    // when / then
    const july = reportCosts({
      period: { from: '2023-07-01', to: '2023-07-31' },
      submittedOn: '2023-08-05',
    });
    history.when(july).thenRejected('PERIOD_OUTSIDE_PROJECT', 'period');
    history
      .when(reportIndicator({ deliveredOn: '2023-07-01' }))
      .thenRejected('PERIOD_OUTSIDE_PROJECT', 'deliveredOn');
  });

  it('given the project end amended to 2024-06-30, when a claim for spring 2024 arrives, then it is accepted', () => {
    // given
    const history = given(apply(), approve(), amend({ projectEnd: '2024-06-30' }));
    // when / then
    const spring = reportCosts({
      period: { from: '2024-01-01', to: '2024-06-30' },
      submittedOn: '2024-07-05',
    });
    history.when(spring).then([{ type: 'CostsReported' }]);
    history
      .when(reportIndicator({ deliveredOn: '2024-06-30' }))
      .then([{ type: 'IndicatorProgressReported' }]);
  });
});

describe('REVIEW_MISMATCH', () => {
  it('given a claim of 50 000, when 45 000 is approved and 4 999.99 disallowed, then REVIEW_MISMATCH', () => {
    const history = given(apply(), approve(), reportCosts());
    history
      .when(review({ disallowed: [{ amount: '4999.99', reason: 'Ej stödberättigande' }] }))
      .thenRejected('REVIEW_MISMATCH', 'approvedAmount');
  });

  it('given a claim of 50 000, when 50 000.01 is approved, then REVIEW_MISMATCH', () => {
    const history = given(apply(), approve(), reportCosts());
    history
      .when(review({ approvedAmount: '50000.01', disallowed: [] }))
      .thenRejected('REVIEW_MISMATCH', 'approvedAmount');
  });

  it('given a claim of 50 000, when the whole is approved with no disallowed list, then it is accepted', () => {
    const history = given(apply(), approve(), reportCosts());
    history.when(review({ approvedAmount: '50000', disallowed: undefined })).then([
      {
        type: 'CostsReviewed',
        data: {
          claimId: 'claim-1',
          approvedAmount: '50000.00',
          disallowed: [],
          reviewedBy: 'reviewer@test',
          reviewedOn: '2023-07-20',
        },
      },
    ]);
  });

  it('given a reviewed claim, when it is reviewed again, then REVIEW_MISMATCH', () => {
    reviewed().when(review()).thenRejected('REVIEW_MISMATCH', 'claimId');
  });
});

describe('CONDITIONS_UNFULFILLED', () => {
  const unfulfilledReviewed = () => given(apply(), approve(), reportCosts(), review());

  it('given a reviewed claim and an unfulfilled condition, when the claim is paid, then CONDITIONS_UNFULFILLED', () => {
    const rejection = unfulfilledReviewed().when(payClaim()).thenRejected('CONDITIONS_UNFULFILLED');
    expect(rejection.message).toContain('other-financing');
  });

  it('given an unfulfilled condition, when the advance is ordered, then it is NOT held back', () => {
    unfulfilledReviewed()
      .when(payAdvance())
      .then([
        {
          type: 'PaymentOrdered',
          data: { kind: 'advance', amount: '20000.00', orderedBy: 'orderer@test' },
        },
      ]);
  });

  it('given the condition fulfilled, when the claim is paid, then it is ordered', () => {
    const history = unfulfilledReviewed().when(fulfil()).thenAccepted();
    history
      .when(payClaim())
      .then([
        { type: 'PaymentOrdered', data: { kind: 'claim', claimId: 'claim-1', amount: '7000.00' } },
      ]);
  });
});

describe('EXCEEDS_PAYABLE', () => {
  it('given an approved grant with entitlement 27 000, when a claim is paid 27 000.01, then EXCEEDS_PAYABLE', () => {
    // given
    const history = reviewed();
    expect(balance(history).payable).toBe('27000.00');
    // when / then
    history.when(payClaim({ amount: '27000.01' })).thenRejected('EXCEEDS_PAYABLE', 'amount');
    history.when(payClaim({ amount: '27000' })).then([{ type: 'PaymentOrdered' }]);
  });

  it('given the advance paid (payable 7 000), when a claim is paid 7 000.01, then EXCEEDS_PAYABLE', () => {
    const history = reviewedWithAdvance();
    expect(balance(history).payable).toBe('7000.00');
    history.when(payClaim({ amount: '7000.01' })).thenRejected('EXCEEDS_PAYABLE', 'amount');
  });

  it('given a pending claim payment of 7 000 (payable 0), when another 0.01 is ordered, then EXCEEDS_PAYABLE', () => {
    const history = reviewedWithAdvance().when(payClaim()).thenAccepted();
    expect(balance(history).payable).toBe('0.00');
    history
      .when(payClaim({ paymentId: 'pay-2', amount: '0.01' }))
      .thenRejected('EXCEEDS_PAYABLE', 'amount');
  });

  it('given an advance of 20 000 paid and a claim paid up to the cap, when one öre more is ordered, then EXCEEDS_PAYABLE (netPaid + pending above cap)', () => {
    // given: cap 40 000, approved costs 100 000 at 0.60 (entitlement capped at 40 000)
    const history = given(
      apply(),
      approve({}, { cap: '40000' }),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts({ costs: [{ category: 'personal', amount: '100000' }] }),
      review({ approvedAmount: '100000', disallowed: [] }),
      payClaim({ amount: '20000' }),
    );
    // when / then
    history
      .when(payClaim({ paymentId: 'pay-2', amount: '0.01' }))
      .thenRejected('EXCEEDS_PAYABLE', 'amount');
  });
});

describe('FOUR_EYES', () => {
  it('given an advance ordered by orderer@test, when orderer@test attests it, then FOUR_EYES', () => {
    const history = given(apply(), approve(), payAdvance({ meta: ORDERER }));
    history.when(attest('adv-1', { meta: ORDERER })).thenRejected('FOUR_EYES', 'paymentId');
  });

  it('given a claim payment ordered by orderer@test, when orderer@test attests it, then FOUR_EYES', () => {
    const history = reviewed()
      .when(payClaim({ meta: ORDERER }))
      .thenAccepted();
    history.when(attest('pay-1', { meta: ORDERER })).thenRejected('FOUR_EYES', 'paymentId');
  });

  it('given an advance ordered by orderer@test, when attester@test attests it, then it is attested by attester@test', () => {
    const history = given(apply(), approve(), payAdvance({ meta: ORDERER }));
    history
      .when(attest('adv-1', { meta: ATTESTER }))
      .then([
        { type: 'PaymentAttested', data: { paymentId: 'adv-1', attestedBy: 'attester@test' } },
      ]);
  });
});

describe('NOT_SETTLED', () => {
  // Settled: advance 20 000 + claim 7 000 = entitlement 27 000 on the final claim; final report in.
  const upToFinalClaim = [
    apply(),
    approve(),
    fulfil(),
    payAdvance(),
    attest('adv-1'),
    reportCosts({ final: true }),
    review(),
  ];

  it.each<[string, RawCommand[], RegExp]>([
    [
      'the final report is not submitted',
      [...upToFinalClaim, payClaim(), attest('pay-1')],
      /final report/,
    ],
    ['a payment is pending', [...upToFinalClaim, payClaim(), submitFinalReport()], /pending/],
    ['payable is above 0 (7 000 not paid)', [...upToFinalClaim, submitFinalReport()], /payable/],
    [
      'repaymentDue is above 0 (advance 20 000 against entitlement 12 000)',
      [
        apply(),
        approve(),
        fulfil(),
        payAdvance(),
        attest('adv-1'),
        reportCosts({ final: true, costs: [{ category: 'personal', amount: '20000' }] }),
        review({ approvedAmount: '20000', disallowed: [] }),
        submitFinalReport(),
      ],
      /beyond the entitlement/,
    ],
  ])('given %s, when the grant is closed, then NOT_SETTLED', (_, commands, reason) => {
    // given
    const history = given(...commands);
    // when / then
    const rejection = history.when(closeGrant()).thenRejected('NOT_SETTLED');
    expect(rejection.message).toMatch(reason);
  });

  it('given repaymentDue 8 000, then the balance shows it', () => {
    const history = given(
      apply(),
      approve(),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts({ final: true, costs: [{ category: 'personal', amount: '20000' }] }),
      review({ approvedAmount: '20000', disallowed: [] }),
    );
    expect(balance(history)).toMatchObject({
      entitlement: '12000.00',
      netPaid: '20000.00',
      overpaid: '8000.00',
      advanceUnsettled: '8000.00',
      repaymentDue: '8000.00',
    });
  });
});

describe('CAP_BELOW_PAID', () => {
  it('given 20 000 paid as advance, when an amendment puts the cap at 19 999.99, then CAP_BELOW_PAID', () => {
    // given
    const history = given(apply(), approve(), payAdvance(), attest('adv-1'));
    // when / then
    history.when(amend({ cap: '19999.99' })).thenRejected('CAP_BELOW_PAID', 'changes.cap');
    // half of 40 000 is the 20 000 already paid as advance
    history
      .when(amend({ cap: '40000' }))
      .then([{ type: 'DecisionAmended', data: { changes: { cap: '40000.00' } } }]);
  });

  it('given 27 000 paid on claims, when an amendment lowers the rate so the entitlement falls below it, then CAP_BELOW_PAID', () => {
    // given: approved 45 000 at 0.60 = 27 000, all paid on the claim
    const history = given(
      apply(),
      approve(),
      fulfil(),
      reportCosts(),
      review(),
      payClaim({ amount: '27000' }),
      attest('pay-1'),
    );
    // when / then: 0.50 × 45 000 = 22 500 < 27 000
    history
      .when(amend({ rate: '0.50' }, { decidedOn: '2023-08-01' }))
      .thenRejected('CAP_BELOW_PAID', 'changes.rate');
  });

  it('given 27 000 ordered on a claim and not yet attested, when an amendment lowers the rate so the entitlement falls below it, then CAP_BELOW_PAID', () => {
    // given: the payment is pending; attesting it later must not pay claims above entitlement
    const history = given(
      apply(),
      approve(),
      fulfil(),
      reportCosts(),
      review(),
      payClaim({ amount: '27000' }),
    );
    // when / then
    history
      .when(amend({ rate: '0.50' }, { decidedOn: '2023-08-01' }))
      .thenRejected('CAP_BELOW_PAID', 'changes.rate');
  });
});

describe('UNKNOWN_INDICATOR', () => {
  it('given a decision naming indicator "reports", when indicator "films" is reported, then UNKNOWN_INDICATOR at indicatorId', () => {
    approved()
      .when(reportIndicator({ indicatorId: 'films' }))
      .thenRejected('UNKNOWN_INDICATOR', 'indicatorId');
  });

  it('given indicator "reports" counting report and sub-report, when kind "video" is reported, then UNKNOWN_INDICATOR at kind', () => {
    approved()
      .when(reportIndicator({ kind: 'video' }))
      .thenRejected('UNKNOWN_INDICATOR', 'kind');
  });
});

describe('happy paths', () => {
  describe('amendments', () => {
    it('given an approved grant, when the cap is amended to 50 000, then the balance uses the new cap', () => {
      // given
      const history = reviewed();
      // when
      const after = history.when(amend({ cap: '50000' })).thenAccepted();
      // then
      expect(after.produced).toEqual([
        {
          type: 'DecisionAmended',
          version: 1,
          data: { decidedOn: '2023-03-01', decidedBy: 'Ordföranden', changes: { cap: '50000.00' } },
        },
      ]);
      expect(balance(after)).toMatchObject({
        cap: '50000.00',
        entitlement: '27000.00',
        remainingCap: '23000.00',
        undisbursed: '50000.00',
      });
    });

    it('given approved costs of 45 000, when the cap is amended to 20 000, then the entitlement is clamped to 20 000', () => {
      const after = reviewed()
        .when(amend({ cap: '20000' }))
        .thenAccepted();
      expect(balance(after)).toMatchObject({
        cap: '20000.00',
        entitlement: '20000.00',
        payable: '20000.00',
        remainingCap: '0.00',
      });
    });

    it('given approved costs of 45 000 at 0.60, when the rate is amended to 0.5, then the entitlement is 22 500 on the cumulative costs', () => {
      // when
      const after = reviewed()
        .when(amend({ rate: '0.5' }))
        .thenAccepted();
      // then
      expect(after.produced[0]).toMatchObject({
        type: 'DecisionAmended',
        data: { changes: { rate: '0.50' } },
      });
      expect(balance(after)).toMatchObject({
        rate: '0.50',
        entitlement: '22500.00',
        payable: '22500.00',
      });
    });

    it('given a project ending 2023-12-31, when projectEnd is amended to 2024-03-31, then a claim up to that date is accepted', () => {
      const after = approved()
        .when(amend({ projectEnd: '2024-03-31' }))
        .thenAccepted();
      expect(after.produced[0]).toMatchObject({ data: { changes: { projectEnd: '2024-03-31' } } });
      expect(after.state.projectPeriod).toEqual({ start: '2023-01-01', end: '2024-03-31' });
      const q1 = reportCosts({
        period: { from: '2024-01-01', to: '2024-03-31' },
        submittedOn: '2024-04-05',
      });
      after.when(q1).then([{ type: 'CostsReported' }]);
    });

    it('given a projectEnd before the project start, when amended, then INVALID_INPUT at changes.projectEnd', () => {
      approved()
        .when(amend({ projectEnd: '2022-12-31' }))
        .thenRejected('INVALID_INPUT', 'changes.projectEnd');
    });

    it('given a final report due 2024-01-31, when finalReportDue is amended to 2024-06-30, then the report is no longer overdue in February', () => {
      // given
      const history = approved();
      expect(balanceOf(GRANT, history.state, '2024-02-15')!.finalReport).toEqual({
        due: '2024-01-31',
        submittedOn: null,
        state: 'overdue',
      });
      // when
      const after = history.when(amend({ finalReportDue: '2024-06-30' })).thenAccepted();
      // then
      expect(balanceOf(GRANT, after.state, '2024-02-15')!.finalReport).toEqual({
        due: '2024-06-30',
        submittedOn: null,
        state: 'pending',
      });
    });
  });

  it('given an overpayment on the final claim, when it is recovered and repaid, then netPaid is the entitlement and the grant can close', () => {
    // given: advance 20 000 paid, final claim approved 20 000 → entitlement 12 000, overpaid 8 000
    const overpaid = given(
      apply(),
      approve(),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts({ final: true, costs: [{ category: 'personal', amount: '20000' }] }),
      review({ approvedAmount: '20000', disallowed: [] }),
      submitFinalReport(),
    );
    // when
    const recovered = overpaid.when(claimRecovery({ amount: '8000' })).thenAccepted();
    expect(recovered.produced).toEqual([
      {
        type: 'RecoveryClaimed',
        version: 2,
        data: {
          recoveryId: 'rec-1',
          amount: '8000.00',
          decidedOn: '2024-02-01',
          reason: 'Ej stödberättigande kostnader',
        },
      },
    ]);
    const partly = recovered.when(repay({ amount: '5000' })).thenAccepted();
    expect(balance(partly)).toMatchObject({
      repaid: '5000.00',
      netPaid: '15000.00',
      overpaid: '3000.00',
      repaymentDue: '3000.00',
    });
    const repaid = partly.when(repay({ amount: '3000', receivedOn: '2024-02-25' })).thenAccepted();
    // then
    expect(balance(repaid)).toMatchObject({
      entitlement: '12000.00',
      advancePaid: '20000.00',
      repaid: '8000.00',
      netPaid: '12000.00',
      overpaid: '0.00',
      advanceUnsettled: '0.00',
      repaymentDue: '0.00',
      payable: '0.00',
      undisbursed: '88000.00',
    });
    const closed = repaid.when(closeGrant()).thenAccepted();
    expect(balance(closed).status).toBe('closed');
  });

  it('given a claim paid within its entitlement, when part of it is claimed back, then NOT_OVERPAID (only overpayments are recovered)', () => {
    // given: entitlement 27 000 paid in full on the claim: nothing is overpaid
    const history = given(
      apply(),
      approve(),
      fulfil(),
      reportCosts(),
      review(),
      payClaim({ amount: '27000' }),
      attest('pay-1'),
    );
    // when / then: a recovery would raise payable again and pay the same money twice
    history.when(claimRecovery()).thenRejected('NOT_OVERPAID', 'amount');
  });

  it('given a recovery of 1 000, when 1 000.01 is repaid, then INVALID_STATE (no repayment above what is claimed)', () => {
    const history = given(
      apply(),
      approve(),
      payAdvance(),
      attest('adv-1'),
      revokeGrant(),
      claimRecovery(),
    );
    history.when(repay({ amount: '1000.01' })).thenRejected('INVALID_STATE', 'amount');
  });

  it('given 20 000 paid and the grant revoked, when 20 000.01 is claimed back, then NOT_OVERPAID; 20 000 is accepted', () => {
    const history = given(apply(), approve(), payAdvance(), attest('adv-1'), revokeGrant());
    history.when(claimRecovery({ amount: '20000.01' })).thenRejected('NOT_OVERPAID', 'amount');
    history.when(claimRecovery({ amount: '20000' })).thenAccepted();
  });

  it('given an advance paid and no settlement yet, when it is claimed back, then NOT_OVERPAID (an advance not set off is not overpaid)', () => {
    const history = given(apply(), approve(), payAdvance(), attest('adv-1'));
    expect(balance(history)).toMatchObject({ overpaid: '0.00', advanceOutstanding: '20000.00' });
    history.when(claimRecovery({ amount: '1' })).thenRejected('NOT_OVERPAID', 'amount');
  });

  it('given an ordered advance, when it is cancelled, then nothing is pending and it cannot be attested', () => {
    // given
    const history = given(apply(), approve(), payAdvance());
    expect(balance(history).pendingPayments).toBe('20000.00');
    // when
    const after = history.when(cancel('adv-1', { cancelledOn: '2023-01-07' })).thenAccepted();
    // then
    expect(after.produced).toEqual([
      {
        type: 'PaymentCancelled',
        version: 1,
        data: {
          paymentId: 'adv-1',
          reason: 'Fel belopp',
          cancelledOn: '2023-01-07',
          cancelledBy: 'orderer@test',
        },
      },
    ]);
    expect(balance(after)).toMatchObject({
      pendingPayments: '0.00',
      advancePaid: '0.00',
      netPaid: '0.00',
    });
    after.when(attest('adv-1')).thenRejected('INVALID_STATE', 'paymentId');
  });

  it('given an ordered advance, when it is cancelled without a date, then the date is the day the ledger handles it', () => {
    const after = given(apply(), approve(), payAdvance()).when(cancel('adv-1')).thenAccepted();
    expect(after.produced[0]).toMatchObject({ data: { cancelledOn: '2026-06-01' } });
  });

  it('given a settled grant, when it is closed, then GrantClosed and the status is closed', () => {
    // given
    const history = given(
      apply(),
      approve(),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts({ final: true }),
      review(),
      payClaim(),
      attest('pay-1'),
      submitFinalReport(),
    );
    expect(balance(history)).toMatchObject({
      entitlement: '27000.00',
      netPaid: '27000.00',
      payable: '0.00',
      pendingPayments: '0.00',
      repaymentDue: '0.00',
    });
    // when
    const after = history.when(closeGrant()).thenAccepted();
    // then
    expect(after.produced).toEqual([
      { type: 'GrantClosed', version: 1, data: { closedOn: '2024-03-01' } },
    ]);
    expect(balance(after).status).toBe('closed');
  });

  it.each<[string, () => ReturnType<typeof given>]>([
    ['an application not yet decided', applied],
    ['an approved grant with nothing paid', approved],
  ])('given %s, when it is withdrawn, then the status is withdrawn', (_, history) => {
    const after = history().when(withdraw()).thenAccepted();
    expect(after.produced).toEqual([
      {
        type: 'ApplicationWithdrawn',
        version: 1,
        data: { withdrawnOn: '2023-01-02', reason: 'Projektet genomförs inte' },
      },
    ]);
    expect(balance(after).status).toBe('withdrawn');
  });

  it('given an approved grant with an advance ordered, when it is withdrawn, then INVALID_STATE (it has payments)', () => {
    given(apply(), approve(), payAdvance()).when(withdraw()).thenRejected('INVALID_STATE');
  });

  it('given an undecided application, when it is rejected, then GrantRejected and the grant commits nothing', () => {
    const after = applied().when(rejectApplication()).thenAccepted();
    expect(after.produced).toEqual([
      {
        type: 'GrantRejected',
        version: 1,
        data: {
          decidedOn: '2022-12-15',
          decidedBy: 'Ordföranden',
          reason: 'Ligger inte i linje med strategin',
        },
      },
    ]);
    expect(balance(after)).toMatchObject({ status: 'rejected', appropriation: null, cap: '0.00' });
  });
});
