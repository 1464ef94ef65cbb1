// Calendar arithmetic on business dates "YYYY-MM-DD" (UTC, no time of day).
import { addDays as addDaysToDate, formatISO } from 'date-fns';

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return formatISO(addDaysToDate(new Date(y, m - 1, d), days), { representation: 'date' });
}
