// The grant balance of domain.md: every figure a 2-decimal string, each by its definition
// (domain/grant/figures.ts). `today` decides whether an unsubmitted final report is overdue,
// and is the day (included) up to which recovery interest has accrued.
import { formatMoney, formatRate } from '../domain/money.js';
import { figuresOf, interestFiguresOf } from '../domain/grant/figures.js';
import type { ReferenceRate } from '../domain/interest.js';
import type { GrantState, GrantStatus, Recovery } from '../domain/grant/state.js';
import type { RecoveryStatus } from '../domain/grant/recovery-account.js';
import { payoutAccountStatusOf, type PayoutAccountStatus } from './payout-account.js';

/** A receipt with its derived split (interest first, in receivedOn order). */
export interface RepaymentLineView {
  receivedOn: string;
  amount: string;
  interestPaid: string;
  principalPaid: string;
  bankReference: string | null;
}

/** One recovery in the balance, as of the day asked. */
export interface RecoveryLine {
  recoveryId: string;
  /** The principal after reductions (0.00 once withdrawn). */
  amount: string;
  waived: string;
  status: RecoveryStatus;
  dueOn: string | null;
  /** The first day of interest by law; null: the recovery accrues none. */
  interestFrom: string | null;
  principalOutstanding: string;
  interestAccrued: string;
  interestPaid: string;
  interestDue: string;
  repayments: RepaymentLineView[];
  /** "reference rate missing for 2025-01-01": the half-year whose rate is not set yet. */
  referenceRateMissingFrom: string | null;
}

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
  settlementFinal: boolean;
  advancePaid: string;
  claimsPaid: string;
  pendingPayments: string;
  repaid: string;
  netPaid: string;
  advanceOffset: string;
  advanceOutstanding: string;
  payable: string;
  overpaid: string;
  advanceUnsettled: string;
  waived: string;
  repaymentDue: string;
  interestAccrued: string;
  interestPaid: string;
  interestDue: string;
  recoveries: RecoveryLine[];
  remainingCap: string;
  undisbursed: string;
  conditions: { id: string; text: string; fulfilled: boolean; fulfilledOn: string | null }[];
  finalReport: { due: string | null; submittedOn: string | null; state: FinalReportState };
  /** Where payments go, and a change waiting for a second person's confirmation. */
  payoutAccount: PayoutAccountStatus;
}

/** A shape's field names, nested where the field is an object read back field by field. */
type LayoutOf<T, Nested extends keyof T> = {
  readonly [K in keyof T]-?: K extends Nested ? { readonly [F in keyof T[K]]-?: null } : null;
};

/**
 * The balance's fields in the order its JSON shows them (HTTP, CLI): the order balanceOf
 * builds them in and the read stores give them back in (test/projections/
 * balance-read-back.test.ts pins both). The type makes it name every field, and only those.
 */
export const BALANCE_LAYOUT: LayoutOf<GrantBalance, 'finalReport'> = {
  grantId: null,
  title: null,
  applicant: null,
  status: null,
  cap: null,
  rate: null,
  advanceGranted: null,
  appropriation: null,
  reportedCosts: null,
  approvedCosts: null,
  disallowedCosts: null,
  unreviewedCosts: null,
  entitlement: null,
  settlementFinal: null,
  advancePaid: null,
  claimsPaid: null,
  pendingPayments: null,
  repaid: null,
  netPaid: null,
  advanceOffset: null,
  advanceOutstanding: null,
  payable: null,
  overpaid: null,
  advanceUnsettled: null,
  waived: null,
  repaymentDue: null,
  interestAccrued: null,
  interestPaid: null,
  interestDue: null,
  recoveries: null,
  remainingCap: null,
  undisbursed: null,
  conditions: null,
  finalReport: { due: null, submittedOn: null, state: null },
  payoutAccount: null,
};

export function finalReportStateOf(
  due: string | undefined,
  submittedOn: string | undefined,
  today: string,
): FinalReportState {
  if (submittedOn !== undefined) return due !== undefined && submittedOn > due ? 'late' : 'on-time';
  if (due !== undefined && today > due) return 'overdue';
  return 'pending';
}

/** The interest figures of the balance, as of `day`: shared by the fold and the read stores. */
export function interestLinesOf(
  recoveries: Iterable<Recovery>,
  rates: readonly ReferenceRate[],
  day: string,
) {
  const i = interestFiguresOf(recoveries, rates, day);
  return {
    interestAccrued: formatMoney(i.interestAccrued),
    interestPaid: formatMoney(i.interestPaid),
    interestDue: formatMoney(i.interestDue),
    recoveries: i.recoveries.map((r): RecoveryLine => ({
      recoveryId: r.recoveryId,
      amount: formatMoney(r.amount),
      waived: formatMoney(r.waived),
      status: r.status,
      dueOn: r.dueOn ?? null,
      interestFrom: r.interestFrom ?? null,
      principalOutstanding: formatMoney(r.principalOutstanding),
      interestAccrued: formatMoney(r.interestAccrued),
      interestPaid: formatMoney(r.interestPaid),
      interestDue: formatMoney(r.interestDue),
      repayments: r.repayments.map((p) => ({
        receivedOn: p.receivedOn,
        amount: formatMoney(p.amount),
        interestPaid: formatMoney(p.interestPaid),
        principalPaid: formatMoney(p.principalPaid),
        bankReference: p.bankReference ?? null,
      })),
      referenceRateMissingFrom: r.referenceRateMissingFrom ?? null,
    })),
  };
}

/** undefined when the grant has no application (as of the moment asked). */
export function balanceOf(
  grantId: string,
  state: GrantState,
  today: string,
  rates: readonly ReferenceRate[] = [],
): GrantBalance | undefined {
  if (state.status === 'none' || !state.application) return undefined;
  const f = figuresOf(state, rates);
  const interest = interestLinesOf(state.recoveries.values(), rates, today);
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
    settlementFinal: f.settlementFinal,
    advancePaid: formatMoney(f.advancePaid),
    claimsPaid: formatMoney(f.claimsPaid),
    pendingPayments: formatMoney(f.pendingPayments),
    repaid: formatMoney(f.repaid),
    netPaid: formatMoney(f.netPaid),
    advanceOffset: formatMoney(f.advanceOffset),
    advanceOutstanding: formatMoney(f.advanceOutstanding),
    payable: formatMoney(f.payable),
    overpaid: formatMoney(f.overpaid),
    advanceUnsettled: formatMoney(f.advanceUnsettled),
    waived: formatMoney(f.waived),
    repaymentDue: formatMoney(f.repaymentDue),
    interestAccrued: interest.interestAccrued,
    interestPaid: interest.interestPaid,
    interestDue: interest.interestDue,
    recoveries: interest.recoveries,
    remainingCap: formatMoney(f.remainingCap),
    undisbursed: formatMoney(f.undisbursed),
    conditions: [...state.conditions.values()].map((c) => ({
      id: c.id,
      text: c.text,
      fulfilled: c.fulfilledOn !== undefined,
      fulfilledOn: c.fulfilledOn ?? null,
    })),
    finalReport: {
      due: due ?? null,
      submittedOn: state.finalReportSubmittedOn ?? null,
      state: finalReportStateOf(due, state.finalReportSubmittedOn, today),
    },
    payoutAccount: payoutAccountStatusOf(state),
  };
}
