// The recoveries of one grant: what was claimed back, when and why, what is repaid and
// what is still outstanding, and the interest terms of the decision.
import type { GrantState } from '../domain/grant/state.js';
import { formatMoney, minus } from '../domain/money.js';

export interface RecoveryView {
  recoveryId: string;
  amount: string;
  repaid: string;
  outstanding: string;
  decidedOn: string;
  reason: string;
  interest: { annualRate: string; from: string } | null;
}

export function recoveriesOf(state: GrantState): RecoveryView[] {
  return [...state.recoveries.values()].map((r) => ({
    recoveryId: r.recoveryId,
    amount: formatMoney(r.amount),
    repaid: formatMoney(r.repaid),
    outstanding: formatMoney(minus(r.amount, r.repaid)),
    decidedOn: r.decidedOn,
    reason: r.reason,
    interest: r.interest ? { annualRate: r.interest.annualRate, from: r.interest.from } : null,
  }));
}
