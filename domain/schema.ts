// Building blocks for the zod schemas of commands and events: money, rates, dates, text.
import { z } from 'zod';
import { AMOUNT_PATTERN, Decimal, RATE_PATTERN } from './money.js';
import { isCalendarDate } from './dates.js';

const AMOUNT_HINT = 'an amount in SEK: digits with at most 2 decimals, e.g. "763643" or "142779.50"';

/**
 * An amount at the edge: a string matching ^\d+(\.\d{1,2})?$, or a JSON number whose
 * decimal text matches the same pattern. Becomes a Decimal at once.
 */
export const moneyInput = z
  .union([z.string(), z.number()], { error: `must be ${AMOUNT_HINT}` })
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? String(value) : value;
    if (!AMOUNT_PATTERN.test(text)) {
      ctx.addIssue({ code: 'custom', message: `must be ${AMOUNT_HINT} (got ${JSON.stringify(value)})` });
      return z.NEVER;
    }
    return new Decimal(text);
  })
  .meta({ description: AMOUNT_HINT, examples: ['763643.00'] });

/** A money amount that must be above zero (payments, recoveries, repayments). */
export const positiveMoneyInput = moneyInput.refine((d) => d.greaterThan(0), { message: 'must be above 0.00' });

/** A co-financing rate in (0, 1], e.g. "0.60". Kept as its text so no precision is lost. */
export const rateInput = z
  .union([z.string(), z.number()], { error: 'must be a rate such as "0.60"' })
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? String(value) : value;
    if (!RATE_PATTERN.test(text)) {
      ctx.addIssue({ code: 'custom', message: `must be a rate such as "0.60" (got ${JSON.stringify(value)})` });
      return z.NEVER;
    }
    const rate = new Decimal(text);
    if (rate.lessThanOrEqualTo(0) || rate.greaterThan(1)) {
      ctx.addIssue({ code: 'custom', message: `must be above 0 and at most 1 (got ${text})` });
      return z.NEVER;
    }
    return rate;
  })
  .meta({ description: 'a decimal rate in (0, 1], e.g. "0.60"', examples: ['0.60'] });

export const dateInput = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .refine(isCalendarDate, { message: 'must be a real calendar date YYYY-MM-DD' })
  .meta({ description: 'a calendar date YYYY-MM-DD', examples: ['2023-05-01'] });

export const text = (max = 2000) => z.string({ error: 'must be a text' }).trim().min(1, 'must not be empty').max(max);

export const identifier = z
  .string({ error: 'must be an id' })
  .min(1, 'must not be empty')
  .max(200)
  .regex(/^[^\s\u0000-\u001f][^\u0000-\u001f]*$/, 'must not start with a space or hold control characters');

/** Events store amounts as canonical 2-decimal strings. */
export const storedMoney = z.string().regex(/^\d+\.\d{2}$/);
export const storedRate = z.string().regex(RATE_PATTERN);
export const storedDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
