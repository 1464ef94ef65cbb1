// Money: SEK with at most two decimals, never negative on input, held in decimal.js.
// There is deliberately no `toNumber`: amounts leave the domain as 2-decimal strings.
import { Decimal as DecimalBase } from 'decimal.js';

// A Decimal constructor of our own so that global configuration elsewhere cannot
// change how the ledger rounds. ROUND_HALF_UP is "half away from zero" in decimal.js.
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

/** The textual form every amount must have at the edge: digits, optionally 1–2 decimals. */
export const AMOUNT_PATTERN = /^\d+(\.\d{1,2})?$/;
/** A rate such as "0.60": a decimal in (0, 1]. */
export const RATE_PATTERN = /^\d+(\.\d+)?$/;

export const ZERO: Decimal = new Decimal(0);

/** Parses a money string that already matched AMOUNT_PATTERN (or came from our own events). */
export function money(text: string): Decimal {
  return new Decimal(text);
}

const AT_MOST_TWO_DECIMALS = /^-?\d+(\.\d\d?)?$/;

/** Formats as the canonical 2-decimal string: "763643.00". */
export function formatMoney(amount: Decimal): string {
  // Almost every amount already has at most two decimals: padding its plain text is a
  // quarter of the cost of toFixed (this runs ~20 times per grant in every read-model batch).
  const text = amount.toString();
  return AT_MOST_TWO_DECIMALS.test(text)
    ? padToTwoDecimals(text)
    : amount.toFixed(2, Decimal.ROUND_HALF_UP);
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** A rate with at least two decimals, as people write it: "0.60", "0.125". */
export function formatRate(rate: Decimal): string {
  // toFixed(max(2, decimal places)) is the plain text padded to two decimals; reading it
  // off toString (when that is plain, not exponential) is a third of the cost.
  const text = rate.toString();
  return PLAIN_DECIMAL.test(text)
    ? padToTwoDecimals(text)
    : rate.toFixed(Math.max(2, rate.decimalPlaces()));
}

/**
 * Plain decimal text with at least two decimals: "12" → "12.00", "0.6" → "0.60", "0.125" as it is.
 */
function padToTwoDecimals(text: string): string {
  const dot = text.indexOf('.');
  return dot < 0 ? `${text}.00` : text.length - dot === 2 ? `${text}0` : text;
}

/** Rounds once to öre, half away from zero. */
export function roundToOre(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function sum(amounts: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const amount of amounts) total = total.plus(amount);
  return total;
}

/**
 * a + b; a Decimal is immutable, so adding zero returns the other operand itself (figuresOf adds
 * many zeros).
 */
export function plus(a: Decimal, b: Decimal): Decimal {
  return b.isZero() ? a : a.isZero() ? b : a.plus(b);
}

/** a − b; subtracting zero returns `a` itself. */
export function minus(a: Decimal, b: Decimal): Decimal {
  return b.isZero() ? a : a.minus(b);
}

export function max(a: Decimal, b: Decimal): Decimal {
  return a.greaterThan(b) ? a : b;
}

export function min(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}

/** Swedish human format: "763 643,00 kr" (narrow no-break spaces are avoided for terminals). */
export function formatSek(amount: Decimal | string): string {
  const text = typeof amount === 'string' ? amount : formatMoney(amount);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = '00'] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${negative ? '-' : ''}${grouped},${fraction.padEnd(2, '0')} kr`;
}
