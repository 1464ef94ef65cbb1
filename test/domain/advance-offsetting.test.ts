// Advance offsetting plans (domain.md "Advance offsetting"): domain.md's example for each
// plan, EXCEEDS_PAYABLE judged on the plan's payable, and all of the advance set off once
// the final claim is reviewed.
import { describe, expect, it } from '@jest/globals';
import { balanceOf } from '../../projections/balance.js';
import { given } from '../support/decider-spec.js';
import {
  apply,
  approve,
  attest,
  fulfil,
  GRANT,
  payAdvance,
  payClaim,
  reportCosts,
  review,
  revokeGrant,
  terms,
} from '../../commands/builders/grant-commands.js';
import type { AdvanceOffsetting } from '../../domain/grant/commands.js';

/**
 * cap 100 000, rate 0.50, advance 40 000 paid, one claim of 60 000 approved (entitlement 30 000).
 */
function example(plan?: AdvanceOffsetting, final = false) {
  return given(
    apply({ requestedAmount: '100000', requestedAdvance: '40000' }),
    approve(
      {},
      {
        rate: '0.50',
        cap: '100000',
        advance: '40000',
        ...(plan ? { advanceOffsetting: plan } : {}),
      },
    ),
    fulfil(),
    payAdvance({ amount: '40000' }),
    attest('adv-1'),
    reportCosts({ costs: [{ category: 'personal', amount: '60000' }], final }),
    review({ approvedAmount: '60000', disallowed: [] }),
  );
}

describe('advance offsetting plans', () => {
  it.each<[AdvanceOffsetting | undefined, string, string, string, string]>([
    // plan, advanceOffset, advanceOutstanding, payable, overpaid (v3: an advance not yet set
    // off is not overpaid before the settlement is final)
    [undefined, '30000.00', '10000.00', '0.00', '0.00'],
    ['immediate', '30000.00', '10000.00', '0.00', '0.00'],
    ['final-claim', '0.00', '40000.00', '30000.00', '0.00'],
    ['proportional', '12000.00', '28000.00', '18000.00', '0.00'],
  ])(
    "given domain.md's example with plan %s, then advanceOffset %s, advanceOutstanding %s, payable %s, overpaid %s",
    (plan, offset, outstanding, payable, overpaid) => {
      const { state, events } = example(plan);
      expect(events[1]!.data).toMatchObject({ terms: plan ? { advanceOffsetting: plan } : {} });
      if (!plan)
        expect('advanceOffsetting' in (events[1]!.data as { terms: object }).terms).toBe(false);
      expect(balanceOf(GRANT, state, '2023-06-01')).toMatchObject({
        entitlement: '30000.00',
        netPaid: '40000.00',
        advanceOffset: offset,
        advanceOutstanding: outstanding,
        payable,
        overpaid,
        advanceUnsettled: '10000.00',
        settlementFinal: false,
        repaymentDue: '0.00',
      });
    },
  );

  it.each<[AdvanceOffsetting, string]>([
    ['final-claim', '30000.00'],
    ['proportional', '18000.00'],
  ])(
    'given plan %s, when a claim payment of payable + 0.01 is ordered, then EXCEEDS_PAYABLE; payable itself is accepted',
    (plan, payable) => {
      const history = example(plan);
      const above = (Number(payable) + 0.01).toFixed(2);
      history.when(payClaim({ amount: above })).thenRejected('EXCEEDS_PAYABLE', 'amount');
      history.when(payClaim({ amount: payable })).then([
        {
          type: 'PaymentOrdered',
          data: {
            kind: 'claim',
            paymentId: 'pay-1',
            claimId: 'claim-1',
            amount: payable,
            orderedOn: '2023-07-25',
            orderedBy: 'orderer@test',
          },
        },
      ]);
    },
  );

  it.each<[AdvanceOffsetting]>([['immediate'], ['final-claim'], ['proportional']])(
    'given plan %s, when the final claim is reviewed, then all of the advance is set off',
    (plan) => {
      const { state } = example(plan, true);
      expect(balanceOf(GRANT, state, '2023-06-01')).toMatchObject({
        advanceOffset: '40000.00',
        advanceOutstanding: '0.00',
        payable: '0.00',
        overpaid: '10000.00',
        repaymentDue: '10000.00',
        settlementFinal: true,
      });
    },
  );

  it.each<[AdvanceOffsetting]>([['immediate'], ['final-claim'], ['proportional']])(
    'given plan %s, when the grant is revoked, then the settlement is final and all of the advance is set off',
    (plan) => {
      const revoked = example(plan)
        .when(revokeGrant({ decidedOn: '2023-08-01' }))
        .thenAccepted();
      expect(balanceOf(GRANT, revoked.state, '2023-08-01')).toMatchObject({
        status: 'revoked',
        settlementFinal: true,
        advanceOffset: '40000.00',
        advanceOutstanding: '0.00',
        // by default limited to what was paid and ordered: nothing more is paid
        entitlement: '30000.00',
        payable: '0.00',
        overpaid: '10000.00',
        repaymentDue: '10000.00',
      });
    },
  );

  it('given an unknown plan, then INVALID_INPUT at terms.advanceOffsetting', () => {
    given(apply())
      .when({ ...approve(), terms: { ...terms(), advanceOffsetting: 'monthly' } })
      .thenRejected('INVALID_INPUT', 'terms.advanceOffsetting');
  });
});
