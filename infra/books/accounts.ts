// The account plan of the books (interfaces.md "Book-keeping"): one account per role the
// ledger's figures play. The defaults follow a Swedish region's Kommun-Bas style plan;
// every number is the user's to change, in `--accounts FILE` or ledger.config.json's
// `accounts` (docs/sie.md lists the roles and the defaults).
import fs from 'node:fs';
import { z } from 'zod';
import { formatPath } from '../../commands/parse.js';

export const ACCOUNT_ROLES = [
  'grantExpense',
  'advanceReceivable',
  'recoveryReceivable',
  'payeeLiability',
  'bank',
  'interestIncome',
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface Account {
  number: string;
  name: string;
}

export type AccountPlan = Record<AccountRole, Account>;

export const DEFAULT_ACCOUNTS: AccountPlan = {
  grantExpense: { number: '4590', name: 'Lämnade bidrag, projektstöd' },
  advanceReceivable: { number: '1720', name: 'Förskott lämnade bidrag' },
  recoveryReceivable: { number: '1580', name: 'Fordringar återkrav bidrag' },
  payeeLiability: { number: '2970', name: 'Upplupna bidrag, beslutade ej utbetalda' },
  bank: { number: '1930', name: 'Bank' },
  interestIncome: { number: '8520', name: 'Ränteintäkter återkrav' },
};

const accountNumber = z.string().regex(/^\d{4,6}$/, 'an account number has 4 to 6 digits');
const accountEntry = z.union([
  accountNumber,
  z.strictObject({ number: accountNumber, name: z.string().trim().min(1).max(100).optional() }),
]);
export const accountsSchema = z.strictObject(
  Object.fromEntries(ACCOUNT_ROLES.map((r) => [r, accountEntry.optional()])) as Record<
    AccountRole,
    z.ZodOptional<typeof accountEntry>
  >,
);

/** The defaults with the user's numbers (and names) laid over them. */
export function accountPlanOf(raw: unknown, source: string): AccountPlan {
  const parsed = accountsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${formatPath(issue.path) || 'accounts'}: ${issue.message}`);
  }
  const plan = { ...DEFAULT_ACCOUNTS };
  for (const role of ACCOUNT_ROLES) {
    const given = parsed.data[role];
    if (given === undefined) continue;
    plan[role] =
      typeof given === 'string'
        ? { number: given, name: DEFAULT_ACCOUNTS[role].name }
        : { number: given.number, name: given.name ?? DEFAULT_ACCOUNTS[role].name };
  }
  return plan;
}

export function readAccountsFile(file: string): AccountPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the accounts file ${file}: ${(error as Error).message}`);
  }
  return accountPlanOf(raw, file);
}
