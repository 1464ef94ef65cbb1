// The DATE_ORDER rules of each command (domain.md "Business dates"): which dates a
// command's own date may not precede. decide() asks this after the lifecycle and the ids
// a command names are checked (so every record looked up here exists) and before the
// command's own rules.
import { dateOfTimestamp } from '../dates.js';
import type { Rejection } from '../errors.js';
import { firstDateProblem as first, moneyStepInOrder, notBefore } from './business-dates.js';
import type { CommandOf, CommandType, GrantCommand } from './commands.js';
import type { GrantState } from './state.js';

type DateRule<C extends GrantCommand> = (
  command: C,
  state: GrantState,
  ctx: { now: string },
) => Rejection | undefined;

/** Keyed by every command type, so a new command does not compile until it has its date rule. */
type DateRules = { [T in CommandType]: DateRule<CommandOf<T>> };

const noDateRule = (): undefined => undefined;
/** Not before the decision (an absent decision constrains nothing). */
const afterDecision = (date: string, state: GrantState, path: string) =>
  notBefore(date, state.terms?.decidedOn, path, 'the decision');
/** Not before the grant's latest money step (business-dates.ts). */
const step = (date: string, state: GrantState, path: string) =>
  moneyStepInOrder(date, state.lastMoneyStepOn, path);
const orderedOn = (state: GrantState, paymentId: string) =>
  state.payments.get(paymentId)?.orderedOn;
const ORDERED = 'the payment was ordered';

const DATE_RULES: DateRules = {
  ApplyForCoFinancing: noDateRule,
  FulfilCondition: noDateRule,
  ReportIndicator: noDateRule,
  // Their dates are judged with their own rules (decide-bank.ts).
  ChangePayoutAccount: noDateRule,
  ConfirmPayoutAccount: noDateRule,
  ExportPayment: noDateRule,
  GrantDecision: (c, state) => {
    const submittedOn = state.application?.submittedOn;
    return first(
      notBefore(c.decidedOn, submittedOn, 'decidedOn', 'the application was submitted'),
      step(c.decidedOn, state, 'decidedOn'),
    );
  },
  AmendDecision: (c, state) =>
    first(afterDecision(c.decidedOn, state, 'decidedOn'), step(c.decidedOn, state, 'decidedOn')),
  ReportCosts: (c, state) =>
    first(
      notBefore(c.submittedOn, c.period.to, 'submittedOn', 'the end of the claim period'),
      afterDecision(c.submittedOn, state, 'submittedOn'),
    ),
  ReviewCosts: (c, state) => {
    const submittedOn = state.claims.get(c.claimId)?.submittedOn;
    return notBefore(c.reviewedOn, submittedOn, 'reviewedOn', 'the claim was submitted');
  },
  PayAdvance: (c, state) =>
    first(afterDecision(c.orderedOn, state, 'orderedOn'), step(c.orderedOn, state, 'orderedOn')),
  PayClaim: (c, state) => {
    const reviewedOn = state.claims.get(c.claimId)?.review?.reviewedOn;
    return first(
      notBefore(c.orderedOn, reviewedOn, 'orderedOn', 'the claim was reviewed'),
      step(c.orderedOn, state, 'orderedOn'),
    );
  },
  AttestPayment: (c, state) =>
    first(
      notBefore(c.attestedOn, orderedOn(state, c.paymentId), 'attestedOn', ORDERED),
      step(c.attestedOn, state, 'attestedOn'),
    ),
  CancelPayment: (c, state, ctx) => {
    const cancelledOn = c.cancelledOn ?? dateOfTimestamp(ctx.now);
    return first(
      notBefore(cancelledOn, orderedOn(state, c.paymentId), 'cancelledOn', ORDERED),
      step(cancelledOn, state, 'cancelledOn'),
    );
  },
  SettlePayment: (c, state) => {
    const attestedOn = state.payments.get(c.paymentId)?.attestedOn;
    return notBefore(c.bookedOn, attestedOn, 'bookedOn', 'the payment was attested');
  },
  ReturnPayment: (c, state) => {
    const attestedOn = state.payments.get(c.paymentId)?.attestedOn;
    return notBefore(c.returnedOn, attestedOn, 'returnedOn', 'the payment was attested');
  },
  SubmitFinalReport: (c, state) => afterDecision(c.submittedOn, state, 'submittedOn'),
  ClaimRecovery: (c, state) => {
    const dueOn = (c as { dueOn?: string }).dueOn;
    const dueAfterDecision =
      dueOn === undefined
        ? undefined
        : notBefore(dueOn, c.decidedOn, 'dueOn', 'the recovery was decided');
    return first(
      afterDecision(c.decidedOn, state, 'decidedOn'),
      dueAfterDecision,
      step(c.decidedOn, state, 'decidedOn'),
    );
  },
  RegisterRepayment: (c, state) => {
    const decidedOn = state.recoveries.get(c.recoveryId)?.decidedOn;
    return notBefore(c.receivedOn, decidedOn, 'receivedOn', 'the recovery was decided');
  },
  CloseGrant: (c, state) =>
    first(
      notBefore(c.closedOn, state.latestEventOn, 'closedOn', 'the latest event of the grant'),
      step(c.closedOn, state, 'closedOn'),
    ),
  WithdrawApplication: (c, state) => {
    const submittedOn = state.application?.submittedOn;
    return first(
      notBefore(c.withdrawnOn, submittedOn, 'withdrawnOn', 'the application was submitted'),
      step(c.withdrawnOn, state, 'withdrawnOn'),
    );
  },
};

export function dateOrderProblem(
  command: GrantCommand,
  state: GrantState,
  ctx: { now: string },
): Rejection | undefined {
  // The table's type gives each rule its own command; TypeScript cannot follow that through
  // an index by the union's type, hence the one widening here.
  const rule = DATE_RULES[command.type] as DateRule<GrantCommand>;
  return rule(command, state, ctx);
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
