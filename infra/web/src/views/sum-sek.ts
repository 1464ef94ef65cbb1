// A sum of 2-decimal amounts shown as Swedish kronor, added exactly with decimal.js (the
// desk never adds money as floats).
import { Decimal, formatMoney } from '../../../../domain/money.js';
import { formatSek } from '../format.js';

export function sumSek(amounts: readonly string[]): string {
  return formatSek(formatMoney(amounts.reduce((a, b) => a.plus(b), new Decimal(0))));
}
