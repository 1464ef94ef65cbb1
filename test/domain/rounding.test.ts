// Entitlement = min(cap, round(rate × approvedCosts)): rounded once, on the cumulative
// approved costs, half away from zero to öre, in exact decimals (never floats).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Decimal, formatMoney, formatRate, minus, plus } from '../../domain/money.js';
import { balanceOf } from '../../projections/balance.js';
import type { GrantState } from '../../domain/grant/state.js';
import {
  apply,
  approve,
  fulfil,
  GRANT,
  reportCosts,
  review,
} from '../../commands/builders/grant-commands.js';
import { given, type RawCommand } from '../support/decider-spec.js';

const entitlementOf = (state: GrantState) => balanceOf(GRANT, state, '2023-06-01')!.entitlement;

/** An approved grant (no advance) with the given claims, each wholly approved. */
function grantWithClaims(
  rate: string,
  approved: string[],
  o: { requested?: string; cap?: string } = {},
) {
  const requested = o.requested ?? '100000';
  const commands: RawCommand[] = [
    apply({ requestedAmount: requested, requestedAdvance: '0' }),
    approve({}, { rate, cap: o.cap ?? requested, advance: '0' }),
    fulfil(),
  ];
  approved.forEach((amount, i) => {
    const claimId = `claim-${i + 1}`;
    commands.push(reportCosts({ claimId, costs: [{ category: 'personal', amount }] }));
    commands.push(review({ claimId, approvedAmount: amount, disallowed: [] }));
  });
  return given(...commands);
}

describe('entitlement rounding', () => {
  it.each<[string, string, string]>([
    ['0.60', '0.01', '0.01'], // 0.006 → 0.01
    ['0.60', '100.01', '60.01'], // 60.006 → 60.01
    ['0.50', '0.01', '0.01'], // 0.005 → 0.01: half up, not half even (0.00)
    ['0.50', '0.03', '0.02'], // 0.015 → 0.02 (half even would also give 0.02)
    ['0.50', '0.05', '0.03'], // 0.025 → 0.03, half even would give 0.02
    ['0.40', '0.01', '0.00'], // 0.004 → 0.00
    ['0.45', '0.01', '0.00'], // 0.0045 → 0.00: rounded once, not 0.0045 → 0.005 → 0.01
    ['0.125', '0.04', '0.01'], // 0.005 → 0.01
    ['0.333', '1000', '333.00'],
    ['0.3333', '0.15', '0.05'], // 0.049995 → 0.05
    ['1', '763643', '763643.00'],
    ['0.60', '1272738.33', '763643.00'], // 763642.998 → 763643.00
  ])(
    'given rate %s and approved costs %s, when figured, then entitlement is %s',
    (rate, approved, entitlement) => {
      // given
      const { state } = grantWithClaims(rate, [approved], { requested: '10000000' });
      // when / then
      expect(entitlementOf(state)).toBe(entitlement);
    },
  );

  it('given rate 0.50 and two claims of 0.01 each, when figured, then entitlement is round(0.50 × 0.02) = 0.01, not 0.01 + 0.01', () => {
    // given
    const { state } = grantWithClaims('0.50', ['0.01', '0.01']);
    // when / then
    expect(entitlementOf(state)).toBe('0.01');
  });

  it('given rate 0.60 and three claims of 0.01 each, when figured, then entitlement is round(0.018) = 0.02, not 3 × 0.01', () => {
    const { state } = grantWithClaims('0.60', ['0.01', '0.01', '0.01']);
    expect(entitlementOf(state)).toBe('0.02');
  });

  it('given rate 0.50, when claims of 0.01 arrive one by one, then entitlement follows round(0.50 × cumulative)', () => {
    // 0.005, 0.010, 0.015, 0.020, 0.025 rounded half up
    const expected = ['0.01', '0.01', '0.02', '0.02', '0.03'];
    for (let n = 1; n <= expected.length; n++) {
      const { state } = grantWithClaims(
        '0.50',
        Array.from({ length: n }, () => '0.01'),
      );
      expect(entitlementOf(state)).toBe(expected[n - 1]);
    }
  });

  it('given a partly disallowed claim, when figured, then only the approved part counts', () => {
    // given: 50 000 reported, 45 000 approved at 0.60
    const { state } = given(apply(), approve(), reportCosts(), review());
    // then
    expect(balanceOf(GRANT, state, '2023-06-01')).toMatchObject({
      reportedCosts: '50000.00',
      approvedCosts: '45000.00',
      disallowedCosts: '5000.00',
      entitlement: '27000.00',
    });
  });

  it('given a cap of 1 000 and 0.60 × 5 000 = 3 000, when figured, then the cap clamps entitlement to 1 000', () => {
    // given
    const { state } = grantWithClaims('0.60', ['5000'], { requested: '100000', cap: '1000' });
    // then
    expect(balanceOf(GRANT, state, '2023-06-01')).toMatchObject({
      entitlement: '1000.00',
      remainingCap: '0.00',
      payable: '1000.00',
    });
  });

  it('given the rounded value lands exactly on the cap, when figured, then entitlement is the cap', () => {
    // 999.996 → 1000.00
    const { state } = grantWithClaims('0.60', ['1666.66'], { requested: '100000', cap: '1000' });
    expect(entitlementOf(state)).toBe('1000.00');
  });

  it('given costs of 0.10 and 0.20 (0.1 + 0.2 in floats is 0.30000000000000004), when summed, then exactly 0.30', () => {
    // given
    const { state } = given(
      apply({ requestedAdvance: '0' }),
      approve({}, { rate: '1', advance: '0' }),
      reportCosts({
        costs: [
          { category: 'a', amount: '0.10' },
          { category: 'b', amount: '0.20' },
        ],
      }),
      review({ approvedAmount: '0.30', disallowed: [] }),
    );
    // then
    expect(balanceOf(GRANT, state, '2023-06-01')).toMatchObject({
      reportedCosts: '0.30',
      approvedCosts: '0.30',
      entitlement: '0.30',
    });
  });

  it('given 1 000 costs of 0.10 each, when summed, then exactly 100.00 (no drift)', () => {
    // given
    const costs = Array.from({ length: 1000 }, (_, i) => ({ category: `c${i}`, amount: '0.10' }));
    const { state, events } = given(
      apply({ requestedAdvance: '0' }),
      approve({}, { rate: '0.60', advance: '0' }),
      reportCosts({ costs }),
      review({ approvedAmount: '99.90', disallowed: [{ amount: '0.10', reason: 'x' }] }),
    );
    // then
    expect(events[2]).toMatchObject({ type: 'CostsReported', data: { total: '100.00' } });
    expect(balanceOf(GRANT, state, '2023-06-01')).toMatchObject({
      reportedCosts: '100.00',
      approvedCosts: '99.90',
      entitlement: '59.94',
    });
  });

  it('given sums far above 2^53 öre, when figured, then every figure is exact', () => {
    // given: 100 claims of the largest amount, 999 999 999 999.99 each: 99 999 999 999 999.00
    // approved (2^53 öre is 90 071 992 547 409.92 SEK), × 0.6 → capped at the largest cap
    const largest = '999999999999.99';
    const { state } = grantWithClaims(
      '0.60',
      Array.from({ length: 100 }, () => largest),
      { requested: largest },
    );
    // then
    expect(balanceOf(GRANT, state, '2023-06-01')).toMatchObject({
      approvedCosts: '99999999999999.00',
      entitlement: largest,
      remainingCap: '0.00',
      payable: largest,
    });
  });

  it('given claims of 0.07 thirty times at rate 0.333, when figured, then round(0.333 × 2.10) = 0.70', () => {
    const { state } = grantWithClaims(
      '0.333',
      Array.from({ length: 30 }, () => '0.07'),
    ); // 0.6993 → 0.70
    expect(balanceOf(GRANT, state, '2023-06-01')).toMatchObject({
      approvedCosts: '2.10',
      entitlement: '0.70',
    });
  });
});

describe('formatMoney', () => {
  it('given any decimal (any sign, 0–6 decimals, up to 25 digits), then it formats exactly as toFixed(2, ROUND_HALF_UP)', () => {
    const digits = fc.stringMatching(/^[0-9]{1,19}$/);
    fc.assert(
      fc.property(
        fc.boolean(),
        digits,
        fc.stringMatching(/^[0-9]{0,6}$/),
        (negative, whole, fraction) => {
          const d = new Decimal(`${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);
          expect(formatMoney(d)).toBe(d.toFixed(2, Decimal.ROUND_HALF_UP));
        },
      ),
      { numRuns: 2000, seed: 20261128 },
    );
    for (const text of ['0', '-0', '1e21', '1e-7', '0.005', '-0.005', '99.995'])
      expect(formatMoney(new Decimal(text))).toBe(
        new Decimal(text).toFixed(2, Decimal.ROUND_HALF_UP),
      );
  });
});

describe('formatRate', () => {
  it('given any decimal (0–12 decimals, up to 25 digits), then it formats exactly as toFixed(max(2, decimal places))', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,13}$/),
        fc.stringMatching(/^[0-9]{0,12}$/),
        (whole, fraction) => {
          const d = new Decimal(`${whole}${fraction ? `.${fraction}` : ''}`);
          expect(formatRate(d)).toBe(d.toFixed(Math.max(2, d.decimalPlaces())));
        },
      ),
      { numRuns: 2000, seed: 20261128 },
    );
    for (const text of ['0', '1', '0.6', '0.60', '0.125', '1e-7', '0.0000001', '1e21']) {
      const d = new Decimal(text);
      expect(formatRate(d)).toBe(d.toFixed(Math.max(2, d.decimalPlaces())));
    }
  });
});

describe('plus and minus (the zero shortcuts figuresOf uses)', () => {
  it('given any two amounts, zeros of either sign among them, then they equal decimal.js plus and minus and format the same', () => {
    const amount = fc.oneof(
      fc.constantFrom('0', '-0', '0.00'),
      fc
        .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,15}$/), fc.stringMatching(/^[0-9]{0,2}$/))
        .map(
          ([negative, whole, fraction]) =>
            `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`,
        ),
    );
    fc.assert(
      fc.property(amount, amount, (x, y) => {
        const a = new Decimal(x);
        const b = new Decimal(y);
        expect(plus(a, b).equals(a.plus(b))).toBe(true);
        expect(minus(a, b).equals(a.minus(b))).toBe(true);
        expect(formatMoney(plus(a, b))).toBe(formatMoney(a.plus(b)));
        expect(formatMoney(minus(a, b))).toBe(formatMoney(a.minus(b)));
      }),
      { numRuns: 2000, seed: 20261128 },
    );
  });
});
