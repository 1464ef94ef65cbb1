// Amounts and rates as the desk shows them: "763 643,00 kr", "60 %". Amounts arrive
// from the API as 2-decimal strings and are formatted as text, never as floats.
import { formatSek as formatSekText } from '../../../domain/money.js';

/** "763643.00" → "763 643,00 kr"; a missing amount is a dash. */
export function formatSek(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '–';
  return formatSekText(amount).replace(/^-/, '−');
}

/** "0.60" → "60 %", "0.125" → "12,5 %": the decimal point moved two places in the text. */
export function formatRate(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const digits = (whole + fraction.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  const percentWhole =
    digits.slice(0, digits.length - (fraction.length > 2 ? fraction.length - 2 : 0)) || '0';
  const percentFraction = fraction.length > 2 ? fraction.slice(2).replace(/0+$/, '') : '';
  return `${percentWhole}${percentFraction ? `,${percentFraction}` : ''} %`;
}

const STOCKHOLM = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** An instant as people in the region read it: "2024-02-06 09:15:02 CET" (Stockholm). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : STOCKHOLM.format(date);
}

/** Whole-number text with Swedish thousands grouping: 41 535 → "41 535". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** A short axis label from a float used only for drawing: 763643 → "764 tkr". */
export function shortSek(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1).replace('.', ',')} mnkr`;
  if (value >= 1000) return `${formatCount(Math.round(value / 1000))} tkr`;
  return `${Math.round(value)} kr`;
}
