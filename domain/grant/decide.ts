// decide(command, state, context) → events | Rejection. Every rule of domain.md lives in
// the decide-*.ts files and only there; interfaces translate, they never decide. Pure: time
// and the acting person come in through `context`, never from a clock or a global.
//
// The order codes are reported in (domain.md "Rules"): the lifecycle, then what a command's
// decider finds of input, state and existence, then FUTURE_DATE, DATE_ORDER, then the rule
// codes; a money step is also judged as of its own date, and a fact registered late must
// not make an order registered before it unlawful on that order's own date.
import { isRejection, reject, type Rejection, type RejectionCode } from '../errors.js';
import type { CommandOf, CommandType, GrantCommand } from './commands.js';
import { stateAsOf } from './as-of-view.js';
import { dateOrderProblem, futureDateProblem, moneyStepDate } from './date-rules.js';
import type { DecisionContext } from './decision-context.js';
import { event, type GrantEvent } from './events.js';
import { fold } from './evolve.js';
import { ADVANCE_CEILING } from './figures.js';
import type { GrantState } from './state.js';
import {
  changePayoutAccount,
  confirmPayoutAccount,
  exportPayment,
  returnPayment,
} from './decide-bank.js';
import { amend, apply, decideGrant, revokeGrant } from './decide-decision.js';
import { checkLifecycle, closeGrant } from './decide-lifecycle.js';
import { orderBecameUnlawful } from './late-steps.js';
import {
  attestPayment,
  cancelPayment,
  payAdvance,
  payClaim,
  settlePayment,
} from './decide-payments.js';
import {
  claimRecovery,
  duplicateReceipt,
  receiptNotOwed,
  recoveryInForce,
  reduceRecovery,
  registerRepayment,
  withdrawRecovery,
} from './decide-recovery.js';
import {
  fulfilCondition,
  reportCosts,
  reportIndicator,
  reviewCosts,
  submitFinalReport,
} from './decide-reports.js';

export type { DecisionContext };
export type Decision = GrantEvent[] | Rejection;
export { ADVANCE_CEILING };

/** The codes reported before FUTURE_DATE and DATE_ORDER when a command breaks several rules. */
const BEFORE_DATES: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'INVALID_INPUT',
  'IDEMPOTENCY_CONFLICT',
  'UNKNOWN_GRANT',
  'INVALID_STATE',
  'ALREADY_EXISTS',
]);

export function decide(
  command: GrantCommand,
  state: GrantState,
  context: DecisionContext,
): Decision {
  const lifecycle = checkLifecycle(command, state);
  if (lifecycle) return lifecycle;
  const decided = decideByType(command, state, context);
  // The date rules are judged after the lifecycle and the ids a command names (which they
  // need) and before the rules of the command: the order domain.md reports codes in.
  if (isRejection(decided) && BEFORE_DATES.has(decided.code)) return decided;
  const dates = futureDateProblem(command, context) ?? dateOrderProblem(command, state, context);
  if (dates || isRejection(decided)) return dates ?? decided;
  return (
    afterDates(command, state, context) ??
    lawfulOnItsOwnDate(command, state, context) ??
    laterOrdersStayLawful(command, state, context, decided) ??
    decided
  );
}

/** Rules a command's decider leaves until its dates are judged (domain.md says so). */
function afterDates(
  command: GrantCommand,
  state: GrantState,
  ctx: DecisionContext,
): Rejection | undefined {
  if (command.type !== 'RegisterRepayment') return undefined;
  const recovery = state.recoveries.get(command.recoveryId);
  if (!recovery) return undefined;
  return (
    duplicateReceipt(command, state) ?? receiptNotOwed(command, recovery, ctx.referenceRates ?? [])
  );
}

/**
 * A money step must also be lawful as of its own business date: facts registered late
 * but dated after it (a review, a repayment) must not have made room for it
 * (as-of-view.ts). Then the balance as of every past day keeps every invariant.
 */
function lawfulOnItsOwnDate(
  command: GrantCommand,
  state: GrantState,
  context: DecisionContext,
): Rejection | undefined {
  const date = moneyStepDate(command, context);
  if (date === undefined) return undefined;
  const then = stateAsOf(state, date);
  if (then === state) return undefined;
  const decided = decideByType(command, then, context);
  return isRejection(decided)
    ? { ...decided, message: `as of ${date}: ${decided.message}` }
    : undefined;
}

/** The facts that may be registered late with an earlier date, and that date. */
function lateFactDate(command: GrantCommand): string | undefined {
  switch (command.type) {
    case 'ReportCosts':
      return command.submittedOn;
    case 'ReviewCosts':
      return command.reviewedOn;
    case 'RegisterRepayment':
      return command.receivedOn;
    default:
      return undefined;
  }
}

/**
 * A fact registered late (a claim, a review, a final claim, a repayment) is accepted only if
 * every payment order already registered on or after its date stays lawful as of that
 * order's own date once the fact counts (domain.md "Business dates", rule 4).
 */
function laterOrdersStayLawful(
  command: GrantCommand,
  state: GrantState,
  context: DecisionContext,
  events: GrantEvent[],
): Rejection | undefined {
  const date = lateFactDate(command);
  if (date === undefined || state.lastMoneyStepOn === undefined) return undefined;
  if (state.lastMoneyStepOn < date) return undefined;
  const after = fold(events, state);
  const unlawful = orderBecameUnlawful(state, after, date, (c, s) => decideByType(c, s, context));
  if (!unlawful) return undefined;
  return reject(
    'DATE_ORDER',
    `registered with the date ${date}, this would make payment ${unlawful.paymentId}, ordered on ${unlawful.orderedOn}, unlawful on its own date: ${unlawful.why}`,
    pathOfDate(command),
  );
}

function pathOfDate(command: GrantCommand): string {
  if (command.type === 'ReportCosts') return 'submittedOn';
  if (command.type === 'ReviewCosts') return 'reviewedOn';
  return 'receivedOn';
}

type Decider<C extends GrantCommand> = (c: C, state: GrantState, ctx: DecisionContext) => Decision;
const ratesOf = (ctx: DecisionContext) => ctx.referenceRates ?? [];

/** The rules of each command type, keyed by every type: a new command needs rules to compile. */
const DECIDERS: { [T in CommandType]: Decider<CommandOf<T>> } = {
  ApplyForCoFinancing: (c) => apply(c),
  GrantDecision: (c, state) => decideGrant(c, state),
  AmendDecision: amend,
  RevokeGrant: revokeGrant,
  FulfilCondition: (c, state) => fulfilCondition(c, state),
  PayAdvance: payAdvance,
  ReportCosts: (c, state) => reportCosts(c, state),
  ReviewCosts: reviewCosts,
  PayClaim: payClaim,
  AttestPayment: attestPayment,
  CancelPayment: cancelPayment,
  SettlePayment: (c, state) => settlePayment(c, state),
  ReturnPayment: (c, state) => returnPayment(c, state),
  ReportIndicator: (c, state) => reportIndicator(c, state),
  SubmitFinalReport: (c, state) => submitFinalReport(c, state),
  ClaimRecovery: (c, state, ctx) => claimRecovery(c, state, ratesOf(ctx)),
  ReduceRecovery: (c, state, ctx) => {
    const recovery = recoveryInForce(state, c.recoveryId);
    return isRejection(recovery) ? recovery : reduceRecovery(c, recovery, ratesOf(ctx), ctx.actor);
  },
  WithdrawRecovery: (c, state, ctx) => {
    const recovery = recoveryInForce(state, c.recoveryId);
    return isRejection(recovery) ? recovery : withdrawRecovery(c, recovery, ctx.actor);
  },
  RegisterRepayment: (c, state) => {
    const recovery = recoveryInForce(state, c.recoveryId);
    return isRejection(recovery) ? recovery : registerRepayment(c);
  },
  CloseGrant: (c, state, ctx) => closeGrant(c, state, ratesOf(ctx)),
  ChangePayoutAccount: (c, state, ctx) => changePayoutAccount(c, state, ctx.actor),
  ConfirmPayoutAccount: (c, state, ctx) => confirmPayoutAccount(c, state, ctx.actor),
  ExportPayment: (c, state) => exportPayment(c, state),
  WithdrawApplication: (c) => [
    event('ApplicationWithdrawn', { withdrawnOn: c.withdrawnOn, reason: c.reason }),
  ],
};

export function decideByType(
  command: GrantCommand,
  state: GrantState,
  context: DecisionContext,
): Decision {
  // The table's type gives each decider its own command; TypeScript cannot follow that
  // through an index by the union's type, hence the one widening here.
  const decider = DECIDERS[command.type] as Decider<GrantCommand>;
  return decider(command, state, context);
}
