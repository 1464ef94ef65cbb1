// evolve(state, event) → state: how each fact changes the grant. Pure; it never
// rejects (events are facts that already happened) and never reads a clock.
import { money, ZERO } from '../money.js';
import type { GrantEvent } from './events.js';
import type { GrantState } from './state.js';

export function evolve(state: GrantState, event: GrantEvent): GrantState {
  // Maps are copied on write so that a state handed out earlier never changes under its holder.
  switch (event.type) {
    case 'CoFinancingApplied': {
      const d = event.data;
      return {
        ...state,
        status: 'applied',
        application: {
          applicant: d.applicant,
          title: d.title,
          requestedAmount: money(d.requestedAmount),
          ...(d.requestedAdvance !== undefined ? { requestedAdvance: money(d.requestedAdvance) } : {}),
          submittedOn: d.submittedOn,
          otherFinancing: d.otherFinancing.map((f) => ({ financier: f.financier, ...(f.amount !== undefined ? { amount: money(f.amount) } : {}) })),
        },
        projectPeriod: { ...d.projectPeriod },
      };
    }
    case 'GrantApproved': {
      const { terms } = event.data;
      return {
        ...state,
        status: 'approved',
        terms: {
          rate: money(terms.rate),
          cap: money(terms.cap),
          advance: money(terms.advance),
          appropriation: terms.appropriation,
          legalBasis: terms.legalBasis,
          ...(terms.generalConditions !== undefined ? { generalConditions: terms.generalConditions } : {}),
          ...(terms.delegation !== undefined ? { delegation: terms.delegation } : {}),
          finalReportDue: terms.finalReportDue,
          decidedOn: event.data.decidedOn,
          decidedBy: event.data.decidedBy,
        },
        conditions: new Map(terms.conditions.map((c) => [c.id, { id: c.id, text: c.text }])),
        indicators: new Map(
          terms.indicators.map((i) => [
            i.id,
            { id: i.id, name: i.name, targets: { ...i.targets }, achieved: Object.fromEntries(Object.keys(i.targets).map((k) => [k, 0])), deliveries: [] },
          ]),
        ),
      };
    }
    case 'GrantRejected':
      return { ...state, status: 'rejected', rejection: { ...event.data } };
    case 'DecisionAmended': {
      const { changes } = event.data;
      if (!state.terms) return state;
      return {
        ...state,
        amendments: state.amendments + 1,
        terms: {
          ...state.terms,
          ...(changes.cap !== undefined ? { cap: money(changes.cap) } : {}),
          ...(changes.rate !== undefined ? { rate: money(changes.rate) } : {}),
          ...(changes.finalReportDue !== undefined ? { finalReportDue: changes.finalReportDue } : {}),
        },
        ...(changes.projectEnd !== undefined && state.projectPeriod ? { projectPeriod: { ...state.projectPeriod, end: changes.projectEnd } } : {}),
      };
    }
    case 'ConditionFulfilled': {
      const condition = state.conditions.get(event.data.conditionId);
      if (!condition) return state;
      const conditions = new Map(state.conditions);
      conditions.set(condition.id, { ...condition, fulfilledOn: event.data.fulfilledOn, evidence: event.data.evidence });
      return { ...state, conditions };
    }
    case 'PaymentOrdered': {
      const d = event.data;
      const payments = new Map(state.payments);
      payments.set(d.paymentId, {
        paymentId: d.paymentId,
        kind: d.kind,
        ...(d.claimId !== undefined ? { claimId: d.claimId } : {}),
        amount: money(d.amount),
        orderedOn: d.orderedOn,
        orderedBy: d.orderedBy,
        status: 'ordered',
      });
      return { ...state, payments };
    }
    case 'PaymentAttested': {
      const payment = state.payments.get(event.data.paymentId);
      if (!payment) return state;
      const payments = new Map(state.payments);
      payments.set(payment.paymentId, { ...payment, status: 'attested', attestedOn: event.data.attestedOn, attestedBy: event.data.attestedBy });
      return { ...state, payments };
    }
    case 'PaymentCancelled': {
      const payment = state.payments.get(event.data.paymentId);
      if (!payment) return state;
      const payments = new Map(state.payments);
      payments.set(payment.paymentId, {
        ...payment,
        status: 'cancelled',
        cancelledOn: event.data.cancelledOn,
        cancelledBy: event.data.cancelledBy,
        cancelReason: event.data.reason,
      });
      return { ...state, payments };
    }
    case 'PaymentSettled': {
      const payment = state.payments.get(event.data.paymentId);
      if (!payment) return state;
      const payments = new Map(state.payments);
      payments.set(payment.paymentId, {
        ...payment,
        settlement: { bankReference: event.data.bankReference, bookedOn: event.data.bookedOn, amount: money(event.data.amount) },
      });
      return { ...state, payments };
    }
    case 'CostsReported': {
      const d = event.data;
      const claims = new Map(state.claims);
      claims.set(d.claimId, { claimId: d.claimId, period: { ...d.period }, reported: money(d.total), submittedOn: d.submittedOn, final: d.final });
      return { ...state, claims, ...(d.final ? { finalClaimId: d.claimId } : {}) };
    }
    case 'CostsReviewed': {
      const d = event.data;
      const claim = state.claims.get(d.claimId);
      if (!claim) return state;
      const claims = new Map(state.claims);
      const disallowed = d.disallowed.reduce((total, item) => total.plus(money(item.amount)), ZERO);
      claims.set(claim.claimId, { ...claim, review: { approved: money(d.approvedAmount), disallowed, reviewedOn: d.reviewedOn, reviewedBy: d.reviewedBy } });
      return { ...state, claims };
    }
    case 'IndicatorProgressReported': {
      const d = event.data;
      const indicator = state.indicators.get(d.indicatorId);
      if (!indicator) return state;
      const indicators = new Map(state.indicators);
      indicators.set(indicator.id, {
        ...indicator,
        achieved: { ...indicator.achieved, [d.kind]: (indicator.achieved[d.kind] ?? 0) + 1 },
        deliveries: [...indicator.deliveries, { kind: d.kind, title: d.title, deliveredOn: d.deliveredOn }],
      });
      return { ...state, indicators };
    }
    case 'FinalReportSubmitted':
      return { ...state, finalReportSubmittedOn: event.data.submittedOn };
    case 'RecoveryClaimed': {
      const d = event.data;
      const recoveries = new Map(state.recoveries);
      recoveries.set(d.recoveryId, {
        recoveryId: d.recoveryId,
        amount: money(d.amount),
        repaid: ZERO,
        decidedOn: d.decidedOn,
        reason: d.reason,
        ...(d.interest ? { interest: { ...d.interest } } : {}),
      });
      return { ...state, recoveries };
    }
    case 'RepaymentReceived': {
      const recovery = state.recoveries.get(event.data.recoveryId);
      if (!recovery) return state;
      const recoveries = new Map(state.recoveries);
      recoveries.set(recovery.recoveryId, { ...recovery, repaid: recovery.repaid.plus(money(event.data.amount)) });
      return { ...state, recoveries };
    }
    case 'GrantClosed':
      return { ...state, status: 'closed', closedOn: event.data.closedOn };
    case 'ApplicationWithdrawn':
      return { ...state, status: 'withdrawn', withdrawnOn: event.data.withdrawnOn };
  }
}

export function fold(events: Iterable<GrantEvent>, state: GrantState): GrantState {
  let current = state;
  for (const e of events) current = evolve(current, e);
  return current;
}
