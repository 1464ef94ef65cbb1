// The money rules of domain.md that make the ledger right as of every past day: business
// dates ("Business dates", DATE_ORDER), "Further rules" (closing, settlement, the advance
// after amendments, claims with nothing approved), "Who acts" (FOUR_EYES on the normal
// form of an actor) and indicator kinds looked up as the decision's own keys. Each rule:
// given a history, when a command breaks it, then its code, and nothing changes.
import { describe, expect, it } from '@jest/globals';
import { balanceOf } from '../../projections/balance.js';
import {
  amend,
  apply,
  approve,
  attest,
  cancel,
  claimRecovery,
  closeGrant,
  fulfil,
  GRANT,
  payAdvance,
  payClaim,
  repay,
  reportCosts,
  reportIndicator,
  review,
  submitFinalReport,
  terms,
  revokeGrant,
} from '../../commands/builders/grant-commands.js';
import type { CommandInput } from '../../domain/ledger-commands.js';
import { given, type RawCommand } from '../support/decider-spec.js';
import { TODAY } from '../support/unchanged.js';

type History = ReturnType<typeof given>;
const balance = (h: History) => balanceOf(GRANT, h.state, TODAY)!;
const settle = (o: Partial<CommandInput<'SettlePayment'>> = {}): CommandInput<'SettlePayment'> => ({
  type: 'SettlePayment',
  grantId: GRANT,
  paymentId: 'adv-1',
  bankReference: 'SEB-2023-01-09-1',
  bookedOn: '2023-01-09',
  amount: '20000',
  meta: { actor: 'bank@test' },
  ...o,
});

// Builders' dates: applied 2022-11-01, decided 2022-12-15, advance ordered 2023-01-05 and
// attested 2023-01-06, condition fulfilled 2023-01-10, claim-1 (2023-01-01..06-30)
// submitted 2023-07-10, reviewed 2023-07-20, paid 2023-07-25, attested 2023-07-26.
const approved = () => given(apply(), approve());
const advancePaid = () => given(apply(), approve(), payAdvance(), attest('adv-1'));
const reviewed = () => given(apply(), approve(), fulfil(), reportCosts(), review());

describe('DATE_ORDER: a date may not come before what it depends on', () => {
  it.each<[string, () => History, RawCommand, string]>([
    [
      'an application submitted 2022-11-01 / a decision dated 2022-10-31',
      () => given(apply()),
      approve({ decidedOn: '2022-10-31' }),
      'decidedOn',
    ],
    [
      'a decision dated 2022-12-15 / an amendment dated 2022-12-14',
      approved,
      amend({ cap: '90000' }, { decidedOn: '2022-12-14' }),
      'decidedOn',
    ],
    [
      'a claim period ending 2023-06-30 / the claim submitted 2023-06-29',
      approved,
      reportCosts({ submittedOn: '2023-06-29' }),
      'submittedOn',
    ],
    [
      'a decision dated 2022-12-15 / a claim submitted 2022-12-14',
      approved,
      reportCosts({ period: { from: '2023-01-01', to: '2023-01-01' }, submittedOn: '2022-12-14' }),
      'submittedOn',
    ],
    [
      'a claim submitted 2023-07-10 / its review dated 2023-07-09',
      () => given(apply(), approve(), reportCosts()),
      review({ reviewedOn: '2023-07-09' }),
      'reviewedOn',
    ],
    [
      'a review dated 2023-07-20 / a payment of it ordered 2023-07-19',
      reviewed,
      payClaim({ orderedOn: '2023-07-19' }),
      'orderedOn',
    ],
    [
      'a decision dated 2022-12-15 / an advance ordered 2022-12-14',
      approved,
      payAdvance({ orderedOn: '2022-12-14' }),
      'orderedOn',
    ],
    [
      'an advance ordered 2023-01-05 / its attest dated 2023-01-04',
      () => given(apply(), approve(), payAdvance()),
      attest('adv-1', { attestedOn: '2023-01-04' }),
      'attestedOn',
    ],
    [
      'an advance ordered 2023-01-05 / its cancellation dated 2023-01-04',
      () => given(apply(), approve(), payAdvance()),
      cancel('adv-1', { cancelledOn: '2023-01-04' }),
      'cancelledOn',
    ],
    [
      'an attest dated 2023-01-06 / the bank booking dated 1990-01-01',
      advancePaid,
      settle({ bookedOn: '1990-01-01' }),
      'bookedOn',
    ],
    [
      'a decision dated 2022-12-15 / a recovery decided 2022-12-14',
      advancePaid,
      claimRecovery({ decidedOn: '2022-12-14' }),
      'decidedOn',
    ],
    [
      'a recovery decided 2024-02-01 / a repayment received 2024-01-31',
      () =>
        given(apply(), approve(), payAdvance(), attest('adv-1'), revokeGrant(), claimRecovery()),
      repay({ receivedOn: '2024-01-31' }),
      'receivedOn',
    ],
    [
      'a decision dated 2022-12-15 / the final report submitted 2022-12-14',
      approved,
      submitFinalReport({ submittedOn: '2022-12-14' }),
      'submittedOn',
    ],
  ])('given %s, then DATE_ORDER at the later date and nothing changes', (_, history, raw, path) => {
    history().when(raw).thenRejected('DATE_ORDER', path);
  });

  it('given an indicator delivered 2023-05-01 (registered late), when the grant is closed on 2023-04-30, then DATE_ORDER (closedOn is after every event)', () => {
    // given: nothing open (no claim, no payment), the final report in, a delivery dated later
    const history = given(
      apply(),
      approve(),
      fulfil(),
      submitFinalReport({ submittedOn: '2023-03-01' }),
      reportIndicator({ deliveredOn: '2023-05-01' }),
    );
    // when / then
    history.when(closeGrant({ closedOn: '2023-04-30' })).thenRejected('DATE_ORDER', 'closedOn');
    history.when(closeGrant({ closedOn: '2023-05-01' })).then([{ type: 'GrantClosed' }]);
  });

  it('given the attest of an advance dated 2023-03-01, when another advance is ordered on 2023-02-01, then DATE_ORDER (money steps in date order)', () => {
    const history = given(
      apply(),
      approve(),
      payAdvance({ amount: '10000' }),
      attest('adv-1', { attestedOn: '2023-03-01' }),
    );
    history
      .when(payAdvance({ paymentId: 'adv-2', amount: '10000', orderedOn: '2023-02-01' }))
      .thenRejected('DATE_ORDER', 'orderedOn');
    history
      .when(payAdvance({ paymentId: 'adv-2', amount: '10000', orderedOn: '2023-03-01' }))
      .then([{ type: 'PaymentOrdered' }]);
  });

  it('given an amendment dated 2023-09-01, when a payment relying on it is ordered on 2023-08-01, then DATE_ORDER', () => {
    const history = given(apply(), approve(), amend({ cap: '90000' }, { decidedOn: '2023-09-01' }));
    history.when(payAdvance({ orderedOn: '2023-08-01' })).thenRejected('DATE_ORDER', 'orderedOn');
  });

  it('given a claim reviewed late with its own earlier date, then it is accepted (claims and reviews may be registered late)', () => {
    // given: the advance attested 2023-01-06; then a claim of the spring, submitted 2023-07-10
    const history = given(
      apply(),
      approve(),
      payAdvance(),
      attest('adv-1', { attestedOn: '2023-08-01' }),
    );
    // when / then
    const claimed = history.when(reportCosts()).thenAccepted();
    claimed.when(review()).then([{ type: 'CostsReviewed', data: { reviewedOn: '2023-07-20' } }]);
  });

  it('given a reused paymentId and a date before the decision, then ALREADY_EXISTS comes first (the order of codes)', () => {
    given(apply(), approve(), payAdvance({ amount: '1000' }))
      .when(payAdvance({ amount: '1000', orderedOn: '2022-01-01' }))
      .thenRejected('ALREADY_EXISTS', 'paymentId');
  });
});

describe('a money step is lawful as of its own date', () => {
  it('given 27 000 entitled only by a review dated 2023-09-01, when a payment ordered 2023-08-15 takes it, then EXCEEDS_PAYABLE as of 2023-08-15', () => {
    // given: claim-1 reviewed 2023-07-20 (27 000); claim-2 reviewed on 2023-09-01 (12 000 more)
    const history = given(
      apply(),
      approve(),
      fulfil(),
      reportCosts(),
      review(),
      reportCosts({
        claimId: 'claim-2',
        period: { from: '2023-07-01', to: '2023-07-31' },
        costs: [{ category: 'personal', amount: '20000' }],
        submittedOn: '2023-08-05',
      }),
      review({
        claimId: 'claim-2',
        reviewedOn: '2023-09-01',
        approvedAmount: '20000',
        disallowed: [],
      }),
    );
    expect(balance(history).payable).toBe('39000.00');
    // when / then: on 2023-08-15 only 27 000 was entitled
    const rejection = history
      .when(payClaim({ claimId: 'claim-1', amount: '39000', orderedOn: '2023-08-15' }))
      .thenRejected('EXCEEDS_PAYABLE');
    expect(rejection.message).toMatch(/as of 2023-08-15/);
    history
      .when(payClaim({ claimId: 'claim-1', amount: '27000', orderedOn: '2023-08-15' }))
      .then([{ type: 'PaymentOrdered' }]);
    history
      .when(payClaim({ claimId: 'claim-2', amount: '39000', orderedOn: '2023-09-01' }))
      .then([{ type: 'PaymentOrdered' }]);
  });
});

describe('conditions count from the day they are fulfilled', () => {
  it('given the condition fulfilled on 2023-08-01, when a claim payment is ordered on 2023-07-25, then CONDITIONS_UNFULFILLED', () => {
    const history = given(
      apply(),
      approve(),
      fulfil({ fulfilledOn: '2023-08-01' }),
      reportCosts(),
      review(),
    );
    const rejection = history.when(payClaim()).thenRejected('CONDITIONS_UNFULFILLED');
    expect(rejection.message).toMatch(/other-financing \(fulfilled only on 2023-08-01\)/);
    history.when(payClaim({ orderedOn: '2023-08-01' })).then([{ type: 'PaymentOrdered' }]);
  });
});

describe('further rules', () => {
  it('given the final claim reported and paid, when an advance is ordered after it, then INVALID_STATE', () => {
    const history = given(
      apply(),
      approve(),
      fulfil(),
      reportCosts({ final: true }),
      review(),
      payClaim(),
      attest('pay-1'),
    );
    history.when(payAdvance({ orderedOn: '2023-08-01' })).thenRejected('INVALID_STATE');
  });

  it('given a claim whose costs were all disallowed, when it is paid, then INVALID_STATE at claimId', () => {
    const history = given(
      apply(),
      approve(),
      fulfil(),
      reportCosts(),
      review({
        approvedAmount: '0',
        disallowed: [{ amount: '50000', reason: 'Ej stödberättigande' }],
      }),
    );
    history.when(payClaim({ amount: '1' })).thenRejected('INVALID_STATE', 'claimId');
  });

  it('given a cap of 100 000.01, when the decision grants an advance of 50 000.01, then ADVANCE_LIMIT (half the cap rounded down: 50 000.00)', () => {
    const history = given(apply({ requestedAmount: '100000.01', requestedAdvance: '60000' }));
    history
      .when(approve({}, { cap: '100000.01', advance: '50000.01' }))
      .thenRejected('ADVANCE_LIMIT', 'terms.advance');
    history
      .when(approve({}, { cap: '100000.01', advance: '50000' }))
      .then([{ type: 'GrantApproved' }]);
  });

  it('given a decided advance of 142 779 and the cap amended to 142 779, when the advance is ordered in full, then ADVANCE_LIMIT (at most half the amended cap)', () => {
    // given
    const history = given(
      apply({ requestedAmount: '763643', requestedAdvance: '142779' }),
      approve({}, { cap: '763643', advance: '142779' }),
      amend({ cap: '142779' }),
    );
    expect(balance(history).advanceGranted).toBe('71389.50');
    // when / then
    history
      .when(payAdvance({ amount: '142779', orderedOn: '2023-03-02' }))
      .thenRejected('ADVANCE_LIMIT', 'amount');
    history
      .when(payAdvance({ amount: '71389.50', orderedOn: '2023-03-02' }))
      .then([{ type: 'PaymentOrdered' }]);
  });

  it('given an advance of 20 000 ordered, when the cap is amended to 39 999.98 (half 19 999.99), then ADVANCE_LIMIT at changes.cap', () => {
    const history = given(apply(), approve(), payAdvance());
    history.when(amend({ cap: '39999.98' })).thenRejected('ADVANCE_LIMIT', 'changes.cap');
    history.when(amend({ cap: '40000' })).then([{ type: 'DecisionAmended' }]);
  });

  it('given a claim for 2023-01-01..06-30, when projectEnd is amended to 2023-06-29, then PERIOD_OUTSIDE_PROJECT at changes.projectEnd', () => {
    const history = given(apply(), approve(), reportCosts());
    history
      .when(amend({ projectEnd: '2023-06-29' }, { decidedOn: '2023-07-11' }))
      .thenRejected('PERIOD_OUTSIDE_PROJECT', 'changes.projectEnd');
    history
      .when(amend({ projectEnd: '2023-06-30' }, { decidedOn: '2023-07-11' }))
      .then([{ type: 'DecisionAmended' }]);
  });

  it('given a project starting 2023-01-01, when a final report is due 2022-12-31, then INVALID_INPUT (decision and amendment)', () => {
    given(apply())
      .when(approve({}, { finalReportDue: '2022-12-31' }))
      .thenRejected('INVALID_INPUT', 'terms.finalReportDue');
    approved()
      .when(amend({ finalReportDue: '2022-12-31' }))
      .thenRejected('INVALID_INPUT', 'changes.finalReportDue');
  });
});

describe('SettlePayment', () => {
  it('given an attested advance of 20 000, when the bank line says 1.00, then SETTLEMENT_MISMATCH and the payment stays unsettled', () => {
    const history = advancePaid();
    history.when(settle({ amount: '1.00' })).thenRejected('SETTLEMENT_MISMATCH', 'amount');
    const settled = history.when(settle()).thenAccepted();
    expect(settled.produced).toMatchObject([
      { type: 'PaymentSettled', data: { amount: '20000.00' } },
    ]);
    // the real bank line again: already settled
    settled
      .when(settle({ bankReference: 'SEB-2', bookedOn: '2023-01-10' }))
      .thenRejected('INVALID_STATE', 'paymentId');
  });

  it('given an advance ordered but not attested, when it is settled, then INVALID_STATE', () => {
    given(apply(), approve(), payAdvance())
      .when(settle())
      .thenRejected('INVALID_STATE', 'paymentId');
  });
});

describe('CloseGrant: NOT_SETTLED lists every open point', () => {
  it('given the advance paid and a final claim of 0.00 never reviewed, when closed, then NOT_SETTLED naming the review (the advance is not overpaid before the settlement is final)', () => {
    // given
    const history = given(
      apply(),
      approve(),
      payAdvance(),
      attest('adv-1'),
      reportCosts({ final: true, costs: [{ category: 'personal', amount: '0' }] }),
      submitFinalReport(),
    );
    // when / then
    const rejection = history.when(closeGrant()).thenRejected('NOT_SETTLED');
    expect(rejection.message).toMatch(/claims not reviewed: claim-1/);
    expect(rejection.message).not.toMatch(/beyond the entitlement/);
    // once reviewed, the settlement is final: all of the advance is overpaid
    const reviewed = history.when(review({ approvedAmount: '0', disallowed: [] })).thenAccepted();
    const final = reviewed.when(closeGrant()).thenRejected('NOT_SETTLED');
    expect(final.message).toMatch(/20000\.00 is paid beyond the entitlement/);
  });

  it('given the advance paid and no claim at all, when closed, then NOT_SETTLED: no final claim', () => {
    const history = given(apply(), approve(), payAdvance(), attest('adv-1'), submitFinalReport());
    const rejection = history.when(closeGrant()).thenRejected('NOT_SETTLED');
    expect(rejection.message).toMatch(/no final claim is reported/);
  });

  it('given nothing paid, no claim and the final report in, when closed, then GrantClosed', () => {
    given(apply(), approve(), submitFinalReport())
      .when(closeGrant())
      .then([{ type: 'GrantClosed' }]);
  });
});

describe('FOUR_EYES compares actors in their normal form', () => {
  it.each<[string, string]>([
    ['anna@region.se', 'Anna@Region.se'],
    ['o1 ', 'o1'],
    ['anna@region.se', 'anna@region.se\u200b'],
    ['ANNA  @region.se', 'anna @region.se'],
    ['ａｎｎａ@region.se', 'anna@region.se'], // full-width letters: NFKC
  ])('given an advance ordered by %j, when %j attests it, then FOUR_EYES', (orderer, attester) => {
    const history = given(apply(), approve(), payAdvance({ meta: { actor: orderer } }));
    history
      .when(attest('adv-1', { meta: { actor: attester } }))
      .thenRejected('FOUR_EYES', 'paymentId');
  });

  it('given an actor of only spaces and a zero-width space, when it orders, then INVALID_INPUT at meta.actor', () => {
    approved()
      .when(payAdvance({ meta: { actor: '  \u200b ' } }))
      .thenRejected('INVALID_INPUT', 'meta.actor');
  });
});

describe('indicator kinds are the decision’s own keys', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'given targets {report, sub-report}, when a delivery of kind %s arrives, then UNKNOWN_INDICATOR',
    (kind) => {
      approved().when(reportIndicator({ kind })).thenRejected('UNKNOWN_INDICATOR', 'kind');
    },
  );

  it.each(['__proto__', 'constructor', 'prototype'])(
    'given a decision whose target key is %s, then INVALID_INPUT (never silently dropped)',
    (key) => {
      // JSON.parse makes "__proto__" an own key, as an HTTP body or a JSON line would carry it
      const bad = JSON.parse(
        `{"indicators":[{"id":"reports","name":"Rapporter","targets":{"${key}":3}}]}`,
      ) as object;
      const rejection = given(apply())
        .when({ ...approve(), terms: { ...terms(), ...bad } })
        .thenRejected('INVALID_INPUT');
      expect(rejection.path).toMatch(/^terms\.indicators\.0\.targets/);
    },
  );
});
