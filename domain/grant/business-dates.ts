// Business dates (domain.md "Business dates"). The ledger must be right as of every past
// day, not only today, so the dates a command states are checked against the dates it
// depends on, and the money steps of a grant are accepted only in date order. Together
// these make every invariant of the balance hold for the balance as of any past date:
// a replay up to any day sees a prefix of the money steps, each judged on what came before.
import { reject, type Rejection } from '../errors.js';
import type { EventType } from './events.js';

/**
 * The money steps: what changes what may be paid (decision, amendment, revocation, payment
 * order, attest, cancel, recovery decisions, close, withdrawal). Claims, reviews, repayments,
 * settlements, conditions, indicators and the final report may be registered late with their
 * own earlier date; these may not.
 */
export const MONEY_STEP_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'GrantApproved',
  'GrantRejected',
  'DecisionAmended',
  'PaymentOrdered',
  'PaymentAttested',
  'PaymentCancelled',
  'RecoveryClaimed',
  'RecoveryReduced',
  'RecoveryWithdrawn',
  'GrantRevoked',
  'GrantClosed',
  'ApplicationWithdrawn',
]);

/** DATE_ORDER unless `date` is on or after `earliest` (an absent earliest constrains nothing). */
export function notBefore(
  date: string,
  earliest: string | undefined,
  path: string,
  what: string,
): Rejection | undefined {
  if (earliest === undefined || date >= earliest) return undefined;
  return reject('DATE_ORDER', `${path} ${date} is before ${what} (${earliest})`, path);
}

/** The first DATE_ORDER among checks written in the order they should be reported. */
export function firstDateProblem(...checks: (Rejection | undefined)[]): Rejection | undefined {
  return checks.find((c) => c !== undefined);
}

/** A money step dated `date` when the grant already has one dated later: DATE_ORDER. */
export function moneyStepInOrder(
  date: string,
  lastMoneyStepOn: string | undefined,
  path: string,
): Rejection | undefined {
  if (lastMoneyStepOn === undefined || date >= lastMoneyStepOn) return undefined;
  return reject(
    'DATE_ORDER',
    `${path} ${date} is before the grant's latest money step (${lastMoneyStepOn}); money steps are recorded in date order`,
    path,
  );
}
