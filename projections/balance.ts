// The grant balance of domain.md: every figure a 2-decimal string, each by its definition
// (domain/grant/figures.ts). `today` decides whether an unsubmitted final report is overdue.
import { formatMoney, formatRate } from '../domain/money.js';
import { figuresOf } from '../domain/grant/figures.js';
import type { GrantState, GrantStatus } from '../domain/grant/state.js';
import { payoutAccountStatusOf, type PayoutAccountStatus } from './payout-account.js';

export type FinalReportState = 'pending' | 'overdue' | 'on-time' | 'late';

export interface GrantBalance {
  grantId: string;
  title: string;
  applicant: string;
  status: Exclude<GrantStatus, 'none'>;
  cap: string;
  rate: string;
  advanceGranted: string;
  appropriation: string | null;
  reportedCosts: string;
  approvedCosts: string;
  disallowedCosts: string;
  unreviewedCosts: string;
  entitlement: string;
  advancePaid: string;
  claimsPaid: string;
  pendingPayments: string;
  repaid: string;
  netPaid: string;
  payable: string;
  overpaid: string;
  advanceUnsettled: string;
  repaymentDue: string;
  remainingCap: string;
  undisbursed: string;
  conditions: { id: string; text: string; fulfilled: boolean; fulfilledOn: string | null }[];
  finalReport: { due: string | null; submittedOn: string | null; state: FinalReportState };
  /** Where payments go, and a change waiting for a second person's confirmation. */
  payoutAccount: PayoutAccountStatus;
}

export function finalReportStateOf(due: string | undefined, submittedOn: string | undefined, today: string): FinalReportState {
  if (submittedOn !== undefined) return due !== undefined && submittedOn > due ? 'late' : 'on-time';
  if (due !== undefined && today > due) return 'overdue';
  return 'pending';
}

/** undefined when the grant has no application (as of the moment asked). */
export function balanceOf(grantId: string, state: GrantState, today: string): GrantBalance | undefined {
  if (state.status === 'none' || !state.application) return undefined;
  const f = figuresOf(state);
  const due = state.terms?.finalReportDue;
  return {
    grantId,
    title: state.application.title,
    applicant: state.application.applicant.name,
    status: state.status,
    cap: formatMoney(f.cap),
    rate: formatRate(f.rate),
    advanceGranted: formatMoney(f.advanceGranted),
    appropriation: state.terms?.appropriation ?? null,
    reportedCosts: formatMoney(f.reportedCosts),
    approvedCosts: formatMoney(f.approvedCosts),
    disallowedCosts: formatMoney(f.disallowedCosts),
    unreviewedCosts: formatMoney(f.unreviewedCosts),
    entitlement: formatMoney(f.entitlement),
    advancePaid: formatMoney(f.advancePaid),
    claimsPaid: formatMoney(f.claimsPaid),
    pendingPayments: formatMoney(f.pendingPayments),
    repaid: formatMoney(f.repaid),
    netPaid: formatMoney(f.netPaid),
    payable: formatMoney(f.payable),
    overpaid: formatMoney(f.overpaid),
    advanceUnsettled: formatMoney(f.advanceUnsettled),
    repaymentDue: formatMoney(f.repaymentDue),
    remainingCap: formatMoney(f.remainingCap),
    undisbursed: formatMoney(f.undisbursed),
    conditions: [...state.conditions.values()].map((c) => ({ id: c.id, text: c.text, fulfilled: c.fulfilledOn !== undefined, fulfilledOn: c.fulfilledOn ?? null })),
    finalReport: { due: due ?? null, submittedOn: state.finalReportSubmittedOn ?? null, state: finalReportStateOf(due, state.finalReportSubmittedOn, today) },
    payoutAccount: payoutAccountStatusOf(state),
  };
}
