// What the project reports and the officer checks: conditions fulfilled, cost claims and
// their review, indicator deliveries and the final report. These may be registered late
// with their own earlier date (domain.md "Business dates"); decide() then makes sure no
// payment order already registered becomes unlawful on its own date.
import { reject, type Rejection } from '../errors.js';
import { isWithin } from '../dates.js';
import { formatMoney, sum } from '../money.js';
import type { CommandOf } from './commands.js';
import type { DecisionContext } from './decision-context.js';
import { event, type GrantEvent } from './events.js';
import type { GrantState } from './state.js';

type Decision = GrantEvent[] | Rejection;
const m = formatMoney;

export function fulfilCondition(c: CommandOf<'FulfilCondition'>, state: GrantState): Decision {
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

export function reportCosts(c: CommandOf<'ReportCosts'>, state: GrantState): Decision {
  if (state.claims.has(c.claimId))
    return reject('ALREADY_EXISTS', `claim ${c.claimId} already exists`, 'claimId');
  const afterFinal = claimAfterFinal(c, state);
  if (afterFinal) return afterFinal;
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

export function reviewCosts(
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

export function reportIndicator(c: CommandOf<'ReportIndicator'>, state: GrantState): Decision {
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

export function submitFinalReport(
  command: CommandOf<'SubmitFinalReport'>,
  state: GrantState,
): Decision {
  const submittedOn = state.finalReportSubmittedOn;
  if (submittedOn !== undefined) {
    return reject('INVALID_STATE', `the final report was already submitted on ${submittedOn}`);
  }
  return [event('FinalReportSubmitted', { submittedOn: command.submittedOn })];
}

/**
 * No claim after the final claim. A claim submitted before it (or the same day) and keyed
 * late is not after it: refusing it would make the figures depend on the keying order.
 */
function claimAfterFinal(c: CommandOf<'ReportCosts'>, state: GrantState): Rejection | undefined {
  if (state.finalClaimId === undefined) return undefined;
  const finalClaim = state.claims.get(state.finalClaimId);
  if (!c.final && finalClaim && c.submittedOn <= finalClaim.submittedOn) return undefined;
  return reject('INVALID_STATE', `the final claim ${state.finalClaimId} was already reported`);
}
