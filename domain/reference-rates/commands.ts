// SetReferenceRate: Riksbanken's reference rate (referensränta) for a calendar half-year,
// the base of recovery interest (domain.md "Interest on recoveries"). Ledger-wide: it
// names no grant.
import { z } from 'zod';
import { commandMeta } from '../grant/commands.js';
import { dateInput, text } from '../schema.js';
import { Decimal } from '../money.js';

/** Percent, signed, at most 2 decimals: "3.50", "-0.50", "4". */
export const REFERENCE_RATE_PATTERN = /^-?\d{1,2}(\.\d{1,2})?$/;

export const SetReferenceRate = z.strictObject({
  type: z.literal('SetReferenceRate'),
  meta: commandMeta.optional(),
  validFrom: dateInput.refine((d) => d.endsWith('-01-01') || d.endsWith('-07-01'), {
    message: 'must be a 1 January or a 1 July (the reference rate is fixed per half-year)',
  }),
  rate: z
    .string({ error: 'must be a percentage as a string, e.g. "3.50" or "-0.50"' })
    .regex(
      REFERENCE_RATE_PATTERN,
      'must be a percentage with at most 2 decimals, e.g. "3.50" or "-0.50"',
    )
    .transform((t) => new Decimal(t))
    .meta({ description: 'percent per year, signed, at most 2 decimals', examples: ['3.50'] }),
  source: text(300),
});

export type SetReferenceRateCommand = z.output<typeof SetReferenceRate>;
