// evolve(state, event) → state: how each fact changes the grant. Pure; it never
// rejects (events are facts that already happened) and never reads a clock.
//
// One definition of each change, `applyTo`, works on a draft that the caller owns: it
// assigns the draft's own fields and sets entries of its Maps, and never changes an object
// it finds inside them (entries are replaced, not edited). So a draft needs only a shallow
// copy of the state and fresh copies of its Maps, and:
//   evolve(state, e)      copies the state and the one Map `e` touches, then applies `e`;
//   fold(events, state)   copies once, then applies every event to the same draft.
// Both leave `state` (and every state handed out earlier) unchanged. fold is what replays
// use: copying the payments Map on every payment event made a replay quadratic.
import { money, ZERO } from '../money.js';
import type { EventType, GrantEvent } from './events.js';
import type { GrantState } from './state.js';

type MapField = 'conditions' | 'indicators' | 'claims' | 'payments' | 'recoveries';

/** The Map an event type sets entries of (GrantApproved assigns new Maps instead). */
const MAP_TOUCHED: Partial<Record<EventType, MapField>> = {
  ConditionFulfilled: 'conditions',
  PaymentOrdered: 'payments',
  PaymentAttested: 'payments',
  PaymentCancelled: 'payments',
  PaymentSettled: 'payments',
  CostsReported: 'claims',
  CostsReviewed: 'claims',
  IndicatorProgressReported: 'indicators',
  RecoveryClaimed: 'recoveries',
  RepaymentReceived: 'recoveries',
};

export function evolve(state: GrantState, event: GrantEvent): GrantState {
  const draft = { ...state };
  const touched = MAP_TOUCHED[event.type];
  if (touched) (draft as Record<MapField, Map<string, unknown>>)[touched] = new Map(state[touched] as Map<string, unknown>);
  applyTo(draft, event);
  return draft;
}

/** evolve over many events, with one copy of the state instead of one per event. */
export function fold(events: Iterable<GrantEvent>, state: GrantState): GrantState {
  let draft: GrantState | undefined;
  for (const e of events) {
    draft ??= {
      ...state,
      conditions: new Map(state.conditions),
      indicators: new Map(state.indicators),
      claims: new Map(state.claims),
      payments: new Map(state.payments),
      recoveries: new Map(state.recoveries),
    };
    applyTo(draft, e);
  }
  return draft ?? state;
}

/** Applies one event to a draft the caller owns (see the file comment for what it may change). */
function applyTo(draft: GrantState, event: GrantEvent): void {
  switch (event.type) {
    case 'CoFinancingApplied': {
      const d = event.data;
      draft.status = 'applied';
      draft.application = {
        applicant: d.applicant,
        title: d.title,
        requestedAmount: money(d.requestedAmount),
        ...(d.requestedAdvance !== undefined ? { requestedAdvance: money(d.requestedAdvance) } : {}),
        submittedOn: d.submittedOn,
        otherFinancing: d.otherFinancing.map((f) => ({ financier: f.financier, ...(f.amount !== undefined ? { amount: money(f.amount) } : {}) })),
      };
      draft.projectPeriod = { ...d.projectPeriod };
      return;
    }
    case 'GrantApproved': {
      const { terms } = event.data;
      draft.status = 'approved';
      draft.terms = {
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
      };
      draft.conditions = new Map(terms.conditions.map((c) => [c.id, { id: c.id, text: c.text }]));
      draft.indicators = new Map(
        terms.indicators.map((i) => [
          i.id,
          { id: i.id, name: i.name, targets: { ...i.targets }, achieved: Object.fromEntries(Object.keys(i.targets).map((k) => [k, 0])), deliveries: [] },
        ]),
      );
      return;
    }
    case 'GrantRejected':
      draft.status = 'rejected';
      draft.rejection = { ...event.data };
      return;
    case 'DecisionAmended': {
      const { changes } = event.data;
      if (!draft.terms) return;
      draft.amendments += 1;
      draft.terms = {
        ...draft.terms,
        ...(changes.cap !== undefined ? { cap: money(changes.cap) } : {}),
        ...(changes.rate !== undefined ? { rate: money(changes.rate) } : {}),
        ...(changes.finalReportDue !== undefined ? { finalReportDue: changes.finalReportDue } : {}),
      };
      if (changes.projectEnd !== undefined && draft.projectPeriod) draft.projectPeriod = { ...draft.projectPeriod, end: changes.projectEnd };
      return;
    }
    case 'ConditionFulfilled': {
      const condition = draft.conditions.get(event.data.conditionId);
      if (condition) draft.conditions.set(condition.id, { ...condition, fulfilledOn: event.data.fulfilledOn, evidence: event.data.evidence });
      return;
    }
    case 'PaymentOrdered': {
      const d = event.data;
      draft.payments.set(d.paymentId, {
        paymentId: d.paymentId,
        kind: d.kind,
        ...(d.claimId !== undefined ? { claimId: d.claimId } : {}),
        amount: money(d.amount),
        orderedOn: d.orderedOn,
        orderedBy: d.orderedBy,
        status: 'ordered',
      });
      return;
    }
    case 'PaymentAttested': {
      const payment = draft.payments.get(event.data.paymentId);
      if (payment) draft.payments.set(payment.paymentId, { ...payment, status: 'attested', attestedOn: event.data.attestedOn, attestedBy: event.data.attestedBy });
      return;
    }
    case 'PaymentCancelled': {
      const payment = draft.payments.get(event.data.paymentId);
      if (payment) {
        draft.payments.set(payment.paymentId, {
          ...payment,
          status: 'cancelled',
          cancelledOn: event.data.cancelledOn,
          cancelledBy: event.data.cancelledBy,
          cancelReason: event.data.reason,
        });
      }
      return;
    }
    case 'PaymentSettled': {
      const payment = draft.payments.get(event.data.paymentId);
      if (payment) {
        draft.payments.set(payment.paymentId, {
          ...payment,
          settlement: { bankReference: event.data.bankReference, bookedOn: event.data.bookedOn, amount: money(event.data.amount) },
        });
      }
      return;
    }
    case 'CostsReported': {
      const d = event.data;
      draft.claims.set(d.claimId, { claimId: d.claimId, period: { ...d.period }, reported: money(d.total), submittedOn: d.submittedOn, final: d.final });
      if (d.final) draft.finalClaimId = d.claimId;
      return;
    }
    case 'CostsReviewed': {
      const d = event.data;
      const claim = draft.claims.get(d.claimId);
      if (!claim) return;
      const disallowed = d.disallowed.reduce((total, item) => total.plus(money(item.amount)), ZERO);
      draft.claims.set(claim.claimId, { ...claim, review: { approved: money(d.approvedAmount), disallowed, reviewedOn: d.reviewedOn, reviewedBy: d.reviewedBy } });
      return;
    }
    case 'IndicatorProgressReported': {
      const d = event.data;
      const indicator = draft.indicators.get(d.indicatorId);
      if (!indicator) return;
      draft.indicators.set(indicator.id, {
        ...indicator,
        achieved: { ...indicator.achieved, [d.kind]: (indicator.achieved[d.kind] ?? 0) + 1 },
        deliveries: [...indicator.deliveries, { kind: d.kind, title: d.title, deliveredOn: d.deliveredOn }],
      });
      return;
    }
    case 'FinalReportSubmitted':
      draft.finalReportSubmittedOn = event.data.submittedOn;
      return;
    case 'RecoveryClaimed': {
      const d = event.data;
      draft.recoveries.set(d.recoveryId, {
        recoveryId: d.recoveryId,
        amount: money(d.amount),
        repaid: ZERO,
        decidedOn: d.decidedOn,
        reason: d.reason,
        ...(d.interest ? { interest: { ...d.interest } } : {}),
      });
      return;
    }
    case 'RepaymentReceived': {
      const recovery = draft.recoveries.get(event.data.recoveryId);
      if (recovery) draft.recoveries.set(recovery.recoveryId, { ...recovery, repaid: recovery.repaid.plus(money(event.data.amount)) });
      return;
    }
    case 'GrantClosed':
      draft.status = 'closed';
      draft.closedOn = event.data.closedOn;
      return;
    case 'ApplicationWithdrawn':
      draft.status = 'withdrawn';
      draft.withdrawnOn = event.data.withdrawnOn;
      return;
  }
}
