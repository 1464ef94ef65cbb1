// The founding case RUN/573/2022: after the advance is ordered and attested, the balance
// shows exactly the figures at the end of domain.md.
import { describe, expect, it } from '@jest/globals';
import { FOUNDING_CASE_COMMANDS, FOUNDING_GRANT_ID } from '../../infra/demo/founding-case.js';
import { balanceOf } from '../../projections/balance.js';
import { indicatorsOf } from '../../projections/indicators.js';
import { given } from '../support/decider-spec.js';

describe('the founding case RUN/573/2022', () => {
  it('given apply, approve, advance ordered and attested, then the balance shows the figures of domain.md', () => {
    // given
    const { state, events } = given(...FOUNDING_CASE_COMMANDS);
    // when
    const balance = balanceOf(FOUNDING_GRANT_ID, state, '2023-06-01')!;
    // then
    expect(events.map((e) => e.type)).toEqual([
      'CoFinancingApplied',
      'GrantApproved',
      'PaymentOrdered',
      'PaymentAttested',
    ]);
    expect(balance).toMatchObject({
      status: 'approved',
      cap: '763643.00',
      rate: '0.60',
      advanceGranted: '142779.00',
      appropriation: '1:1 Regionala tillväxtåtgärder',
      entitlement: '0.00',
      advancePaid: '142779.00',
      claimsPaid: '0.00',
      pendingPayments: '0.00',
      netPaid: '142779.00',
      advanceOffset: '0.00',
      advanceOutstanding: '142779.00',
      payable: '0.00',
      // v3: an advance not yet set off is not an overpayment before the settlement is final.
      overpaid: '0.00',
      advanceUnsettled: '142779.00',
      settlementFinal: false,
      repaymentDue: '0.00',
      remainingCap: '763643.00',
      undisbursed: '620864.00',
      conditions: [{ id: 'other-financing', fulfilled: false }],
      finalReport: { due: '2024-04-30', submittedOn: null, state: 'pending' },
    });
    expect(indicatorsOf(FOUNDING_GRANT_ID, state, '2023-06-01')).toEqual([
      expect.objectContaining({
        indicatorId: 'knowledge-bases',
        targets: { report: 1, 'sub-report': 3 },
        achieved: { report: 0, 'sub-report': 0 },
        state: 'not-started',
      }),
    ]);
  });
});
