// A grant as it stood on an earlier business date, for judging a money step on its own
// date. Claims, reviews, repayments, conditions and the final report may be registered
// late with an earlier date (business-dates.ts), so the state the ledger holds today can
// know of facts dated after the step being decided: a review dated later (more
// entitlement) or a repayment dated later (less paid). A payment ordered on 1 August
// must be lawful with what was known as of 1 August, or the balance as of that day would
// show it above what was payable. Money steps themselves come in date order, so none of
// them is dated after the step; only the facts below need leaving out.
import type { Claim, GrantState, Recovery } from './state.js';

/** The money-relevant part of `state` as of `date` (events dated after it left out). */
export function stateAsOf(state: GrantState, date: string): GrantState {
  if (state.latestEventOn === undefined || state.latestEventOn <= date) return state;
  const view: GrantState = { ...state };
  view.claims = new Map();
  for (const [id, claim] of state.claims) {
    if (claim.submittedOn > date) continue;
    view.claims.set(id, claim.review && claim.review.reviewedOn > date ? unreviewed(claim) : claim);
  }
  if (state.finalClaimId !== undefined && !view.claims.has(state.finalClaimId))
    delete view.finalClaimId;
  view.conditions = new Map(
    [...state.conditions].map(([id, c]) => [
      id,
      c.fulfilledOn !== undefined && c.fulfilledOn > date ? { id: c.id, text: c.text } : c,
    ]),
  );
  if (state.finalReportSubmittedOn !== undefined && state.finalReportSubmittedOn > date)
    delete view.finalReportSubmittedOn;
  if ([...state.recoveries.values()].some((r) => r.receipts.some((p) => p.receivedOn > date))) {
    view.recoveries = new Map([...state.recoveries].map(([id, r]) => [id, receiptsUpTo(r, date)]));
  }
  return view;
}

function unreviewed(claim: Claim): Claim {
  const { review: _review, ...rest } = claim;
  return rest;
}

function receiptsUpTo(recovery: Recovery, date: string): Recovery {
  if (!recovery.receipts.some((p) => p.receivedOn > date)) return recovery;
  return { ...recovery, receipts: recovery.receipts.filter((p) => p.receivedOn <= date) };
}
