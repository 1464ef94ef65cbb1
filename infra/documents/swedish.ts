// Figures and dates as a Swedish decision letter writes them: "763 643 kronor", "60 %",
// "20 april 2023". Amounts arrive as the events' 2-decimal strings and stay text: whole
// kronor drop their öre, as the seed writes them; other amounts keep them ("1 234,50 kronor").
import { formatRate } from '../web/src/format.js';

const MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

/** "763643.00" → "763 643", "1234.50" → "1 234,50": thousands grouped by a space. */
export function amountText(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const ore = /^0*$/.test(fraction) ? '' : `,${fraction.padEnd(2, '0')}`;
  return `${negative ? '−' : ''}${grouped}${ore}`;
}

/** "763643.00" → "763 643 kronor". */
export const kronor = (amount: string): string => `${amountText(amount)} kronor`;

/** "0.60" → "60 %". */
export const percentText = (rate: string): string => formatRate(rate);

/** "2023-04-20" → "20 april 2023". */
export function longDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/** What an amendment changed (DecisionAmended.changes), one phrase per change. */
export function changesSaid(changes: {
  cap?: string;
  rate?: string;
  projectEnd?: string;
  finalReportDue?: string;
}): string[] {
  const said: string[] = [];
  if (changes.cap !== undefined) said.push(`tak ${kronor(changes.cap)}`);
  if (changes.rate !== undefined) said.push(`stödnivå ${percentText(changes.rate)}`);
  if (changes.projectEnd !== undefined)
    said.push(`projektets slut ${longDate(changes.projectEnd)}`);
  if (changes.finalReportDue !== undefined)
    said.push(`slutrapport senast ${longDate(changes.finalReportDue)}`);
  return said;
}
