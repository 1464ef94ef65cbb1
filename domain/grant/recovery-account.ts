// A recovery's account (domain.md "Interest on recoveries", "Recoveries"): what it claims,
// what was received and how each receipt divides into interest and principal. The split is
// derived here, never taken from an event: receipts are applied in receivedOn order (ties in
// the order they were registered), each paying the interest accrued up to the day before it
// came, less the interest the receipts before it paid, and the rest as principal. So the
// figures never depend on the order in which receipts were keyed, and a corrected reference
// rate re-splits every receipt.
//
// Reductions lower the principal from their decidedOn (interest before that day stays); a
// withdrawn recovery claims nothing, neither principal nor interest.
import { Decimal, max, min, plus, ZERO } from '../money.js';
import {
  dayBefore,
  exactInterest,
  roundExact,
  type PrincipalPayment,
  type ReferenceRate,
} from '../interest.js';
import type { Receipt, Recovery } from './state.js';

export type RecoveryStatus = 'open' | 'paid' | 'withdrawn';

/** One receipt with its derived split. */
export interface RepaymentLine {
  receivedOn: string;
  amount: Decimal;
  interestPaid: Decimal;
  principalPaid: Decimal;
  bankReference?: string;
  /** What was owed the day it came: interest accrued to the day before + principal. */
  owed: Decimal;
}

export interface RecoveryAccount {
  recoveryId: string;
  /** The principal after reductions (zero once withdrawn). */
  amount: Decimal;
  waived: Decimal;
  status: RecoveryStatus;
  dueOn: string | undefined;
  interestFrom: string | undefined;
  repayments: RepaymentLine[];
  principalPaid: Decimal;
  principalOutstanding: Decimal;
  interestAccrued: Decimal;
  interestPaid: Decimal;
  interestDue: Decimal;
  /**
   * The first half-year (1 January or 1 July) with no reference rate set, when the recovery
   * accrues interest on days in it: its interest there is not counted yet (flagged to finance).
   */
  referenceRateMissingFrom: string | undefined;
}

/** The half-year after the newest rate's, when `day` reaches it; undefined otherwise. */
export function missingRateFrom(rates: readonly ReferenceRate[], day: string): string | undefined {
  const newest = rates.at(-1)?.validFrom;
  if (newest === undefined) return undefined;
  const year = Number(newest.slice(0, 4));
  const next = newest.slice(5) < '07-01' ? `${year}-07-01` : `${year + 1}-01-01`;
  return day >= next ? next : undefined;
}

/** The principal in force, after the reductions decided on or before `day`. */
export function principalOn(recovery: Recovery, day: string): Decimal {
  if (recovery.withdrawn && recovery.withdrawn.decidedOn <= day) return ZERO;
  let amount = recovery.amount;
  for (const r of recovery.reductions) if (r.decidedOn <= day) amount = r.amount;
  return amount;
}

/** The principal after every reduction (zero once withdrawn). */
export function currentPrincipal(recovery: Recovery): Decimal {
  if (recovery.withdrawn) return ZERO;
  const last = recovery.reductions.at(-1);
  return last ? last.amount : recovery.amount;
}

/** Σ written off by reductions with `waive` (a withdrawn recovery writes nothing off). */
export function waivedOf(recovery: Recovery): Decimal {
  if (recovery.withdrawn) return ZERO;
  return recovery.reductions.reduce((total, r) => plus(total, r.waived), ZERO);
}

/** Receipts in receivedOn order; ties keep the order they were registered in. */
export function inDateOrder(receipts: readonly Receipt[]): Receipt[] {
  return receipts
    .map((receipt, index) => ({ receipt, index }))
    .sort((a, b) =>
      a.receipt.receivedOn === b.receipt.receivedOn
        ? a.index - b.index
        : a.receipt.receivedOn < b.receipt.receivedOn
          ? -1
          : 1,
    )
    .map((x) => x.receipt);
}

function interestTermsOf(recovery: Recovery) {
  return recovery.interest && recovery.dueOn !== undefined && !recovery.withdrawn
    ? { from: recovery.interest.from, dueOn: recovery.dueOn }
    : undefined;
}

/** Reductions as what they are to the interest: principal gone from their decidedOn. */
function reductionsAsPayments(recovery: Recovery): PrincipalPayment[] {
  const payments: PrincipalPayment[] = [];
  let amount = recovery.amount;
  for (const r of recovery.reductions) {
    payments.push({ receivedOn: r.decidedOn, principalPaid: amount.minus(r.amount) });
    amount = r.amount;
  }
  return payments;
}

/**
 * Each receipt split in date order (see the file comment), with what was owed the day it
 * came. `principalMoves` are the principal changes so far (reductions, then each receipt's
 * principal as it is derived), which the interest of later days runs on.
 */
export function splitReceipts(
  recovery: Recovery,
  rates: readonly ReferenceRate[],
): RepaymentLine[] {
  const terms = interestTermsOf(recovery);
  const principalMoves = reductionsAsPayments(recovery);
  const lines: RepaymentLine[] = [];
  let interestPaidBefore = ZERO;
  let principalPaidBefore = ZERO;
  for (const receipt of inDateOrder(recovery.receipts)) {
    const accrued = terms
      ? roundExact(
          exactInterest(
            recovery.amount,
            terms,
            principalMoves,
            rates,
            dayBefore(receipt.receivedOn),
          ),
        )
      : ZERO;
    const interestOwed = max(ZERO, accrued.minus(interestPaidBefore));
    const interestPaid = min(receipt.amount, interestOwed);
    const principalPaid = receipt.amount.minus(interestPaid);
    const principalBefore = principalOn(recovery, receipt.receivedOn).minus(principalPaidBefore);
    const line: RepaymentLine = {
      receivedOn: receipt.receivedOn,
      amount: receipt.amount,
      interestPaid,
      principalPaid,
      owed: interestOwed.plus(max(ZERO, principalBefore)),
    };
    if (receipt.bankReference !== undefined) line.bankReference = receipt.bankReference;
    lines.push(line);
    principalMoves.push({ receivedOn: receipt.receivedOn, principalPaid });
    interestPaidBefore = interestPaidBefore.plus(interestPaid);
    principalPaidBefore = principalPaidBefore.plus(principalPaid);
  }
  return lines;
}

/** Σ principal repaid, derived (what netPaid takes back). */
export function principalRepaid(recovery: Recovery, rates: readonly ReferenceRate[]): Decimal {
  if (recovery.receipts.length === 0) return ZERO;
  return splitReceipts(recovery, rates).reduce((t, l) => plus(t, l.principalPaid), ZERO);
}

/** The recovery's account as of `day` (that day included) — its receipts are those held. */
export function recoveryAccountOf(
  recovery: Recovery,
  rates: readonly ReferenceRate[],
  day: string,
): RecoveryAccount {
  const repayments = splitReceipts(recovery, rates);
  const principalPaid = repayments.reduce((t, l) => plus(t, l.principalPaid), ZERO);
  const interestPaid = repayments.reduce((t, l) => plus(t, l.interestPaid), ZERO);
  const terms = interestTermsOf(recovery);
  const moves = [...reductionsAsPayments(recovery), ...repayments];
  const interestAccrued = terms
    ? roundExact(exactInterest(recovery.amount, terms, moves, rates, day))
    : ZERO;
  const amount = currentPrincipal(recovery);
  const principalOutstanding = max(ZERO, amount.minus(principalPaid));
  const interestDue = max(ZERO, interestAccrued.minus(interestPaid));
  const status: RecoveryStatus = recovery.withdrawn
    ? 'withdrawn'
    : principalOutstanding.isZero() && interestDue.isZero()
      ? 'paid'
      : 'open';
  return {
    recoveryId: recovery.recoveryId,
    amount,
    waived: waivedOf(recovery),
    status,
    dueOn: recovery.dueOn,
    interestFrom: terms?.from,
    repayments,
    principalPaid,
    principalOutstanding,
    interestAccrued,
    interestPaid,
    interestDue,
    referenceRateMissingFrom:
      terms && principalOutstanding.greaterThan(0) ? missingRateFrom(rates, day) : undefined,
  };
}

/**
 * The first receipt that pays more than was owed on its own date, once every receipt is in
 * date order; or principal repaid above the principal after reductions. Undefined: none.
 */
export function receiptAboveOwed(
  recovery: Recovery,
  rates: readonly ReferenceRate[],
): RepaymentLine | undefined {
  const lines = splitReceipts(recovery, rates);
  const over = lines.find((l) => l.amount.greaterThan(l.owed));
  if (over) return over;
  const principal = lines.reduce((t, l) => plus(t, l.principalPaid), ZERO);
  return principal.greaterThan(currentPrincipal(recovery)) ? lines.at(-1) : undefined;
}
