// Business dates are calendar dates "YYYY-MM-DD". They are compared as strings (the
// ISO form sorts chronologically) and validated as real dates with date-fns.
import { isExists } from 'date-fns';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export type BusinessDate = string;

export function isCalendarDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  // isExists checks the calendar (month lengths, leap years) without a format-string
  // parse, which was a tenth of the command path's CPU. The Gregorian calendar repeats
  // every 400 years, and JS Dates read years 0–99 as 1900–1999: shift into 2000–2399.
  const year = Number(text.slice(0, 4));
  return (
    year > 0 &&
    isExists(2000 + (year % 400), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)))
  );
}

/** The calendar date (UTC) of an ISO timestamp such as an event's recordedAt. */
export function dateOfTimestamp(timestamp: string): BusinessDate {
  return new Date(timestamp).toISOString().slice(0, 10);
}

export function isAfter(a: BusinessDate, b: BusinessDate): boolean {
  return a > b;
}

export function isWithin(date: BusinessDate, from: BusinessDate, to: BusinessDate): boolean {
  return date >= from && date <= to;
}

/** Swedish calendar days: "sv-SE" formats a date as YYYY-MM-DD. */
const STOCKHOLM_DAY = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in Europe/Stockholm of an ISO timestamp: the day the region's staff
 * live in (at 00:30 on 1 June in Stockholm it is still 31 May in UTC).
 */
export function stockholmDateOf(timestamp: string): BusinessDate {
  return STOCKHOLM_DAY.format(new Date(timestamp));
}
