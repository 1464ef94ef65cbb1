// The money figures of a grant, each exactly as domain.md defines it. The decider checks
// its rules against these and the balance projection shows them: one definition, used twice.
import { max, min, roundToOre, sum, ZERO, type Decimal } from '../money.js';
import type { GrantState } from './state.js';

export interface GrantFigures {
  cap: Decimal;
  rate: Decimal;
  advanceGranted: Decimal;
  reportedCosts: Decimal;
  approvedCosts: Decimal;
  disallowedCosts: Decimal;
  unreviewedCosts: Decimal;
  entitlement: Decimal;
  advancePaid: Decimal;
  claimsPaid: Decimal;
  pendingPayments: Decimal;
  repaid: Decimal;
  netPaid: Decimal;
  payable: Decimal;
  overpaid: Decimal;
  advanceUnsettled: Decimal;
  repaymentDue: Decimal;
  remainingCap: Decimal;
  undisbursed: Decimal;
  /** Σ amounts ordered as advance and not cancelled (held against the decided advance). */
  advanceOrdered: Decimal;
  recoveriesClaimed: Decimal;
  recoveriesOutstanding: Decimal;
}

/** entitlement = min(cap, round(rate × approvedCosts)): rounded once, on the cumulative costs. */
export function entitlementOf(rate: Decimal, cap: Decimal, approvedCosts: Decimal): Decimal {
  return min(cap, roundToOre(rate.times(approvedCosts)));
}

export function figuresOf(state: GrantState): GrantFigures {
  const cap = state.terms?.cap ?? ZERO;
  const rate = state.terms?.rate ?? ZERO;
  const claims = [...state.claims.values()];
  const payments = [...state.payments.values()];
  const recoveries = [...state.recoveries.values()];

  const reportedCosts = sum(claims.map((c) => c.reported));
  const approvedCosts = sum(claims.map((c) => c.review?.approved ?? ZERO));
  const disallowedCosts = sum(claims.map((c) => c.review?.disallowed ?? ZERO));
  const unreviewedCosts = sum(claims.filter((c) => !c.review).map((c) => c.reported));
  const entitlement = state.terms ? entitlementOf(rate, cap, approvedCosts) : ZERO;

  const attested = (kind: 'advance' | 'claim') => sum(payments.filter((p) => p.kind === kind && p.status === 'attested').map((p) => p.amount));
  const advancePaid = attested('advance');
  const claimsPaid = attested('claim');
  const pendingPayments = sum(payments.filter((p) => p.status === 'ordered').map((p) => p.amount));
  const advanceOrdered = sum(payments.filter((p) => p.kind === 'advance' && p.status !== 'cancelled').map((p) => p.amount));
  const repaid = sum(recoveries.map((r) => r.repaid));
  const recoveriesClaimed = sum(recoveries.map((r) => r.amount));

  const netPaid = advancePaid.plus(claimsPaid).minus(repaid);
  const payable = max(ZERO, entitlement.minus(netPaid).minus(pendingPayments));
  const overpaid = max(ZERO, netPaid.minus(entitlement));
  const finalClaim = state.finalClaimId !== undefined ? state.claims.get(state.finalClaimId) : undefined;

  return {
    cap,
    rate,
    advanceGranted: state.terms?.advance ?? ZERO,
    reportedCosts,
    approvedCosts,
    disallowedCosts,
    unreviewedCosts,
    entitlement,
    advancePaid,
    claimsPaid,
    pendingPayments,
    repaid,
    netPaid,
    payable,
    overpaid,
    advanceUnsettled: min(advancePaid, overpaid),
    repaymentDue: finalClaim?.review ? overpaid : ZERO,
    remainingCap: cap.minus(entitlement),
    undisbursed: cap.minus(netPaid),
    advanceOrdered,
    recoveriesClaimed,
    recoveriesOutstanding: recoveriesClaimed.minus(repaid),
  };
}
