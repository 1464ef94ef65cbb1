// The region as the payer of its bank files (interfaces.md "the debtor"): its name and
// bankgiro, and what its bank's implementation guide asks for — the bank agreement id
// (`InitgPty/Id/OrgId/Othr/Id`, scheme BANK), the bank's BIC (`DbtrAgt`), and the account
// as the bank wants it (`DbtrAcct`: the bankgiro, or the IBAN of the account behind it).
import { z } from 'zod';
import { text } from '../schema.js';
import { bankgiroInput } from './payout-account.js';

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;

export const debtorInput = z.strictObject({
  name: text(140),
  bankgiro: bankgiroInput,
  /** The customer id of the region's payment agreement with its bank (≤ 35 characters). */
  agreementId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,35}$/, 'must be 1–35 letters, digits or hyphens')
    .optional(),
  bic: z.string().regex(BIC, 'must be a BIC such as ESSESESS').optional(),
  /** Set when the bank wants the debtor account as IBAN rather than the bankgiro. */
  iban: z
    .string()
    .transform((v) => v.replace(/\s/g, '').toUpperCase())
    .refine((v) => IBAN.test(v), 'must be an IBAN such as SE4550000000058398257466')
    .optional(),
});

export type Debtor = z.output<typeof debtorInput>;

/** As PaymentExported stores it. */
export const storedDebtor = z.strictObject({
  name: z.string(),
  bankgiro: z.string(),
  agreementId: z.string().optional(),
  bic: z.string().optional(),
  iban: z.string().optional(),
});
