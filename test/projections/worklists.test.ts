// Worklists: given a grant's history, when a person of some role asks, then the items
// that wait for them, oldest first — never a payment they ordered themselves.
import { describe, expect, it } from '@jest/globals';
import { normalActor } from '../../domain/actor.js';
import type { GrantState } from '../../domain/grant/state.js';
import { balanceOf } from '../../projections/balance.js';
import { journalOf } from '../../projections/journal.js';
import {
  grantsNeedingState,
  worklistsOf,
  type Worklist,
  type WorklistId,
} from '../../projections/worklists.js';
import { given } from '../support/decider-spec.js';
import {
  approve,
  apply,
  attest,
  changePayoutAccount,
  exportPayment,
  fulfil,
  GRANT,
  payAdvance,
  payClaim,
  reportCosts,
  review,
} from '../../commands/builders/grant-commands.js';

function listsFor(
  state: GrantState,
  actor: string,
  roles: string[],
  today = '2023-08-01',
): Map<WorklistId, Worklist> {
  const balance = balanceOf(GRANT, state, today)!;
  const payments = journalOf(GRANT, state);
  const states = new Map(
    [...grantsNeedingState([balance], payments, today)].map((id) => [id, state]),
  );
  const lists = worklistsOf({ today, actor, roles, balances: [balance], payments, states });
  return new Map(lists.map((l) => [l.id, l]));
}

const refs = (list: Worklist | undefined) => list?.items.map((i) => i.ref);

describe('worklists', () => {
  it('shows the officer the application to decide, then the condition to fulfil', () => {
    const applied = given(apply()).state;
    expect(listsFor(applied, 'officer@test', ['officer']).get('applications')).toMatchObject({
      count: 1,
      items: [{ grantId: GRANT, date: '2022-11-01', action: 'GrantDecision' }],
    });

    const approved = given(apply(), approve()).state;
    const lists = listsFor(approved, 'officer@test', ['officer']);
    expect(lists.get('applications')?.count).toBe(0);
    expect(lists.get('conditions')).toMatchObject({
      count: 1,
      items: [{ ref: 'other-financing', date: '2022-12-15', action: 'FulfilCondition' }],
    });
  });

  it('shows attesters the payments others ordered, never their own (actors compared in normal form)', () => {
    const { state } = given(apply(), approve(), payAdvance());
    expect(refs(listsFor(state, 'attester@test', ['attester']).get('toAttest'))).toEqual(['adv-1']);

    // The orderer under another spelling of the same name: case, spaces, a zero-width space.
    const me = listsFor(state, '  Orderer@TEST\u200b ', ['finance', 'attester']).get('toAttest')!;
    expect(me).toMatchObject({ count: 0, items: [], orderedByMe: 1 });
  });

  it('lists claims to review oldest first, then the payable amount of the reviewed claim', () => {
    const twoClaims = given(
      apply(),
      approve(),
      fulfil(),
      reportCosts({ claimId: 'claim-2', submittedOn: '2023-07-12' }),
      reportCosts({ submittedOn: '2023-07-11' }),
    ).state;
    expect(refs(listsFor(twoClaims, 'ekonom@test', ['finance']).get('claimsToReview'))).toEqual([
      'claim-1',
      'claim-2',
    ]);

    const reviewed = given(
      apply(),
      approve(),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts(),
      review(),
    ).state;
    const lists = listsFor(reviewed, 'ekonom@test', ['finance']);
    expect(lists.get('claimsToReview')?.count).toBe(0);
    // entitlement 0.60 × 45 000 = 27 000, advance 20 000 paid: 7 000 payable
    expect(lists.get('payable')).toMatchObject({
      count: 1,
      items: [{ ref: 'claim-1', amount: '7000.00', date: '2023-07-20', action: 'PayClaim' }],
    });
    expect(lists.get('notInBankFile')).toMatchObject({
      count: 1,
      items: [
        { ref: 'adv-1', amount: '20000.00', detail: 'attester@test', action: 'ExportPayment' },
      ],
    });
    expect(lists.get('unsettled')?.count).toBe(0);
  });

  it('takes the claim off the payable list once its payment is ordered, and puts the payment in the attest list', () => {
    const { state } = given(
      apply(),
      approve(),
      fulfil(),
      payAdvance(),
      attest('adv-1'),
      reportCosts(),
      review(),
      payClaim(),
    );
    expect(listsFor(state, 'ekonom@test', ['finance']).get('payable')?.count).toBe(0);
    expect(refs(listsFor(state, 'attester@test', ['attester']).get('toAttest'))).toEqual(['pay-1']);
  });

  it('puts final reports and unmet indicators on the officer’s list from 30 days before the due date', () => {
    const { state } = given(apply(), approve());
    expect(
      listsFor(state, 'officer@test', ['officer'], '2023-12-31').get('finalReports')?.count,
    ).toBe(0);
    const due = listsFor(state, 'officer@test', ['officer'], '2024-01-02');
    expect(due.get('finalReports')).toMatchObject({
      count: 1,
      items: [{ date: '2024-01-31', detail: 'due' }],
    });
    expect(due.get('indicators')).toMatchObject({
      count: 1,
      items: [{ ref: 'reports', detail: 'Rapporter' }],
    });
    expect(
      listsFor(state, 'officer@test', ['officer'], '2024-02-01').get('finalReports')?.items[0]
        ?.detail,
    ).toBe('overdue');
  });

  it('moves an attested payment from "not in a bank file" to "in a file, not booked" when it is exported', () => {
    const withAccount = apply({
      applicant: { name: 'Testföreningen ek. för.', payoutAccount: { bankgiro: '5050-1055' } },
    });
    const { state } = given(
      withAccount,
      approve(),
      payAdvance(),
      attest('adv-1'),
      exportPayment('adv-1'),
    );
    const lists = listsFor(state, 'ekonom@test', ['finance']);
    expect(lists.get('notInBankFile')?.count).toBe(0);
    expect(lists.get('unsettled')).toMatchObject({
      count: 1,
      items: [{ ref: 'adv-1', date: '2023-02-01', detail: 'PF-1', action: 'SettlePayment' }],
    });
  });

  it('asks someone other than the changer to confirm a changed payout account', () => {
    const { state } = given(apply(), approve(), changePayoutAccount({ bankgiro: '5050-1055' }));
    expect(listsFor(state, 'attester@test', ['attester']).get('payoutAccounts')).toMatchObject({
      count: 1,
      items: [{ date: '2023-01-05', detail: 'ekonom@test', action: 'ConfirmPayoutAccount' }],
    });
    expect(
      listsFor(state, 'Ekonom@Test', ['finance', 'attester']).get('payoutAccounts')?.count,
    ).toBe(0);
  });

  it('gives a viewer no lists', () => {
    expect(listsFor(given(apply()).state, 'lasare@test', ['viewer']).size).toBe(0);
  });
});

describe('normalActor', () => {
  it('is NFKC, without format characters, trimmed, with whitespace collapsed, in lower case', () => {
    expect(normalActor('  Ekonom\u200b  Två@Region.SE\t')).toBe('ekonom två@region.se');
    expect(normalActor('ｅｋｏｎｏｍ@region.se')).toBe('ekonom@region.se'); // full-width letters (NFKC)
    expect(normalActor('Jonas\u00a0Andersson')).toBe('jonas andersson');
  });
});
