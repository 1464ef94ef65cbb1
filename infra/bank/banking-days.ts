// Swedish banking days (interfaces.md "Bank files": `ReqdExctnDt`). A bank executes
// payments on weekdays that are neither public holidays nor the days banks keep closed
// (midsummer eve, Christmas eve, New Year's eve). The calendar comes from date-holidays, a
// maintained package whose Swedish rules follow the Act on public holidays (1989:253):
// moving feasts (Easter, Ascension, Midsummer, All Saints) are computed for every year.
import Holidays from 'date-holidays';
import { reject, type Rejection } from '../../domain/errors.js';

const SWEDEN = new Holidays('SE');
/** Days the banks are closed: public holidays and the bank holidays (the eves). */
const CLOSED_TYPES = new Set(['public', 'bank']);

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const dayOfWeek = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** The holiday that closes the banks on `date` (YYYY-MM-DD), if any. */
function closedFor(date: string): string | undefined {
  const found = SWEDEN.isHoliday(new Date(`${date}T12:00:00`)) || [];
  return found.find((h) => CLOSED_TYPES.has(h.type))?.name;
}

/** Why `date` is no banking day (a weekend, a holiday), or undefined when it is one. */
export function whyNoBankingDay(date: string): string | undefined {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return `a ${WEEKDAY[weekday]}`;
  const holiday = closedFor(date);
  return holiday === undefined ? undefined : `${holiday}, when the banks are closed`;
}

export function addDay(date: string): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The first banking day on or after `date`. */
export function bankingDayFrom(date: string): string {
  let day = date;
  while (whyNoBankingDay(day) !== undefined) day = addDay(day);
  return day;
}

/**
 * EXECUTION_DATE unless `date` is a Swedish banking day, not before `today` (Stockholm);
 * the message offers the next banking day.
 */
export function checkExecutionDate(date: string, today: string): Rejection | undefined {
  const why = date < today ? `before today (${today})` : whyNoBankingDay(date);
  if (why === undefined) return undefined;
  const offered = bankingDayFrom(date < today ? today : date);
  return reject(
    'EXECUTION_DATE',
    `the execution date ${date} is ${why}; the next banking day is ${offered}`,
    'executionDate',
  );
}
