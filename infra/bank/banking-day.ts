// Swedish banking days: the execution date a pay-run offers is the first day after today
// on which Bankgirot settles — not a Saturday, Sunday or a day the banks keep closed
// (the public holidays, Midsummer Eve, Christmas Eve and New Year's Eve).

/** Easter Sunday of a year (the anonymous Gregorian algorithm), as UTC midnight. */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const plusDays = (d: Date, days: number): Date => new Date(d.getTime() + days * 86_400_000);

/** The weekdays of a year on which Swedish banks do not settle payments. */
export function bankHolidays(year: number): Set<string> {
  const easter = easterSunday(year);
  // Midsummer Eve: the Friday between 19 and 25 June.
  const june19 = new Date(Date.UTC(year, 5, 19));
  const midsummerEve = plusDays(june19, (5 - june19.getUTCDay() + 7) % 7);
  const fixed = ['01-01', '01-06', '05-01', '06-06', '12-24', '12-25', '12-26', '12-31'];
  return new Set([
    ...fixed.map((md) => `${year}-${md}`),
    iso(plusDays(easter, -2)), // Good Friday
    iso(plusDays(easter, 1)), // Easter Monday
    iso(plusDays(easter, 39)), // Ascension Day
    iso(midsummerEve),
  ]);
}

export function isBankingDay(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !bankHolidays(d.getUTCFullYear()).has(date);
}

/** The first banking day after `today` (YYYY-MM-DD). */
export function nextBankingDay(today: string): string {
  let day = plusDays(new Date(`${today}T00:00:00Z`), 1);
  while (!isBankingDay(iso(day))) day = plusDays(day, 1);
  return iso(day);
}
