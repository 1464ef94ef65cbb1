// The recovery decisions (domain.md "Recoveries", "Interest on recoveries", "Duplicate
// receipts"): claiming back what was overpaid, lowering or withdrawing a recovery decided
// too high, and registering what comes back. A recovery claims only money paid beyond the
// entitlement (NOT_OVERPAID): claiming back money the grant is entitled to would only raise
// `payable` again, so the ledger would pay it out twice.
import { reject, type Rejection } from '../errors.js';
import { formatMoney as m, minus, plus, ZERO, type Decimal } from '../money.js';
import { referenceRateOn, type ReferenceRate } from '../interest.js';
import type { CommandOf } from './commands.js';
import { event, type GrantEvent } from './events.js';
import { stateAsOf } from './as-of-view.js';
import { figuresOf } from './figures.js';
import {
  currentPrincipal,
  principalRepaid,
  receiptAboveOwed,
  waivedOf,
} from './recovery-account.js';
import type { GrantState, Recovery } from './state.js';

type Decision = GrantEvent[] | Rejection;

/**
 * What a new recovery may still claim as of `day`: overpaid, less what the grant's other
 * recoveries (not withdrawn) still claim as principal, less what was written off (a waived
 * part is settled; claiming it again would book the same money twice).
 */
export function recoverableOn(
  state: GrantState,
  day: string,
  rates: readonly ReferenceRate[],
): Decimal {
  const then = stateAsOf(state, day);
  const f = figuresOf(then, rates);
  let claimed = ZERO;
  for (const r of then.recoveries.values()) {
    if (r.withdrawn) continue;
    claimed = plus(claimed, minus(currentPrincipal(r), principalRepaid(r, rates)));
  }
  return minus(minus(f.overpaid, claimed), f.waived);
}

export function claimRecovery(
  c: CommandOf<'ClaimRecovery'>,
  state: GrantState,
  rates: readonly ReferenceRate[],
): Decision {
  if (state.recoveries.has(c.recoveryId))
    return reject('ALREADY_EXISTS', `recovery ${c.recoveryId} already exists`, 'recoveryId');
  if (c.interest && referenceRateOn(rates, c.interest.from) === undefined) {
    return reject(
      'INVALID_STATE',
      `no reference rate is set for ${c.interest.from}; interest by law needs one (SetReferenceRate)`,
      'interest.from',
    );
  }
  const recoverable = recoverableOn(state, c.decidedOn, rates);
  if (c.amount.greaterThan(recoverable)) {
    return reject(
      'NOT_OVERPAID',
      `a recovery of ${m(c.amount)} is above what was paid beyond the entitlement as of ${c.decidedOn} and not already claimed back (${m(recoverable)})`,
      'amount',
    );
  }
  return [
    event('RecoveryClaimed', {
      recoveryId: c.recoveryId,
      amount: m(c.amount),
      decidedOn: c.decidedOn,
      reason: c.reason,
      ...(c.dueOn !== undefined ? { dueOn: c.dueOn } : {}),
      ...(c.interest ? { interest: { from: c.interest.from } } : {}),
    }),
  ];
}

/** The recovery a command names, still in force; INVALID_STATE otherwise. */
export function recoveryInForce(state: GrantState, recoveryId: string): Recovery | Rejection {
  const recovery = state.recoveries.get(recoveryId);
  if (!recovery) return reject('INVALID_STATE', `there is no recovery ${recoveryId}`, 'recoveryId');
  if (recovery.withdrawn) {
    return reject(
      'INVALID_STATE',
      `recovery ${recoveryId} was withdrawn on ${recovery.withdrawn.decidedOn}`,
      'recoveryId',
    );
  }
  return recovery;
}

export function reduceRecovery(
  c: CommandOf<'ReduceRecovery'>,
  recovery: Recovery,
  rates: readonly ReferenceRate[],
  actor: string,
): Decision {
  const principal = currentPrincipal(recovery);
  if (!c.amount.lessThan(principal)) {
    return reject(
      'INVALID_STATE',
      `recovery ${c.recoveryId} claims ${m(principal)}; a reduction must lower it (not to ${m(c.amount)})`,
      'amount',
    );
  }
  const repaid = principalRepaid(recovery, rates);
  if (c.amount.lessThan(repaid)) {
    return reject(
      'INVALID_STATE',
      `${m(repaid)} of recovery ${c.recoveryId} is already repaid as principal; it cannot be reduced below that`,
      'amount',
    );
  }
  return [
    event('RecoveryReduced', {
      recoveryId: c.recoveryId,
      amount: m(c.amount),
      decidedOn: c.decidedOn,
      decidedBy: actor,
      reason: c.reason,
      ...(c.waive ? { waived: m(principal.minus(c.amount)) } : {}),
    }),
  ];
}

export function withdrawRecovery(
  c: CommandOf<'WithdrawRecovery'>,
  recovery: Recovery,
  actor: string,
): Decision {
  if (recovery.receipts.length > 0) {
    return reject(
      'INVALID_STATE',
      `recovery ${c.recoveryId} has repayments; it cannot be withdrawn, reduce it instead`,
      'recoveryId',
    );
  }
  if (!waivedOf(recovery).isZero()) {
    return reject(
      'INVALID_STATE',
      `part of recovery ${c.recoveryId} is written off; it cannot be withdrawn, reduce it instead`,
      'recoveryId',
    );
  }
  return [
    event('RecoveryWithdrawn', {
      recoveryId: c.recoveryId,
      decidedOn: c.decidedOn,
      decidedBy: actor,
      reason: c.reason,
    }),
  ];
}

/** The receipt as it came: the split is derived in date order (recovery-account.ts). */
export function registerRepayment(c: CommandOf<'RegisterRepayment'>): Decision {
  return [
    event('RepaymentReceived', {
      recoveryId: c.recoveryId,
      amount: m(c.amount),
      receivedOn: c.receivedOn,
      ...(c.bankReference !== undefined ? { bankReference: c.bankReference } : {}),
    }),
  ];
}

/**
 * The same receipt keyed twice (by hand, then from the bank statement): the same recovery,
 * amount and receivedOn, or a bank reference already recorded on the grant.
 */
export function duplicateReceipt(
  c: CommandOf<'RegisterRepayment'>,
  state: GrantState,
): Rejection | undefined {
  if (c.notDuplicate) return undefined;
  const recovery = state.recoveries.get(c.recoveryId);
  const same = recovery?.receipts.find(
    (r) => r.receivedOn === c.receivedOn && r.amount.equals(c.amount),
  );
  if (same) {
    return reject(
      'POSSIBLE_DUPLICATE',
      `a repayment of ${m(c.amount)} received on ${c.receivedOn} is already registered on recovery ${c.recoveryId}; send notDuplicate: true if this is a second one`,
      'amount',
    );
  }
  if (c.bankReference === undefined) return undefined;
  for (const r of state.recoveries.values()) {
    if (r.receipts.some((p) => p.bankReference === c.bankReference)) {
      return reject(
        'POSSIBLE_DUPLICATE',
        `the bank reference ${c.bankReference} is already registered (recovery ${r.recoveryId}); send notDuplicate: true if this is another receipt`,
        'bankReference',
      );
    }
  }
  return undefined;
}

/**
 * A receipt above what was owed on its receivedOn (interest accrued to the day before, less
 * interest paid before, plus principal outstanding) — or one that, placed in date order,
 * makes a later receipt pay more than was owed on its own date: INVALID_STATE.
 */
export function receiptNotOwed(
  c: CommandOf<'RegisterRepayment'>,
  recovery: Recovery,
  rates: readonly ReferenceRate[],
): Rejection | undefined {
  const receipt = { receivedOn: c.receivedOn, amount: c.amount };
  const withIt: Recovery = { ...recovery, receipts: [...recovery.receipts, receipt] };
  const over = receiptAboveOwed(withIt, rates);
  if (!over) return undefined;
  const which =
    over.receivedOn === c.receivedOn && over.amount.equals(c.amount)
      ? `a repayment of ${m(c.amount)} is above what recovery ${c.recoveryId} claims on ${c.receivedOn} (${m(over.owed)})`
      : `registered before it, the repayment of ${m(over.amount)} received on ${over.receivedOn} would be above what was owed that day (${m(over.owed)})`;
  return reject('INVALID_STATE', which, 'amount');
}
