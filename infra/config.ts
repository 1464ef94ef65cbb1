// ledger.config.json: what the region configures once (interfaces.md): the debtor of its
// bank files and the account plan of its books. Read from LEDGER_CONFIG or
// ./ledger.config.json; a missing file is an empty configuration, a malformed one an error
// that names the field.
import fs from 'node:fs';
import { z } from 'zod';
import { debtorInput } from '../domain/bank/debtor.js';
import { formatPath } from '../commands/parse.js';
import { oidcConfigSchema } from './auth/settings.js';

export const ledgerConfigSchema = z.strictObject({
  /** The region as payer, with its bank's settings for pain.001 (domain/bank/debtor.ts). */
  debtor: debtorInput.optional(),
  /** A bank's own CSV export layout (infra/bank/statement-csv.ts). */
  statementCsv: z
    .strictObject({
      columns: z
        .strictObject({
          bookedOn: z.string().min(1).optional(),
          amount: z.string().min(1).optional(),
          reference: z.string().min(1).optional(),
        })
        .optional(),
      encoding: z.enum(['utf-8', 'windows-1252']).optional(),
      delimiter: z.enum([',', ';', '\t']).optional(),
      decimal: z.enum(['.', ',']).optional(),
    })
    .optional(),
  /** The region's organisation number, for SIE's #ORGNR (e.g. 232100-0214). */
  orgNumber: z
    .string()
    .trim()
    .regex(/^\d{6}-?\d{4}$/, 'must be an organisation number such as 232100-0214')
    .transform((v) => (v.includes('-') ? v : `${v.slice(0, 6)}-${v.slice(6)}`))
    .optional(),
  /** SIE account numbers by role (infra/books/accounts.ts). */
  accounts: z.record(z.string(), z.unknown()).optional(),
  /** Sign-in claims and role mapping (infra/auth/settings.ts, docs/sign-in.md). */
  oidc: oidcConfigSchema.optional(),
});

export type LedgerConfig = z.output<typeof ledgerConfigSchema>;

export const DEFAULT_CONFIG_FILE = 'ledger.config.json';

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.LEDGER_CONFIG ?? DEFAULT_CONFIG_FILE;
}

export function loadLedgerConfig(file = configPath()): LedgerConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = ledgerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${formatPath(issue.path) || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}
