// A payee's payout account (interfaces.md "Bank files"): a bankgiro, a plusgiro or an IBAN
// (with an optional BIC). Validated at the edge, stored in one canonical form (digits only;
// IBAN and BIC in capitals without spaces), so that the bank file and every comparison see
// the same text however the number was typed.
import { z } from 'zod';
import { hasLuhnDigit, ibanChecks } from './check-digits.js';

export type PayoutAccount =
  { bankgiro: string } | { plusgiro: string } | { iban: string; bic?: string };

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Removes the separators people type inside numbers: spaces and hyphens. */
const compact = (text: string) => text.replace(/[\s-]/g, '');

/** `{bankgiro}` | `{plusgiro}` | `{iban, bic?}`, exactly one kind, check digits right. */
export const payoutAccountInput = z
  .strictObject({
    bankgiro: z.string().max(20).optional(),
    plusgiro: z.string().max(20).optional(),
    iban: z.string().max(50).optional(),
    bic: z.string().max(20).optional(),
  })
  .superRefine((a, ctx) => {
    const kinds = (['bankgiro', 'plusgiro', 'iban'] as const).filter((k) => a[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of bankgiro, plusgiro or iban',
        path: kinds[1] ? [kinds[1]] : [],
      });
      return;
    }
    if (a.bic !== undefined && a.iban === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a BIC goes with an IBAN', path: ['bic'] });
    }
    if (a.bankgiro !== undefined) {
      const bg = compact(a.bankgiro);
      if (!/^\d{7,8}$/.test(bg))
        ctx.addIssue({
          code: 'custom',
          message: 'a bankgiro number has 7 or 8 digits, e.g. "5050-1055"',
          path: ['bankgiro'],
        });
      else if (!hasLuhnDigit(bg))
        ctx.addIssue({
          code: 'custom',
          message: `bankgiro ${a.bankgiro}: the check digit is wrong`,
          path: ['bankgiro'],
        });
    }
    if (a.plusgiro !== undefined) {
      const pg = compact(a.plusgiro);
      if (!/^\d{2,8}$/.test(pg))
        ctx.addIssue({
          code: 'custom',
          message: 'a plusgiro number has 2 to 8 digits, e.g. "4 12 34-5"',
          path: ['plusgiro'],
        });
      else if (!hasLuhnDigit(pg))
        ctx.addIssue({
          code: 'custom',
          message: `plusgiro ${a.plusgiro}: the check digit is wrong`,
          path: ['plusgiro'],
        });
    }
    if (a.iban !== undefined && !ibanChecks(compact(a.iban).toUpperCase())) {
      ctx.addIssue({
        code: 'custom',
        message: `IBAN ${a.iban}: not an IBAN or its check digits (mod 97) are wrong`,
        path: ['iban'],
      });
    }
    if (a.bic !== undefined && !BIC.test(compact(a.bic).toUpperCase())) {
      ctx.addIssue({
        code: 'custom',
        message: 'a BIC has 8 or 11 letters and digits, e.g. "SWEDSESS"',
        path: ['bic'],
      });
    }
  })
  .transform((a): PayoutAccount => {
    if (a.bankgiro !== undefined) return { bankgiro: compact(a.bankgiro) };
    if (a.plusgiro !== undefined) return { plusgiro: compact(a.plusgiro) };
    const iban = compact(a.iban!).toUpperCase();
    return a.bic !== undefined ? { iban, bic: compact(a.bic).toUpperCase() } : { iban };
  })
  .meta({
    description: 'a payout account: {bankgiro} | {plusgiro} | {iban, bic?}',
    examples: [{ bankgiro: '5050-1055' }],
  });

/** As stored in events: already canonical. */
export const storedPayoutAccount = z.union([
  z.strictObject({ bankgiro: z.string().regex(/^\d{7,8}$/) }),
  z.strictObject({ plusgiro: z.string().regex(/^\d{2,8}$/) }),
  z.strictObject({
    iban: z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/),
    bic: z.string().regex(BIC).optional(),
  }),
]);

/** How people read the account: "Bankgiro 5050-1055", "Plusgiro 4 12 34-5", "IBAN SE45 5000 …". */
export function describePayoutAccount(a: PayoutAccount): string {
  if ('bankgiro' in a) return `Bankgiro ${a.bankgiro.slice(0, -4)}-${a.bankgiro.slice(-4)}`;
  if ('plusgiro' in a) return `Plusgiro ${a.plusgiro.slice(0, -1)}-${a.plusgiro.slice(-1)}`;
  const grouped = a.iban.replace(/(.{4})/g, '$1 ').trim();
  return a.bic ? `IBAN ${grouped} (BIC ${a.bic})` : `IBAN ${grouped}`;
}

export function samePayoutAccount(a: PayoutAccount, b: PayoutAccount): boolean {
  return describePayoutAccount(a) === describePayoutAccount(b);
}

/** The debtor's (the region's own) bankgiro: the same check as a payee's, digits out. */
export const bankgiroInput = z
  .string({ error: 'must be a bankgiro number' })
  .transform((text, ctx) => {
    const bg = compact(text);
    if (!/^\d{7,8}$/.test(bg) || !hasLuhnDigit(bg)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(text)} is not a bankgiro number (7 or 8 digits, Luhn check digit)`,
      });
      return z.NEVER;
    }
    return bg;
  });

/** A payment file's id is its pain.001 MsgId: at most 35 characters the banks pass through. */
export const fileIdInput = z
  .string({ error: 'must be a file id' })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9\-.:]{0,34}$/,
    'a file id is 1 to 35 ASCII letters, digits and - . :',
  );
