// Recovery interest by law (domain.md "Interest on recoveries"): the pure module
// domain/interest.ts against hand-computed cases and a day-by-day fraction reference, and
// the decider's use of it (repayments pay interest first, the split is recorded).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Decimal } from '../../domain/money.js';
import {
  exactInterest,
  INTEREST_DENOMINATOR,
  interestAccrued,
  roundExact,
  type InterestTerms,
  type PrincipalPayment,
  type ReferenceRate,
} from '../../domain/interest.js';
import { interestFiguresOf } from '../../domain/grant/figures.js';
import { balanceOf } from '../../projections/balance.js';
import { given, type Given, type RawCommand } from '../support/decider-spec.js';
import {
  apply,
  approve,
  attest,
  claimRecovery,
  closeGrant,
  GRANT,
  payAdvance,
  repay,
  reportCosts,
  review,
  submitFinalReport,
} from '../../commands/builders/grant-commands.js';

const d = (text: string) => new Decimal(text);
const rates = (...pairs: [string, string][]): ReferenceRate[] =>
  pairs.map(([validFrom, rate]) => ({ validFrom, rate: d(rate) }));
const paid = (receivedOn: string, principal: string): PrincipalPayment => ({
  receivedOn,
  principalPaid: d(principal),
});
const accrued = (
  amount: string,
  terms: InterestTerms,
  through: string,
  r: ReferenceRate[],
  repayments: PrincipalPayment[] = [],
) => interestAccrued(d(amount), terms, repayments, r, through).toFixed(2);

/** domain.md's worked example: reference 2.50 from 2023-01-01, 3.50 from 2023-07-01. */
const EXAMPLE_RATES = rates(['2023-01-01', '2.50'], ['2023-07-01', '3.50']);
const EXAMPLE_TERMS = { from: '2023-05-03', dueOn: '2023-07-31' };

describe('interest by law, computed exactly and rounded once', () => {
  it("given domain.md's worked example, when asked as of 2023-07-31, then 119.45 (59 days at 4.50 % + 31 at 5.50 %)", () => {
    expect(accrued('10000.00', EXAMPLE_TERMS, '2023-07-31', EXAMPLE_RATES)).toBe('119.45');
  });

  it('given the worked example, when asked up to the day before 2023-09-30, then 308.49 (+ 60 days at 11.50 %, § 6)', () => {
    // 10 000 × (59 × 4.5 + 31 × 5.5 + 60 × 11.5) / 36 500 = 308.4931…
    expect(exactInterest(d('10000'), EXAMPLE_TERMS, [], EXAMPLE_RATES, '2023-09-29')).toBe(
      10000_00n * 112600n * 366n,
    ); // öre × Σ hundredths·days × the other year's days
    expect(accrued('10000.00', EXAMPLE_TERMS, '2023-09-29', EXAMPLE_RATES)).toBe('308.49');
  });

  it('given a day before interest.from, then nothing has accrued; on `from` itself one day has', () => {
    expect(accrued('36500.00', EXAMPLE_TERMS, '2023-05-02', EXAMPLE_RATES)).toBe('0.00');
    expect(accrued('36500.00', EXAMPLE_TERMS, '2023-05-03', EXAMPLE_RATES)).toBe('4.50');
  });

  it('given a half-year boundary (2.50 → 3.50 on 2023-07-01), when 1 000 accrues 2023-06-20..07-10, then 11 days at 4.50 % + 10 at 5.50 % = 2.86', () => {
    // 1 000 × (11 × 4.5 + 10 × 5.5) / 36 500 = 2.8630…
    expect(
      accrued('1000.00', { from: '2023-06-20', dueOn: '2023-12-31' }, '2023-07-10', EXAMPLE_RATES),
    ).toBe('2.86');
  });

  it('given the leap day 2024-02-29, when 36 600 accrues 2024-02-28..03-01 at 4.00 + 2, then 3 days / 366 = 18.00', () => {
    const r = rates(['2024-01-01', '4.00']);
    expect(accrued('36600.00', { from: '2024-02-28', dueOn: '2024-12-31' }, '2024-03-01', r)).toBe(
      '18.00',
    );
    // the same three calendar days a year earlier have no 29th: 02-28, 03-01, 03-02 over 365
    expect(
      accrued('36500.00', { from: '2023-02-28', dueOn: '2023-12-31' }, '2023-03-02', EXAMPLE_RATES),
    ).toBe('13.50');
  });

  it('given a new year, then each day is divided by the days of its own year (365 for 2023-12-31, 366 for 2024-01-01)', () => {
    const r = rates(['2023-07-01', '3.50'], ['2024-01-01', '4.00']);
    // 10 000 × 5.5 / 36 500 + 10 000 × 6 / 36 600 = 1.50685 + 1.63934 = 3.1462
    expect(accrued('10000.00', { from: '2023-12-31', dueOn: '2024-06-30' }, '2024-01-01', r)).toBe(
      '3.15',
    );
  });

  it('given a negative reference rate −0.50, then § 5 is 1.50 % and § 6 is 7.50 %; a rate below −2 gives 0, never negative', () => {
    const r = rates(['2015-01-01', '-0.50']);
    // 36 500 × 1.5 × 10 / 36 500 = 15.00 (2015 is not a leap year)
    expect(accrued('36500.00', { from: '2015-03-01', dueOn: '2015-03-31' }, '2015-03-10', r)).toBe(
      '15.00',
    );
    // after the due date: 7.50 % for 2 days = 15.00
    expect(accrued('36500.00', { from: '2015-03-30', dueOn: '2015-03-29' }, '2015-03-31', r)).toBe(
      '15.00',
    );
    expect(
      accrued(
        '36500.00',
        { from: '2015-03-01', dueOn: '2015-12-31' },
        '2015-03-10',
        rates(['2015-01-01', '-3.00']),
      ),
    ).toBe('0.00');
  });

  it('given a partial repayment, then the principal falls from the day it is received', () => {
    // 10 000 from 2023-01-01 at 4.50 %; 4 927.26 principal repaid on 2023-03-01:
    // 10 000 × 4.5 × 59 / 36 500 + 5 072.74 × 4.5 × 31 / 36 500 = 72.7397 + 19.3876 = 92.13
    const terms = { from: '2023-01-01', dueOn: '2023-12-31' };
    expect(
      accrued('10000.00', terms, '2023-03-31', EXAMPLE_RATES, [paid('2023-03-01', '4927.26')]),
    ).toBe('92.13');
    // fully repaid: nothing accrues from that day on
    expect(
      accrued('10000.00', terms, '2023-12-31', EXAMPLE_RATES, [paid('2023-03-01', '10000.00')]),
    ).toBe('72.74');
  });

  it('rounds half up once, never per day', () => {
    // 1 öre a day for 3 days at a rate that gives 1/3 öre each: 1.0 öre in all, not 0 + 0 + 0
    const third = INTEREST_DENOMINATOR / 3n;
    expect(roundExact(3n * third)).toEqual(d('0.01'));
    expect(roundExact(INTEREST_DENOMINATOR / 2n)).toEqual(d('0.01')); // ½ öre rounds up
    expect(roundExact(INTEREST_DENOMINATOR / 2n - 1n)).toEqual(d('0'));
  });
});

// ---------------------------------------------------------------------------------------
// The reference: day by day, each day's share as an exact fraction (BigInt numerator and
// denominator), as domain.md states the rule — no runs, no common denominator.

interface Fraction {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const add = (x: Fraction, y: Fraction): Fraction => {
  const n = x.n * y.d + y.n * x.d;
  const den = x.d * y.d;
  const g = gcd(n, den) || 1n;
  return { n: n / g, d: den / g };
};
const hundredths = (text: string) => BigInt(Math.round(Number(text) * 100));

function referenceInterest(
  amountOre: bigint,
  terms: InterestTerms,
  repayments: { on: string; ore: bigint }[],
  rateList: [string, string][],
  through: string,
): bigint {
  let sum: Fraction = { n: 0n, d: 1n };
  for (
    let day = new Date(`${terms.from}T00:00:00Z`);
    day.toISOString().slice(0, 10) <= through;
    day = new Date(day.getTime() + 86_400_000)
  ) {
    const iso = day.toISOString().slice(0, 10);
    const principal =
      amountOre - repayments.filter((p) => p.on <= iso).reduce((t, p) => t + p.ore, 0n);
    if (principal <= 0n) continue;
    const inForce = rateList.filter(([from]) => from <= iso).at(-1);
    if (!inForce) continue;
    const r = hundredths(inForce[1]) + (iso <= terms.dueOn ? 200n : 800n);
    if (r <= 0n) continue;
    const year = day.getUTCFullYear();
    const days = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366n : 365n;
    sum = add(sum, { n: principal * r, d: 10000n * days });
  }
  return (2n * sum.n + sum.d) / (2n * sum.d); // öre, half up
}

const isoDay = (offset: number) =>
  new Date(Date.UTC(2022, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
const schedule = fc
  .record({
    amountOre: fc.bigInt({ min: 1n, max: 100_000_000n }),
    from: fc.integer({ min: 0, max: 900 }),
    dueAfter: fc.integer({ min: 0, max: 400 }),
    rates: fc.array(
      fc.tuple(
        fc.integer({ min: 2020, max: 2026 }),
        fc.boolean(),
        fc.integer({ min: -300, max: 900 }),
      ),
      { minLength: 1, maxLength: 8 },
    ),
    repayments: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 1, max: 1000 })),
      { maxLength: 4 },
    ),
    throughAfter: fc.integer({ min: -5, max: 1200 }),
    later: fc.integer({ min: 0, max: 400 }),
  })
  .map((s) => {
    const byDate = new Map<string, string>();
    for (const [year, july, r] of s.rates)
      byDate.set(`${year}-${july ? '07' : '01'}-01`, (r / 100).toFixed(2));
    const rateList = [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    // principal repaid in parts of at most the amount in all
    let left = s.amountOre;
    const repayments = s.repayments
      .map(([day, share]) => {
        const ore = (s.amountOre * BigInt(share)) / 1000n;
        const take = ore < left ? ore : left;
        left -= take;
        return { on: isoDay(s.from + day), ore: take };
      })
      .filter((p) => p.ore > 0n);
    return {
      amountOre: s.amountOre,
      terms: { from: isoDay(s.from), dueOn: isoDay(s.from + s.dueAfter) },
      rateList,
      repayments,
      through: isoDay(s.from + s.throughAfter),
      later: isoDay(s.from + s.throughAfter + s.later),
    };
  });

interface Schedule {
  amountOre: bigint;
  terms: InterestTerms;
  rateList: [string, string][];
  repayments: { on: string; ore: bigint }[];
}
const amountOf = (ore: bigint) => new Decimal(ore.toString()).dividedBy(100);
const computed = (s: Schedule, through: string): Decimal =>
  interestAccrued(
    amountOf(s.amountOre),
    s.terms,
    s.repayments.map((p) => ({ receivedOn: p.on, principalPaid: amountOf(p.ore) })),
    s.rateList.map(([validFrom, rate]) => ({ validFrom, rate: d(rate) })),
    through,
  );

describe('interest properties over random schedules', () => {
  it('equals the day-by-day fraction reference, is never negative, and never decreases as the as-of day moves on (300 runs)', () => {
    fc.assert(
      fc.property(schedule, (s) => {
        const now = computed(s, s.through);
        expect(now.times(100).toFixed(0)).toBe(
          referenceInterest(s.amountOre, s.terms, s.repayments, s.rateList, s.through).toString(),
        );
        expect(now.isNegative()).toBe(false);
        expect(computed(s, s.later).greaterThanOrEqualTo(now)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// The decider: ClaimRecovery with interest, repayments that pay interest first.

/** 20 000 advance paid, the final claim of 3 000 approved (entitlement 1 800): 18 200 overpaid. */
function overpaidGrant() {
  return given(
    apply({ submittedOn: '2022-11-01' }),
    approve(),
    payAdvance({ orderedOn: '2023-01-05' }),
    attest('adv-1', { attestedOn: '2023-01-06' }),
    reportCosts({
      final: true,
      period: { from: '2023-01-01', to: '2023-03-31' },
      costs: [{ category: 'personal', amount: '3000' }],
      submittedOn: '2023-04-20',
    }),
    review({ approvedAmount: '3000', disallowed: [], reviewedOn: '2023-04-25' }),
    submitFinalReport({ submittedOn: '2023-04-30' }),
  );
}

const recoveryWithInterest = (o: Record<string, unknown> = {}) =>
  claimRecovery({
    amount: '10000',
    decidedOn: '2023-05-10',
    dueOn: '2023-07-31',
    interest: { from: '2023-05-03' },
    ...o,
  });

/** `raw` accepted on `history` with the worked example's reference rates (or `r`). */
const accept = (history: Given, raw: RawCommand, r: ReferenceRate[] = EXAMPLE_RATES): Given =>
  history.when(raw, { referenceRates: r }).thenAccepted();

/** The derived split of a recovery's receipts, in receivedOn order (the events carry none). */
const splits = (history: Given, r: ReferenceRate[] = EXAMPLE_RATES, recoveryId = 'rec-1') =>
  balanceOf(GRANT, history.state, '2030-01-01', r)!.recoveries.find(
    (x) => x.recoveryId === recoveryId,
  )!.repayments;

describe('recoveries with interest in the decider', () => {
  it('given the worked example, when 10 308.49 is repaid on 2023-09-30, then interestPaid 308.49 and principalPaid 10 000.00, and the grant can close', () => {
    const claimed = accept(overpaidGrant(), recoveryWithInterest());
    expect(claimed.produced[0]).toMatchObject({
      type: 'RecoveryClaimed',
      version: 2,
      data: { dueOn: '2023-07-31', interest: { from: '2023-05-03' } },
    });
    const repaid = accept(claimed, repay({ amount: '10308.49', receivedOn: '2023-09-30' }));
    expect(repaid.produced[0]).toEqual({
      type: 'RepaymentReceived',
      version: 3,
      data: { recoveryId: 'rec-1', amount: '10308.49', receivedOn: '2023-09-30' },
    });
    expect(splits(repaid)).toEqual([
      {
        receivedOn: '2023-09-30',
        amount: '10308.49',
        interestPaid: '308.49',
        principalPaid: '10000.00',
        bankReference: null,
      },
    ]);
    const b = balanceOf(GRANT, repaid.state, '2023-10-31', EXAMPLE_RATES)!;
    expect(b).toMatchObject({
      repaid: '10000.00',
      interestAccrued: '308.49',
      interestPaid: '308.49',
      interestDue: '0.00',
    });
    expect(b.recoveries).toEqual([
      {
        recoveryId: 'rec-1',
        amount: '10000.00',
        waived: '0.00',
        status: 'paid',
        dueOn: '2023-07-31',
        interestFrom: '2023-05-03',
        principalOutstanding: '0.00',
        interestAccrued: '308.49',
        interestPaid: '308.49',
        interestDue: '0.00',
        repayments: splits(repaid),
        referenceRateMissingFrom: null,
      },
    ]);
    // the rest of the overpayment is claimed back without interest and repaid
    const rest = accept(
      repaid,
      claimRecovery({ recoveryId: 'rec-2', amount: '8200', decidedOn: '2023-10-01' }),
    );
    const done = accept(
      rest,
      repay({ recoveryId: 'rec-2', amount: '8200', receivedOn: '2023-10-05' }),
    );
    expect(accept(done, closeGrant({ closedOn: '2023-10-31' })).produced[0]!.type).toBe(
      'GrantClosed',
    );
  });

  it('given the worked example, when asked as of 2023-07-31, then the balance shows 119.45 accrued and due', () => {
    const claimed = accept(overpaidGrant(), recoveryWithInterest());
    expect(balanceOf(GRANT, claimed.state, '2023-07-31', EXAMPLE_RATES)).toMatchObject({
      interestAccrued: '119.45',
      interestPaid: '0.00',
      interestDue: '119.45',
    });
  });

  it('given a repayment on dueOn, then interest up to the day before at § 5 only (117.95); the day after, 119.45', () => {
    const claimed = accept(overpaidGrant(), recoveryWithInterest());
    // 59 × 4.5 + 30 × 5.5 = 430.5 → 10 000 × 430.5 / 36 500 = 117.945…
    expect(
      splits(accept(claimed, repay({ amount: '10117.95', receivedOn: '2023-07-31' })))[0],
    ).toMatchObject({ interestPaid: '117.95', principalPaid: '10000.00' });
    expect(
      splits(accept(claimed, repay({ amount: '10119.45', receivedOn: '2023-08-01' })))[0],
    ).toMatchObject({ interestPaid: '119.45', principalPaid: '10000.00' });
    // two days after: the first § 6 day (2023-08-01) at 11.50 % is added: 447.5 → 122.60
    expect(
      splits(accept(claimed, repay({ amount: '10122.60', receivedOn: '2023-08-02' })))[0],
    ).toMatchObject({ interestPaid: '122.60' });
  });

  it('given a partial repayment, then interest is paid first and principal with the rest; interest then runs on the lower principal', () => {
    const claimed = accept(overpaidGrant(), recoveryWithInterest());
    const part = accept(claimed, repay({ amount: '5000', receivedOn: '2023-07-31' }));
    expect(splits(part)[0]).toMatchObject({
      interestPaid: '117.95',
      principalPaid: '4882.05',
    });
    const b = balanceOf(GRANT, part.state, '2023-07-31', EXAMPLE_RATES)!;
    // 117.945… + 5 117.95 × 5.5 / 36 500 (07-31) = 117.9452 + 0.7712 = 118.7164
    expect(b).toMatchObject({
      repaid: '4882.05',
      interestAccrued: '118.72',
      interestPaid: '117.95',
      interestDue: '0.77',
    });
    expect(b.recoveries[0]).toMatchObject({ principalOutstanding: '5117.95' });
  });

  it('given interest due, when more than interest due + principal is repaid, then INVALID_STATE', () => {
    const claimed = accept(overpaidGrant(), recoveryWithInterest());
    claimed
      .when(repay({ amount: '10119.46', receivedOn: '2023-08-01' }), {
        referenceRates: EXAMPLE_RATES,
      })
      .thenRejected('INVALID_STATE', 'amount');
  });

  it('given no reference rate for interest.from, when the recovery is claimed, then INVALID_STATE at interest.from', () => {
    overpaidGrant()
      .when(recoveryWithInterest(), { referenceRates: rates(['2023-07-01', '3.50']) })
      .thenRejected('INVALID_STATE', 'interest.from');
  });

  it('given dueOn before decidedOn, then DATE_ORDER', () => {
    overpaidGrant()
      .when(recoveryWithInterest({ dueOn: '2023-05-09' }))
      .thenRejected('DATE_ORDER', 'dueOn');
  });

  it('given all of it repaid and the reference rate then corrected upwards, then the receipt is re-split: NOT_SETTLED until what it left open is paid', () => {
    const claimed = accept(overpaidGrant(), recoveryWithInterest());
    const rest = accept(
      claimed,
      claimRecovery({ recoveryId: 'rec-2', amount: '8200', decidedOn: '2023-07-01' }),
    );
    const repaid = accept(rest, repay({ amount: '10119.45', receivedOn: '2023-08-01' }));
    const other = accept(
      repaid,
      repay({ recoveryId: 'rec-2', amount: '8200', receivedOn: '2023-07-02' }),
    );
    // Riksbanken's rate for 2023-07-01 corrected from 3.50 to 4.00 (a typing mistake): 31 days
    // at 6.00 % instead of 5.50 %: 10 000 × (59 × 4.5 + 31 × 6) / 36 500 = 123.70 of interest
    // was owed on 2023-08-01, so the receipt of 10 119.45 paid 123.70 interest and 9 995.75
    // principal: 4.25 of principal is still open.
    const corrected = rates(['2023-01-01', '2.50'], ['2023-07-01', '4.00']);
    expect(splits(other, corrected)[0]).toMatchObject({
      interestPaid: '123.70',
      principalPaid: '9995.75',
    });
    const refused = other
      .when(closeGrant({ closedOn: '2023-10-31' }), { referenceRates: corrected })
      .thenRejected('NOT_SETTLED');
    expect(refused.message).toMatch(/recovery rec-1 is open \(principal 4\.25, interest 0\.13/);
    // what is owed on 2023-10-02: the 4.25 and its § 6 interest (12 %) from 2023-08-01
    const owedThen = balanceOf(GRANT, other.state, '2023-10-01', corrected)!.recoveries[0]!;
    const owed = new Decimal(owedThen.principalOutstanding).plus(owedThen.interestDue);
    const settled = accept(
      other,
      repay({ amount: owed.toFixed(2), receivedOn: '2023-10-02' }),
      corrected,
    );
    expect(
      accept(settled, closeGrant({ closedOn: '2023-10-31' }), corrected).produced[0]!.type,
    ).toBe('GrantClosed');
  });

  it('given a reference rate corrected after a repayment, then the receipt is re-split with the corrected rate', () => {
    const claimed = accept(overpaidGrant(), recoveryWithInterest());
    const part = accept(claimed, repay({ amount: '100', receivedOn: '2023-06-01' }));
    const before = interestFiguresOf(part.state.recoveries.values(), EXAMPLE_RATES, '2023-06-30');
    const corrected = rates(['2023-01-01', '3.00'], ['2023-07-01', '3.50']);
    const after = interestFiguresOf(part.state.recoveries.values(), corrected, '2023-06-30');
    // 29 days (05-03 .. 05-31) on 10 000: 35.75 at 4.50 %, 39.73 at 5.00 %
    expect(before.interestPaid.toFixed(2)).toBe('35.75');
    expect(after.interestPaid.toFixed(2)).toBe('39.73');
    expect(after.interestAccrued.greaterThan(before.interestAccrued)).toBe(true);
  });
});
