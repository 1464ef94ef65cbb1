// The decision and what changes it: the application, the decision on it, amendments and
// revocation (återkallelse). The limits of Förordning (2003:596) are checked here: the cap
// within what was asked, the advance within half the cap and 400 000 SEK.
import { reject, type Rejection } from '../errors.js';
import { Decimal, formatMoney, formatRate, min, sum } from '../money.js';
import type { CommandOf } from './commands.js';
import type { DecisionContext } from './decision-context.js';
import { event, type GrantEvent } from './events.js';
import { stateAsOf } from './as-of-view.js';
import { ADVANCE_CEILING, entitlementOf, figuresOf, halfCapOf } from './figures.js';
import type { GrantState } from './state.js';

type Decision = GrantEvent[] | Rejection;
const m = formatMoney;

export function apply(c: CommandOf<'ApplyForCoFinancing'>): Decision {
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

export function decideGrant(c: CommandOf<'GrantDecision'>, state: GrantState): Decision {
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
export function advanceLimit(
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
export function finalReportDueProblem(
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

export function amend(
  c: CommandOf<'AmendDecision'>,
  state: GrantState,
  ctx: DecisionContext,
): Decision {
  const { changes } = c;
  const terms = state.terms!;
  const f = figuresOf(state, ctx.referenceRates);
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
  const deliveries = projectEndBeforeDelivery(changes.projectEnd, state);
  if (deliveries) return deliveries;
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

/**
 * Revocation: from decidedOn the entitlement is limited (by default to what is paid and
 * ordered then, so nothing more is paid) and the settlement is final, so all of the
 * advance is set off and anything beyond the entitlement becomes recoverable.
 */
export function revokeGrant(
  c: CommandOf<'RevokeGrant'>,
  state: GrantState,
  ctx: DecisionContext,
): Decision {
  const f = figuresOf(stateAsOf(state, c.decidedOn), ctx.referenceRates);
  const limit = c.entitlementLimit ?? min(f.entitlement, f.netPaid.plus(f.pendingPayments));
  return [
    event('GrantRevoked', {
      decidedOn: c.decidedOn,
      decidedBy: c.decidedBy,
      ground: c.ground,
      reason: c.reason,
      entitlementLimit: m(limit),
    }),
  ];
}

/** An amended end may not cut off an indicator delivery already reported. */
function projectEndBeforeDelivery(
  projectEnd: string | undefined,
  state: GrantState,
): Rejection | undefined {
  if (projectEnd === undefined) return undefined;
  for (const indicator of state.indicators.values()) {
    const late = indicator.deliveries.find((d) => d.deliveredOn > projectEnd);
    if (late) {
      return reject(
        'PERIOD_OUTSIDE_PROJECT',
        `the project cannot end (${projectEnd}) before a reported delivery of ${indicator.id} (${late.deliveredOn})`,
        'changes.projectEnd',
      );
    }
  }
  return undefined;
}
