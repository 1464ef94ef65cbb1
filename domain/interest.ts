// Interest on a recovery by law (räntelagen 1975:635), exactly as domain.md "Interest on
// recoveries" says: for each day d from `interest.from` on, principal(d) × r(d) / (100 ×
// days in d's year), where r(d) is the reference rate in force on d plus 2 (§ 5) up to
// and including `dueOn`, plus 8 (§ 6) after it, never below 0. principal(d) is the amount
// less the principal repaid on or before d, so interest runs until the day before the
// money is received. The days are summed exactly and rounded once, half up, to öre.
//
// Exact: a day's interest in öre is principalÖre × rateHundredths / (10 000 × yearDays),
// so every term is a fraction over the common denominator 10 000 × 365 × 366, and the
// sum is one BigInt numerator over it. Days with the same principal, rate and year are
// summed as one run (a recovery of many years is a few dozen runs, not thousands of days).
import { Decimal, max, min, ZERO } from './money.js';

export interface ReferenceRate {
  /** A 1 January or 1 July: the rate is in force from this day until the next one. */
  validFrom: string;
  /** Percent per year, signed, at most 2 decimals ("3.50", "-0.50"). */
  rate: Decimal;
}

export interface InterestTerms {
  /** The first day that accrues interest. */
  from: string;
  /** The last day of § 5 interest; § 6 (dröjsmålsränta) from the day after. */
  dueOn: string;
}

/** What a repayment did to the principal, and when. */
export interface PrincipalPayment {
  receivedOn: string;
  principalPaid: Decimal;
}

/** An exact amount of öre: numerator / INTEREST_DENOMINATOR. */
export type ExactOre = bigint;

const DAY_MS = 86_400_000;
/**
 * 100 (percent) × 100 (hundredths of a percent) × 365 × 366: every day's share over one
 * denominator.
 */
export const INTEREST_DENOMINATOR = 100n * 100n * 365n * 366n;
/** § 5: reference + 2 percentage points, in hundredths of a percent. */
const BEFORE_DUE = 200n;
/** § 6: reference + 8 percentage points, after the due date. */
const AFTER_DUE = 800n;

/** "2024-02-29" → days since 1970-01-01 (UTC). */
export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    DAY_MS
  );
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day before a business date. */
export function dayBefore(date: string): string {
  return dateOfDayNumber(dayNumber(date) - 1);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The rate in force on `day`: the one with the latest validFrom on or before it (rates
 * sorted by validFrom).
 */
export function referenceRateOn(rates: readonly ReferenceRate[], day: string): Decimal | undefined {
  let found: Decimal | undefined;
  for (const r of rates) {
    if (r.validFrom > day) break;
    found = r.rate;
  }
  return found;
}

const toOre = (amount: Decimal): bigint => BigInt(amount.times(100).toFixed(0));
const toHundredths = (percent: Decimal): bigint => BigInt(percent.times(100).toFixed(0));

/**
 * The exact interest in öre (over INTEREST_DENOMINATOR) accrued on `amount` from
 * `terms.from` through `through`, that day included. Days before the first reference rate
 * accrue nothing (ClaimRecovery makes sure there is one for `from`).
 */
export function exactInterest(
  amount: Decimal,
  terms: InterestTerms,
  repayments: readonly PrincipalPayment[],
  rates: readonly ReferenceRate[],
  through: string,
): ExactOre {
  const start = dayNumber(terms.from);
  const end = dayNumber(through);
  if (end < start) return 0n;
  const due = dayNumber(terms.dueOn);
  const paid = repayments.map((p) => ({
    day: dayNumber(p.receivedOn),
    ore: toOre(p.principalPaid),
  }));
  const sortedRates = rates.map((r) => ({
    day: dayNumber(r.validFrom),
    hundredths: toHundredths(r.rate),
  }));

  // Where principal, rate, § or year may change: each run between two of these is uniform.
  const breaks = new Set<number>([start, end + 1, due + 1]);
  for (const p of paid) breaks.add(p.day);
  for (const r of sortedRates) breaks.add(r.day);
  for (let year = Number(terms.from.slice(0, 4)) + 1; year <= Number(through.slice(0, 4)); year++)
    breaks.add(Date.UTC(year, 0, 1) / DAY_MS);
  const points = [...breaks].filter((d) => d >= start && d <= end + 1).sort((a, b) => a - b);

  const amountOre = toOre(amount);
  let numerator = 0n;
  for (let i = 0; i + 1 < points.length; i++) {
    const first = points[i]!;
    const days = BigInt(points[i + 1]! - first);
    let principal = amountOre;
    for (const p of paid) if (p.day <= first) principal -= p.ore;
    if (principal <= 0n) continue;
    let reference: bigint | undefined;
    for (const r of sortedRates) if (r.day <= first) reference = r.hundredths;
    if (reference === undefined) continue;
    const rate = reference + (first <= due ? BEFORE_DUE : AFTER_DUE);
    if (rate <= 0n) continue;
    const leap = isLeapYear(new Date(first * DAY_MS).getUTCFullYear());
    // principal × rate / (10 000 × yearDays) = principal × rate × otherYearDays / DENOMINATOR
    numerator += principal * rate * days * (leap ? 365n : 366n);
  }
  return numerator;
}

/** Rounds exact öre once, half up, to a Decimal amount in SEK. */
export function roundExact(exact: ExactOre): Decimal {
  const ore = (2n * exact + INTEREST_DENOMINATOR) / (2n * INTEREST_DENOMINATOR);
  return new Decimal(ore.toString()).dividedBy(100);
}

/** interestAccrued as of `day` (that day included): the exact interest, rounded once. */
export function interestAccrued(
  amount: Decimal,
  terms: InterestTerms | undefined,
  repayments: readonly PrincipalPayment[],
  rates: readonly ReferenceRate[],
  day: string,
): Decimal {
  return terms ? roundExact(exactInterest(amount, terms, repayments, rates, day)) : ZERO;
}

export interface RepaymentSplit {
  interestPaid: Decimal;
  principalPaid: Decimal;
  /** Interest due the day the money came (accrued up to the day before, less what was paid). */
  interestDue: Decimal;
}

/**
 * How a repayment received on `receivedOn` is split: interest first, up to the interest
 * accrued up to the day before (rounded once) less the interest already paid; the rest
 * pays principal.
 */
export function splitRepayment(
  amount: Decimal,
  recovery: {
    amount: Decimal;
    terms: InterestTerms | undefined;
    repayments: readonly PrincipalPayment[];
    interestPaid: Decimal;
  },
  rates: readonly ReferenceRate[],
  receivedOn: string,
): RepaymentSplit {
  const accrued = interestAccrued(
    recovery.amount,
    recovery.terms,
    recovery.repayments,
    rates,
    dayBefore(receivedOn),
  );
  const interestDue = max(ZERO, accrued.minus(recovery.interestPaid));
  const interestPaid = min(amount, interestDue);
  return { interestPaid, principalPaid: amount.minus(interestPaid), interestDue };
}
