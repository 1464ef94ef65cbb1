// ReferenceRateSet: the only event of the ledger-wide stream `reference-rates`. A second
// one for the same validFrom corrects the first (for interest not yet paid).
import { z } from 'zod';
import { storedDate } from '../schema.js';

export const REFERENCE_RATES_STREAM = 'reference-rates';

export const referenceRateSetData = z.strictObject({
  validFrom: storedDate,
  /** Percent, canonical 2 decimals, signed: "3.50", "-0.50". */
  rate: z.string().regex(/^-?\d+\.\d{2}$/),
  source: z.string(),
});

export interface ReferenceRateSetEvent {
  type: 'ReferenceRateSet';
  version: 1;
  data: z.output<typeof referenceRateSetData>;
}

export const isReferenceRateSet = (e: { type: string }): e is ReferenceRateSetEvent =>
  e.type === 'ReferenceRateSet';
