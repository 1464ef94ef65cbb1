// What `sie` and GET /sie are asked (a period) and what they answer with (the account plan
// of --accounts FILE, else ledger.config.json's `accounts`, else the defaults).
import { z } from 'zod';
import { rejectionFromZod } from '../../commands/parse.js';
import type { Rejection } from '../../domain/errors.js';
import { dateInput } from '../../domain/schema.js';
import type { LedgerConfig } from '../config.js';
import { packageVersion } from '../version.js';
import { accountPlanOf, type AccountPlan } from './accounts.js';
import type { SieOptions } from './sie.js';

// A SIE file holds one fiscal year (#RAR 0), and a region's fiscal year is the calendar
// year (Kommunal bokföring och redovisning, 2018:597): a period within one year.
export const sieQuery = z
  .strictObject({ from: dateInput, to: dateInput })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => q.from.slice(0, 4) === q.to.slice(0, 4), {
    message: 'a SIE file holds one fiscal year: ask for each calendar year separately',
    path: ['to'],
  });

/** The company name when the configuration names no debtor. */
const DEFAULT_COMPANY = 'Bidragsreskontra';

export function sieOptionsOf(
  raw: unknown,
  config: LedgerConfig,
  plan?: AccountPlan,
): SieOptions | Rejection {
  const parsed = sieQuery.safeParse(raw);
  if (!parsed.success) return rejectionFromZod(parsed.error, raw);
  return {
    from: parsed.data.from,
    to: parsed.data.to,
    accounts: plan ?? accountPlanOf(config.accounts, 'ledger.config.json accounts'),
    company: config.debtor?.name ?? DEFAULT_COMPANY,
    ...(config.orgNumber !== undefined ? { orgNumber: config.orgNumber } : {}),
    fiscalYear: {
      start: `${parsed.data.from.slice(0, 4)}-01-01`,
      end: `${parsed.data.from.slice(0, 4)}-12-31`,
    },
    program: { name: 'grant-ledger', version: packageVersion() },
  };
}
