// The payment decisions: ordering an advance or a claim payment, the second person's attest,
// cancelling an order, and the bank's booking of it. No order may take paid and ordered above
// the cap, and a claim payment never above what is payable (domain.md "Rules").
import { sameActor } from '../actor.js';
import { isRejection, reject, type Rejection } from '../errors.js';
import { dateOfTimestamp } from '../dates.js';
import { formatMoney, type Decimal } from '../money.js';
import type { CommandOf } from './commands.js';
import type { DecisionContext } from './decision-context.js';
import { event, type GrantEvent } from './events.js';
import { figuresOf } from './figures.js';
import type { GrantState, Payment } from './state.js';

type Decision = GrantEvent[] | Rejection;
const m = formatMoney;

export function paymentIdTaken(state: GrantState, paymentId: string): Rejection | undefined {
  return state.payments.has(paymentId)
    ? reject('ALREADY_EXISTS', `payment ${paymentId} already exists`, 'paymentId')
    : undefined;
}

/** No order may make netPaid + pending exceed the cap. */
export function capCheck(
  state: GrantState,
  amount: Decimal,
  ctx: DecisionContext,
): Rejection | undefined {
  const f = figuresOf(state, ctx.referenceRates);
  const after = f.netPaid.plus(f.pendingPayments).plus(amount);
  return after.greaterThan(f.cap)
    ? reject(
        'EXCEEDS_PAYABLE',
        `ordering ${m(amount)} would bring paid and ordered to ${m(after)}, above the cap ${m(f.cap)}`,
        'amount',
      )
    : undefined;
}

export function payAdvance(
  c: CommandOf<'PayAdvance'>,
  state: GrantState,
  ctx: DecisionContext,
): Decision {
  // An advance is paid before costs are reported; once the final claim is in, costs are known.
  if (state.finalClaimId !== undefined) {
    return reject(
      'INVALID_STATE',
      `the final claim ${state.finalClaimId} is reported; no advance can be paid after it`,
    );
  }
  const taken = paymentIdTaken(state, c.paymentId);
  if (taken) return taken;
  const f = figuresOf(state, ctx.referenceRates);
  if (f.advanceOrdered.plus(c.amount).greaterThan(f.advanceGranted)) {
    return reject(
      'ADVANCE_LIMIT',
      `advances ordered would total ${m(f.advanceOrdered.plus(c.amount))}, above the advance granted (${m(f.advanceGranted)})`,
      'amount',
    );
  }
  const cap = capCheck(state, c.amount, ctx);
  if (cap) return cap;
  return [
    event('PaymentOrdered', {
      paymentId: c.paymentId,
      kind: 'advance',
      amount: m(c.amount),
      orderedOn: c.orderedOn,
      orderedBy: ctx.actor,
    }),
  ];
}

export function payClaim(
  c: CommandOf<'PayClaim'>,
  state: GrantState,
  ctx: DecisionContext,
): Decision {
  const claim = state.claims.get(c.claimId);
  if (!claim) return reject('INVALID_STATE', `there is no claim ${c.claimId}`, 'claimId');
  if (!claim.review)
    return reject('INVALID_STATE', `claim ${c.claimId} has not been reviewed`, 'claimId');
  if (claim.review.approved.isZero()) {
    return reject(
      'INVALID_STATE',
      `claim ${c.claimId} has no approved costs (all of it was disallowed); there is nothing to pay on it`,
      'claimId',
    );
  }
  const taken = paymentIdTaken(state, c.paymentId);
  if (taken) return taken;
  // A condition counts from the day it was fulfilled: a payment dated before that day
  // relied on a condition that was not yet met.
  const open = [...state.conditions.values()].filter(
    (cond) => cond.fulfilledOn === undefined || cond.fulfilledOn > c.orderedOn,
  );
  if (open.length > 0) {
    const list = open
      .map((o) =>
        o.fulfilledOn === undefined ? o.id : `${o.id} (fulfilled only on ${o.fulfilledOn})`,
      )
      .join(', ');
    return reject(
      'CONDITIONS_UNFULFILLED',
      `claim payments on ${c.orderedOn} wait for the decision's conditions: ${list}`,
    );
  }
  const { payable } = figuresOf(state, ctx.referenceRates);
  if (c.amount.greaterThan(payable))
    return reject(
      'EXCEEDS_PAYABLE',
      `${m(c.amount)} is above what is payable (${m(payable)})`,
      'amount',
    );
  const cap = capCheck(state, c.amount, ctx);
  if (cap) return cap;
  return [
    event('PaymentOrdered', {
      paymentId: c.paymentId,
      kind: 'claim',
      claimId: c.claimId,
      amount: m(c.amount),
      orderedOn: c.orderedOn,
      orderedBy: ctx.actor,
    }),
  ];
}

export function orderedPayment(state: GrantState, paymentId: string): Payment | Rejection {
  const payment = state.payments.get(paymentId);
  if (!payment) return reject('INVALID_STATE', `there is no payment ${paymentId}`, 'paymentId');
  if (payment.status !== 'ordered')
    return reject(
      'INVALID_STATE',
      `payment ${paymentId} is already ${payment.status}`,
      'paymentId',
    );
  return payment;
}

export function attestPayment(
  c: CommandOf<'AttestPayment'>,
  state: GrantState,
  ctx: DecisionContext,
): Decision {
  const payment = orderedPayment(state, c.paymentId);
  if (isRejection(payment)) return payment;
  if (sameActor(payment.orderedBy, ctx.actor)) {
    return reject(
      'FOUR_EYES',
      `${ctx.actor} ordered payment ${c.paymentId}; another person must attest it`,
      'paymentId',
    );
  }
  return [
    event('PaymentAttested', {
      paymentId: c.paymentId,
      attestedOn: c.attestedOn,
      attestedBy: ctx.actor,
    }),
  ];
}

export function cancelPayment(
  c: CommandOf<'CancelPayment'>,
  state: GrantState,
  ctx: DecisionContext,
): Decision {
  const payment = orderedPayment(state, c.paymentId);
  if (isRejection(payment)) return payment;
  return [
    event('PaymentCancelled', {
      paymentId: c.paymentId,
      reason: c.reason,
      cancelledOn: c.cancelledOn ?? dateOfTimestamp(ctx.now),
      cancelledBy: ctx.actor,
    }),
  ];
}

export function settlePayment(c: CommandOf<'SettlePayment'>, state: GrantState): Decision {
  const payment = state.payments.get(c.paymentId);
  if (!payment) return reject('INVALID_STATE', `there is no payment ${c.paymentId}`, 'paymentId');
  if (payment.status !== 'attested')
    return reject(
      'INVALID_STATE',
      `payment ${c.paymentId} is ${payment.status}, not attested`,
      'paymentId',
    );
  if (payment.settlement)
    return reject(
      'INVALID_STATE',
      `payment ${c.paymentId} was already settled (${payment.settlement.bankReference})`,
      'paymentId',
    );
  if (!c.amount.equals(payment.amount)) {
    return reject(
      'SETTLEMENT_MISMATCH',
      `the bank booked ${m(c.amount)}, but payment ${c.paymentId} is for ${m(payment.amount)}`,
      'amount',
    );
  }
  return [
    event('PaymentSettled', {
      paymentId: c.paymentId,
      bankReference: c.bankReference,
      bookedOn: c.bookedOn,
      amount: m(c.amount),
    }),
  ];
}
