// The DATE_ORDER rules of each command (domain.md "Business dates"): which dates a
// command's own date may not precede. decide() asks this after the lifecycle and the ids
// a command names are checked (so every record looked up here exists) and before the
// command's own rules.
import { dateOfTimestamp } from '../dates.js';
import type { Rejection } from '../errors.js';
import { firstDateProblem as first, moneyStepInOrder, notBefore } from './business-dates.js';
import type { GrantCommand } from './commands.js';
import type { GrantState } from './state.js';

export function dateOrderProblem(command: GrantCommand, state: GrantState, ctx: { now: string }): Rejection | undefined {
  const decidedOn = state.terms?.decidedOn;
  const decision = 'the decision';
  const step = (date: string, path: string) => moneyStepInOrder(date, state.lastMoneyStepOn, path);
  switch (command.type) {
    case 'ApplyForCoFinancing':
    case 'FulfilCondition':
    case 'ReportIndicator':
      return undefined;
    case 'ChangePayoutAccount':
    case 'ConfirmPayoutAccount':
    case 'ExportPayment':
      return undefined; // their dates are judged with their own rules (decide-bank.ts)
    case 'GrantDecision':
      return first(
        notBefore(command.decidedOn, state.application?.submittedOn, 'decidedOn', 'the application was submitted'),
        step(command.decidedOn, 'decidedOn'),
      );
    case 'AmendDecision':
      return first(notBefore(command.decidedOn, decidedOn, 'decidedOn', decision), step(command.decidedOn, 'decidedOn'));
    case 'ReportCosts':
      return first(
        notBefore(command.submittedOn, command.period.to, 'submittedOn', 'the end of the claim period'),
        notBefore(command.submittedOn, decidedOn, 'submittedOn', decision),
      );
    case 'ReviewCosts':
      return notBefore(command.reviewedOn, state.claims.get(command.claimId)?.submittedOn, 'reviewedOn', 'the claim was submitted');
    case 'PayAdvance':
      return first(notBefore(command.orderedOn, decidedOn, 'orderedOn', decision), step(command.orderedOn, 'orderedOn'));
    case 'PayClaim':
      return first(
        notBefore(command.orderedOn, state.claims.get(command.claimId)?.review?.reviewedOn, 'orderedOn', 'the claim was reviewed'),
        step(command.orderedOn, 'orderedOn'),
      );
    case 'AttestPayment': {
      const orderedOn = state.payments.get(command.paymentId)?.orderedOn;
      return first(notBefore(command.attestedOn, orderedOn, 'attestedOn', 'the payment was ordered'), step(command.attestedOn, 'attestedOn'));
    }
    case 'CancelPayment': {
      const cancelledOn = command.cancelledOn ?? dateOfTimestamp(ctx.now);
      const orderedOn = state.payments.get(command.paymentId)?.orderedOn;
      return first(notBefore(cancelledOn, orderedOn, 'cancelledOn', 'the payment was ordered'), step(cancelledOn, 'cancelledOn'));
    }
    case 'SettlePayment':
      return notBefore(command.bookedOn, state.payments.get(command.paymentId)?.attestedOn, 'bookedOn', 'the payment was attested');
    case 'SubmitFinalReport':
      return notBefore(command.submittedOn, decidedOn, 'submittedOn', decision);
    case 'ClaimRecovery': {
      const dueOn = (command as { dueOn?: string }).dueOn;
      return first(
        notBefore(command.decidedOn, decidedOn, 'decidedOn', decision),
        dueOn === undefined ? undefined : notBefore(dueOn, command.decidedOn, 'dueOn', 'the recovery was decided'),
        step(command.decidedOn, 'decidedOn'),
      );
    }
    case 'RegisterRepayment':
      return notBefore(command.receivedOn, state.recoveries.get(command.recoveryId)?.decidedOn, 'receivedOn', 'the recovery was decided');
    case 'CloseGrant':
      return first(
        notBefore(command.closedOn, state.latestEventOn, 'closedOn', 'the latest event of the grant'),
        step(command.closedOn, 'closedOn'),
      );
    case 'WithdrawApplication':
      return first(
        notBefore(command.withdrawnOn, state.application?.submittedOn, 'withdrawnOn', 'the application was submitted'),
        step(command.withdrawnOn, 'withdrawnOn'),
      );
  }
}

/** The business date of a money step (business-dates.ts); undefined for other commands. */
export function moneyStepDate(command: GrantCommand, ctx: { now: string }): string | undefined {
  switch (command.type) {
    case 'GrantDecision':
    case 'AmendDecision':
    case 'ClaimRecovery':
      return command.decidedOn;
    case 'PayAdvance':
    case 'PayClaim':
      return command.orderedOn;
    case 'AttestPayment':
      return command.attestedOn;
    case 'CancelPayment':
      return command.cancelledOn ?? dateOfTimestamp(ctx.now);
    case 'CloseGrant':
      return command.closedOn;
    case 'WithdrawApplication':
      return command.withdrawnOn;
    default:
      return undefined;
  }
}
