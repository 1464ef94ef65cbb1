// The DATE_ORDER rules of each command (domain.md "Business dates"): which dates a
// command's own date may not precede. decide() asks this after the lifecycle and the ids
// a command names are checked (so every record looked up here exists) and before the
// command's own rules.
import { dateOfTimestamp, stockholmDateOf } from '../dates.js';
import { reject, type Rejection } from '../errors.js';
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
  ChangePayoutAccount: (c, state) =>
    notBefore(
      c.changedOn,
      state.application?.submittedOn,
      'changedOn',
      'the application was submitted',
    ),
  ConfirmPayoutAccount: (c, state) =>
    notBefore(
      c.confirmedOn,
      state.pendingPayoutAccount?.changedOn,
      'confirmedOn',
      'the account was changed',
    ),
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
      interestFromProblem(c, state),
      step(c.decidedOn, state, 'decidedOn'),
    );
  },
  ReduceRecovery: (c, state) => recoveryStep(c, state),
  WithdrawRecovery: (c, state) => recoveryStep(c, state),
  RevokeGrant: (c, state) =>
    first(afterDecision(c.decidedOn, state, 'decidedOn'), step(c.decidedOn, state, 'decidedOn')),
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

/** A recovery decision after the recovery's own, in money-step order. */
function recoveryStep(
  c: CommandOf<'ReduceRecovery'> | CommandOf<'WithdrawRecovery'>,
  state: GrantState,
): Rejection | undefined {
  const decidedOn = state.recoveries.get(c.recoveryId)?.decidedOn;
  return first(
    notBefore(c.decidedOn, decidedOn, 'decidedOn', 'the recovery was decided'),
    step(c.decidedOn, state, 'decidedOn'),
  );
}

/**
 * Interest runs from a day money was out: not before the grant's first attested payment,
 * and not after the recovery is decided (domain.md "Business dates", rule 6).
 */
function interestFromProblem(
  c: CommandOf<'ClaimRecovery'>,
  state: GrantState,
): Rejection | undefined {
  const from = c.interest?.from;
  if (from === undefined) return undefined;
  if (from > c.decidedOn) {
    return reject(
      'DATE_ORDER',
      `interest cannot run from ${from}, after the recovery is decided (${c.decidedOn})`,
      'interest.from',
    );
  }
  let firstPaid: string | undefined;
  for (const p of state.payments.values())
    if (p.attestedOn !== undefined && (firstPaid === undefined || p.attestedOn < firstPaid))
      firstPaid = p.attestedOn;
  if (firstPaid === undefined) {
    return reject(
      'DATE_ORDER',
      `interest cannot run from ${from}: no payment of the grant is attested`,
      'interest.from',
    );
  }
  return notBefore(from, firstPaid, 'interest.from', 'the first payment was attested');
}

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
    case 'RevokeGrant':
    case 'ClaimRecovery':
    case 'ReduceRecovery':
    case 'WithdrawRecovery':
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

/**
 * The dates a person states of what happened: never after the day the command is recorded
 * (Europe/Stockholm). The dates that look ahead are not here: dueOn, finalReportDue, the
 * project period and its end, a claim's period, a bank file's execution date.
 */
const STATED_DATES = [
  'submittedOn',
  'decidedOn',
  'fulfilledOn',
  'orderedOn',
  'reviewedOn',
  'attestedOn',
  'cancelledOn',
  'deliveredOn',
  'receivedOn',
  'bookedOn',
  'closedOn',
  'withdrawnOn',
  'changedOn',
  'confirmedOn',
] as const;

/** FUTURE_DATE: one mistyped year can then never freeze a grant (domain.md rule 5). */
export function futureDateProblem(
  command: GrantCommand,
  ctx: { now: string },
): Rejection | undefined {
  const today = stockholmDateOf(ctx.now);
  const fields = command as unknown as Record<string, unknown>;
  for (const field of STATED_DATES) {
    const date = fields[field];
    if (typeof date === 'string' && date > today) return futureDate(field, date, today);
  }
  const from = command.type === 'ClaimRecovery' ? command.interest?.from : undefined;
  return from !== undefined && from > today ? futureDate('interest.from', from, today) : undefined;
}

function futureDate(path: string, date: string, today: string): Rejection {
  return reject(
    'FUTURE_DATE',
    `${path} ${date} is after today (${today}, Europe/Stockholm); a date of something that happened cannot be in the future`,
    path,
  );
}
