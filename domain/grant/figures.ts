// The money figures of a grant, each exactly as domain.md defines it. The decider checks
// its rules against these and the balance projection shows them: one definition, used twice.
import { Decimal, max, min, minus, plus, roundToOre, ZERO } from '../money.js';
import { interestAccrued as accruedOn, type ReferenceRate } from '../interest.js';
import type { AdvanceOffsetting } from './commands.js';
import type { GrantState, Recovery } from './state.js';

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
  /**
   * The part of advancePaid set off against the entitlement so far (domain.md "Advance
   * offsetting").
   */
  advanceOffset: Decimal;
  advanceOutstanding: Decimal;
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

/** The largest advance any decision may grant (Förordning 2022:1379 2 kap. 9 §). */
export const ADVANCE_CEILING = new Decimal('400000');

/** Half the cap, rounded down to öre everywhere (cap 100 000.01 → 50 000.00). */
export function halfCapOf(cap: Decimal): Decimal {
  return cap.dividedBy(2).toDecimalPlaces(2, Decimal.ROUND_DOWN);
}

/** What may be paid as advance after amendments: min(decided advance, ½ cap, 400 000.00). */
export function advanceGrantedOf(decided: Decimal, cap: Decimal): Decimal {
  return min(min(decided, halfCapOf(cap)), ADVANCE_CEILING);
}

/**
 * advanceOffset by the decision's plan: `immediate` all of it at all times; `final-claim`
 * nothing until the final claim is reviewed; `proportional` min(advancePaid,
 * round(advancePaid × entitlement / cap)). Once the final claim is reviewed, all of it.
 */
export function advanceOffsetOf(
  plan: AdvanceOffsetting,
  advancePaid: Decimal,
  entitlement: Decimal,
  cap: Decimal,
  finalReviewed: boolean,
): Decimal {
  if (plan === 'immediate' || finalReviewed || advancePaid.isZero()) return advancePaid;
  if (plan === 'final-claim' || cap.isZero()) return ZERO;
  return min(advancePaid, roundToOre(advancePaid.times(entitlement).dividedBy(cap)));
}

// One pass over each map (this runs for every grant of every read-model batch); plus/minus
// return an operand itself when the other is zero, which most of these sums and differences meet.

/** Σ of the claims: reported, approved and disallowed in reviews, and not yet reviewed. */
function costSums(claims: GrantState['claims']) {
  let reportedCosts = ZERO;
  let approvedCosts = ZERO;
  let disallowedCosts = ZERO;
  let unreviewedCosts = ZERO;
  for (const c of claims.values()) {
    reportedCosts = plus(reportedCosts, c.reported);
    if (c.review) {
      approvedCosts = plus(approvedCosts, c.review.approved);
      disallowedCosts = plus(disallowedCosts, c.review.disallowed);
    } else {
      unreviewedCosts = plus(unreviewedCosts, c.reported);
    }
  }
  return { reportedCosts, approvedCosts, disallowedCosts, unreviewedCosts };
}

/** Σ of the payments by kind and status. */
function paymentSums(payments: GrantState['payments']) {
  let advancePaid = ZERO; // attested advances
  let claimsPaid = ZERO; // attested claim payments
  let pendingPayments = ZERO; // ordered, not yet attested or cancelled
  let advanceOrdered = ZERO; // advances not cancelled
  for (const p of payments.values()) {
    if (p.status === 'attested') {
      if (p.kind === 'advance') advancePaid = plus(advancePaid, p.amount);
      else claimsPaid = plus(claimsPaid, p.amount);
    } else if (p.status === 'ordered') {
      pendingPayments = plus(pendingPayments, p.amount);
    }
    // A cancelled or returned advance was never paid: it may be ordered again.
    if (p.kind === 'advance' && p.status !== 'cancelled' && p.status !== 'returned')
      advanceOrdered = plus(advanceOrdered, p.amount);
  }
  return { advancePaid, claimsPaid, pendingPayments, advanceOrdered };
}

/** Σ of the recoveries: claimed, and the principal repaid. */
function recoverySums(recoveries: GrantState['recoveries']) {
  let repaid = ZERO;
  let recoveriesClaimed = ZERO;
  for (const r of recoveries.values()) {
    repaid = plus(repaid, r.repaid);
    recoveriesClaimed = plus(recoveriesClaimed, r.amount);
  }
  return { repaid, recoveriesClaimed };
}

export function figuresOf(state: GrantState): GrantFigures {
  const cap = state.terms?.cap ?? ZERO;
  const rate = state.terms?.rate ?? ZERO;
  const { reportedCosts, approvedCosts, disallowedCosts, unreviewedCosts } = costSums(state.claims);
  const entitlement = state.terms ? entitlementOf(rate, cap, approvedCosts) : ZERO;
  const { advancePaid, claimsPaid, pendingPayments, advanceOrdered } = paymentSums(state.payments);
  const { repaid, recoveriesClaimed } = recoverySums(state.recoveries);

  const netPaid = minus(plus(advancePaid, claimsPaid), repaid);
  const finalClaim =
    state.finalClaimId !== undefined ? state.claims.get(state.finalClaimId) : undefined;
  const finalReviewed = finalClaim?.review !== undefined;
  const advanceOffset = advanceOffsetOf(
    state.terms?.advanceOffsetting ?? 'immediate',
    advancePaid,
    entitlement,
    cap,
    finalReviewed,
  );
  const advanceOutstanding = minus(advancePaid, advanceOffset);
  const committed = plus(netPaid, pendingPayments);
  const payable = max(
    ZERO,
    min(minus(plus(entitlement, advanceOutstanding), committed), minus(cap, committed)),
  );
  const overpaid = max(ZERO, minus(minus(netPaid, advanceOutstanding), entitlement));

  return {
    cap,
    rate,
    advanceGranted: state.terms ? advanceGrantedOf(state.terms.advance, cap) : ZERO,
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
    advanceOffset,
    advanceOutstanding,
    payable,
    overpaid,
    advanceUnsettled: min(advancePaid, max(ZERO, minus(netPaid, entitlement))),
    repaymentDue: finalReviewed ? overpaid : ZERO,
    remainingCap: minus(cap, entitlement),
    undisbursed: minus(cap, netPaid),
    advanceOrdered,
    recoveriesClaimed,
    recoveriesOutstanding: minus(recoveriesClaimed, repaid),
  };
}

/** One recovery as the balance shows it, as of a day (that day included). */
export interface RecoveryFigures {
  recoveryId: string;
  amount: Decimal;
  dueOn: string | undefined;
  interestFrom: string | undefined;
  principalOutstanding: Decimal;
  interestAccrued: Decimal;
  interestPaid: Decimal;
  interestDue: Decimal;
}

export interface InterestFigures {
  interestAccrued: Decimal;
  interestPaid: Decimal;
  interestDue: Decimal;
  recoveries: RecoveryFigures[];
}

/**
 * The interest figures of domain.md's balance as of `day`: per recovery the interest
 * accrued (exact, rounded once), paid (as recorded) and due (max(0, accrued − paid)); the
 * grant's figures are the sums of the per-recovery ones.
 */
export function interestFiguresOf(
  recoveriesOfGrant: Iterable<Recovery>,
  rates: readonly ReferenceRate[],
  day: string,
): InterestFigures {
  let interestAccrued = ZERO;
  let interestPaid = ZERO;
  let interestDue = ZERO;
  const recoveries: RecoveryFigures[] = [];
  for (const r of recoveriesOfGrant) {
    const terms =
      r.interest && r.dueOn !== undefined ? { from: r.interest.from, dueOn: r.dueOn } : undefined;
    const accrued = accruedOn(r.amount, terms, r.repayments, rates, day);
    const due = max(ZERO, minus(accrued, r.interestPaid));
    interestAccrued = plus(interestAccrued, accrued);
    interestPaid = plus(interestPaid, r.interestPaid);
    interestDue = plus(interestDue, due);
    recoveries.push({
      recoveryId: r.recoveryId,
      amount: r.amount,
      dueOn: r.dueOn,
      interestFrom: terms?.from,
      principalOutstanding: minus(r.amount, r.repaid),
      interestAccrued: accrued,
      interestPaid: r.interestPaid,
      interestDue: due,
    });
  }
  return { interestAccrued, interestPaid, interestDue, recoveries };
}
