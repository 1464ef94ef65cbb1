// Which commands fit which status (the lifecycle, checked before any other rule), and when
// a grant may close. After a revocation the grant is ended: no new claim, no advance, no
// amendment, no second revocation; reviews of claims already reported, claim payments up
// to what is still payable, recoveries, repayments, settlements and closing go on.
import { reject, type Rejection } from '../errors.js';
import { formatMoney as m, minus } from '../money.js';
import type { ReferenceRate } from '../interest.js';
import type { CommandOf, CommandType, GrantCommand } from './commands.js';
import { event, type GrantEvent } from './events.js';
import { figuresOf, interestFiguresOf } from './figures.js';
import type { GrantState } from './state.js';

/** What an ended (revoked) grant no longer takes. */
const REFUSED_AFTER_REVOCATION: ReadonlySet<CommandType> = new Set<CommandType>([
  'GrantDecision',
  'AmendDecision',
  'RevokeGrant',
  'ReportCosts',
  'PayAdvance',
  'WithdrawApplication',
]);

/** What may be recorded before the decision. */
const BEFORE_DECISION: ReadonlySet<CommandType> = new Set<CommandType>([
  'GrantDecision',
  'WithdrawApplication',
  // The payee's account may be given or corrected before the decision.
  'ChangePayoutAccount',
  'ConfirmPayoutAccount',
]);

export function checkLifecycle(command: GrantCommand, state: GrantState): Rejection | undefined {
  const grant = command.grantId;
  if (command.type === 'ApplyForCoFinancing') {
    return state.status === 'none'
      ? undefined
      : reject('ALREADY_EXISTS', `grant ${grant} already has an application`, 'grantId');
  }
  switch (state.status) {
    case 'none':
      return reject('UNKNOWN_GRANT', `grant ${grant} has no application`, 'grantId');
    case 'rejected':
    case 'withdrawn':
      return reject(
        'INVALID_STATE',
        `grant ${grant} is ${state.status}; nothing more can be recorded on it`,
      );
    case 'closed':
      // A bank booking of an already attested payment is a fact that may arrive after closing.
      return command.type === 'SettlePayment'
        ? undefined
        : reject('INVALID_STATE', `grant ${grant} is closed`);
    case 'applied':
      return BEFORE_DECISION.has(command.type)
        ? undefined
        : reject(
            'INVALID_STATE',
            `grant ${grant} is not approved yet; ${command.type} needs an approved grant`,
          );
    case 'revoked':
      return REFUSED_AFTER_REVOCATION.has(command.type)
        ? reject(
            'INVALID_STATE',
            `grant ${grant} was revoked on ${state.revocation?.decidedOn}; ${command.type} is no longer accepted`,
          )
        : undefined;
    case 'approved':
      return approvedLifecycle(command, state);
  }
}

function approvedLifecycle(command: GrantCommand, state: GrantState): Rejection | undefined {
  const grant = command.grantId;
  if (command.type === 'GrantDecision')
    return reject('INVALID_STATE', `grant ${grant} is already decided`);
  if (command.type !== 'WithdrawApplication') return undefined;
  const hasPayments = [...state.payments.values()].some((p) => p.status !== 'cancelled');
  return hasPayments
    ? reject(
        'INVALID_STATE',
        `grant ${grant} has payments; it cannot be withdrawn, only revoked, recovered and closed`,
      )
    : undefined;
}

/** Every point that keeps a grant open on `closedOn` (domain.md "Further rules", CloseGrant). */
export function openPoints(
  state: GrantState,
  rates: readonly ReferenceRate[],
  closedOn: string,
): string[] {
  const f = figuresOf(state, rates);
  const revoked = state.revocation !== undefined;
  const open: string[] = [];
  if (state.finalReportSubmittedOn === undefined && !revoked)
    open.push('the final report is not submitted');
  const attested = [...state.payments.values()].some((p) => p.status === 'attested');
  if ((state.claims.size > 0 || attested) && state.finalClaimId === undefined && !revoked)
    open.push('no final claim is reported');
  const unreviewed = [...state.claims.values()]
    .filter((claim) => !claim.review)
    .map((claim) => claim.claimId);
  if (unreviewed.length > 0) open.push(`claims not reviewed: ${unreviewed.join(', ')}`);
  if (f.pendingPayments.greaterThan(0))
    open.push(`${m(f.pendingPayments)} of payments are pending`);
  if (f.payable.greaterThan(0)) open.push(`${m(f.payable)} is still payable`);
  const unrecovered = minus(f.overpaid, f.waived);
  if (unrecovered.greaterThan(0))
    open.push(`${m(unrecovered)} is paid beyond the entitlement and neither repaid nor waived`);
  for (const r of interestFiguresOf(state.recoveries.values(), rates, closedOn).recoveries) {
    if (r.principalOutstanding.greaterThan(0) || r.interestDue.greaterThan(0))
      open.push(
        `recovery ${r.recoveryId} is open (principal ${m(r.principalOutstanding)}, interest ${m(r.interestDue)} as of ${closedOn})`,
      );
  }
  return open;
}

export function closeGrant(
  c: CommandOf<'CloseGrant'>,
  state: GrantState,
  rates: readonly ReferenceRate[],
): GrantEvent[] | Rejection {
  const open = openPoints(state, rates, c.closedOn);
  if (open.length > 0)
    return reject('NOT_SETTLED', `grant ${c.grantId} cannot close: ${open.join('; ')}`);
  return [event('GrantClosed', { closedOn: c.closedOn })];
}
