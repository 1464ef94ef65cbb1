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

export const sieQuery = z
  .strictObject({ from: dateInput, to: dateInput })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

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
    program: { name: 'grant-ledger', version: packageVersion() },
  };
}
