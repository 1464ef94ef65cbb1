// The money figures of a grant, each exactly as domain.md defines it. The decider checks
// its rules against these and the balance projection shows them: one definition, used twice.
import { Decimal, max, min, minus, plus, roundToOre, ZERO } from '../money.js';
import type { ReferenceRate } from '../interest.js';
import {
  currentPrincipal,
  principalRepaid,
  recoveryAccountOf,
  waivedOf,
  type RecoveryAccount,
} from './recovery-account.js';
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
  /** The final claim is reviewed, or the grant revoked: all of the advance is set off. */
  settlementFinal: boolean;
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
  /** Σ written off by reductions with waive (eftergift). */
  waived: Decimal;
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
 * advanceOffset by the decision's plan (domain.md "Advance offsetting"): `immediate`
 * min(advancePaid, entitlement); `final-claim` nothing; `proportional` min(advancePaid,
 * round(advancePaid × entitlement / cap)). Once the settlement is final (the final claim
 * reviewed, or the grant revoked), all of it under every plan.
 */
export function advanceOffsetOf(
  plan: AdvanceOffsetting,
  advancePaid: Decimal,
  entitlement: Decimal,
  cap: Decimal,
  settlementFinal: boolean,
): Decimal {
  if (settlementFinal || advancePaid.isZero()) return advancePaid;
  if (plan === 'immediate') return min(advancePaid, entitlement);
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
  let pendingAdvance = ZERO; // advances ordered, not yet attested or cancelled
  let advanceOrdered = ZERO; // advances not cancelled
  for (const p of payments.values()) {
    if (p.status === 'attested') {
      if (p.kind === 'advance') advancePaid = plus(advancePaid, p.amount);
      else claimsPaid = plus(claimsPaid, p.amount);
    } else if (p.status === 'ordered') {
      pendingPayments = plus(pendingPayments, p.amount);
      if (p.kind === 'advance') pendingAdvance = plus(pendingAdvance, p.amount);
    }
    // A cancelled or returned advance was never paid: it may be ordered again.
    if (p.kind === 'advance' && p.status !== 'cancelled' && p.status !== 'returned')
      advanceOrdered = plus(advanceOrdered, p.amount);
  }
  return { advancePaid, claimsPaid, pendingPayments, pendingAdvance, advanceOrdered };
}

/** Σ of the recoveries: principal claimed (after reductions), repaid (derived) and waived. */
function recoverySums(recoveries: GrantState['recoveries'], rates: readonly ReferenceRate[]) {
  let repaid = ZERO;
  let recoveriesClaimed = ZERO;
  let waived = ZERO;
  for (const r of recoveries.values()) {
    repaid = plus(repaid, principalRepaid(r, rates));
    recoveriesClaimed = plus(recoveriesClaimed, currentPrincipal(r));
    waived = plus(waived, waivedOf(r));
  }
  return { repaid, recoveriesClaimed, waived };
}

/** Whether the settlement is final: the final claim is reviewed, or the grant revoked. */
export function settlementFinalOf(state: GrantState): boolean {
  if (state.revocation) return true;
  const finalClaim =
    state.finalClaimId !== undefined ? state.claims.get(state.finalClaimId) : undefined;
  return finalClaim?.review !== undefined;
}

/** entitlement, and not above a revocation's limit. */
function entitlementOfState(state: GrantState, approvedCosts: Decimal): Decimal {
  if (!state.terms) return ZERO;
  const entitlement = entitlementOf(state.terms.rate, state.terms.cap, approvedCosts);
  return state.revocation ? min(entitlement, state.revocation.entitlementLimit) : entitlement;
}

/**
 * The grant's money figures. `rates` split repayments into interest and principal
 * (recovery-account.ts); a grant without interest-bearing recoveries needs none.
 */
export function figuresOf(state: GrantState, rates: readonly ReferenceRate[] = []): GrantFigures {
  const cap = state.terms?.cap ?? ZERO;
  const rate = state.terms?.rate ?? ZERO;
  const { reportedCosts, approvedCosts, disallowedCosts, unreviewedCosts } = costSums(state.claims);
  const entitlement = entitlementOfState(state, approvedCosts);
  const pay = paymentSums(state.payments);
  const { advancePaid, claimsPaid, pendingPayments } = pay;
  const { repaid, recoveriesClaimed, waived } = recoverySums(state.recoveries, rates);
  const settlementFinal = settlementFinalOf(state);
  const plan = state.terms?.advanceOffsetting ?? 'immediate';
  const offset = (paid: Decimal) => advanceOffsetOf(plan, paid, entitlement, cap, settlementFinal);

  const netPaid = minus(plus(advancePaid, claimsPaid), repaid);
  const advanceOffset = offset(advancePaid);
  const advanceOutstanding = minus(advancePaid, advanceOffset);
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
    settlementFinal,
    advancePaid,
    claimsPaid,
    pendingPayments,
    repaid,
    netPaid,
    advanceOffset,
    advanceOutstanding,
    payable: payableOf(pay, netPaid, entitlement, cap, offset),
    overpaid,
    advanceUnsettled: min(advancePaid, max(ZERO, minus(netPaid, entitlement))),
    waived,
    repaymentDue: settlementFinal ? overpaid : ZERO,
    remainingCap: minus(cap, entitlement),
    undisbursed: minus(cap, netPaid),
    advanceOrdered: pay.advanceOrdered,
    recoveriesClaimed,
    recoveriesOutstanding: minus(recoveriesClaimed, repaid),
  };
}

/**
 * payable = max(0, min(entitlement + advanceOutstanding − netPaid − pending, cap − netPaid −
 * pending)), where for the first term a pending advance order counts as if attested: so
 * attesting an advance never moves payable.
 */
function payableOf(
  pay: ReturnType<typeof paymentSums>,
  netPaid: Decimal,
  entitlement: Decimal,
  cap: Decimal,
  offset: (advancePaid: Decimal) => Decimal,
): Decimal {
  const advanceIfAttested = plus(pay.advancePaid, pay.pendingAdvance);
  const outstandingIfAttested = minus(advanceIfAttested, offset(advanceIfAttested));
  const netIfAttested = plus(netPaid, pay.pendingAdvance);
  const pendingIfAttested = minus(pay.pendingPayments, pay.pendingAdvance);
  const byEntitlement = minus(
    minus(plus(entitlement, outstandingIfAttested), netIfAttested),
    pendingIfAttested,
  );
  const byCap = minus(cap, plus(netPaid, pay.pendingPayments));
  return max(ZERO, min(byEntitlement, byCap));
}

/** One recovery as the balance shows it, as of a day (that day included). */
export type RecoveryFigures = RecoveryAccount;

export interface InterestFigures {
  interestAccrued: Decimal;
  interestPaid: Decimal;
  interestDue: Decimal;
  recoveries: RecoveryFigures[];
}

/**
 * The interest figures of domain.md's balance as of `day`: per recovery its account
 * (recovery-account.ts); the grant's figures are the sums of the per-recovery ones.
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
    const account = recoveryAccountOf(r, rates, day);
    interestAccrued = plus(interestAccrued, account.interestAccrued);
    interestPaid = plus(interestPaid, account.interestPaid);
    interestDue = plus(interestDue, account.interestDue);
    recoveries.push(account);
  }
  return { interestAccrued, interestPaid, interestDue, recoveries };
}
