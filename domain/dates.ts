// Business dates are calendar dates "YYYY-MM-DD". They are compared as strings (the
// ISO form sorts chronologically) and validated as real dates with date-fns.
import { isValid, parse, format } from 'date-fns';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export type BusinessDate = string;

export function isCalendarDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const parsed = parse(text, 'yyyy-MM-dd', new Date(2000, 0, 1));
  return isValid(parsed) && format(parsed, 'yyyy-MM-dd') === text;
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
