// The payee's payout account as the balance shows it: the account payments go to, and a
// change waiting for a second person's confirmation (which holds payments back).
import { describePayoutAccount, type PayoutAccount } from '../domain/bank/payout-account.js';
import type { GrantState } from '../domain/grant/state.js';

export interface PayoutAccountStatus {
  /** null: no account yet, nothing can be paid out. */
  current: {
    account: PayoutAccount;
    text: string;
    since: string;
    confirmedBy: string | null;
  } | null;
  /** A change not yet confirmed: payments wait until another person confirms it. */
  pending: { account: PayoutAccount; text: string; changedOn: string; changedBy: string } | null;
}

export function payoutAccountStatusOf(state: GrantState): PayoutAccountStatus {
  const current = state.payoutAccount;
  const pending = state.pendingPayoutAccount;
  return {
    current: current
      ? {
          account: current.account,
          text: describePayoutAccount(current.account),
          since: current.since,
          confirmedBy: current.confirmedBy ?? null,
        }
      : null,
    pending: pending
      ? {
          account: pending.account,
          text: describePayoutAccount(pending.account),
          changedOn: pending.changedOn,
          changedBy: pending.changedBy,
        }
      : null,
  };
}
