// Facts registered late with an earlier date (a claim, a review, a final claim, a repayment)
// change what was lawful on days already past. A payment order registered before such a
// fact was judged without it; once the fact counts, the order must still have been lawful on
// its own orderedOn, or the balance as of that day would show a payment above what was
// payable, or an advance after the final claim (domain.md "Business dates", rule 4).
import { isRejection, type Rejection } from '../errors.js';
import type { GrantCommand } from './commands.js';
import { stateAsOf } from './as-of-view.js';
import type { GrantEvent } from './events.js';
import type { GrantState, Payment } from './state.js';

type Judge = (command: GrantCommand, state: GrantState) => GrantEvent[] | Rejection;

export interface UnlawfulOrder {
  paymentId: string;
  orderedOn: string;
  why: string;
}

/**
 * The first order dated on or after `date` that was lawful on its own date without the late
 * fact (`before`) and is not with it (`after`); undefined when every order stays lawful.
 */
export function orderBecameUnlawful(
  before: GrantState,
  after: GrantState,
  date: string,
  judge: Judge,
): UnlawfulOrder | undefined {
  for (const payment of after.payments.values()) {
    if (payment.orderedOn < date) continue;
    const now = whyUnlawful(after, payment, judge);
    if (now === undefined || whyUnlawful(before, payment, judge) !== undefined) continue;
    return { paymentId: payment.paymentId, orderedOn: payment.orderedOn, why: now };
  }
  return undefined;
}

/** Why the order would have been refused on its own date, or undefined when it was lawful. */
function whyUnlawful(state: GrantState, payment: Payment, judge: Judge): string | undefined {
  const view = stateAtOrder(state, payment);
  const command: GrantCommand =
    payment.kind === 'advance'
      ? {
          type: 'PayAdvance',
          grantId: '',
          paymentId: payment.paymentId,
          amount: payment.amount,
          orderedOn: payment.orderedOn,
        }
      : {
          type: 'PayClaim',
          grantId: '',
          paymentId: payment.paymentId,
          claimId: payment.claimId ?? '',
          amount: payment.amount,
          orderedOn: payment.orderedOn,
        };
  const decided = judge(command, view);
  return isRejection(decided) ? decided.message : undefined;
}

/**
 * The grant as it stood when `payment` was ordered: facts dated after its orderedOn left out
 * (as-of-view.ts), and of the payments only those registered before it, each as it stood on
 * that day (attested or cancelled only if that happened by then).
 */
function stateAtOrder(state: GrantState, payment: Payment): GrantState {
  const day = payment.orderedOn;
  const view: GrantState = { ...stateAsOf(state, day) };
  const payments = new Map<string, Payment>();
  for (const [id, p] of state.payments) {
    if (id === payment.paymentId) break;
    payments.set(id, asOf(p, day));
  }
  view.payments = payments;
  return view;
}

function asOf(p: Payment, day: string): Payment {
  const attestedLater = p.attestedOn !== undefined && p.attestedOn > day;
  const cancelledLater = p.cancelledOn !== undefined && p.cancelledOn > day;
  if (!attestedLater && !cancelledLater) return p;
  const { attestedOn: _a, attestedBy: _b, cancelledOn: _c, cancelledBy: _d, ...rest } = p;
  return { ...rest, status: 'ordered' };
}
