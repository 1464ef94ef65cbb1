// Building blocks for the zod schemas of commands and events: money, rates, dates, text.
import { z } from 'zod';
import { AMOUNT_PATTERN, Decimal, RATE_PATTERN } from './money.js';
import { isCalendarDate } from './dates.js';
import { cutGraphemes } from './text/graphemes.js';
import { isWellFormed, toWellFormed } from './unicode.js';
import { hasInvisible, mixedScripts } from './text/look-alikes.js';

const AMOUNT_HINT =
  'an amount in SEK as a JSON string: digits with at most 2 decimals, e.g. "1234.50"';

/** The largest amount the ledger takes (domain.md "Money and dates"). */
export const MAX_AMOUNT = new Decimal('999999999999.99');

/** How a decimal field is read at the edge: its kind, its text pattern, its range. */
interface DecimalField {
  /** "amounts" or "rates", as the message names them. */
  plural: string;
  example: string;
  pattern: RegExp;
  hint: string;
  /** A problem with the parsed value, or undefined when it is in range. */
  outOfRange(value: Decimal, text: string): string | undefined;
}

/**
 * A decimal at the edge: a JSON string matching the field's pattern, in its range. A JSON
 * number is refused: by the time it reaches us it may already have lost precision
 * (9007199254740993 arrives as …992), so amounts and rates are strings.
 */
function decimalInput(field: DecimalField) {
  const notAString = (input: unknown) =>
    typeof input === 'number'
      ? `${field.plural} are strings, e.g. "${field.example}" (got the number ${String(input)})`
      : input === undefined
        ? 'is required'
        : `must be ${field.hint} (got ${describe(input)})`;
  return z.string({ error: (issue) => notAString(issue.input) }).transform((value, ctx) => {
    const problem = field.pattern.test(value)
      ? field.outOfRange(new Decimal(value), value)
      : `must be ${field.hint} (got ${describe(value)})`;
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return new Decimal(value);
  });
}

/** An amount: at most 2 decimals, at most 999 999 999 999.99. */
export const moneyInput = decimalInput({
  plural: 'amounts',
  example: '1234.50',
  pattern: AMOUNT_PATTERN,
  hint: AMOUNT_HINT,
  outOfRange: (amount, text) =>
    amount.greaterThan(MAX_AMOUNT) ? `must be at most 999999999999.99 (got ${text})` : undefined,
}).meta({ description: AMOUNT_HINT, examples: ['763643.00'], 'x-kind': 'money' });

/** A money amount that must be above zero (payments, recoveries, repayments). */
export const positiveMoneyInput = moneyInput.refine((d) => d.greaterThan(0), {
  message: 'must be above 0.00',
});

const RATE_HINT = 'a rate such as "0.60", at most 6 decimals';

/** A co-financing rate in (0, 1] as a JSON string, e.g. "0.60"; at most 6 decimals. */
export const rateInput = decimalInput({
  plural: 'rates',
  example: '0.60',
  pattern: /^\d+(\.\d{1,6})?$/,
  hint: RATE_HINT,
  outOfRange: (rate, text) =>
    rate.lessThanOrEqualTo(0) || rate.greaterThan(1)
      ? `must be above 0 and at most 1 (got ${text})`
      : undefined,
}).meta({
  description: 'a decimal rate in (0, 1] as a string, at most 6 decimals, e.g. "0.60"',
  examples: ['0.60'],
  'x-kind': 'rate',
});

/** What a bad value was, for a message: short, and never a lone surrogate echoed back. */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${cutGraphemes(value, 40)}…` : value;
    return JSON.stringify(toWellFormed(shown));
  }
  if (value === null || ['boolean', 'undefined'].includes(typeof value)) return String(value);
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

export const dateInput = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .refine(isCalendarDate, { message: 'must be a real calendar date YYYY-MM-DD' })
  .meta({ description: 'a calendar date YYYY-MM-DD', examples: ['2023-05-01'] });

// ── Text ────────────────────────────────────────────────────────────────────────────
// Texts are NFC-normalised on input (so "é" typed two ways is one text), hold no lone
// surrogates (they cannot be stored or hashed as UTF-8) and no control characters; free
// text (reasons, evidence, condition texts) may hold line feeds and tabs.

const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LF_TAB = /[^\P{Cc}\n\t]/u;

function textOf(max: number, control: RegExp, what: string) {
  return z
    .string({ error: 'must be a text' })
    .refine((t) => isWellFormed(t), {
      message: 'must be valid Unicode text (it holds a lone surrogate)',
      abort: true,
    })
    .transform((t) => t.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, 'must not be empty')
        .max(max, `must be at most ${max} characters`)
        .refine((t) => !control.test(t), { message: `must not hold control characters${what}` }),
    );
}

/** One line of at most `max` characters (fields with a limit of their own, e.g. a bank's 140). */
export const text = (max = 2000) => textOf(max, CONTROL, '');
/** Names and titles: one line, at most 300 characters. */
export const nameText = textOf(300, CONTROL, '');
/**
 * Other short texts (legal basis, appropriation, references): one line, at most 2 000 characters.
 */
export const lineText = textOf(2000, CONTROL, '');
/**
 * Free text (reason, evidence, a condition's text): line feeds and tabs allowed, at most
 * 2 000 characters.
 */
export const freeText = textOf(2000, CONTROL_BUT_LF_TAB, ' (line feeds and tabs are fine)');
/**
 * A document's prose (a case description, a decision's motivation): paragraphs, so line
 * feeds and tabs are allowed, and at most 20 000 characters — the seed's description alone
 * is above 2 000.
 */
export const proseText = textOf(20000, CONTROL_BUT_LF_TAB, ' (line feeds and tabs are fine)');

// ── Ids ─────────────────────────────────────────────────────────────────────────────
// An id is read by people and compared by machines, so it must not have look-alikes:
// letters and digits of any script (with their combining marks), / . _ : - §, and single
// spaces between other characters. No control, format (zero-width, bidi) or
// non-breaking or other invisible characters (Default_Ignorable_Code_Point), no letters of
// two scripts (Latin `RUN` with a Cyrillic `Р`), no leading or trailing space.
// Case-sensitive as written.

const ID_CHAR = '[\\p{L}\\p{N}/._:\\-§]\\p{M}*';
const ID_PATTERN = new RegExp(`^${ID_CHAR}(?: ?${ID_CHAR})*$`, 'u');
const ID_HINT = 'letters, digits, / . _ : - § and single spaces between them';

export const identifier = z
  .string({ error: 'must be an id' })
  .refine((t) => isWellFormed(t), { message: `must be an id (${ID_HINT})`, abort: true })
  .transform((t) => t.normalize('NFC'))
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .regex(ID_PATTERN, `must be an id: ${ID_HINT}; no leading, trailing or double spaces`)
      .refine((t) => !hasInvisible(t), {
        message: 'must not hold invisible characters (zero-width, fillers, variation selectors)',
      })
      .superRefine((t, ctx) => {
        const mixed = mixedScripts(t);
        if (mixed)
          ctx.addIssue({
            code: 'custom',
            message: `must not mix letters of two scripts (${mixed[0]} and ${mixed[1]})`,
          });
      }),
  );

/** Keys that name an object's machinery in JavaScript: never an indicator kind. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

/** An id that is also used as an object key (indicator target kinds). */
export const keyIdentifier = identifier.refine((k) => !RESERVED_KEYS.has(k), {
  message: 'is a reserved name',
});

/**
 * An id as ids were accepted before the rules above (no leading space, no control
 * characters, ≤ 200): for looking up grants that were recorded under the older rule.
 */
export const storedIdentifier = z
  .string({ error: 'must be an id' })
  .min(1, 'must not be empty')
  .max(200)
  .regex(
    /^[^\s\u0000-\u001f][^\u0000-\u001f]*$/,
    'must not start with a space or hold control characters',
  );

/** Events store amounts as canonical 2-decimal strings. */
export const storedMoney = z.string().regex(/^\d+\.\d{2}$/);
export const storedRate = z.string().regex(RATE_PATTERN);
export const storedDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
