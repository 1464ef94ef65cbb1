// Who may do what over HTTP (interfaces.md "Auth"). Writes are per command type; reads are
// per permission. Keyed by CommandType, so a new command does not compile until it has a role.
import type { LedgerCommandType } from '../../domain/ledger-commands.js';
import { isInternalCommand } from '../internal-commands.js';
import type { Role } from './tokens.js';

/** The one role that may send each command type. */
export const COMMAND_ROLES: Record<LedgerCommandType, Role> = {
  ApplyForCoFinancing: 'officer',
  GrantDecision: 'officer',
  AmendDecision: 'officer',
  FulfilCondition: 'officer',
  ReportIndicator: 'officer',
  SubmitFinalReport: 'officer',
  CloseGrant: 'officer',
  WithdrawApplication: 'officer',
  RevokeGrant: 'officer',
  // Recovery decisions are the officer's (interfaces.md "Auth"); the money that comes back
  // is finance's.
  ClaimRecovery: 'officer',
  ReduceRecovery: 'officer',
  WithdrawRecovery: 'officer',
  PayAdvance: 'finance',
  ReportCosts: 'finance',
  ReviewCosts: 'finance',
  PayClaim: 'finance',
  CancelPayment: 'finance',
  RegisterRepayment: 'finance',
  SettlePayment: 'finance',
  ReturnPayment: 'finance',
  ChangePayoutAccount: 'finance',
  // Given by the ledger when finance makes a bank file; refused when a person sends it.
  ExportPayment: 'finance',
  SetReferenceRate: 'finance',
  AttestPayment: 'attester',
  ConfirmPayoutAccount: 'attester',
};

/**
 * Read permissions:
 * - `projections`: grants, balances, indicators, timeline, portfolio, payments — every role.
 * - `history`: a grant's audit trail (actors, command ids, hashes) — everyone who works on
 *   grants (officer, finance, attester) and the auditor; not the viewer.
 * - `verify`, `export`: the auditor only.
 * - `reconcile`, `payment-files`: finance; `sie` (the books): finance and the auditor.
 * - `seal`: make and list seals (POST/GET /seals) — the auditor, and finance, who answers
 *   for the books.
 */
export type Permission =
  'projections' | 'history' | 'verify' | 'export' | 'reconcile' | 'payment-files' | 'sie' | 'seal';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  officer: ['projections', 'history'],
  finance: ['projections', 'history', 'reconcile', 'payment-files', 'sie', 'seal'],
  attester: ['projections', 'history'],
  auditor: ['projections', 'history', 'verify', 'export', 'sie', 'seal'],
  viewer: ['projections'],
};

export function may(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}

/** Never an internal command (ExportPayment): the ledger gives those itself. */
export function maySend(roles: readonly Role[], type: LedgerCommandType): boolean {
  return !isInternalCommand(type) && roles.includes(COMMAND_ROLES[type]);
}

/** Whether any command at all is open to these roles (viewer and auditor: none). */
export function mayWrite(roles: readonly Role[]): boolean {
  return Object.values(COMMAND_ROLES).some((r) => roles.includes(r));
}
