// decide(command, state, context) → events | Rejection. Every rule of domain.md lives
// here and only here; interfaces translate, they never decide. Pure: time and the
// acting person come in through `context`, never from a clock or a global.
import { sameActor } from '../actor.js';
import { isRejection, reject, type Rejection, type RejectionCode } from '../errors.js';
import { dateOfTimestamp, isWithin } from '../dates.js';
import { Decimal, formatMoney, formatRate, sum } from '../money.js';
import type { CommandOf, CommandType, GrantCommand } from './commands.js';
import { stateAsOf } from './as-of-view.js';
import { dateOrderProblem, moneyStepDate } from './date-rules.js';
import { event, type GrantEvent } from './events.js';
import {
  ADVANCE_CEILING,
  entitlementOf,
  figuresOf,
  halfCapOf,
  interestFiguresOf,
} from './figures.js';
import { referenceRateOn, splitRepayment, type ReferenceRate } from '../interest.js';
import type { GrantState, Payment } from './state.js';
import {
  changePayoutAccount,
  confirmPayoutAccount,
  exportPayment,
  returnPayment,
} from './decide-bank.js';

export interface DecisionContext {
  /** Who acts: the authenticated person, never a field the caller chooses over HTTP. */
  actor: string;
  /** When the ledger handles the command (ISO timestamp from the injected clock). */
  now: string;
  /**
   * The reference rates (stream `reference-rates`), sorted by validFrom, that recovery
   * interest is computed with: loaded by the command handler for ClaimRecovery,
   * RegisterRepayment and CloseGrant. Absent: none are set.
   */
  referenceRates?: readonly ReferenceRate[];
}

export type Decision = GrantEvent[] | Rejection;

export { ADVANCE_CEILING };

const m = formatMoney;

/** The codes reported before DATE_ORDER when a command breaks several rules (domain.md "Rules"). */
const BEFORE_DATE_ORDER: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
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
  if (isRejection(decided) && BEFORE_DATE_ORDER.has(decided.code)) return decided;
  const dates = dateOrderProblem(command, state, context);
  if (dates || isRejection(decided)) return dates ?? decided;
  return lawfulOnItsOwnDate(command, state, context) ?? decided;
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

type Decider<C extends GrantCommand> = (c: C, state: GrantState, ctx: DecisionContext) => Decision;

/** The rules of each command type, keyed by every type: a new command needs rules to compile. */
const DECIDERS: { [T in CommandType]: Decider<CommandOf<T>> } = {
  ApplyForCoFinancing: (c) => apply(c),
  GrantDecision: (c, state) => decideGrant(c, state),
  AmendDecision: (c, state) => amend(c, state),
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
  ClaimRecovery: (c, state, ctx) => claimRecovery(c, state, ctx.referenceRates ?? []),
  RegisterRepayment: (c, state, ctx) => registerRepayment(c, state, ctx.referenceRates ?? []),
  CloseGrant: (c, state, ctx) => closeGrant(c, state, ctx.referenceRates ?? []),
  ChangePayoutAccount: (c, state, ctx) => changePayoutAccount(c, state, ctx.actor),
  ConfirmPayoutAccount: (c, state, ctx) => confirmPayoutAccount(c, state, ctx.actor),
  ExportPayment: (c, state) => exportPayment(c, state),
  WithdrawApplication: (c) => [
    event('ApplicationWithdrawn', { withdrawnOn: c.withdrawnOn, reason: c.reason }),
  ],
};

function decideByType(
  command: GrantCommand,
  state: GrantState,
  context: DecisionContext,
): Decision {
  // The table's type gives each decider its own command; TypeScript cannot follow that
  // through an index by the union's type, hence the one widening here.
  const decider = DECIDERS[command.type] as Decider<GrantCommand>;
  return decider(command, state, context);
}

function submitFinalReport(command: CommandOf<'SubmitFinalReport'>, state: GrantState): Decision {
  const submittedOn = state.finalReportSubmittedOn;
  if (submittedOn !== undefined) {
    return reject('INVALID_STATE', `the final report was already submitted on ${submittedOn}`);
  }
  return [event('FinalReportSubmitted', { submittedOn: command.submittedOn })];
}

/** Which commands fit which status: the lifecycle, checked before any other rule. */
function checkLifecycle(command: GrantCommand, state: GrantState): Rejection | undefined {
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
      if (command.type === 'GrantDecision' || command.type === 'WithdrawApplication')
        return undefined;
      // The payee's account may be given or corrected before the decision.
      if (command.type === 'ChangePayoutAccount' || command.type === 'ConfirmPayoutAccount')
        return undefined;
      return reject(
        'INVALID_STATE',
        `grant ${grant} is not approved yet; ${command.type} needs an approved grant`,
      );
    case 'approved':
      if (command.type === 'GrantDecision')
        return reject('INVALID_STATE', `grant ${grant} is already decided`);
      if (command.type === 'WithdrawApplication') {
        const f = figuresOf(state);
        if (
          f.netPaid.plus(f.pendingPayments).greaterThan(0) ||
          f.advancePaid.greaterThan(0) ||
          f.claimsPaid.greaterThan(0)
        ) {
          return reject(
            'INVALID_STATE',
            `grant ${grant} has payments; it cannot be withdrawn, only recovered and closed`,
          );
        }
      }
      return undefined;
  }
}

function apply(c: CommandOf<'ApplyForCoFinancing'>): Decision {
  return [
    event('CoFinancingApplied', {
      applicant: c.applicant,
      title: c.title,
      ...(c.description !== undefined ? { description: c.description } : {}),
      requestedAmount: m(c.requestedAmount),
      ...(c.requestedAdvance !== undefined ? { requestedAdvance: m(c.requestedAdvance) } : {}),
      projectPeriod: c.projectPeriod,
      otherFinancing: (c.otherFinancing ?? []).map((f) => ({
        financier: f.financier,
        ...(f.amount !== undefined ? { amount: m(f.amount) } : {}),
      })),
      submittedOn: c.submittedOn,
    }),
  ];
}

/** The decision's motivation, basis and report-to, only those given (absent stays absent). */
function decisionDocument(c: CommandOf<'GrantDecision'>) {
  return {
    ...(c.motivation !== undefined ? { motivation: c.motivation } : {}),
    ...(c.basis !== undefined ? { basis: c.basis } : {}),
    ...(c.reportTo !== undefined ? { reportTo: c.reportTo } : {}),
  };
}

function decideGrant(c: CommandOf<'GrantDecision'>, state: GrantState): Decision {
  if (c.outcome === 'rejected') {
    return [
      event('GrantRejected', {
        decidedOn: c.decidedOn,
        decidedBy: c.decidedBy,
        ...(c.reason !== undefined ? { reason: c.reason } : {}),
        ...decisionDocument(c),
      }),
    ];
  }
  const application = state.application!;
  const { terms } = c;
  const due = finalReportDueProblem(terms.finalReportDue, state, 'terms.finalReportDue');
  if (due) return due;
  if (terms.cap.greaterThan(application.requestedAmount)) {
    return reject(
      'CAP_EXCEEDS_REQUEST',
      `the cap ${m(terms.cap)} is above the requested ${m(application.requestedAmount)}`,
      'terms.cap',
    );
  }
  const advanceProblem = advanceLimit(terms.advance, terms.cap, application.requestedAdvance);
  if (advanceProblem) return advanceProblem;
  return [
    event('GrantApproved', {
      decidedOn: c.decidedOn,
      decidedBy: c.decidedBy,
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      ...decisionDocument(c),
      terms: {
        rate: formatRate(terms.rate),
        cap: m(terms.cap),
        advance: m(terms.advance),
        appropriation: terms.appropriation,
        legalBasis: terms.legalBasis,
        ...(terms.generalConditions !== undefined
          ? { generalConditions: terms.generalConditions }
          : {}),
        ...(terms.delegation !== undefined ? { delegation: terms.delegation } : {}),
        conditions: terms.conditions,
        indicators: terms.indicators,
        finalReportDue: terms.finalReportDue,
        ...(terms.advanceOffsetting !== undefined
          ? { advanceOffsetting: terms.advanceOffsetting }
          : {}),
      },
    }),
  ];
}

/**
 * Förordning 2003:596 11 § and 2022:1379 2 kap. 9 §: at most what was asked, half the cap,
 * 400 000 SEK.
 */
function advanceLimit(
  advance: Decimal,
  cap: Decimal,
  requested: Decimal | undefined,
): Rejection | undefined {
  const path = 'terms.advance';
  if (advance.greaterThan(requested ?? 0)) {
    return reject(
      'ADVANCE_LIMIT',
      `the advance ${m(advance)} is above the requested advance ${m(requested ?? new Decimal(0))}`,
      path,
    );
  }
  if (advance.greaterThan(halfCapOf(cap))) {
    return reject(
      'ADVANCE_LIMIT',
      `the advance ${m(advance)} is above half the cap (${m(halfCapOf(cap))})`,
      path,
    );
  }
  if (advance.greaterThan(ADVANCE_CEILING))
    return reject(
      'ADVANCE_LIMIT',
      `the advance ${m(advance)} is above ${m(ADVANCE_CEILING)} SEK`,
      path,
    );
  return undefined;
}

/**
 * A final report due before the project starts is a typing error, not a decision (INVALID_INPUT).
 */
function finalReportDueProblem(
  due: string | undefined,
  state: GrantState,
  path: string,
): Rejection | undefined {
  const start = state.projectPeriod?.start;
  if (due === undefined || start === undefined || due >= start) return undefined;
  return reject(
    'INVALID_INPUT',
    `the final report cannot be due (${due}) before the project starts (${start})`,
    path,
  );
}

function amend(c: CommandOf<'AmendDecision'>, state: GrantState): Decision {
  const { changes } = c;
  const terms = state.terms!;
  const f = figuresOf(state);
  const cap = changes.cap ?? terms.cap;
  const rate = changes.rate ?? terms.rate;
  if (changes.projectEnd !== undefined && changes.projectEnd < state.projectPeriod!.start) {
    return reject(
      'INVALID_INPUT',
      `the project cannot end (${changes.projectEnd}) before it starts (${state.projectPeriod!.start})`,
      'changes.projectEnd',
    );
  }
  const due = finalReportDueProblem(changes.finalReportDue, state, 'changes.finalReportDue');
  if (due) return due;
  if (changes.cap !== undefined && changes.cap.greaterThan(state.application!.requestedAmount)) {
    return reject(
      'CAP_EXCEEDS_REQUEST',
      `the cap ${m(changes.cap)} is above the requested ${m(state.application!.requestedAmount)}`,
      'changes.cap',
    );
  }
  if (changes.projectEnd !== undefined) {
    const lastClaimDay = [...state.claims.values()].reduce(
      (last, claim) => (claim.period.to > last ? claim.period.to : last),
      '',
    );
    if (lastClaimDay > changes.projectEnd) {
      return reject(
        'PERIOD_OUTSIDE_PROJECT',
        `the project cannot end (${changes.projectEnd}) before a reported claim's period ends (${lastClaimDay})`,
        'changes.projectEnd',
      );
    }
  }
  if (cap.lessThan(f.netPaid.plus(f.pendingPayments))) {
    return reject(
      'CAP_BELOW_PAID',
      `the cap ${m(cap)} would be below what is paid and ordered (${m(f.netPaid.plus(f.pendingPayments))})`,
      'changes.cap',
    );
  }
  // Keeps the invariant "attested claim payments never above entitlement" true after a
  // lower rate or cap: an amendment cannot take back entitlement already paid out on claims,
  // nor entitlement a claim payment is ordered against (attesting it later would pay claims
  // above the entitlement).
  const claimsOrdered = sum(
    [...state.payments.values()]
      .filter((p) => p.kind === 'claim' && p.status !== 'cancelled' && p.status !== 'returned')
      .map((p) => p.amount),
  );
  if (entitlementOf(rate, cap, f.approvedCosts).lessThan(claimsOrdered)) {
    return reject(
      'CAP_BELOW_PAID',
      `the amended entitlement would be below the claims already paid or ordered (${m(claimsOrdered)})`,
      changes.rate ? 'changes.rate' : 'changes.cap',
    );
  }
  // The advance follows the cap: half the new cap may not be below the advances already
  // ordered (attested or pending), or an advance above half the cap would stand.
  if (changes.cap !== undefined && halfCapOf(cap).lessThan(f.advanceOrdered)) {
    return reject(
      'ADVANCE_LIMIT',
      `half the new cap (${m(halfCapOf(cap))}) would be below the advances already ordered (${m(f.advanceOrdered)})`,
      'changes.cap',
    );
  }
  return [
    event('DecisionAmended', {
      decidedOn: c.decidedOn,
      decidedBy: c.decidedBy,
      changes: {
        ...(changes.cap !== undefined ? { cap: m(changes.cap) } : {}),
        ...(changes.rate !== undefined ? { rate: formatRate(changes.rate) } : {}),
        ...(changes.projectEnd !== undefined ? { projectEnd: changes.projectEnd } : {}),
        ...(changes.finalReportDue !== undefined ? { finalReportDue: changes.finalReportDue } : {}),
      },
    }),
  ];
}

function fulfilCondition(c: CommandOf<'FulfilCondition'>, state: GrantState): Decision {
  const condition = state.conditions.get(c.conditionId);
  if (!condition)
    return reject('INVALID_STATE', `the decision has no condition ${c.conditionId}`, 'conditionId');
  if (condition.fulfilledOn !== undefined)
    return reject(
      'INVALID_STATE',
      `condition ${c.conditionId} was already fulfilled on ${condition.fulfilledOn}`,
      'conditionId',
    );
  return [
    event('ConditionFulfilled', {
      conditionId: c.conditionId,
      fulfilledOn: c.fulfilledOn,
      evidence: c.evidence,
    }),
  ];
}

function paymentIdTaken(state: GrantState, paymentId: string): Rejection | undefined {
  return state.payments.has(paymentId)
    ? reject('ALREADY_EXISTS', `payment ${paymentId} already exists`, 'paymentId')
    : undefined;
}

/** No order may make netPaid + pending exceed the cap. */
function capCheck(state: GrantState, amount: Decimal): Rejection | undefined {
  const f = figuresOf(state);
  const after = f.netPaid.plus(f.pendingPayments).plus(amount);
  return after.greaterThan(f.cap)
    ? reject(
        'EXCEEDS_PAYABLE',
        `ordering ${m(amount)} would bring paid and ordered to ${m(after)}, above the cap ${m(f.cap)}`,
        'amount',
      )
    : undefined;
}

function payAdvance(c: CommandOf<'PayAdvance'>, state: GrantState, ctx: DecisionContext): Decision {
  // An advance is paid before costs are reported; once the final claim is in, costs are known.
  if (state.finalClaimId !== undefined) {
    return reject(
      'INVALID_STATE',
      `the final claim ${state.finalClaimId} is reported; no advance can be paid after it`,
    );
  }
  const taken = paymentIdTaken(state, c.paymentId);
  if (taken) return taken;
  const f = figuresOf(state);
  if (f.advanceOrdered.plus(c.amount).greaterThan(f.advanceGranted)) {
    return reject(
      'ADVANCE_LIMIT',
      `advances ordered would total ${m(f.advanceOrdered.plus(c.amount))}, above the advance granted (${m(f.advanceGranted)})`,
      'amount',
    );
  }
  const cap = capCheck(state, c.amount);
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

function reportCosts(c: CommandOf<'ReportCosts'>, state: GrantState): Decision {
  if (state.claims.has(c.claimId))
    return reject('ALREADY_EXISTS', `claim ${c.claimId} already exists`, 'claimId');
  if (state.finalClaimId !== undefined)
    return reject('INVALID_STATE', `the final claim ${state.finalClaimId} was already reported`);
  const project = state.projectPeriod!;
  if (
    !isWithin(c.period.from, project.start, project.end) ||
    !isWithin(c.period.to, project.start, project.end)
  ) {
    return reject(
      'PERIOD_OUTSIDE_PROJECT',
      `the claim period ${c.period.from}..${c.period.to} is outside the project period ${project.start}..${project.end}`,
      'period',
    );
  }
  return [
    event('CostsReported', {
      claimId: c.claimId,
      period: c.period,
      costs: c.costs.map((cost) => ({ category: cost.category, amount: m(cost.amount) })),
      total: m(sum(c.costs.map((cost) => cost.amount))),
      submittedOn: c.submittedOn,
      final: c.final ?? false,
    }),
  ];
}

function reviewCosts(
  c: CommandOf<'ReviewCosts'>,
  state: GrantState,
  ctx: DecisionContext,
): Decision {
  const claim = state.claims.get(c.claimId);
  if (!claim) return reject('INVALID_STATE', `there is no claim ${c.claimId}`, 'claimId');
  if (claim.review)
    return reject(
      'REVIEW_MISMATCH',
      `claim ${c.claimId} was already reviewed on ${claim.review.reviewedOn}`,
      'claimId',
    );
  const disallowed = c.disallowed ?? [];
  const accounted = c.approvedAmount.plus(sum(disallowed.map((d) => d.amount)));
  if (!accounted.equals(claim.reported)) {
    return reject(
      'REVIEW_MISMATCH',
      `approved ${m(c.approvedAmount)} plus disallowed makes ${m(accounted)}, but the claim reported ${m(claim.reported)}`,
      'approvedAmount',
    );
  }
  return [
    event('CostsReviewed', {
      claimId: c.claimId,
      reviewedOn: c.reviewedOn,
      approvedAmount: m(c.approvedAmount),
      disallowed: disallowed.map((d) => ({ amount: m(d.amount), reason: d.reason })),
      reviewedBy: ctx.actor,
    }),
  ];
}

function payClaim(c: CommandOf<'PayClaim'>, state: GrantState, ctx: DecisionContext): Decision {
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
  const { payable } = figuresOf(state);
  if (c.amount.greaterThan(payable))
    return reject(
      'EXCEEDS_PAYABLE',
      `${m(c.amount)} is above what is payable (${m(payable)})`,
      'amount',
    );
  const cap = capCheck(state, c.amount);
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

function orderedPayment(state: GrantState, paymentId: string): Payment | Rejection {
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

function attestPayment(
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

function cancelPayment(
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

function settlePayment(c: CommandOf<'SettlePayment'>, state: GrantState): Decision {
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

function reportIndicator(c: CommandOf<'ReportIndicator'>, state: GrantState): Decision {
  const indicator = state.indicators.get(c.indicatorId);
  if (!indicator)
    return reject(
      'UNKNOWN_INDICATOR',
      `the decision names no indicator ${c.indicatorId}`,
      'indicatorId',
    );
  // The decision's own keys only: `in` would also find inherited names such as constructor.
  if (!Object.hasOwn(indicator.targets, c.kind)) {
    return reject(
      'UNKNOWN_INDICATOR',
      `indicator ${c.indicatorId} has no kind ${c.kind} (it counts ${Object.keys(indicator.targets).join(', ')})`,
      'kind',
    );
  }
  const project = state.projectPeriod!;
  if (!isWithin(c.deliveredOn, project.start, project.end)) {
    return reject(
      'PERIOD_OUTSIDE_PROJECT',
      `${c.deliveredOn} is outside the project period ${project.start}..${project.end}`,
      'deliveredOn',
    );
  }
  return [
    event('IndicatorProgressReported', {
      indicatorId: c.indicatorId,
      kind: c.kind,
      title: c.title,
      deliveredOn: c.deliveredOn,
    }),
  ];
}

function claimRecovery(
  c: CommandOf<'ClaimRecovery'>,
  state: GrantState,
  rates: readonly ReferenceRate[],
): Decision {
  if (state.recoveries.has(c.recoveryId))
    return reject('ALREADY_EXISTS', `recovery ${c.recoveryId} already exists`, 'recoveryId');
  if (c.dueOn !== undefined && c.dueOn < c.decidedOn) {
    return reject(
      'DATE_ORDER',
      `the recovery cannot fall due (${c.dueOn}) before it is decided (${c.decidedOn})`,
      'dueOn',
    );
  }
  const f = figuresOf(state);
  // A recovery claims back what was paid beyond the entitlement (overpaid) and is not
  // already being claimed back. Claiming back money the grant is entitled to would only
  // raise `payable` again, so the ledger would pay it out twice.
  const recoverable = f.overpaid.minus(f.recoveriesOutstanding);
  if (c.amount.greaterThan(recoverable)) {
    return reject(
      'INVALID_STATE',
      `a recovery of ${m(c.amount)} is above what was paid beyond the entitlement and not already claimed back (${m(recoverable)})`,
      'amount',
    );
  }
  if (c.interest && referenceRateOn(rates, c.interest.from) === undefined) {
    return reject(
      'INVALID_STATE',
      `no reference rate is set for ${c.interest.from}; interest by law needs one (SetReferenceRate)`,
      'interest.from',
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

/**
 * Interest first, then principal (domain.md "Interest on recoveries"); the split is
 * recorded, never recomputed.
 */
function registerRepayment(
  c: CommandOf<'RegisterRepayment'>,
  state: GrantState,
  rates: readonly ReferenceRate[],
): Decision {
  const recovery = state.recoveries.get(c.recoveryId);
  if (!recovery)
    return reject('INVALID_STATE', `there is no recovery ${c.recoveryId}`, 'recoveryId');
  const terms =
    recovery.interest && recovery.dueOn !== undefined
      ? { from: recovery.interest.from, dueOn: recovery.dueOn }
      : undefined;
  const split = splitRepayment(
    c.amount,
    {
      amount: recovery.amount,
      terms,
      repayments: recovery.repayments,
      interestPaid: recovery.interestPaid,
    },
    rates,
    c.receivedOn,
  );
  const outstanding = recovery.amount.minus(recovery.repaid);
  if (split.principalPaid.greaterThan(outstanding)) {
    return reject(
      'INVALID_STATE',
      `a repayment of ${m(c.amount)} is above what recovery ${c.recoveryId} still claims on ${c.receivedOn} (interest ${m(split.interestDue)} + principal ${m(outstanding)})`,
      'amount',
    );
  }
  return [
    event('RepaymentReceived', {
      recoveryId: c.recoveryId,
      amount: m(c.amount),
      receivedOn: c.receivedOn,
      interestPaid: m(split.interestPaid),
      principalPaid: m(split.principalPaid),
    }),
  ];
}

/** Every point that keeps a grant open on `closedOn` (domain.md "Further rules", CloseGrant). */
function openPoints(
  state: GrantState,
  rates: readonly ReferenceRate[],
  closedOn: string,
): string[] {
  const f = figuresOf(state);
  const { interestDue } = interestFiguresOf(state.recoveries.values(), rates, closedOn);
  const open: string[] = [];
  if (state.finalReportSubmittedOn === undefined) open.push('the final report is not submitted');
  const attested = [...state.payments.values()].some((p) => p.status === 'attested');
  if ((state.claims.size > 0 || attested) && state.finalClaimId === undefined)
    open.push('no final claim is reported');
  const unreviewed = [...state.claims.values()]
    .filter((claim) => !claim.review)
    .map((claim) => claim.claimId);
  if (unreviewed.length > 0) open.push(`claims not reviewed: ${unreviewed.join(', ')}`);
  if (f.pendingPayments.greaterThan(0))
    open.push(`${m(f.pendingPayments)} of payments are pending`);
  if (f.payable.greaterThan(0)) open.push(`${m(f.payable)} is still payable`);
  if (f.overpaid.greaterThan(0))
    open.push(`${m(f.overpaid)} is paid beyond the entitlement (overpaid) and not repaid`);
  if (interestDue.greaterThan(0))
    open.push(`${m(interestDue)} of interest is due on recoveries as of ${closedOn}`);
  return open;
}

function closeGrant(
  c: CommandOf<'CloseGrant'>,
  state: GrantState,
  rates: readonly ReferenceRate[],
): Decision {
  const open = openPoints(state, rates, c.closedOn);
  if (open.length > 0)
    return reject('NOT_SETTLED', `grant ${c.grantId} cannot close: ${open.join('; ')}`);
  return [event('GrantClosed', { closedOn: c.closedOn })];
}
