// The bank-facing decisions (interfaces.md "Bank files"): who the payee's money goes to,
// and that each attested payment goes out in one bank file only. A changed payout account
// is the classic way to steal a payout, so a change takes effect only when a second
// person confirms it (FOUR_EYES), and no payment leaves while a change waits.
import { sameActor } from '../actor.js';
import { describePayoutAccount, samePayoutAccount } from '../bank/payout-account.js';
import { endToEndIdOf } from '../bank/references.js';
import { reject, type Rejection } from '../errors.js';
import { formatMoney } from '../money.js';
import { cutGraphemes } from '../text/graphemes.js';
import type { CommandOf } from './commands.js';
import { event, type GrantEvent } from './events.js';
import type { GrantState, Payment } from './state.js';

type Decision = GrantEvent[] | Rejection;

export function changePayoutAccount(
  c: CommandOf<'ChangePayoutAccount'>,
  _state: GrantState,
  actor: string,
): Decision {
  return [
    event('PayoutAccountChanged', { account: c.account, changedOn: c.changedOn, changedBy: actor }),
  ];
}

/**
 * The second person confirms the very account they were shown: if it was changed again
 * after they read it, confirming would release payments to an account nobody checked.
 */
export function confirmPayoutAccount(
  c: CommandOf<'ConfirmPayoutAccount'>,
  state: GrantState,
  actor: string,
): Decision {
  const pending = state.pendingPayoutAccount;
  if (!pending)
    return reject('INVALID_STATE', `grant ${c.grantId} has no changed payout account to confirm`);
  if (sameActor(pending.changedBy, actor)) {
    return reject(
      'FOUR_EYES',
      `${actor} changed the payout account; another person must confirm it`,
    );
  }
  if (!samePayoutAccount(c.account, pending.account)) {
    return reject(
      'ACCOUNT_MISMATCH',
      `the account waiting for confirmation is ${describePayoutAccount(pending.account)}, not ${describePayoutAccount(c.account)}; it was changed again, read it anew`,
      'account',
    );
  }
  return [
    event('PayoutAccountConfirmed', {
      account: pending.account,
      confirmedOn: c.confirmedOn,
      confirmedBy: actor,
    }),
  ];
}

/** Why a payment cannot go into a bank file now, or undefined when it can. */
export function whyNotExportable(
  state: GrantState,
  payment: Payment | undefined,
  paymentId: string,
): Rejection | undefined {
  if (!payment) return reject('INVALID_STATE', `there is no payment ${paymentId}`, 'paymentId');
  if (payment.status !== 'attested')
    return reject(
      'INVALID_STATE',
      `payment ${paymentId} is ${payment.status}, not attested`,
      'paymentId',
    );
  if (payment.exported) {
    return reject(
      'INVALID_STATE',
      `payment ${paymentId} is already in bank file ${payment.exported.fileId}`,
      'paymentId',
    );
  }
  if (payment.settlement)
    return reject(
      'INVALID_STATE',
      `payment ${paymentId} is already settled by the bank`,
      'paymentId',
    );
  if (state.pendingPayoutAccount) {
    const changed = describePayoutAccount(state.pendingPayoutAccount.account);
    return reject(
      'INVALID_STATE',
      `the payout account was changed to ${changed} on ${state.pendingPayoutAccount.changedOn} and is not confirmed yet`,
    );
  }
  if (!state.payoutAccount) return reject('INVALID_STATE', 'the payee has no payout account');
  return undefined;
}

/**
 * The longest text a PaymentExported holds in a name or the remittance: cut between
 * characters, never inside one (a cut inside a surrogate pair cannot be stored).
 */
const BANK_TEXT_MAX = 140;

/** The text on the payee's statement: "Bidrag RUN/573/2022 förskott". */
export function remittanceOf(grantId: string, payment: Payment): string {
  const what =
    payment.kind === 'advance' ? 'förskott' : `utbetalning ${payment.claimId ?? ''}`.trim();
  return cutGraphemes(`Bidrag ${grantId} ${what}`, BANK_TEXT_MAX);
}

/**
 * The bank returned an attested payment (interfaces.md "returns"): recorded by
 * reconciliation, once. A payment the bank booked and then returned is returned, whether
 * or not its booking was recorded first.
 */
export function returnPayment(c: CommandOf<'ReturnPayment'>, state: GrantState): Decision {
  const payment = state.payments.get(c.paymentId);
  if (!payment) return reject('INVALID_STATE', `there is no payment ${c.paymentId}`, 'paymentId');
  if (payment.status !== 'attested') {
    return reject(
      'INVALID_STATE',
      payment.status === 'returned'
        ? `payment ${c.paymentId} was already returned on ${payment.returned!.returnedOn}`
        : `payment ${c.paymentId} is ${payment.status}, not attested`,
      'paymentId',
    );
  }
  return [
    event('PaymentReturned', {
      paymentId: c.paymentId,
      returnedOn: c.returnedOn,
      reason: c.reason,
      ...(c.bankReference !== undefined ? { bankReference: c.bankReference } : {}),
    }),
  ];
}

export function exportPayment(c: CommandOf<'ExportPayment'>, state: GrantState): Decision {
  const payment = state.payments.get(c.paymentId);
  const problem = whyNotExportable(state, payment, c.paymentId);
  if (problem) return problem;
  const exportedOn = c.createdAt.slice(0, 10);
  if (exportedOn < payment!.attestedOn!) {
    return reject(
      'DATE_ORDER',
      `a payment attested on ${payment!.attestedOn} cannot be in a file made on ${exportedOn}`,
      'createdAt',
    );
  }
  return [
    event('PaymentExported', {
      paymentId: c.paymentId,
      fileId: c.fileId,
      endToEndId: endToEndIdOf(c.grantId, c.paymentId),
      exportedOn,
      createdAt: c.createdAt,
      executionDate: c.executionDate,
      amount: formatMoney(payment!.amount),
      debtor: c.debtor,
      creditor: {
        name: cutGraphemes(state.application!.applicant.name, BANK_TEXT_MAX),
        account: state.payoutAccount!.account,
      },
      remittance: remittanceOf(c.grantId, payment!),
    }),
  ];
}
